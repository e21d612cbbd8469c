"""Engines: SQLite by default (WAL, foreign keys, busy timeout), any SQLAlchemy URL otherwise.

Write transactions are serialized on the chain head: on SQLite a write transaction starts
with ``BEGIN IMMEDIATE`` (the database write lock, held until commit); on PostgreSQL the
append takes ``SELECT ... FOR UPDATE`` on the ``chain_head`` row (see ``ledger.store``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from ledger.errors import StorageError

BUSY_TIMEOUT_S = 30
CACHE_KIB = 65_536  # SQLite page cache per connection: keeps the random-key indexes in memory
WRITE_OPTION = "ledger_write"


def safe_url(url: str | URL) -> str:
    """The URL as text, with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unparseable URL>"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; raises ``StorageError`` for a URL SQLAlchemy cannot use."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # The text is not echoed: it may hold a password.
        raise StorageError("the database setting is not a valid URL (e.g. sqlite:///ledger.db)") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return create_engine(parsed, pool_pre_ping=True, connect_args=_connect_args(parsed))
    except (NoSuchModuleError, ImportError) as exc:
        raise StorageError(f"no driver for {safe_url(parsed)}: {exc}") from None


def _connect_args(url: URL) -> dict[str, Any]:
    if url.get_backend_name() == "postgresql":
        return {"connect_timeout": 10}
    return {}


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        if url.database and url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@contextmanager
def connect(engine: Engine, *, write: bool = False, snapshot: bool = False) -> Iterator[Connection]:
    """A connection in a transaction that commits on success and rolls back on error.

    ``write=True`` takes the SQLite write lock at BEGIN so that concurrent appenders queue
    instead of failing on lock upgrade. ``snapshot=True`` makes every statement of the
    transaction see the same state (PostgreSQL: REPEATABLE READ; a SQLite read transaction
    in WAL mode already does).
    """
    try:
        conn = engine.connect()
    except OperationalError as exc:
        raise StorageError(f"cannot reach database {safe_url(engine.url)}: {_first_line(exc)}") from None
    with conn:
        if write:
            conn = conn.execution_options(**{WRITE_OPTION: True})
        if snapshot and conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _first_line(exc: OperationalError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def bulk_insert(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert many rows in one driver-level ``executemany``, inside ``conn``'s transaction.

    The hot path of import: SQLAlchemy's per-row parameter processing would cost more than
    the database does. Values must already be in their stored form (text, numbers, bools).
    """
    if not rows:
        return
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    conn.exec_driver_sql(sql, list(rows))


_cursor_names = itertools.count(1)


def stream_rows(conn: Connection, sql: str, batch: int) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``sql`` in lists of up to ``batch`` tuples, straight from the driver.

    The hot path of ``verify``: SQLAlchemy's row objects cost more than the fetch itself.
    PostgreSQL reads through a server-side cursor so that memory stays bounded.
    """
    raw = conn.connection.dbapi_connection
    assert raw is not None
    if conn.dialect.name == "postgresql":
        cursor = raw.cursor(name=f"ledger_stream_{next(_cursor_names)}")
        cursor.itersize = batch
    else:
        cursor = raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(batch):
            yield rows
    finally:
        cursor.close()
