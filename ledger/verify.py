"""Verification: recompute the chain and check every stored row against it.

Three checks, all over what is stored:

1. the chain: events numbered 1..N without gaps, each ``prev_hash`` the hash before it,
   each ``hash`` = sha256(prev_hash + stored canonical body), the head row naming the last;
2. the event columns: kind, prediction, actor, time and reason agree with the body;
3. the derived tables: a replay of the bodies gives exactly the stored predictions, tags
   and pundits, no more and no fewer.

The first failure is reported by its event number where there is one.

A long chain is checked on several cores. Each event's own hash needs only its stored
``prev_hash``, and a prediction's state needs only its own events, so the work splits by
prediction (``prediction_id % parts``) into processes that each read their share of the
events, predictions and tags, while this process checks that the chain links up: every
``prev_hash`` is the ``hash`` of the event before it. Every part reads the same snapshot;
if the ledger moved between their snapshots, the check is run again on one core.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter

import orjson
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ledger.canonical import GENESIS_HASH
from ledger.db import connect, make_engine, stream_rows
from ledger.gc_pause import gc_paused
from ledger.state import N_COLUMNS, PREDICTION_COLUMNS, Replay, ReplayError, Row
from ledger.store import read_head

_BATCH = 20_000
_EVENT_COLUMNS = ("kind", "prediction", "actor", "at", "reason")
_BODY_KEYS = ("seq", *_EVENT_COLUMNS)
PARALLEL_FROM = 20_000  # events: below this, starting processes costs more than it saves
MAX_PARTS = 8

# The order problems are reported in: the chain first, then the head row, then the tables.
_CHAIN, _HEAD, _PREDICTIONS, _TAGS, _PUNDITS = range(5)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    events: int
    head: str
    problem: str | None = None
    bad_seq: int | None = None


@dataclass(frozen=True, order=True)
class _Problem:
    rank: tuple[int, int, int]  # (check, event or prediction number, tie-break)
    text: str = field(compare=False)
    seq: int | None = field(compare=False, default=None)


@dataclass
class _Part:
    """What one share of the work found (sent back from a worker process)."""

    head: tuple[int, str]  # the chain head in this part's snapshot
    count: int = 0  # events read (the whole chain when there is one part)
    last_hash: str = GENESIS_HASH
    problem: _Problem | None = None
    pundits: list[tuple[int, str, str]] = field(default_factory=list)  # (seq, slug, name) first seen


class _Broken(Exception):
    def __init__(self, problem: _Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


def _chain_problem(seq: int, text: str, *, links: bool = False) -> _Broken:
    # A broken link at event N is named before a bad hash at N, as a single pass would.
    return _Broken(_Problem((_CHAIN, seq, 0 if links else 1), f"event {seq}: {text}", seq))


def verify(engine: Engine, *, processes: int | None = None) -> VerifyReport:
    """Check the whole ledger; never raises for a broken ledger, reports it instead.

    ``processes``: how many to split the work over (default: one per core for a chain of
    at least ``PARALLEL_FROM`` events, else one).
    """
    try:
        return _verify(engine, processes)
    except (sqlite3.OperationalError, DBAPIError) as exc:
        if not _undecodable(exc):
            raise
    # SQLite holds text that is not UTF-8 (written behind the ledger's back), which its
    # driver refuses to read: check again, reading such text with its bad bytes escaped.
    return _verify(engine, 1, lenient_text=True)


def _undecodable(exc: Exception) -> bool:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return isinstance(orig, sqlite3.OperationalError) and "decode" in str(orig)


def _escaped_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")  # bad bytes become lone surrogates


def _verify(engine: Engine, processes: int | None, *, lenient_text: bool = False) -> VerifyReport:
    with gc_paused(), connect(engine, snapshot=True) as conn:
        if lenient_text:
            driver = conn.connection.dbapi_connection
            driver.text_factory = _escaped_text  # type: ignore[union-attr]
            try:
                return _check(conn, engine, 1)
            finally:
                driver.text_factory = str  # type: ignore[union-attr]
        return _check(conn, engine, processes)


def _check(conn: Connection, engine: Engine, processes: int | None) -> VerifyReport:
    head = read_head(conn)
    if head is None:
        return VerifyReport(False, 0, GENESIS_HASH, "the chain_head row is missing")
    parts = max(1, processes) if processes is not None else default_processes(head[0])
    if parts == 1 or _in_memory(engine):  # another process cannot open this one's memory
        whole = _check_part(conn, head, 0, 1)
        count, last = whole.count, whole.last_hash
        results = [whole]
        links = None
    else:
        url = engine.url.render_as_string(hide_password=False)
        with ProcessPoolExecutor(parts - 1, mp_context=_start_method()) as pool:
            futures = [pool.submit(_check_part_apart, url, k, parts) for k in range(1, parts)]
            count, last, links = _check_links(conn)
            results = [_check_part(conn, head, 0, parts), *(f.result() for f in futures)]
        if any(r.head != head for r in results):
            return verify(engine, processes=1)  # written to meanwhile: read one snapshot
    head_rows = conn.exec_driver_sql("SELECT count(*) FROM chain_head").scalar_one()
    found = [links, *(r.problem for r in results), _head_problem(head, head_rows, count, last)]
    found.append(_pundit_problem(conn, results))
    problems = [p for p in found if p is not None]
    if problems:
        first = min(problems)
        return VerifyReport(False, 0, GENESIS_HASH, first.text, first.seq)
    return VerifyReport(True, count, last)


def default_processes(events: int) -> int:
    """How many processes ``verify`` uses for a chain of ``events``: one per core, if long."""
    if events < PARALLEL_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_PARTS))


def _in_memory(engine: Engine) -> bool:
    url = engine.url
    return url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"
    )


def _start_method() -> multiprocessing.context.BaseContext:
    # Forking is fast and safe while this is the only thread; with threads (a scheduler),
    # a fresh interpreter is started instead.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _check_part_apart(url: str, part: int, parts: int) -> _Part:
    """``_check_part`` in a worker process, on its own engine and snapshot."""
    engine = make_engine(url)
    try:
        with gc_paused(), connect(engine, snapshot=True) as conn:
            head = read_head(conn) or (-1, "the head row is gone")  # differs: checked again
            return _check_part(conn, head, part, parts)
    finally:
        engine.dispose()


def _check_part(conn: Connection, head: tuple[int, str], part: int, parts: int) -> _Part:
    """Check one share of the events and the derived rows of its predictions.

    With one part, this is the whole chain and the links between events are checked too.
    """
    result = _Part(head)
    replay = Replay()
    try:
        result.count, result.last_hash = _check_events(conn, replay, _share("prediction_id", part, parts))
        _check_predictions(conn, replay, _share("id", part, parts))
        _check_tags(conn, replay, _share("prediction_id", part, parts))
    except _Broken as broken:
        result.problem = broken.problem
    result.pundits = [(seq, slug, name) for slug, (seq, name) in replay.pundits.items()]
    return result


def _share(column: str, part: int, parts: int) -> str:
    """The WHERE clause of one part's rows; events without a prediction go to part 0."""
    if parts == 1:
        return ""
    orphans = f"{column} IS NULL OR " if part == 0 and column == "prediction_id" else ""
    return f" WHERE {orphans}{column} % {parts} = {part}"


