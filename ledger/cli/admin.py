"""Commands that manage the database: init, db upgrade, verify, demo."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ledger.cli.app import App, pass_app
from ledger.cli.table import render_table, shorten
from ledger.db import safe_url
from ledger.errors import InputError, StorageError
from ledger.migrate import current_revision, head_revision, upgrade
from ledger.verify import verify as verify_ledger

_SHA256_HEX = re.compile(r"[0-9a-f]{64}\Z")


@click.command("init")
@pass_app
def init(app: App) -> None:
    """Create the ledger database (through the migrations).

    \b
    Example:
      pundit-ledger init                                   # ./ledger.db
      pundit-ledger --db postgresql+psycopg://me@db/ledger init
    """
    before, after = upgrade(app.engine)
    where = safe_url(app.engine.url)
    if before is None:
        click.echo(f"created ledger at {where} (schema {after})")
    elif before == after:
        click.echo(f"ledger at {where} already exists (schema {after})")
    else:
        click.echo(f"upgraded ledger at {where} from schema {before} to {after}")


@click.group("db")
def db() -> None:
    """Schema management: upgrade, current, copy.

    \b
    Example:
      pundit-ledger db upgrade
    """


@db.command("upgrade")
@pass_app
def db_upgrade(app: App) -> None:
    """Bring an existing ledger's schema up to date.

    \b
    Example:
      pundit-ledger db upgrade
    """
    where = safe_url(app.engine.url)
    if current_revision(app.engine) is None:
        raise StorageError(f"no ledger at {where}; run 'pundit-ledger init' first")
    before, after = upgrade(app.engine)
    if before == after:
        click.echo(f"ledger at {where} is up to date (schema {after})")
    else:
        click.echo(f"upgraded ledger at {where} from schema {before} to {after}")


@db.command("current")
@pass_app
def db_current(app: App) -> None:
    """Print the schema revision of the ledger and the newest one this version knows.

    \b
    Example:
      pundit-ledger db current
    """
    click.echo(f"database: {current_revision(app.engine) or 'none'}  newest: {head_revision()}")


@db.command("copy")
@click.option("--to", "target", required=True, metavar="URL", help="An initialised, empty ledger database.")
@pass_app
def db_copy(app: App, target: str) -> None:
    """Copy this ledger, event for event, into another database; the head hash stays.

    \b
    Example:
      pundit-ledger --db postgresql+psycopg://me@db/ledger init
      pundit-ledger db copy --to postgresql+psycopg://me@db/ledger
    """
    from ledger.db import make_engine
    from ledger.migrate import require_current
    from ledger.transfer import copy_ledger

    destination = make_engine(target)
    require_current(destination)
    report = copy_ledger(app.ready_engine(), destination)
    destination.dispose()
    click.echo(f"copied {report.events} events to {safe_url(target)}; head {report.head}")


@click.command("verify")
@click.option(
    "--expect-head", metavar="HASH", help="Also fail unless the head hash is this (e.g. from a public page)."
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    metavar="N",
    help="Split the check over N processes (default: one per core for 20,000 events or more).",
)
@pass_app
def verify(app: App, expect_head: str | None, processes: int | None) -> None:
    """Recompute the hash chain and check every stored row against it.

    Exit 0 and the head hash when intact; exit 1 naming the first bad event otherwise.

    \b
    Examples:
      pundit-ledger verify
      pundit-ledger verify --processes 1    # leave the other cores free
    """
    if expect_head is not None and not _SHA256_HEX.match(expect_head.lower()):
        raise InputError(f"--expect-head {expect_head[:20]!r} is not a head hash (64 hex digits)")
    report = verify_ledger(app.ready_engine(), processes=processes)
    if not report.ok:
        where = f"first bad event: {report.bad_seq}; " if report.bad_seq is not None else ""
        click.echo(f"BROKEN: {where}{report.problem}", err=True)
        sys.exit(1)
    if expect_head and expect_head.lower() != report.head:
        click.echo(f"BROKEN: head is {report.head}, expected {expect_head}", err=True)
        sys.exit(1)
    click.echo(f"ok: {report.events} events, head {report.head}")


@click.command("demo")
@click.option(
    "--path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("demo-ledger.db"),
    show_default=True,
    help="The SQLite file to (re)create.",
)
@pass_app
def demo(app: App, path: Path) -> None:
    """Build a fresh demo ledger from data/ and print a summary.

    Replaces PATH if it is an earlier demo ledger, and refuses any other file; ignores --db
    (the demo never touches your own ledger).

    \b
    Example:
      pundit-ledger demo
    """
    from ledger.demo import build_demo

    summary = build_demo(path, clock=app.clock)
    click.echo(f"demo ledger: {path} ({summary.events} events, verified)")
    click.echo("")
    click.echo(render_table(
        ["PUNDIT", "PREDICTIONS", "OPEN", "DUE", "RESOLVED", "MEAN P"],
        [(s.name, s.total, s.open, s.due, s.resolved, f"{s.mean_probability:.2f}") for s in summary.pundits],
    ))  # fmt: skip
    click.echo("")
    rows = [
        (v.id, v.status, f"{v.probability:.2f}", v.basis, v.deadline[:10], shorten(v.statement, 64))
        for v in summary.predictions
    ]
    click.echo(render_table(["ID", "STATUS", "P", "BASIS", "DEADLINE", "STATEMENT"], rows))
    click.echo(f"\nhead hash: {summary.head}")
    click.echo(f"try: pundit-ledger --db sqlite:///{path} show 1")


COMMANDS = [init, db, verify, demo]
