"""Schema management through Alembic: create, upgrade, and check a ledger database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from ledger.db import connect, safe_url
from ledger.errors import StorageError

_MIGRATION_LOCK = 0x70756E64  # any fixed number: the key of PostgreSQL's advisory lock for migrations


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "ledger:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def _missing_sqlite_file(engine: Engine) -> bool:
    """A SQLite URL whose file does not exist (connecting would create it empty)."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return False
    return not Path(str(database)).is_file()


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database; None when it is not a ledger (or does not exist)."""
    if _missing_sqlite_file(engine):
        return None
    with connect(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Bring the schema to ``revision``; returns (revision before, revision after).

    Two researchers running ``init`` at once take turns: SQLite's write lock, or on
    PostgreSQL an advisory lock held to the end of the transaction.
    """
    with connect(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(_config(conn), revision)
        after = MigrationContext.configure(conn).get_current_revision()
    assert after is not None
    return before, after


def require_current(engine: Engine) -> None:
    """Raise ``StorageError`` unless the database is a ledger at the newest schema."""
    where = safe_url(engine.url)
    current = current_revision(engine)
    if current is None:
        raise StorageError(f"no ledger at {where}; run 'pundit-ledger init' first")
    if current != head_revision():
        raise StorageError(
            f"the ledger at {where} is at schema {current}, this version needs {head_revision()}; "
            "run 'pundit-ledger db upgrade'"
        )
