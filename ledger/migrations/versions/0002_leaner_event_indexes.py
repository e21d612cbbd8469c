"""Event table: drop the index on kind and the unique constraint on hash.

Nothing looks events up by kind or by hash (a hash is checked in chain order by ``verify``),
and the two indexes cost about a quarter of the database time of a large import: the hash
index takes random keys, so every insert lands on a different page.

SQLite cannot drop a constraint declared inside CREATE TABLE, so there the table is copied
into a new one without it (the rows, bodies included, are copied as they are).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _event_table(*, unique_hash: bool) -> sa.Table:
    """The event table as 0001 left it, with or without the unique hash constraint."""
    constraints = [sa.UniqueConstraint("hash", name="uq_event_hash")] if unique_hash else []
    return sa.Table(
        "event",
        sa.MetaData(),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("prediction_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.Index("ix_event_prediction_id", "prediction_id"),
        *constraints,
    )


def upgrade() -> None:
    op.drop_index("ix_event_kind", table_name="event")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("event", recreate="always", copy_from=_event_table(unique_hash=False)):
            pass
    else:
        op.drop_constraint("event_hash_key", "event", type_="unique")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("event", recreate="always", copy_from=_event_table(unique_hash=True)):
            pass
    else:
        op.create_unique_constraint("event_hash_key", "event", ["hash"])
    op.create_index("ix_event_kind", "event", ["kind"])
