"""Benchmark: import N predictions from CSV, then verify them; beside raw sqlite3 baselines.

Prints, for the same rows and in the same run:

- the issue's baseline: a raw ``executemany`` of the CSV rows into a plain 9-column table;
- the floor of what the ledger must write: a raw ``executemany`` of the rows an import
  leaves (events with their canonical bodies, predictions, tags, pundits) into an empty
  database with the ledger's own schema, with no Python work at all;
- ``import`` through the ledger, and its time against both;
- ``verify``, in events per second, on one process and on the default number of processes,
  beside a raw fetch of the events with sha256 over their stored bytes;
- the peak resident memory of import and verify (and of verify's worker process, if any).

The machine this runs on is shared and noisy: every figure is the best of ``--repeat`` runs.

    python benchmarks/import_verify.py [--rows 100000] [--repeat 3] [--db-url URL]

Targets (issue 2): import within 3x of the raw insert; verify >= 200,000 events/s; peak < 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.clock import fixed_clock
from ledger.db import CACHE_KIB, make_engine
from ledger.files import import_file
from ledger.migrate import upgrade
from ledger.store import Ledger
from ledger.verify import default_processes, verify

COLUMNS = [
    "statement", "pundit", "quote", "source_url", "published", "deadline", "probability", "criteria", "tags",
]  # fmt: skip
LEDGER_TABLES = ("pundit", "event", "prediction", "prediction_tag")
NOW = datetime(2026, 11, 22, tzinfo=UTC)


def write_csv(path: Path, rows: int) -> list[list[str]]:
    rng = random.Random(20261122)
    pundits = [f"Pundit {i:03d}" for i in range(200)]
    topics = ["iran", "oil", "russia", "china", "eu", "opec", "election", "sanctions"]
    out = []
    for i in range(rows):
        published = date(2024, 1, 1) + timedelta(days=rng.randrange(1000))
        deadline = published + timedelta(days=rng.randrange(30, 900))
        topic = rng.choice(topics)
        out.append([
            f"Claim {i}: {topic} outcome number {rng.randrange(10**6)} happens",
            rng.choice(pundits),
            f"I expect that {topic} event {i} will happen before long.",
            f"https://news.example.org/{topic}/{i}",
            published.isoformat(),
            deadline.isoformat(),
            f"{rng.randrange(1, 100) / 100:.2f}",
            f"YES if {topic} event {i} is reported by two outlets",
            f"{topic};bench",
        ])  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(out)
    return out


def fresh_sqlite(path: Path) -> sqlite3.Connection:
    """A new database file with the ledger's connection settings (WAL, synchronous, cache)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return conn


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def raw_insert(path: Path, rows: list[list[str]]) -> float:
    """The issue's baseline: the CSV rows into a plain table, one executemany, one commit."""
    conn = fresh_sqlite(path)
    conn.execute(f"CREATE TABLE plain ({', '.join(c + ' TEXT' for c in COLUMNS)})")
    marks = ", ".join("?" * len(COLUMNS))

    def insert() -> None:
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO plain VALUES ({marks})", rows)
        conn.execute("COMMIT")

    elapsed = timed(insert)
    conn.close()
    return elapsed


def ledger_rows(ledger_db: Path) -> tuple[list[str], dict[str, list[tuple[object, ...]]]]:
    """The ledger's schema and the rows an import left in it."""
    conn = sqlite3.connect(ledger_db)
    schema = [
        sql
        for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
        if "alembic_version" not in sql
    ]
    rows = {table: conn.execute(f"SELECT * FROM {table}").fetchall() for table in LEDGER_TABLES}
    conn.close()
    return schema, rows


