"""Ledger core: the event chain, its head, and the derived prediction state.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64


def upgrade() -> None:
    op.create_table(
        "event",
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
        sa.UniqueConstraint("hash"),
    )
    op.create_index("ix_event_kind", "event", ["kind"])
    op.create_index("ix_event_prediction_id", "event", ["prediction_id"])

    head = op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS_HASH}])

    op.create_table(
        "pundit",
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )

    op.create_table(
        "prediction",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("pundit_slug", sa.String(length=200), nullable=False),
        sa.Column("statement", sa.String(), nullable=False),
        sa.Column("quote", sa.String(), nullable=True),
        sa.Column("source_url", sa.String(), nullable=True),
        sa.Column("source_title", sa.String(), nullable=True),
        sa.Column("published", sa.String(length=20), nullable=True),
        sa.Column("made", sa.String(length=20), nullable=False),
        sa.Column("deadline", sa.String(length=20), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("hedge", sa.String(), nullable=True),
        sa.Column("yardstick", sa.String(length=40), nullable=True),
        sa.Column("criteria", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("outcome_note", sa.String(), nullable=True),
        sa.Column("evidence", sa.String(), nullable=True),
        sa.Column("known_on", sa.String(length=20), nullable=True),
        sa.Column("recorded_seq", sa.Integer(), nullable=False),
        sa.Column("updated_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pundit_slug"], ["pundit.slug"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_key"),
    )
    op.create_index("ix_prediction_pundit_slug", "prediction", ["pundit_slug"])
    op.create_index("ix_prediction_deadline", "prediction", ["deadline"])

    op.create_table(
        "prediction_tag",
        sa.Column("prediction_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["prediction_id"], ["prediction.id"]),
        sa.PrimaryKeyConstraint("prediction_id", "tag"),
    )
    op.create_index("ix_prediction_tag_tag", "prediction_tag", ["tag"])


def downgrade() -> None:
    op.drop_table("prediction_tag")
    op.drop_table("prediction")
    op.drop_table("pundit")
    op.drop_table("chain_head")
    op.drop_table("event")
