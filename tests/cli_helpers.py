"""Run the real command line (``ledger.cli.cli``) in-process, as a researcher would type it.

Every run gets a fixed clock and researcher; variables that could leak in from the calling
shell (``PUNDIT_LEDGER_DB``, ``PUNDIT_LEDGER_YARDSTICK``) are removed unless a test sets them.
``Result.stdout`` is what went to stdout only; ``Result.stderr`` the error lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from ledger.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CSV = ROOT / "data" / "examples" / "predictions.csv"
NOW_TEXT = "2026-11-22T12:00:00Z"
BASE_ENV: dict[str, str | None] = {
    "PUNDIT_LEDGER_NOW": NOW_TEXT,
    "PUNDIT_LEDGER_RESEARCHER": "tester",
    "PUNDIT_LEDGER_DB": None,
    "PUNDIT_LEDGER_YARDSTICK": None,
}
_OK = re.compile(r"^ok: (\d+) events, head ([0-9a-f]{64})$")


def run(
    db_url: str | None, *args: Any, input: str | None = None, env: Mapping[str, str | None] | None = None
) -> Result:
    """``pundit-ledger --db DB_URL ARGS...`` (no ``--db`` when ``db_url`` is None)."""
    argv = (["--db", db_url] if db_url is not None else []) + [str(a) for a in args]
    return CliRunner().invoke(cli, argv, input=input, env={**BASE_ENV, **(env or {})})


def init(db_url: str) -> Result:
    result = run(db_url, "init")
    assert result.exit_code == 0, result.output
    return result


def ok(result: Result) -> Result:
    """Assert a command succeeded (showing its output when it did not)."""
    assert result.exit_code == 0, f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
    return result


def verified(db_url: str) -> tuple[int, str]:
    """(event count, head hash) from ``verify``, which must pass."""
    result = ok(run(db_url, "verify"))
    m = _OK.match(result.stdout.strip())
    assert m, result.stdout
    return int(m.group(1)), m.group(2)


def event_count(db_url: str) -> int:
    return verified(db_url)[0]


def add(db_url: str, statement: str, *args: Any, pundit: str = "Lucas Evans", by: str | None = None) -> int:
    """Record a prediction through ``add``; returns its id."""
    prefix = ["--by", by] if by else []
    result = ok(run(db_url, *prefix, "add", statement, "--pundit", pundit, *args))
    m = re.match(r"recorded prediction (\d+): ", result.stdout)
    assert m, result.stdout
    return int(m.group(1))


def show_json(db_url: str, pid: int) -> dict[str, Any]:
    return json.loads(ok(run(db_url, "show", pid, "--json")).stdout)


def list_json(db_url: str, *args: Any) -> list[dict[str, Any]]:
    return json.loads(ok(run(db_url, "list", "--json", *args)).stdout)


def error_lines(result: Result) -> list[str]:
    """The stderr lines that start with ``error:``."""
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def assert_one_error(result: Result, *fragments: str) -> str:
    """Exit 2, exactly one stderr line, starting with ``error:`` and holding each fragment."""
    assert result.exit_code == 2, f"exit {result.exit_code}\n{result.output}\n{result.exception!r}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]
