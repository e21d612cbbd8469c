"""Commands that append to the ledger: add, import, amend, resolve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ledger.cli.app import App, pass_app
from ledger.db import connect
from ledger.errors import InputError
from ledger.files import FORMATS, import_file
from ledger.inputs import (
    PredictionInput,
    parse_bool,
    parse_tags,
    resolve_probability,
    validate_deadline,
    validate_prediction,
    validate_resolution,
)
from ledger.state import OUTCOMES
from ledger.store import load_row


def yardstick_option(f: Any) -> Any:
    return click.option(
        "--yardstick", metavar="NAME", help="Hedge-word table (default: settings, else capphrase)."
    )(f)


def describe(item: PredictionInput) -> str:
    p = item.probability
    if p.basis == "hedge":
        prob = f"{p.value} (hedge {p.hedge!r} on yardstick {p.yardstick})"
    else:
        prob = f"{p.value} ({p.basis})"
    return f"deadline {item.deadline} ({item.deadline_reading}); probability {prob}"


@click.command("add")
@click.argument("statement")
@click.option("--pundit", required=True, help="Who made the prediction.")
@click.option(
    "--deadline", required=True, metavar="WHEN", help="2027-06-30, 'end of 2027', 'Q2 2027', 'in 6 months'."
)
@click.option("--quote", help="The exact words, when STATEMENT is a normalized claim.")
@click.option("--source-url", help="Where the words were published.")
@click.option("--source-title", help="Title of the source.")
@click.option("--published", metavar="DATE", help="When the source was published.")
@click.option("--made", metavar="DATE", help="When the statement was made (default: published, else today).")
@click.option("--probability", metavar="P", help="0.7 or 70%.")
@click.option(
    "--basis",
    type=click.Choice(["stated", "assigned"]),
    help="Whose number --probability is (default: assigned).",
)
@click.option("--hedge", metavar="WORDS", help="The pundit's hedge words, e.g. 'will likely'.")
@yardstick_option
@click.option("--criteria", help="How the prediction will be judged.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--note", help="A researcher's note (e.g. why this deadline).")
@click.option("--private", is_flag=True, help="Never show on public pages, feeds or emails.")
@click.option("--reason", default="recorded from the command line", show_default=True)
@pass_app
def add(app: App, statement: str, tags: tuple[str, ...], reason: str, **fields: Any) -> None:
    """Record a prediction; prints its new id.

    \b
    Example:
      pundit-ledger add "US-Iran talks yield only minor, temporary understandings" \\
          --pundit "Lucas Evans" --hedge "will likely" --deadline "in 6 months" \\
          --published 2026-11-01 --criteria "YES if only interim measures are agreed" \\
          --tag iran --tag diplomacy
    """
    raw = {k: v for k, v in fields.items() if v is not None and k != "yardstick"}
    raw.update(statement=statement, tags=list(tags), private=fields["private"])
    if fields["yardstick"]:
        raw["yardstick"] = fields["yardstick"]
    item = validate_prediction(raw, default_yardstick=app.yardstick_name(None), now=app.now())
    result = app.ledger().record([item], [reason])
    if result.already:
        existing = result.already[0][1]
        raise InputError(f"this prediction is already recorded as {existing}")
    pid = result.recorded[0]
    click.echo(f"recorded prediction {pid}: {describe(item)}")


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from the file's extension.")
@yardstick_option
@pass_app
def import_(app: App, file: Path, fmt: str | None, yardstick: str | None) -> None:
    """Import predictions from a CSV, JSON or YAML file (all or nothing).

    Rows already in the ledger (same pundit, words, source and day) are skipped, so
    importing a file twice records nothing new.

    \b
    Example:
      pundit-ledger import data/examples/predictions.csv
    """
    if not file.exists():
        raise InputError(f"{file}: no such file")
    ledger = app.ledger()
    report = import_file(ledger, file, default_yardstick=app.yardstick_name(yardstick), fmt=fmt)
    recorded, already = len(report.result.recorded), len(report.result.already)
    if recorded:
        ids = report.result.recorded
        span = f"{ids[0]}" if recorded == 1 else f"{ids[0]}..{ids[-1]}"
        click.echo(f"imported {recorded} prediction(s) from {file} (ids {span})")
    if already:
        click.echo(f"{already} of {report.rows} row(s) already in the ledger; recorded nothing for them")
    if not recorded:
        click.echo("nothing new recorded")


@click.command("amend")
@click.argument("pid", metavar="ID", type=int)
@click.option("--reason", required=True, help="Why (kept in the history).")
@click.option("--deadline", metavar="WHEN", help="A new deadline (relative to the made date).")
@click.option("--criteria", help="New judging criteria.")
@click.option("--probability", metavar="P", help="A new probability (basis: assigned unless --basis).")
@click.option("--basis", type=click.Choice(["stated", "assigned"]))
@click.option("--hedge", metavar="WORDS", help="New hedge words (probability from the yardstick).")
@yardstick_option
@click.option("--tag", "tags", multiple=True, help="Replace the tags (repeatable).")
@click.option("--statement", help="A corrected statement.")
@click.option("--quote", help="A corrected quote.")
@click.option("--note", help="A new researcher's note.")
@click.option("--private/--public", default=None, help="Change visibility.")
@pass_app
def amend(app: App, pid: int, reason: str, tags: tuple[str, ...], **fields: Any) -> None:
    """Append a correction to a prediction; the original stays in its history.

    \b
    Example:
      pundit-ledger amend 3 --deadline 2027-12-31 --reason "talks extended to 2027"
    """
    ledger = app.ledger()
    with connect(ledger.engine) as conn:
        current = load_row(conn, pid)
    changes: dict[str, Any] = {}
    for name in ("criteria", "statement", "quote", "note"):
        if fields[name] is not None:
            changes[name] = fields[name].strip() or None
    if fields["deadline"] is not None:
        changes["deadline"] = validate_deadline(fields["deadline"], current.made).canonical
    if fields["probability"] is not None or fields["hedge"] is not None:
        raw = {k: fields[k] for k in ("probability", "hedge", "yardstick") if fields[k] is not None}
        p = resolve_probability(raw, app.yardstick_name(fields["yardstick"]), basis=fields["basis"])
        changes.update(probability=p.value, basis=p.basis, hedge=p.hedge, yardstick=p.yardstick)
    if tags:
        changes["tags"] = parse_tags(list(tags))
    if fields["private"] is not None:
        changes["private"] = parse_bool(fields["private"], "private")
    if not changes:
        raise InputError("nothing to amend: give at least one of --deadline, --criteria, --probability, ...")
    if changes.get("statement", "x") is None:
        raise InputError("the statement cannot be empty")
    appended, changed = ledger.amend(pid, changes, reason)
    click.echo(f"amended prediction {pid} (event {appended.seq}): {', '.join(changed)}")


@click.command("resolve")
@click.argument("pid", metavar="ID", type=int)
@click.option("--outcome", required=True, type=click.Choice(OUTCOMES, case_sensitive=False))
@click.option("--note", required=True, help="What happened, in a sentence.")
@click.option("--evidence", multiple=True, metavar="URL", help="A source for the outcome (repeatable).")
@click.option("--known-on", metavar="DATE", help="When the outcome became known (default: today).")
@click.option("--reason", help="Required to resolve an already resolved prediction again.")
@pass_app
def resolve(
    app: App,
    pid: int,
    outcome: str,
    note: str,
    evidence: tuple[str, ...],
    known_on: str | None,
    reason: str | None,
) -> None:
    """Record the outcome of a prediction.

    Outcomes: yes, no, partial (scored 0.5), annulled (a premise failed) and ambiguous
    (too unclear to judge); the last two are not scored.

    \b
    Example:
      pundit-ledger resolve 3 --outcome yes --note "Only an interim memorandum was signed" \\
          --evidence https://example.org/report --known-on 2026-11-20
    """
    now = app.now()
    resolution = validate_resolution(
        outcome, note.strip() or None, list(evidence), known_on or now.date(), now=now
    )
    appended = app.ledger().resolve(pid, resolution, reason)
    click.echo(f"resolved prediction {pid} as {resolution.outcome} (event {appended.seq})")


COMMANDS = [add, import_, amend, resolve]
