"""Moving a ledger between databases keeps every event and the head hash."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from ledger.clock import fixed_clock
from ledger.db import make_engine
from ledger.errors import ConflictError, StorageError
from ledger.files import import_file
from ledger.migrate import upgrade
from ledger.paths import data_dir
from ledger.queries import list_predictions
from ledger.store import Ledger
from ledger.transfer import copy_ledger
from ledger.verify import verify
from tests.conftest import NOW


@pytest.fixture
def source(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    upgrade(engine)
    ledger = Ledger(engine, clock=fixed_clock(NOW), actor="alice")
    import_file(ledger, data_dir() / "samples" / "predictions.yaml", default_yardstick="capphrase")
    ledger.amend(1, {"criteria": "tightened"}, "review")
    return engine


def test_copy_keeps_events_head_and_state(source: Engine, engine: Engine) -> None:
    report = copy_ledger(source, engine)
    original = verify(source)
    assert report.events == original.events and report.head == original.head
    assert verify(engine).ok
    assert [v.as_dict() for v in list_predictions(engine, now=NOW)] == [
        v.as_dict() for v in list_predictions(source, now=NOW)
    ]


def test_copy_refuses_a_non_empty_target(source: Engine, engine: Engine) -> None:
    copy_ledger(source, engine)
    with pytest.raises(ConflictError, match="not empty"):
        copy_ledger(source, engine)


def test_copy_refuses_a_broken_source(source: Engine, engine: Engine) -> None:
    with source.begin() as conn:
        conn.exec_driver_sql("UPDATE event SET reason = 'edited' WHERE seq = 2")
    with pytest.raises(StorageError, match="does not verify"):
        copy_ledger(source, engine)


def test_copy_refuses_a_target_with_stray_rows_and_writes_nothing(source: Engine, engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO pundit (slug, name) VALUES ('zed', 'Zed')")
    with pytest.raises(ConflictError, match="table pundit has rows"):
        copy_ledger(source, engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM event").scalar_one() == 0
        assert conn.exec_driver_sql("SELECT seq FROM chain_head").scalar_one() == 0
