"""Benchmark: import N predictions from CSV, then verify them; beside a raw sqlite3 insert.

Prints rows per second for the raw ``executemany`` of the same rows into a plain table (the
baseline, measured in the same run), for ``import`` through the ledger and for ``verify``,
the ratios, and the peak resident memory of the process.

    python benchmarks/import_verify.py [--rows 100000] [--db-url URL]

Targets (issue 2): import within 3x of the raw insert; verify >= 200,000 events/s; peak < 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.clock import fixed_clock
from ledger.db import make_engine
from ledger.files import import_file
from ledger.migrate import upgrade
from ledger.store import Ledger
from ledger.verify import verify

COLUMNS = [
    "statement", "pundit", "quote", "source_url", "published", "deadline", "probability", "criteria", "tags",
]  # fmt: skip
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


def raw_insert(folder: Path, rows: list[list[str]]) -> float:
    conn = sqlite3.connect(folder / "raw.db")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE TABLE plain ({', '.join(c + ' TEXT' for c in COLUMNS)})")
    start = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO plain VALUES ({', '.join('?' * len(COLUMNS))})", rows)
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db-url", help="Ledger database (default: a fresh SQLite file).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "predictions.csv"
        rows = write_csv(source, args.rows)
        raw_s = raw_insert(folder, rows)
        del rows

        engine = make_engine(args.db_url or f"sqlite:///{folder / 'ledger.db'}")
        upgrade(engine)
        ledger = Ledger(engine, clock=fixed_clock(NOW), actor="bench")
        start = time.perf_counter()
        report = import_file(ledger, source, default_yardstick="capphrase")
        import_s = time.perf_counter() - start
        assert len(report.result.recorded) == args.rows, report

        start = time.perf_counter()
        checked = verify(engine)
        verify_s = time.perf_counter() - start
        assert checked.ok and checked.events == args.rows, checked
        engine.dispose()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = args.rows
    print(f"rows: {n}  backend: {'sqlite' if not args.db_url else args.db_url.split(':')[0]}")
    print(f"raw sqlite3 executemany (baseline): {n / raw_s:>12,.0f} rows/s  ({raw_s:.2f} s)")
    print(f"pundit-ledger import (CSV):         {n / import_s:>12,.0f} rows/s  ({import_s:.2f} s)")
    print(f"pundit-ledger verify:               {n / verify_s:>12,.0f} events/s ({verify_s:.2f} s)")
    print(f"import time / raw insert time:      {import_s / raw_s:>12.2f} x   (target <= 3)")
    print(f"verify events/s / 200,000:          {n / verify_s / 200_000:>12.2f} x   (target >= 1)")
    print(f"peak resident memory:               {peak_mb:>12.0f} MB  (target < 500)")


if __name__ == "__main__":
    main()