def _check_events(conn: Connection, replay: Replay, where: str) -> tuple[int, str]:
    """Hash, columns and replay of the events in ``where`` (links too, when that is all)."""
    whole = not where
    prev = GENESIS_HASH
    expected = 1
    count = 0
    sha256 = hashlib.sha256
    loads = orjson.loads
    apply = replay.apply
    header = itemgetter(*_BODY_KEYS)
    sql = (
        "SELECT seq, kind, prediction_id, actor, recorded_at, reason, body, prev_hash, hash"
        f" FROM event{where} ORDER BY seq"
    )
    for batch in stream_rows(conn, sql, _BATCH):
        for seq, kind, pid, actor, at, reason, body, prev_hash, digest in batch:
            if whole:
                _check_link(seq, expected, prev_hash, prev)
                expected += 1
            try:
                if sha256((prev_hash + body).encode("utf-8")).hexdigest() != digest:
                    raise _chain_problem(seq, "hash does not match its stored body")
            except (TypeError, UnicodeEncodeError):  # a BLOB, or bytes that are not UTF-8
                raise _chain_problem(seq, "stored body or prev_hash is not UTF-8 text") from None
            try:
                data = loads(body)
                if header(data) != (seq, kind, pid, actor, at, reason):
                    raise _chain_problem(seq, _column_diff(data, kind, pid, actor, at, reason))
                apply(data)
            except orjson.JSONDecodeError:
                raise _chain_problem(seq, "stored body is not JSON") from None
            except (ReplayError, KeyError, TypeError, ValueError) as exc:
                raise _chain_problem(seq, _unusable(data, exc)) from None
            prev = digest
            count += 1
    return count, prev


