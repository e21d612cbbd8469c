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
from ledger.db import connect, stream_rows
from ledger.models import ChainHead, Pundit
from ledger.state import N_COLUMNS, PREDICTION_COLUMNS, Replay, ReplayError, Row

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
    prev = GENESIS_HASH
    expected = 1
    sha256 = hashlib.sha256
    loads = orjson.loads
    apply = replay.apply
    header = itemgetter(*_BODY_KEYS)
    sql = (
        "SELECT seq, kind, prediction_id, actor, recorded_at, reason, body, prev_hash, hash"
        " FROM event ORDER BY seq"
    )
    for batch in stream_rows(conn, sql, _BATCH):
        for seq, kind, pid, actor, at, reason, body, prev_hash, digest in batch:
            if seq != expected:
                raise _Broken(f"event {expected} is missing (the next stored event is {seq})", expected)
            if prev_hash != prev:
                raise _Broken(f"event {seq}: prev_hash does not match the hash of event {seq - 1}", seq)
            if sha256((prev + body).encode("utf-8")).hexdigest() != digest:
                raise _Broken(f"event {seq}: hash does not match its stored body", seq)
            try:
                data = loads(body)
                if header(data) != (seq, kind, pid, actor, at, reason):
                    raise _Broken(f"event {seq}: {_column_diff(data, kind, pid, actor, at, reason)}", seq)
                apply(data)
            except orjson.JSONDecodeError:
                raise _Broken(f"event {seq}: stored body is not JSON", seq) from None
            except (ReplayError, KeyError, TypeError) as exc:
                raise _Broken(f"event {seq}: {_unusable(data, exc)}", seq) from None
            prev = digest
            expected += 1
    return expected - 1, prev


def _unusable(data: object, exc: Exception) -> str:
    if not isinstance(data, dict):
        return "stored body is not a JSON object"
    if isinstance(exc, KeyError) and exc.args and exc.args[0] in _BODY_KEYS:
        return f"stored body has no {exc.args[0]!r}"
    return f"cannot apply: {exc}"


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
    _check_predictions(conn, replay)
    _check_tags(conn, replay)
    stored_pundits = dict(conn.execute(select(Pundit.slug, Pundit.name)).all())
    if stored_pundits != replay.pundits:
        for slug in sorted(set(stored_pundits) | set(replay.pundits)):
            if stored_pundits.get(slug) != replay.pundits.get(slug):
                raise _Broken(
                    f"pundit {slug!r}: the table has {stored_pundits.get(slug)!r}, "
                    f"the events give {replay.pundits.get(slug)!r}"
                )


def _check_predictions(conn: Connection, replay: Replay) -> None:
    """The table, read in id order, against the replayed rows in id order: a batch at a time."""
    rows = replay.predictions
    ids = sorted(rows)
    done = 0
    sql = f"SELECT {', '.join(PREDICTION_COLUMNS)} FROM prediction ORDER BY id"
    for batch in stream_rows(conn, sql, _BATCH):
        want = [rows[pid][:N_COLUMNS] for pid in ids[done : done + len(batch)]]
        if batch != want:
            _raise_first_difference(batch, ids[done:], rows)
        done += len(batch)
    if done < len(ids):
        _raise_missing(ids[done], rows)


def _raise_first_difference(batch: list[tuple[object, ...]], ids: list[int], rows: dict[int, Row]) -> None:
    for got, pid in zip(batch, [*ids, None], strict=False):
        if got[0] not in rows:
            raise _Broken(f"prediction {got[0]} is in the table but no event records it")
        if pid is None or got[0] > pid:
            _raise_missing(pid if pid is not None else got[0], rows)
        _raise_column_diff(pid, tuple(got), rows[pid])


def _raise_missing(pid: int, rows: dict[int, Row]) -> None:
    seq = rows[pid].recorded_seq
    raise _Broken(f"prediction {pid} is missing from the table (recorded by event {seq})", seq)


def _raise_column_diff(pid: int, values: tuple[object, ...], expected: Row) -> None:
    for name, value, want in zip(PREDICTION_COLUMNS, values, expected, strict=False):
        if value != want:
            raise _Broken(
                f"prediction {pid}: column {name!r} is {value!r} but its events give "
                f"{want!r} (last changed by event {expected.updated_seq})",
                expected.updated_seq,
            )


def _check_tags(conn: Connection, replay: Replay) -> None:
    stored: list[tuple[int, str]] = []
    sql = "SELECT prediction_id, tag FROM prediction_tag ORDER BY prediction_id"
    for batch in stream_rows(conn, sql, _BATCH):
        stored += batch
    stored.sort()  # the database's collation may order text differently
    rows = replay.predictions
    want = [(pid, tag) for pid in sorted(rows) for tag in rows[pid].tags]
    if stored == want:
        return
    have_by_pid: dict[int, list[str]] = {}
    for pid, tag in stored:
        have_by_pid.setdefault(pid, []).append(tag)
    for pid in sorted(set(have_by_pid) | set(rows)):
        have = tuple(have_by_pid.get(pid, ()))
        expected = rows[pid].tags if pid in rows else ()
        if have != expected:
            seq = rows[pid].updated_seq if pid in rows else None
            problem = f"prediction {pid}: tags are {list(have)} but its events give {list(expected)}"
            raise _Broken(problem, seq)
