"""Reading commentary from the command line: extract and extract-eval.

``extract`` turns an article (a file or a URL) into a review file in the import format, or,
with ``--interactive``, asks about each candidate and records the accepted ones in one go.
``extract-eval`` scores the extractor against a labels file. URLs are fetched under the
project's HTTP policy (``jobs.http``); this module is the only part of ``ledger`` that uses it.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from jobs.http import FetchError, fetch
from ledger.cli.app import App, pass_app
from ledger.cli.record import describe, yardstick_option
from ledger.cli.table import render_table, shorten
from ledger.errors import InputError
from ledger.extract.candidates import Candidate, decisions
from ledger.extract.evaluate import evaluate, table_rows, total
from ledger.extract.review import render_review, review_row
from ledger.extract.text import Document, load_document
from ledger.inputs import PredictionInput, validate_prediction
from ledger.store import Ledger
from ledger.when import format_timestamp, parse_day, start_of_day
from ledger.yardstick import load_yardstick

_URL = re.compile(r"^https?://", re.I)


def _load(source: str) -> tuple[Document, str | None]:
    """The article at ``source`` (a path or an http(s) URL) and its URL, if any."""
    if _URL.match(source):
        try:
            response = fetch(source)
        except FetchError as exc:
            raise InputError(str(exc)) from None
        return load_document(response.content, name=source, content_type=response.content_type), response.url
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror}") from None
    return load_document(data, name=source), None


def _published(given: str | None, document: Document, now: datetime) -> tuple[datetime, str | None]:
    """The reference instant for time frames, and the published date to write (if known)."""
    text = given or document.published
    if not text:
        click.echo("warning: no publication date (give --published); time frames count from today", err=True)
        return start_of_day(now.date()), None
    try:
        day = parse_day(text)
    except ValueError as exc:
        raise InputError(f"--published: {exc}") from None
    if day > now:
        raise InputError(f"--published {format_timestamp(day)} is in the future")
    return day, day.date().isoformat()


def _summary(candidates: list[Candidate]) -> str:
    rows = [
        [str(i), shorten(c.pundit, 18), f"{c.probability:g}", shorten(c.hedge, 16),
         c.deadline or "SET ONE", ", ".join(c.flags) or "-", shorten(c.claim, 60)]
        for i, c in enumerate(candidates, start=1)
    ]  # fmt: skip
    return render_table(["#", "pundit", "p", "hedge", "deadline", "flags", "claim"], rows)


@click.command("extract")
@click.argument("source", metavar="FILE|URL")
@click.option("--pundit", required=True, help="The author of the piece.")
@click.option(
    "--published", metavar="DATE", help="When it was published (default: the page's date, else today)."
)
@click.option("--title", help="Source title (default: the page's title, else the first headline).")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the review file here (default: stdout).",
)
@yardstick_option
@click.option(
    "--interactive", is_flag=True, help="Accept, edit or skip each candidate; record the accepted ones."
)
@click.option("--explain", is_flag=True, help="Also list every sentence not proposed, and why.")
@pass_app
def extract_cmd(
    app: App,
    source: str,
    pundit: str,
    published: str | None,
    title: str | None,
    out: Path | None,
    yardstick: str | None,
    interactive: bool,
    explain: bool,
) -> None:
    """Propose the forecasts in an article (text, HTML or URL) for review.

    Writes a review file in the import format: keep, edit or delete each prediction, set
    every TODO deadline, then run 'pundit-ledger import' on it. The table of candidates
    goes to stderr.

    \b
    Example:
      pundit-ledger extract column.txt --pundit "Lucas Evans" --published 2026-11-01 \\
          --out review.yaml
      pundit-ledger import review.yaml        # after setting the TODO deadlines
      pundit-ledger extract https://example.org/column --pundit "Jane Roe" --interactive
    """
    if not pundit.strip():
        raise InputError("--pundit is empty")
    ledger = app.ledger() if interactive else None  # fail before the review, not after it
    document, url = _load(source)
    reference, published_day = _published(published, document, app.now())
    table = load_yardstick(app.yardstick_name(yardstick))
    found = decisions(document, pundit.strip(), reference, table)
    candidates = [c for d in found for c in d.candidates]
    if explain:
        for d in found:
            if not d.candidates:
                click.echo(f"skipped: {shorten(d.sentence.text, 90)}  [{d.reason}]", err=True)
    context = {"author": pundit.strip(), "source_url": url, "source_title": title or document.title,
               "published": published_day}  # fmt: skip
    if interactive:
        assert ledger is not None
        _interactive(app, ledger, candidates, context, table.name, source)
        return
    click.echo(_summary(candidates) if candidates else "no candidate predictions found", err=True)
    text = render_review(candidates, source=source, **context)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{out}: cannot write: {exc.strerror}") from None
    todo = sum(c.needs_deadline for c in candidates)
    click.echo(f"wrote {len(candidates)} candidate(s) to {out}; {todo} need a deadline", err=True)


def _interactive(
    app: App,
    ledger: Ledger,
    candidates: list[Candidate],
    context: dict[str, Any],
    yardstick: str,
    source: str,
) -> None:
    accepted: dict[str, PredictionInput] = {}
    for number, candidate in enumerate(candidates, start=1):
        row = review_row(candidate, **context)
        click.echo(f"\n[{number}/{len(candidates)}] {candidate.sentence}")
        click.echo(f"  claim: {row['statement']}\n  pundit: {row['pundit']}; p = {row['probability']} "
                   f"({candidate.probability_note}); deadline: {candidate.deadline or 'NOT SET'}"
                   + (f" ({candidate.deadline_text!r})" if candidate.deadline_text else ""))  # fmt: skip
        if candidate.flags:
            click.echo(f"  flags: {', '.join(candidate.flags)}")
        choice = click.prompt("[a]ccept, [e]dit, [s]kip, [q]uit", type=click.Choice(["a", "e", "s", "q"]),
                              show_choices=False)  # fmt: skip
        if choice == "q":
            break
        if choice == "s":
            continue
        item = _accept(app, row, yardstick, edit=choice == "e")
        if item is not None:
            accepted.setdefault(item.content_key, item)
            click.echo(f"  accepted: {describe(item)}")
    if not accepted:
        click.echo("nothing accepted; nothing recorded")
        return
    reasons = [f"extracted from {source} and accepted interactively"] * len(accepted)
    result = ledger.record(list(accepted.values()), reasons)
    ids = ", ".join(map(str, result.recorded)) or "none"
    click.echo(f"recorded {len(result.recorded)} prediction(s) (ids {ids})")
    if result.already:
        click.echo(f"{len(result.already)} already in the ledger; recorded nothing for them")


def _accept(app: App, row: dict[str, Any], yardstick: str, *, edit: bool) -> PredictionInput | None:
    """Validate ``row`` (after the researcher's edits); asks again until it is valid or skipped."""
    while True:
        if edit or str(row["deadline"]).startswith("TODO"):
            row = _edit(row, full=edit)
        try:
            return validate_prediction(row, default_yardstick=yardstick, now=app.now())
        except InputError as exc:
            click.echo(f"  error: {exc}")
            if not click.confirm("  edit it again?", default=True):
                return None
            edit = True


def _edit(row: dict[str, Any], *, full: bool) -> dict[str, Any]:
    row = dict(row)
    if full:
        row["statement"] = click.prompt("  statement", default=row["statement"])
    current = "" if str(row["deadline"]).startswith("TODO") else str(row["deadline"])
    row["deadline"] = click.prompt("  deadline (2027-06-30, 'end of 2027', 'in 6 months')",
                                   default=current or None)  # fmt: skip
    if full:
        probability = click.prompt("  probability", default=str(row["probability"]))
        if probability.strip() != str(row["probability"]):
            row.update(probability=probability.strip(), basis="assigned")
            row.pop("yardstick", None)
    return row


@click.command("extract-eval")
@click.argument("labels", type=click.Path(path_type=Path, dir_okay=False))
@yardstick_option
@click.option("--min-precision", type=click.FloatRange(0, 1), help="Exit 1 if overall precision is lower.")
@click.option("--min-recall", type=click.FloatRange(0, 1), help="Exit 1 if overall recall is lower.")
@click.option("-v", "--verbose", is_flag=True, help="List the misses, false alarms and wrong fields.")
@pass_app
@click.pass_context
def extract_eval(
    ctx: click.Context,
    app: App,
    labels: Path,
    yardstick: str | None,
    min_precision: float | None,
    min_recall: float | None,
    verbose: bool,
) -> None:
    """Score the extractor on a labels file (precision, recall, hedge and deadline accuracy).

    Precision and recall count explicit labels; sentences labelled implicit count in
    neither. Documents without a 'published' date are read as published today.

    \b
    Example:
      pundit-ledger extract-eval ../shared/commentary/labels.json --min-recall 1 --min-precision 0.9
    """
    if not labels.exists():
        raise InputError(f"{labels}: no such file")
    scores = evaluate(labels, load_yardstick(app.yardstick_name(yardstick)), today=app.now())
    click.echo(render_table(*table_rows(scores)))
    pooled = total(scores)
    if pooled.conditional_n or pooled.attributed_n:
        click.echo(
            f"flags on matched labels: conditional {pooled.conditional_ok}/{pooled.conditional_n} "
            f"correct, attributed_to {pooled.attributed_ok}/{pooled.attributed_n} correct"
        )
    if verbose:
        for line in pooled.errors:
            click.echo(f"  {line}")
    precision = 1.0 if pooled.precision is None else pooled.precision  # nothing proposed
    recall = 1.0 if pooled.recall is None else pooled.recall  # nothing to find
    failed = []
    if min_precision is not None and precision < min_precision:
        failed.append(f"precision {precision:.3f} is below {min_precision}")
    if min_recall is not None and recall < min_recall:
        failed.append(f"recall {recall:.3f} is below {min_recall}")
    if failed:
        click.echo(f"failed: {'; '.join(failed)}", err=True)
        ctx.exit(1)


COMMANDS = [extract_cmd, extract_eval]
