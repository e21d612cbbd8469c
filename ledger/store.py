"""The ledger: appending events to the chain and keeping the derived tables in step.

Every write goes through ``Ledger.append``: it locks the chain head, numbers and hashes the
new events, inserts them, moves the head, and applies them to the derived tables, all in one
transaction. Nothing is ever updated in the ``event`` table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update

from ledger.canonical import canonical_json, chain_hash
from ledger.clock import Clock
from ledger.db import bulk_insert, connect
from ledger.errors import ConflictError, InputError, NotFoundError
from ledger.inputs import PredictionInput, ResolutionInput, check_known_on, clean_text
from ledger.models import ACTOR_LEN, ChainHead, Event, Prediction, PredictionTag, Pundit
from ledger.state import (
    AMENDED,
    N_COLUMNS,
    PREDICTION_COLUMNS,
    RECORDED,
    RESOLVED,
    TAG_COLUMNS,
    Row,
    apply_event,
)
from ledger.when import format_timestamp

BODY_VERSION = 1
EVENT_COLUMNS = (
    "seq", "kind", "prediction_id", "actor", "recorded_at", "reason", "body", "prev_hash", "hash",
)  # fmt: skip
_BATCH = 5_000  # events per append within one transaction
_CHUNK = 500  # keys per IN (...) query


@dataclass(frozen=True)
class Draft:
    """An event before it is numbered, timed and hashed."""

    kind: str
    prediction_id: int | None
    reason: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Appended:
    seq: int
    hash: str
    prediction_id: int | None


@dataclass
class RecordResult:
    recorded: list[int] = field(default_factory=list)
    already: list[tuple[int, int]] = field(default_factory=list)  # (input index, existing id)
    head: str | None = None


class Ledger:
    """One ledger database, written as ``actor`` with times from ``clock``."""

    def __init__(self, engine: Engine, *, clock: Clock, actor: str) -> None:
        self.engine = engine
        self.clock = clock
        self.actor = clean_text(actor, "researcher", limit=ACTOR_LEN) or ""
        if not self.actor:
            raise InputError("the researcher name is empty; pass --by NAME")

    # -- writing -------------------------------------------------------------------------

    def record(self, inputs: Sequence[PredictionInput], reasons: Sequence[str]) -> RecordResult:
        """Record predictions (and the resolutions an import carries), all or nothing.

        Inputs whose content key is already in the ledger are skipped and reported.
        """
        result = RecordResult()
        with connect(self.engine, write=True) as conn:
            lock_head(conn)  # before reading anything the new events depend on (ids, keys)
            existing = _existing_keys(conn, [i.content_key for i in inputs])
            next_id = _next_prediction_id(conn)
            drafts: list[Draft] = []  # appended a batch at a time: bounds memory on large imports
            for index, (item, reason) in enumerate(zip(inputs, reasons, strict=True)):
                if item.content_key in existing:
                    result.already.append((index, existing[item.content_key]))
                    continue
                pid = next_id
                next_id += 1
                result.recorded.append(pid)
                drafts.append(Draft(RECORDED, pid, reason, item.recorded_data()))
                if item.resolution is not None:
                    drafts.append(Draft(RESOLVED, pid, reason, item.resolution.data()))
                if len(drafts) >= _BATCH:
                    result.head = self.append(conn, drafts)[-1].hash
                    drafts = []
            if drafts:
                result.head = self.append(conn, drafts)[-1].hash
        return result

    def amend(self, pid: int, changes: dict[str, Any], reason: str) -> tuple[Appended, list[str]]:
        """Append an amendment; ``changes`` maps amendable fields to their new values.

        Returns the event and the fields that actually changed (the others are left out).
        """
        with connect(self.engine, write=True) as conn:
            lock_head(conn)
            current = load_row(conn, pid)
            effective = {k: v for k, v in changes.items() if _stored(k, v) != getattr(current, k)}
            if not effective:
                raise InputError(f"prediction {pid}: the amendment changes nothing")
            data = {"changes": {k: list(v) if k == "tags" else v for k, v in effective.items()}}
            return self.append(conn, [Draft(AMENDED, pid, reason, data)])[0], sorted(effective)

    def resolve(self, pid: int, resolution: ResolutionInput, reason: str | None) -> Appended:
        """Append a resolution; resolving again needs a reason and keeps both in history."""
        with connect(self.engine, write=True) as conn:
            lock_head(conn)
            current = load_row(conn, pid)
            check_known_on(resolution.known_on, current.made)
            if current.outcome is not None and not reason:
                raise ConflictError(
                    f"prediction {pid} is already resolved as {current.outcome!r}; "
                    "pass --reason to resolve it again"
                )
            why = reason or "resolved"
            return self.append(conn, [Draft(RESOLVED, pid, why, resolution.data())])[0]

    def append(self, conn: Connection, drafts: Sequence[Draft]) -> list[Appended]:
        """Number, hash and insert ``drafts`` after the chain head, inside ``conn``'s transaction.

        The caller opened ``conn`` with ``connect(engine, write=True)``: on SQLite that holds
        the write lock; on PostgreSQL the head row is locked here until commit.
        """
        head_seq, prev = lock_head(conn)
        at = format_timestamp(self.clock())
        events: list[tuple[Any, ...]] = []
        bodies: list[dict[str, Any]] = []
        appended: list[Appended] = []
        seq = head_seq
        for draft in drafts:
            if not draft.reason.strip():
                raise InputError("every event needs a reason")
            if "\x00" in draft.reason:
                raise InputError("the reason contains a NUL character")
            seq += 1
            body = {
                "v": BODY_VERSION,
                "seq": seq,
                "kind": draft.kind,
                "prediction": draft.prediction_id,
                "actor": self.actor,
                "at": at,
                "reason": draft.reason,
                "data": draft.data,
            }
            text = canonical_json(body)
            digest = chain_hash(prev, text)
            events.append(
                (seq, draft.kind, draft.prediction_id, self.actor, at, draft.reason, text, prev, digest)
            )
            bodies.append(body)
            appended.append(Appended(seq, digest, draft.prediction_id))
            prev = digest
        bulk_insert(conn, "event", EVENT_COLUMNS, events)
        move_head(conn, seq, prev)
        apply_to_tables(conn, bodies)
        return appended


def lock_head(conn: Connection) -> tuple[int, str]:
    """Lock the chain head until ``conn``'s transaction ends; returns (seq, hash).

    PostgreSQL: a row lock (SELECT ... FOR UPDATE). SQLite: the transaction already holds the
    database write lock (BEGIN IMMEDIATE), and FOR UPDATE is left out of the SQL.
    """
    seq, digest = conn.execute(
        select(ChainHead.seq, ChainHead.hash).where(ChainHead.id == 1).with_for_update()
    ).one()
    return seq, digest


def read_head(conn: Connection) -> tuple[int, str] | None:
    """The chain head (seq, hash) without locking it; None if the row is missing."""
    row = conn.execute(select(ChainHead.seq, ChainHead.hash).where(ChainHead.id == 1)).first()
    return (row[0], row[1]) if row is not None else None


def move_head(conn: Connection, seq: int, digest: str) -> None:
    """Name event ``seq`` as the newest; the caller holds the head lock."""
    conn.execute(update(ChainHead).where(ChainHead.id == 1).values(seq=seq, hash=digest))


def _stored(name: str, value: Any) -> Any:
    return tuple(value) if name == "tags" else value


def load_row(conn: Connection, pid: int) -> Row:
    """The derived row of one prediction with its tags; ``NotFoundError`` if there is none."""
    columns = [getattr(Prediction, name) for name in PREDICTION_COLUMNS]
    found = conn.execute(select(*columns).where(Prediction.id == pid)).first()
    if found is None:
        raise NotFoundError(f"no prediction with id {pid}")
    tags = conn.execute(select(PredictionTag.tag).where(PredictionTag.prediction_id == pid))
    return Row(*found, tuple(sorted(tags.scalars())))


def _existing_keys(conn: Connection, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = conn.execute(
            select(Prediction.content_key, Prediction.id).where(Prediction.content_key.in_(chunk))
        )
        found.update({key: pid for key, pid in rows})
    return found


def _next_prediction_id(conn: Connection) -> int:
    top = conn.execute(select(func.max(Event.prediction_id))).scalar()
    return (top or 0) + 1


def apply_to_tables(conn: Connection, bodies: Iterable[dict[str, Any]]) -> None:
    """Write what ``bodies`` change in the derived tables (the same rules ``verify`` replays)."""
    new_rows: dict[int, Row] = {}
    changed: dict[int, tuple[Row, Row]] = {}  # pid -> (row before, row after)
    new_pundits: dict[str, str] = {}
    for body in bodies:
        pid = body["prediction"]
        if body["kind"] == RECORDED:
            new_rows[pid] = apply_event(body, None)
            new_pundits.setdefault(new_rows[pid].pundit_slug, body["data"]["pundit"])
        elif pid in new_rows:
            new_rows[pid] = apply_event(body, new_rows[pid])
        else:
            before = changed[pid][0] if pid in changed else load_row(conn, pid)
            after = apply_event(body, changed[pid][1] if pid in changed else before)
            changed[pid] = (before, after)
    if new_pundits:
        known = set(conn.execute(select(Pundit.slug).where(Pundit.slug.in_(list(new_pundits)))).scalars())
        fresh = [(s, n) for s, n in new_pundits.items() if s not in known]
        if fresh:
            bulk_insert(conn, "pundit", ("slug", "name"), fresh)
    bulk_insert(conn, "prediction", PREDICTION_COLUMNS, [r[:N_COLUMNS] for r in new_rows.values()])
    new_tags = [(pid, t) for pid, r in new_rows.items() for t in r.tags]
    bulk_insert(conn, "prediction_tag", TAG_COLUMNS, new_tags)
    for pid, (before, after) in changed.items():
        diff = {c: a for c, a, b in zip(PREDICTION_COLUMNS, after, before, strict=False) if a != b}
        if diff:
            conn.execute(update(Prediction).where(Prediction.id == pid).values(**diff))
        if after.tags != before.tags:
            conn.execute(delete(PredictionTag).where(PredictionTag.prediction_id == pid))
            bulk_insert(conn, "prediction_tag", TAG_COLUMNS, [(pid, t) for t in after.tags])
