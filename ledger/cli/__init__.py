"""The ``pundit-ledger`` command line: a thin layer over the ``ledger`` library.

This package is the one place that ties ``ledger``, ``jobs`` and ``reports`` together.
Bad input prints one ``error:`` line (a bad import file adds one line per bad row) on stderr
and exits 2; ``verify`` exits 1 when the ledger has been tampered with.
"""

from __future__ import annotations

import sys
from typing import Any

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ledger.cli.app import App
from ledger.db import safe_url
from ledger.errors import LedgerError


class CliError(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class LedgerGroup(click.Group):
    """Turns the library's errors into one clear line and exit status 2."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:  # a bad option before the command
            raise CliError(exc.format_message()) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LedgerError as exc:
            raise CliError(str(exc)) from None
        except click.UsageError as exc:  # a bad option value: one line too, exit 2
            raise CliError(exc.format_message()) from None
        except OperationalError as exc:
            app = ctx.find_object(App)
            where = safe_url(app.settings.db) if app else "the database"
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise CliError(f"database error on {where}: {reason}") from None
        except SQLAlchemyError as exc:
            raise CliError(f"database error: {type(exc).__name__}: {str(exc).splitlines()[0]}") from None


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", "db", metavar="URL", help="SQLAlchemy URL (default: sqlite:///ledger.db; env PUNDIT_LEDGER_DB)."
)
@click.option(
    "--by", "by", metavar="NAME", help="Who the events are recorded as (env PUNDIT_LEDGER_RESEARCHER)."
)
@click.version_option(package_name="pundit-ledger")
@click.pass_context
def cli(ctx: click.Context, db: str | None, by: str | None) -> None:
    """A tamper-evident ledger of pundits' predictions.

    \b
    Start with:
      pundit-ledger init
      pundit-ledger add "Iran remains a threshold nuclear state" \\
          --pundit "Lucas Evans" --hedge "will" --deadline "end of 2028"
      pundit-ledger list
      pundit-ledger verify

    Settings come from flags, then PUNDIT_LEDGER_* variables, then ./pundit-ledger.toml.
    """
    ctx.obj = App(db=db, by=by)


def _register() -> None:
    from ledger.cli import admin, extract, read, record

    for module in (admin, read, record, extract):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="pundit-ledger")
    sys.exit(0)
