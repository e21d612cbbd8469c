"""Commands that read the ledger: list, show, pundits, export, yardstick."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ledger.cli.app import App, pass_app
from ledger.cli.table import render_table, shorten
from ledger.files import FORMATS, export_records, render_export
from ledger.queries import (
    STATUSES,
    PredictionView,
    get_prediction,
    history,
    list_predictions,
    pundit_summaries,
)
from ledger.state import AMENDED, RECORDED, RESOLVED
from ledger.when import parse_deadline
from ledger.yardstick import available_yardsticks, load_yardstick


def _json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.command("list")
@click.option("--pundit", help="Only this pundit (name or slug).")
@click.option("--status", type=click.Choice(STATUSES), help="open, due (deadline passed) or resolved.")
@click.option("--tag", help="Only predictions with this tag.")
@click.option("--due-before", metavar="WHEN", help="Deadline before this date or phrase.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def list_(
    app: App, pundit: str | None, status: str | None, tag: str | None, due_before: str | None, as_json: bool
) -> None:
    """List predictions.

    \b
    Example:
      pundit-ledger list --status open --tag iran --due-before "end of 2027"
    """
    now = app.now()
    before = None
    if due_before:
        try:
            before = parse_deadline(due_before, now).canonical
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--due-before") from None
    views = list_predictions(
        app.ready_engine(), now=now, pundit=pundit, status=status, tag=tag, due_before=before
    )
    if as_json:
        _json([v.as_dict() for v in views])
        return
    if not views:
        click.echo("no predictions match")
        return
    rows = [
        (v.id, v.status + (" (private)" if v.private else ""), f"{v.probability:.2f}", v.deadline[:10],
         shorten(v.pundit, 24), shorten(v.statement, 70))
        for v in views
    ]  # fmt: skip
    click.echo(render_table(["ID", "STATUS", "P", "DEADLINE", "PUNDIT", "STATEMENT"], rows))


@click.command("show")
@click.argument("pid", metavar="ID", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (fields and history).")
@pass_app
def show(app: App, pid: int, as_json: bool) -> None:
    """Show one prediction with its full event history.

    \b
    Example:
      pundit-ledger show 3
    """
    engine = app.ready_engine()
    view = get_prediction(engine, pid, now=app.now())
    events = history(engine, pid)
    if as_json:
        _json({**view.as_dict(), "history": [e.as_dict() for e in events]})
        return
    click.echo(_describe(view))
    click.echo("\nHistory:")
    for event in events:
        click.echo(f"  #{event.seq}  {event.at}  {event.actor}  {event.kind}: {event.reason}")
        for line in _event_lines(event.kind, event.data):
            click.echo(f"      {line}")


def _describe(v: PredictionView) -> str:
    if v.basis == "hedge":
        prob = f"{v.probability} (hedge {v.hedge!r}, yardstick {v.yardstick})"
    else:
        prob = f"{v.probability} ({v.basis}" + (f"; hedge words {v.hedge!r}" if v.hedge else "") + ")"
    lines = [
        f"Prediction {v.id}  [{v.status}]" + ("  PRIVATE" if v.private else ""),
        f"Pundit:       {v.pundit}",
        f"Statement:    {v.statement}",
    ]
    optional = [
        ("Quote", f"“{v.quote}”" if v.quote else None),
        (
            "Source",
            " ".join(x for x in (v.source_title, f"<{v.source_url}>" if v.source_url else None) if x) or None,
        ),
        ("Published", v.published),
        ("Made", v.made),
        ("Deadline", v.deadline),
        ("Probability", prob),
        ("Criteria", v.criteria),
        ("Tags", ", ".join(v.tags) or None),
        ("Note", v.note),
    ]
    if v.outcome:
        optional += [
            ("Outcome", v.outcome + (f" (known on {v.known_on})" if v.known_on else "")),
            ("Outcome note", v.outcome_note),
            ("Evidence", " ".join(v.evidence) or None),
        ]
    lines += [f"{(label + ':').ljust(13)} {value}" for label, value in optional if value is not None]
    return "\n".join(lines)


def _event_lines(kind: str, data: dict[str, Any]) -> list[str]:
    if kind == RECORDED:
        keys = ("deadline", "probability", "basis", "hedge", "criteria")
        return [f"original {k}: {data[k]}" for k in keys if data.get(k) is not None]
    if kind == AMENDED:
        return [f"{k} → {v}" for k, v in sorted(data["changes"].items())]
    if kind == RESOLVED:
        lines = [
            f"outcome: {data['outcome']}" + (f", known on {data['known_on']}" if data.get("known_on") else "")
        ]
        if data.get("note"):
            lines.append(f"note: {data['note']}")
        lines += [f"evidence: {url}" for url in data.get("evidence") or []]
        return lines
    return []


@click.command("pundits")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def pundits(app: App, as_json: bool) -> None:
    """List pundits with their prediction counts.

    \b
    Example:
      pundit-ledger pundits
    """
    summaries = pundit_summaries(app.ready_engine(), now=app.now())
    if as_json:
        _json([s.__dict__ for s in summaries])
        return
    rows = [(s.name, s.slug, s.total, s.open, s.due, s.resolved) for s in summaries]
    click.echo(render_table(["PUNDIT", "SLUG", "TOTAL", "OPEN", "DUE", "RESOLVED"], rows))


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write here (default: stdout).")
@click.option("--include-private", is_flag=True, help="Include predictions marked private.")
@pass_app
def export(app: App, fmt: str, out: Path | None, include_private: bool) -> None:
    """Export the current predictions in the import format.

    \b
    Example:
      pundit-ledger export --format json --out predictions.json
    """
    views = list_predictions(app.ready_engine(), now=app.now(), include_private=include_private)
    text = render_export(export_records(views), fmt)
    if out is None:
        click.echo(text, nl=False)
        return
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(out)
    click.echo(f"exported {len(views)} prediction(s) to {out}", err=True)


@click.command("yardstick")
@click.option("--yardstick", "name", metavar="NAME", help="Show this table instead of the one in use.")
@click.option("--list", "list_all", is_flag=True, help="List the available tables.")
@pass_app
def yardstick(app: App, name: str | None, list_all: bool) -> None:
    """Print the hedge-word table in use (or --list them all).

    \b
    Example:
      pundit-ledger yardstick --yardstick icd203
    """
    if list_all:
        for stem in available_yardsticks():
            table = load_yardstick(stem)
            click.echo(f"{stem:16} {table.title}")
        return
    table = load_yardstick(app.yardstick_name(name))
    click.echo(f"{table.name}: {table.title}")
    click.echo(f"Source: {table.source}" + (f" <{table.url}>" if table.url else ""))
    if table.license:
        click.echo(f"License: {table.license}")
    if table.method:
        click.echo(f"Method: {table.method}")
    click.echo("")
    click.echo(render_table(["PHRASE", "P", "FROM"], [(p, f"{v:.2f}", o) for p, v, o in table.rows()]))
    click.echo("\nNegations ('will never', 'won't', 'is not likely to') give 1 - p.")


COMMANDS = [list_, show, pundits, export, yardstick]
