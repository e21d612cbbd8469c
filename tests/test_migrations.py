"""Schema through Alembic: the migrations build exactly the models, and old schemas are refused."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from ledger.db import connect, make_engine
from ledger.errors import StorageError
from ledger.migrate import _config, current_revision, head_revision, require_current, upgrade


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
