"""Verification: recompute the chain and check every stored row against it.

Three checks, all over what is stored:

1. the chain: events numbered 1..N without gaps, each ``prev_hash`` the hash before it,
   each ``hash`` = sha256(prev_hash + stored canonical body), the head row naming the last;
2. the event columns: kind, prediction, actor, time and reason agree with the body;
3. the derived tables: a replay of the bodies gives exactly the stored predictions, tags
   and pundits, no more and no fewer.

The first failure is reported by its event number where there is one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from operator import itemgetter

import orjson
from sqlalchemy import Connection, Engine, select

from ledger.canonical import GENESIS_HASH
from ledger.db import connect
from ledger.models import ChainHead, Pundit
from ledger.state import PREDICTION_COLUMNS, Replay, ReplayError

_BATCH = 20_000
_EVENT_COLUMNS = ("kind", "prediction", "actor", "at", "reason")
_BODY_KEYS = ("seq", *_EVENT_COLUMNS)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events: int
    head: str
    problem: str | None = None
    bad_seq: int | None = None


class _Broken(Exception):
    def __init__(self, problem: str, seq: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.seq = seq


def verify(engine: Engine) -> VerifyReport:
    """Check the whole ledger; never raises for a broken ledger, reports it instead."""
    with connect(engine) as conn:
        replay = Replay()
        count, head = 0, GENESIS_HASH
        try:
            count, head = _check_chain(conn, replay)
            _check_head(conn, count, head)
            _check_state(conn, replay)
        except _Broken as broken:
            return VerifyReport(False, count, head, broken.problem, broken.seq)
    return VerifyReport(True, count, head)


def _check_chain(conn: Connection, replay: Replay) -> tuple[int, str]:
    result = conn.execution_options(yield_per=_BATCH).exec_driver_sql(
        "SELECT seq, kind, prediction_id, actor, recorded_at, reason, body, prev_hash, hash"
        " FROM event ORDER BY seq"
    )
    prev = GENESIS_HASH
    expected = 1
    sha256 = hashlib.sha256
    for seq, kind, pid, actor, at, reason, body, prev_hash, digest in result:
        if seq != expected:
            raise _Broken(f"event {expected} is missing (the next stored event is {seq})", expected)
        if prev_hash != prev:
            raise _Broken(f"event {seq}: prev_hash does not match the hash of event {seq - 1}", seq)
        if sha256(prev.encode("ascii") + body.encode("utf-8")).hexdigest() != digest:
            raise _Broken(f"event {seq}: hash does not match its stored body", seq)
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise _Broken(f"event {seq}: stored body is not JSON", seq) from None
        if not isinstance(data, dict):
            raise _Broken(f"event {seq}: stored body is not a JSON object", seq)
        stored = (seq, kind, pid, actor, at, reason)
        if tuple(data.get(k) for k in _BODY_KEYS) != stored:
            raise _Broken(f"event {seq}: {_column_diff(data, kind, pid, actor, at, reason)}", seq)
        try:
            replay.apply(data)
        except (ReplayError, KeyError, TypeError) as exc:
            raise _Broken(f"event {seq}: cannot apply: {exc}", seq) from None
        prev = digest
        expected += 1
    return expected - 1, prev


def _column_diff(data: dict, kind: str, pid: int | None, actor: str, at: str, reason: str) -> str:
    stored = dict(zip(_EVENT_COLUMNS, (kind, pid, actor, at, reason), strict=True))
    for name, value in stored.items():
        if data.get(name) != value:
            return f"column {name!r} is {value!r} but the hashed body says {data.get(name)!r}"
    return "columns disagree with the hashed body"


def _check_head(conn: Connection, count: int, head: str) -> None:
    row = conn.execute(select(ChainHead.seq, ChainHead.hash).where(ChainHead.id == 1)).first()
    if row is None:
        raise _Broken("the chain_head row is missing")
    if row.seq != count or row.hash != head:
        raise _Broken(
            f"the chain head names event {row.seq} ({row.hash[:12]}…) but the chain ends at "
            f"event {count} ({head[:12]}…): events were removed or the head was changed",
            count + 1 if row.seq > count else row.seq,
        )


def _check_state(conn: Connection, replay: Replay) -> None:
    stored_ids: set[int] = set()
    expected_values = itemgetter(*PREDICTION_COLUMNS)
    result = conn.execution_options(yield_per=_BATCH).exec_driver_sql(
        f"SELECT {', '.join(PREDICTION_COLUMNS)} FROM prediction"
    )
    for values in result:
        pid = values[0]
        stored_ids.add(pid)
        expected = replay.predictions.get(pid)
        if expected is None:
            raise _Broken(f"prediction {pid} is in the table but no event records it")
        if tuple(values) != expected_values(expected):
            _raise_column_diff(pid, tuple(values), expected)
    missing = sorted(set(replay.predictions) - stored_ids)
    if missing:
        row = replay.predictions[missing[0]]
        raise _Broken(
            f"prediction {missing[0]} is missing from the table (recorded by event {row['recorded_seq']})",
            row["recorded_seq"],
        )
    _check_tags(conn, replay)
    stored_pundits = dict(conn.execute(select(Pundit.slug, Pundit.name)).all())
    if stored_pundits != replay.pundits:
        for slug in sorted(set(stored_pundits) | set(replay.pundits)):
            if stored_pundits.get(slug) != replay.pundits.get(slug):
                raise _Broken(
                    f"pundit {slug!r}: the table has {stored_pundits.get(slug)!r}, "
                    f"the events give {replay.pundits.get(slug)!r}"
                )


def _raise_column_diff(pid: int, values: tuple[object, ...], expected: dict[str, object]) -> None:
    for name, value in zip(PREDICTION_COLUMNS, values, strict=True):
        if value != expected[name]:
            raise _Broken(
                f"prediction {pid}: column {name!r} is {value!r} but its events give "
                f"{expected[name]!r} (last changed by event {expected['updated_seq']})",
                expected["updated_seq"],
            )


def _check_tags(conn: Connection, replay: Replay) -> None:
    stored: dict[int, list[str]] = {}
    for pid, tag in conn.exec_driver_sql("SELECT prediction_id, tag FROM prediction_tag"):
        stored.setdefault(pid, []).append(tag)
    for pid in sorted(set(stored) | {p for p, r in replay.predictions.items() if r["tags"]}):
        have = tuple(sorted(stored.get(pid, ())))
        want = replay.predictions[pid]["tags"] if pid in replay.predictions else ()
        if have != want:
            seq = replay.predictions[pid]["updated_seq"] if pid in replay.predictions else None
            raise _Broken(f"prediction {pid}: tags are {list(have)} but its events give {list(want)}", seq)