def _check_link(seq: int, expected: int, prev_hash: str, prev: str) -> None:
    if seq > expected:
        text = f"event {expected} is missing (the next stored event is {seq})"
        raise _Broken(_Problem((_CHAIN, expected, 0), text, expected))
    if seq != expected:  # numbered below the event before it
        text = f"event {seq} is out of sequence (expected {expected})"
        raise _Broken(_Problem((_CHAIN, seq, 0), text, seq))
    if prev_hash != prev:
        raise _chain_problem(seq, f"prev_hash does not match the hash of event {seq - 1}", links=True)


def _check_links(conn: Connection) -> tuple[int, str, _Problem | None]:
    """Numbering and links of the whole chain: (events, last hash, first problem)."""
    prev = GENESIS_HASH
    expected = 1
    try:
        for batch in stream_rows(conn, "SELECT seq, prev_hash, hash FROM event ORDER BY seq", _BATCH):
            for seq, prev_hash, digest in batch:
                _check_link(seq, expected, prev_hash, prev)
                prev = digest
                expected += 1
    except _Broken as broken:
        return expected - 1, prev, broken.problem
    return expected - 1, prev, None


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


def _head_problem(head: tuple[int, str], rows: int, count: int, last: str) -> _Problem | None:
    seq, digest = head
    if seq == count and digest == last:
        if rows == 1:
            return None
        return _Problem((_HEAD, 0, 0), f"the chain_head table has {rows} rows; a ledger has one")
    text = (
        f"the chain head names event {seq} ({digest[:12]}…) but the chain ends at "
        f"event {count} ({last[:12]}…): events were removed or the head was changed"
    )
    return _Problem((_HEAD, 0, 0), text, count + 1 if seq > count else seq)


def _check_predictions(conn: Connection, replay: Replay, where: str) -> None:
    """The table, read in id order, against the replayed rows in id order: a batch at a time."""
    rows = replay.predictions
    ids = sorted(rows)
    done = 0
    sql = f"SELECT {', '.join(PREDICTION_COLUMNS)} FROM prediction{where} ORDER BY id"
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
            text = f"prediction {got[0]} is in the table but no event records it"
            raise _Broken(_Problem((_PREDICTIONS, got[0], 0), text))
        if pid is None or got[0] > pid:
            _raise_missing(pid if pid is not None else got[0], rows)
        _raise_column_diff(pid, tuple(got), rows[pid])


def _raise_missing(pid: int, rows: dict[int, Row]) -> None:
    seq = rows[pid].recorded_seq
    text = f"prediction {pid} is missing from the table (recorded by event {seq})"
    raise _Broken(_Problem((_PREDICTIONS, pid, 0), text, seq))


def _raise_column_diff(pid: int, values: tuple[object, ...], expected: Row) -> None:
    for name, value, want in zip(PREDICTION_COLUMNS, values, expected, strict=False):
        if value != want:
            text = (
                f"prediction {pid}: column {name!r} is {value!r} but its events give "
                f"{want!r} (last changed by event {expected.updated_seq})"
            )
            raise _Broken(_Problem((_PREDICTIONS, pid, 0), text, expected.updated_seq))


def _check_tags(conn: Connection, replay: Replay, where: str) -> None:
    stored: list[tuple[int, str]] = []
    sql = f"SELECT prediction_id, tag FROM prediction_tag{where} ORDER BY prediction_id"
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
            text = f"prediction {pid}: tags are {list(have)} but its events give {list(expected)}"
            raise _Broken(_Problem((_TAGS, pid, 0), text, seq))


def _pundit_problem(conn: Connection, parts: list[_Part]) -> _Problem | None:
    expected: dict[str, str] = {}
    for _seq, slug, name in sorted(p for part in parts for p in part.pundits):
        expected.setdefault(slug, name)
    stored = dict(conn.exec_driver_sql("SELECT slug, name FROM pundit").all())
    for slug in sorted(set(stored) | set(expected), key=lambda s: (not isinstance(s, str), str(s))):
        if stored.get(slug) != expected.get(slug):
            have, want = stored.get(slug), expected.get(slug)
            text = f"pundit {slug!r}: the table has {have!r}, the events give {want!r}"
            return _Problem((_PUNDITS, 0, 0), text)
    return None
