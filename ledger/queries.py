"""The read side: predictions with their status, histories, pundits and the chain head.

Status is computed against "now", never stored: ``resolved`` once an outcome is recorded,
``due`` once the deadline has passed without one, ``open`` before that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, select

from ledger.db import connect
from ledger.errors import NotFoundError
from ledger.inputs import slugify
from ledger.models import Event, Prediction, PredictionTag, Pundit
from ledger.state import PREDICTION_COLUMNS
from ledger.when import format_timestamp

STATUSES = ("open", "due", "resolved")
_SELECT = select(
    *(getattr(Prediction, c) for c in PREDICTION_COLUMNS), Pundit.name.label("pundit_name")
).join(Pundit)


@dataclass(frozen=True)
class PredictionView:
    id: int
    pundit: str
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
    tags: tuple[str, ...]
    status: str
    outcome: str | None
    outcome_note: str | None
    evidence: tuple[str, ...]
    known_on: str | None
    content_key: str

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["tags"] = list(self.tags)
        out["evidence"] = list(self.evidence)
        return out


@dataclass(frozen=True)
class EventView:
    seq: int
    kind: str
    actor: str
    at: str
    reason: str
    data: dict[str, Any]
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PunditSummary:
    slug: str
    name: str
    total: int
    open: int
    due: int
    resolved: int


def status_of(outcome: str | None, deadline: str, now: str) -> str:
    if outcome is not None:
        return "resolved"
    return "due" if deadline < now else "open"


def list_predictions(
    engine: Engine,
    *,
    now: datetime,
    pundit: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    due_before: str | None = None,
    include_private: bool = True,
) -> list[PredictionView]:
    """Predictions in id order, filtered; ``due_before`` is a canonical timestamp."""
    stamp = format_timestamp(now)
    stmt = _SELECT.order_by(Prediction.id)
    if pundit:
        stmt = stmt.where(Prediction.pundit_slug == slugify(pundit))
    if tag:
        tagged = select(PredictionTag.prediction_id).where(PredictionTag.tag == tag.strip().lower())
        stmt = stmt.where(Prediction.id.in_(tagged))
    if due_before:
        stmt = stmt.where(Prediction.deadline < due_before)
    if status == "resolved":
        stmt = stmt.where(Prediction.outcome.is_not(None))
    elif status == "due":
        stmt = stmt.where(Prediction.outcome.is_(None), Prediction.deadline < stamp)
    elif status == "open":
        stmt = stmt.where(Prediction.outcome.is_(None), Prediction.deadline >= stamp)
    if not include_private:
        stmt = stmt.where(Prediction.private.is_(False))
    with connect(engine) as conn:
        rows = conn.execute(stmt).mappings().all()
        tags = _tags(conn, [r["id"] for r in rows] if len(rows) < 500 else None)
    return [_view(row, tags.get(row["id"], ()), stamp) for row in rows]


def get_prediction(engine: Engine, pid: int, *, now: datetime) -> PredictionView:
    with connect(engine) as conn:
        found = conn.execute(_SELECT.where(Prediction.id == pid)).mappings().first()
        if found is None:
            raise NotFoundError(f"no prediction with id {pid}")
        tags = _tags(conn, [pid])
    return _view(found, tags.get(pid, ()), format_timestamp(now))


def history(engine: Engine, pid: int) -> list[EventView]:
    """Every event of one prediction, oldest first."""
    stmt = (
        select(Event.seq, Event.kind, Event.actor, Event.recorded_at, Event.reason, Event.body, Event.hash)
        .where(Event.prediction_id == pid)
        .order_by(Event.seq)
    )
    with connect(engine) as conn:
        rows = conn.execute(stmt).all()
    return [
        EventView(seq, kind, actor, at, reason, orjson.loads(body)["data"], digest)
        for seq, kind, actor, at, reason, body, digest in rows
    ]


def pundit_summaries(engine: Engine, *, now: datetime) -> list[PunditSummary]:
    stamp = format_timestamp(now)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    with connect(engine) as conn:
        names = dict(conn.execute(select(Pundit.slug, Pundit.name)).all())
        rows = conn.execute(select(Prediction.pundit_slug, Prediction.outcome, Prediction.deadline))
        for slug, outcome, deadline in rows:
            counts[slug][status_of(outcome, deadline, stamp)] += 1
    return sorted(
        (
            PunditSummary(slug, names[slug], sum(c.values()), c["open"], c["due"], c["resolved"])
            for slug, c in counts.items()
        ),
        key=lambda s: (-s.total, s.slug),
    )


def _tags(conn: Connection, ids: list[int] | None) -> dict[int, tuple[str, ...]]:
    stmt = select(PredictionTag.prediction_id, PredictionTag.tag)
    if ids is not None:
        stmt = stmt.where(PredictionTag.prediction_id.in_(ids))
    found: dict[int, list[str]] = defaultdict(list)
    for pid, tag in conn.execute(stmt):
        found[pid].append(tag)
    return {pid: tuple(sorted(tags)) for pid, tags in found.items()}


def _view(values: Mapping[str, Any], tags: tuple[str, ...], now: str) -> PredictionView:
    evidence = tuple(orjson.loads(values["evidence"])) if values["evidence"] else ()
    return PredictionView(
        id=values["id"],
        pundit=values["pundit_name"],
        pundit_slug=values["pundit_slug"],
        statement=values["statement"],
        quote=values["quote"],
        source_url=values["source_url"],
        source_title=values["source_title"],
        published=values["published"],
        made=values["made"],
        deadline=values["deadline"],
        probability=values["probability"],
        basis=values["basis"],
        hedge=values["hedge"],
        yardstick=values["yardstick"],
        criteria=values["criteria"],
        note=values["note"],
        private=values["private"],
        tags=tags,
        status=status_of(values["outcome"], values["deadline"], now),
        outcome=values["outcome"],
        outcome_note=values["outcome_note"],
        evidence=evidence,
        known_on=values["known_on"],
        content_key=values["content_key"],
    )
