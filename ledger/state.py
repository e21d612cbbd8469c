"""Derived state: what the events say each prediction's current fields are.

``apply_event`` is the one place that turns an event body into row values. Appending uses
it to write the derived tables; ``verify`` uses it to replay the chain and compare.
Rows here are tuples holding exactly what the ``prediction`` table stores, in its column
order (canonical timestamps, evidence as canonical JSON text), then ``tags`` as a sorted
tuple: cheap to build for every event of a long chain, and compared with fetched rows as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from ledger.canonical import canonical_json

RECORDED = "prediction.recorded"
AMENDED = "prediction.amended"
RESOLVED = "prediction.resolved"
KINDS = frozenset({RECORDED, AMENDED, RESOLVED})

TAG_COLUMNS: tuple[str, ...] = ("prediction_id", "tag")

# Fields a "prediction.recorded" event carries in its data, besides pundit and tags: the
# prediction columns from ``statement`` to ``content_key``, in that order (apply_event relies on it).
RECORDED_FIELDS: tuple[str, ...] = (
    "statement", "quote", "source_url", "source_title", "published", "made", "deadline",
    "probability", "basis", "hedge", "yardstick", "criteria", "note", "private", "content_key",
)  # fmt: skip

# Fields an amendment may change.
AMENDABLE: frozenset[str] = frozenset(
    {"statement", "quote", "source_url", "source_title", "deadline", "probability", "basis",
     "hedge", "yardstick", "criteria", "note", "private", "tags"}
)  # fmt: skip

OUTCOMES: tuple[str, ...] = ("yes", "no", "partial", "annulled", "ambiguous")


class ReplayError(ValueError):
    """An event that cannot apply to the state before it."""


class Row(NamedTuple):
    """A prediction's current fields: the ``prediction`` columns in order, then its tags."""

    id: int
    pundit_slug: str
    statement: str
    quote: str | None
    source_url: str | None
    source_title: str | None
    published: str | None
    made: str
    deadline: str
    probability: float
    basis: str
    hedge: str | None
    yardstick: str | None
    criteria: str | None
    note: str | None
    private: bool
    content_key: str
    outcome: str | None
    outcome_note: str | None
    evidence: str | None
    known_on: str | None
    recorded_seq: int
    updated_seq: int
    tags: tuple[str, ...]


PREDICTION_COLUMNS: tuple[str, ...] = Row._fields[:-1]
N_COLUMNS = len(PREDICTION_COLUMNS)
_recorded_values = itemgetter(*RECORDED_FIELDS)
_new = tuple.__new__


def apply_event(body: dict[str, Any], current: Row | None) -> Row:
    """The prediction row after ``body``; ``current`` is the row before (None if new)."""
    kind = body["kind"]
    seq = body["seq"]
    data = body["data"]
    if kind == RECORDED:
        if current is not None:
            raise ReplayError(f"prediction {body['prediction']} is recorded twice")
        return _new(Row, (
            body["prediction"], data["pundit_slug"], *_recorded_values(data),
            None, None, None, None, seq, seq, tuple(data["tags"]),
        ))  # fmt: skip
    if current is None:
        raise ReplayError(f"{kind} for prediction {body['prediction']}, which was never recorded")
    if kind == AMENDED:
        changes = dict(data["changes"])
        for name in changes:
            if name not in AMENDABLE:
                raise ReplayError(f"amendment changes {name!r}, which cannot be amended")
        if "tags" in changes:
            changes["tags"] = tuple(changes["tags"])
        return current._replace(**changes, updated_seq=seq)
    if kind == RESOLVED:
        return current._replace(
            outcome=data["outcome"],
            outcome_note=data.get("note"),
            evidence=canonical_json_list(data.get("evidence") or []),
            known_on=data.get("known_on"),
            updated_seq=seq,
        )
    raise ReplayError(f"unknown event kind {kind!r}")


def canonical_json_list(items: list[str]) -> str | None:
    """Evidence URLs as stored: canonical JSON, or None when there are none."""
    return canonical_json(list(items)) if items else None


@dataclass
class Replay:
    """The whole derived state, rebuilt by replaying events in order."""

    predictions: dict[int, Row] = field(default_factory=dict)
    pundits: dict[str, tuple[int, str]] = field(default_factory=dict)  # slug -> (first seq, name)

    def apply(self, body: dict[str, Any]) -> None:
        pid = body.get("prediction")
        if body["kind"] not in KINDS:
            raise ReplayError(f"unknown event kind {body['kind']!r}")
        if pid is None:
            return
        row = apply_event(body, self.predictions.get(pid))
        self.predictions[pid] = row
        if body["kind"] == RECORDED:
            self.pundits.setdefault(row.pundit_slug, (row.recorded_seq, body["data"]["pundit"]))