def floor_insert(path: Path, schema: list[str], rows: dict[str, list[tuple[object, ...]]]) -> float:
    """The same rows the import wrote, into the same schema, with nothing computed."""
    conn = fresh_sqlite(path)
    conn.execute("PRAGMA foreign_keys = ON")
    for sql in schema:
        conn.execute(sql)

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        for table in LEDGER_TABLES:
            if rows[table]:
                marks = ", ".join("?" * len(rows[table][0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        conn.execute("COMMIT")

    elapsed = timed(insert)
    conn.close()
    return elapsed


def raw_hash_pass(ledger_db: Path) -> float:
    """Verify's own floor: fetch every event in order and sha256 its stored bytes."""
    conn = sqlite3.connect(ledger_db)

    def scan() -> None:
        sha256 = hashlib.sha256
        for prev_hash, body, _digest in conn.execute("SELECT prev_hash, body, hash FROM event ORDER BY seq"):
            sha256((prev_hash + body).encode("utf-8")).hexdigest()

    elapsed = timed(scan)
    conn.close()
    return elapsed


def ledger_run(url: str, source: Path, n: int) -> dict[str, float]:
    """Import into a fresh ledger at ``url``, then verify it on one and on the default processes."""
    engine = make_engine(url)
    upgrade(engine)
    ledger = Ledger(engine, clock=fixed_clock(NOW), actor="bench")
    start = time.perf_counter()
    report = import_file(ledger, source, default_yardstick="capphrase")
    seconds = {"import": time.perf_counter() - start}
    assert len(report.result.recorded) == n, report
    for name, processes in (("verify_1", 1), ("verify", None)):
        start = time.perf_counter()
        checked = verify(engine, processes=processes)
        seconds[name] = time.perf_counter() - start
        assert checked.ok and checked.events == n, checked
    engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each measurement; the best is kept.")
    parser.add_argument("--db-url", help="Ledger database for import and verify (default: new SQLite files).")
    args = parser.parse_args()
    if args.db_url and args.repeat > 1:
        parser.error("--db-url needs --repeat 1: each run imports into a fresh database")
    n = args.rows
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, seconds), seconds)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "predictions.csv"
        rows = write_csv(source, n)
        for _ in range(args.repeat):
            keep("raw", raw_insert(folder / "raw.db", rows))
        del rows
        ledger_db = folder / "ledger.db"
        for _ in range(args.repeat):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{ledger_db}{suffix}").unlink(missing_ok=True)
            for name, seconds in ledger_run(args.db_url or f"sqlite:///{ledger_db}", source, n).items():
                keep(name, seconds)
        # Read before the baselines below load every written row into this process.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if not args.db_url:
            schema, written = ledger_rows(ledger_db)
            for _ in range(args.repeat):
                keep("hash_pass", raw_hash_pass(ledger_db))
                keep("floor", floor_insert(folder / "floor.db", schema, written))
    report(n, args, best, peak_mb, worker_mb)


def report(
    n: int, args: argparse.Namespace, best: dict[str, float], peak_mb: float, worker_mb: float
) -> None:
    raw, imp, floor = best["raw"], best["import"], best.get("floor")
    lines = [
        ("raw sqlite3 executemany, plain table (baseline)", f"{n / raw:,.0f} rows/s", f"{raw:.2f} s"),
        ("raw sqlite3 executemany, the ledger's own rows", f"{n / floor:,.0f} rows/s", f"{floor:.2f} s")
        if floor
        else None,
        ("pundit-ledger import (CSV)", f"{n / imp:,.0f} rows/s", f"{imp:.2f} s"),
        ("  import / plain raw insert", f"{imp / raw:.2f} x", "target <= 3"),
        ("  the ledger's own rows, raw / plain raw insert", f"{floor / raw:.2f} x", "no Python work")
        if floor
        else None,
        ("  import / the ledger's own rows, raw", f"{imp / floor:.2f} x", "") if floor else None,
        ("raw fetch + sha256 of the events", f"{n / best['hash_pass']:,.0f} events/s", "")
        if "hash_pass" in best
        else None,
        ("pundit-ledger verify, 1 process", f"{n / best['verify_1']:,.0f} events/s", ""),
        (
            f"pundit-ledger verify, default ({default_processes(n)} processes)",
            f"{n / best['verify']:,.0f} events/s",
            "",
        ),
        ("  verify speed, default / 1 process", f"{best['verify_1'] / best['verify']:.2f} x", ""),
        ("  verify speed / raw fetch + sha256", f"{best['hash_pass'] / best['verify']:.2f} x", "")
        if "hash_pass" in best
        else None,
        ("  verify events/s / 200,000", f"{n / best['verify'] / 200_000:.2f} x", "target >= 1"),
        ("peak resident memory, import and verify", f"{peak_mb:.0f} MB", "target < 500"),
        ("  peak of verify's worker process", f"{worker_mb:.0f} MB", "") if worker_mb else None,
    ]
    backend = args.db_url.split(":")[0] if args.db_url else "sqlite"
    print(f"rows: {n}  backend: {backend}  best of {args.repeat} run(s)")
    for line in lines:
        if line is not None:
            label, value, note = line
            print(f"{label:<50} {value:>18}   {note}")


if __name__ == "__main__":
    main()
