"""The chain never forks: parallel writer processes on one database give one valid chain."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import Engine, text

from ledger.clock import system_clock
from ledger.db import make_engine
from ledger.inputs import validate_prediction
from ledger.store import Ledger
from ledger.verify import verify
from tests.conftest import NOW, prediction

WRITERS = 4
PER_WRITER = 15


def _writer(url: str, writer: int, start: multiprocessing.synchronize.Event) -> None:
    engine = make_engine(url)
    ledger = Ledger(engine, clock=system_clock, actor=f"writer-{writer}")
    start.wait(30)
    for i in range(PER_WRITER):
        item = validate_prediction(
            prediction(statement=f"writer {writer} claim {i}"), default_yardstick="capphrase", now=NOW
        )
        pid = ledger.record([item], [f"parallel write {i}"]).recorded[0]
        if i % 3 == 0:
            ledger.amend(pid, {"criteria": f"amended by writer {writer}"}, "parallel amend")
    engine.dispose()


@pytest.mark.slow
def test_parallel_writers_keep_one_chain(db_url: str, engine: Engine) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_writer, args=(db_url, w, start)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0, f"writer exited with {worker.exitcode}"

    amends_per_writer = len(range(0, PER_WRITER, 3))
    report = verify(engine)
    assert report.ok, report.problem
    assert report.events == WRITERS * (PER_WRITER + amends_per_writer)
    with engine.connect() as conn:
        ids = [row[0] for row in conn.execute(text("SELECT id FROM prediction ORDER BY id"))]
        actors = {row[0] for row in conn.execute(text("SELECT DISTINCT actor FROM event"))}
    assert ids == list(range(1, WRITERS * PER_WRITER + 1))
    assert actors == {f"writer-{w}" for w in range(WRITERS)}
