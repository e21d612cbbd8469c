"""Shared fixtures: a fresh ledger on SQLite, and on PostgreSQL when one is configured.

PostgreSQL tests run when ``PUNDIT_LEDGER_TEST_PG_URL`` is set (``.ci/run`` sets it); each
test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.engine import URL

from ledger.clock import fixed_clock
from ledger.db import make_engine
from ledger.migrate import upgrade
from ledger.store import Ledger
from tests.cli_helpers import init

PG_URL = os.environ.get("PUNDIT_LEDGER_TEST_PG_URL")
NOW = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
NOW_TEXT = "2026-11-22T12:00:00Z"
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="PUNDIT_LEDGER_TEST_PG_URL is not set"),
    ),
]


def pg_schema_url(schema: str) -> URL:
    assert PG_URL is not None
    return make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database (not yet initialised) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL or "")
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield pg_schema_url(schema).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An initialised ledger database."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def ready(db_url: str) -> str:
    """An initialised, empty ledger, made through the command line (``pundit-ledger init``)."""
    init(db_url)
    return db_url


@pytest.fixture
def in_tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the test's own folder, so that a command never reads or writes the caller's."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def ledger(engine: Engine) -> Ledger:
    return Ledger(engine, clock=fixed_clock(NOW), actor="tester")


def prediction(**overrides: Any) -> dict[str, Any]:
    """The fields of a valid prediction, as a researcher would give them."""
    fields: dict[str, Any] = {
        "statement": "Iran remains a threshold nuclear state",
        "pundit": "Lucas Evans",
        "quote": "It means acknowledging that Iran will remain a threshold nuclear state.",
        "published": "2026-11-01",
        "deadline": "end of 2028",
        "probability": "0.8",
        "criteria": "YES unless Iran tests a weapon or verifiably dismantles enrichment",
        "tags": ["iran", "nuclear"],
    }
    fields.update(overrides)
    return fields
