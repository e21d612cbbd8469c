"""Derived state: what the events say each prediction's current fields are.

``apply_event`` is the one place that turns an event body into row values. Appending uses
it to write the derived tables; ``verify`` uses it to replay the chain and compare.
Rows here are plain dicts holding exactly what the tables store (canonical timestamps,
evidence as canonical JSON text) plus ``tags`` as a sorted tuple.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ledger.canonical import canonical_json

RECORDED = "prediction.recorded"
AMENDED = "prediction.amended"
RESOLVED = "prediction.resolved"
KINDS = frozenset({RECORDED, AMENDED, RESOLVED})

PREDICTION_COLUMNS: tuple[str, ...] = (
    "id", "pundit_slug", "statement", "quote", "source_url", "source_title", "published",
    "made", "deadline", "probability", "basis", "hedge", "yardstick", "criteria", "note",
    "private", "content_key", "outcome", "outcome_note", "evidence", "known_on",
    "recorded_seq", "updated_seq",
)  # fmt: skip

TAG_COLUMNS: tuple[str, ...] = ("prediction_id", "tag")

# Fields a "prediction.recorded" event carries in its data, besides pundit and tags.
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


Row = dict[str, Any]


def apply_event(body: dict[str, Any], current: Row | None) -> Row:
    """The prediction row after ``body``; ``current`` is the row before (None if new)."""
    kind = body["kind"]
    seq = body["seq"]
    data = body["data"]
    if kind == RECORDED:
        if current is not None:
            raise ReplayError(f"prediction {body['prediction']} is recorded twice")
        row: Row = {name: data.get(name) for name in RECORDED_FIELDS}
        row.update(
            id=body["prediction"],
            pundit_slug=data["pundit_slug"],
            outcome=None,
            outcome_note=None,
            evidence=None,
            known_on=None,
            recorded_seq=seq,
            updated_seq=seq,
            tags=tuple(data.get("tags", ())),
        )
        return row
    if current is None:
        raise ReplayError(f"{kind} for prediction {body['prediction']}, which was never recorded")
    row = dict(current)
    if kind == AMENDED:
        for name, value in data["changes"].items():
            if name not in AMENDABLE:
                raise ReplayError(f"amendment changes {name!r}, which cannot be amended")
            row[name] = tuple(value) if name == "tags" else value
    elif kind == RESOLVED:
        row["outcome"] = data["outcome"]
        row["outcome_note"] = data.get("note")
        row["evidence"] = canonical_json_list(data.get("evidence") or [])
        row["known_on"] = data.get("known_on")
    else:
        raise ReplayError(f"unknown event kind {kind!r}")
    row["updated_seq"] = seq
    return row


def canonical_json_list(items: list[str]) -> str | None:
    """Evidence URLs as stored: canonical JSON, or None when there are none."""
    return canonical_json(list(items)) if items else None


@dataclass
class Replay:
    """The whole derived state, rebuilt by replaying events in order."""

    predictions: dict[int, Row] = field(default_factory=dict)
    pundits: dict[str, str] = field(default_factory=dict)

    def apply(self, body: dict[str, Any]) -> None:
        pid = body.get("prediction")
        if body["kind"] not in KINDS:
            raise ReplayError(f"unknown event kind {body['kind']!r}")
        if pid is None:
            return
        row = apply_event(body, self.predictions.get(pid))
        self.predictions[pid] = row
        if body["kind"] == RECORDED:
            self.pundits.setdefault(row["pundit_slug"], body["data"]["pundit"])
