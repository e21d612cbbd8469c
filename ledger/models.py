"""The tables. ``event`` is the ledger; every other table is state derived from it.

Instants are stored as canonical UTC text (``ledger.when.TIMESTAMP_FORMAT``): the same
bytes on SQLite and PostgreSQL, sortable as text. Derived rows are written only by
``ledger.store`` in the same transaction as the events they come from, and ``verify``
checks them against a replay of the events.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

TS = 20  # length of a canonical timestamp
ACTOR_LEN = 200  # who recorded an event
NAME_LEN = 300  # a pundit's name
SLUG_LEN = 200
TAG_LEN = 100


class Event(SQLModel, table=True):
    """One entry of the append-only, hash-chained log."""

    __tablename__ = "event"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kind: str = Field(max_length=40)
    prediction_id: int | None = Field(default=None, index=True)
    actor: str = Field(max_length=ACTOR_LEN)
    recorded_at: str = Field(max_length=TS)
    reason: str
    body: str  # the canonical JSON that was hashed
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)  # not indexed: nothing looks an event up by its hash


class ChainHead(SQLModel, table=True):
    """The single row that names the newest event; appends lock it."""

    __tablename__ = "chain_head"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int
    hash: str = Field(max_length=64)


class Pundit(SQLModel, table=True):
    __tablename__ = "pundit"

    slug: str = Field(primary_key=True, max_length=SLUG_LEN)
    name: str = Field(max_length=NAME_LEN)


class Prediction(SQLModel, table=True):
    """The current fields of a prediction, as its events leave them."""

    __tablename__ = "prediction"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    pundit_slug: str = Field(foreign_key="pundit.slug", index=True, max_length=SLUG_LEN)
    statement: str
    quote: str | None = None
    source_url: str | None = None
    source_title: str | None = None
    published: str | None = Field(default=None, max_length=TS)
    made: str = Field(max_length=TS)
    deadline: str = Field(max_length=TS, index=True)
    probability: float
    basis: str = Field(max_length=10)  # stated | hedge | assigned
    hedge: str | None = None
    yardstick: str | None = Field(default=None, max_length=40)
    criteria: str | None = None
    note: str | None = None
    private: bool = False
    content_key: str = Field(max_length=64, unique=True)
    outcome: str | None = Field(default=None, max_length=10)
    outcome_note: str | None = None
    evidence: str | None = None  # canonical JSON list of URLs
    known_on: str | None = Field(default=None, max_length=TS)
    recorded_seq: int
    updated_seq: int


class PredictionTag(SQLModel, table=True):
    __tablename__ = "prediction_tag"

    prediction_id: int = Field(foreign_key="prediction.id", primary_key=True)
    tag: str = Field(primary_key=True, max_length=TAG_LEN, index=True)
