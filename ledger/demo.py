"""The demo: a fresh SQLite ledger built from the sample data in data/."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ledger.clock import Clock
from ledger.db import make_engine
from ledger.errors import ConflictError, StorageError
from ledger.files import import_file
from ledger.migrate import upgrade
from ledger.paths import data_dir
from ledger.queries import PredictionView, list_predictions, pundit_summaries
from ledger.store import Ledger
from ledger.verify import verify
from ledger.yardstick import DEFAULT_YARDSTICK

DEMO_RESEARCHER = "demo"
DEMO_FILES = ("samples/predictions.yaml", "examples/predictions.csv")


@dataclass(frozen=True)
class PunditLine:
    name: str
    total: int
    open: int
    due: int
    resolved: int
    mean_probability: float


@dataclass(frozen=True)
class DemoSummary:
    events: int
    head: str
    pundits: list[PunditLine]
    predictions: list[PredictionView]


def build_demo(path: Path, *, clock: Clock) -> DemoSummary:
    """(Re)create ``path`` and import the sample files into it.

    An existing file is replaced only if it is an earlier demo ledger: a researcher's own
    ledger, or any other file, given as the demo's path by mistake is left alone.
    """
    if path.exists() and not is_demo_ledger(path):
        raise ConflictError(f"{path} exists and is not a demo ledger; give the demo another --path")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        ledger = Ledger(engine, clock=clock, actor=DEMO_RESEARCHER)
        for name in DEMO_FILES:
            import_file(ledger, data_dir() / name, default_yardstick=DEFAULT_YARDSTICK)
        report = verify(engine)
        if not report.ok:
            raise StorageError(f"the demo ledger does not verify: {report.problem}")
        now = clock()
        views = list_predictions(engine, now=now)
        pundits = [
            PunditLine(
                s.name, s.total, s.open, s.due, s.resolved,
                sum(v.probability for v in views if v.pundit_slug == s.slug) / s.total,
            )
            for s in pundit_summaries(engine, now=now)
        ]  # fmt: skip
        return DemoSummary(report.events, report.head, pundits, views)
    finally:
        engine.dispose()


def is_demo_ledger(path: Path) -> bool:
    """Whether ``path`` is a SQLite ledger whose every event was recorded by the demo."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            events, others = conn.execute(
                "SELECT count(*), coalesce(sum(actor != ?), 0) FROM event", (DEMO_RESEARCHER,)
            ).fetchone()
    except sqlite3.Error:  # not SQLite, or not a ledger
        return False
    return events > 0 and others == 0
