"""Schema through Alembic: the migrations build exactly the models, and old schemas are refused."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

from ledger.clock import fixed_clock
from ledger.db import connect, make_engine
from ledger.errors import StorageError
from ledger.inputs import validate_prediction
from ledger.migrate import _config, current_revision, head_revision, require_current, upgrade
from ledger.store import Ledger
from ledger.verify import verify
from tests.conftest import NOW, prediction


def test_migrations_match_the_models(engine: Engine) -> None:
    with connect(engine) as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    assert upgrade(engine) == (head_revision(), head_revision())
    require_current(engine)


def test_uninitialised_database_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    with pytest.raises(StorageError, match="run 'pundit-ledger init'"):
        require_current(engine)
    engine.dispose()


def test_older_schema_asks_for_db_upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(StorageError, match="run 'pundit-ledger db upgrade'"):
        require_current(engine)


def test_downgrade_and_upgrade_round_trip(engine: Engine) -> None:
    with connect(engine, write=True) as conn:
        command.downgrade(_config(conn), "base")
    assert current_revision(engine) is None
    assert upgrade(engine) == (None, head_revision())
    with connect(engine) as conn:
        assert conn.execute(text("SELECT seq, hash FROM chain_head")).one() == (0, "0" * 64)


def test_0002_keeps_a_ledger_written_under_0001(db_url: str) -> None:
    """Upgrading copies the event table on SQLite: every byte and the head must survive."""
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    writer = Ledger(engine, clock=fixed_clock(NOW), actor="tester")
    items = [
        validate_prediction(prediction(statement=f"claim {i}"), default_yardstick="capphrase", now=NOW)
        for i in range(5)
    ]
    writer.record(items, ["seed"] * len(items))
    writer.amend(2, {"criteria": "stricter"}, "clarified")
    before = verify(engine)
    with connect(engine) as conn:
        bodies = conn.execute(text("SELECT seq, body, prev_hash, hash FROM event ORDER BY seq")).all()

    assert upgrade(engine) == ("0001", head_revision())
    after = verify(engine)
    assert before.ok and after == before
    with connect(engine) as conn:
        assert conn.execute(text("SELECT seq, body, prev_hash, hash FROM event ORDER BY seq")).all() == bodies
    indexes = {index["name"] for index in inspect(engine).get_indexes("event")}
    assert "ix_event_kind" not in indexes and "ix_event_prediction_id" in indexes
    assert inspect(engine).get_unique_constraints("event") == []
    engine.dispose()


def test_researchers_initialising_at_once_take_turns(db_url: str) -> None:
    """Three ``init`` at once on one new database: one creates it, the others find it made."""
    engines = [make_engine(db_url) for _ in range(3)]
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(upgrade, engines))
    assert sorted(before is None for before, _ in results) == [False, False, True]
    assert all(after == head_revision() for _, after in results)
    assert verify(engines[0]).ok
    for engine in engines:
        engine.dispose()
