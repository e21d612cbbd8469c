"""The review file: candidates as an import-format YAML file a researcher edits, then imports.

Each candidate is one mapping under ``predictions:`` with the fields of ``ledger.files``.
A candidate whose text gives no usable deadline gets the placeholder ``TODO_DEADLINE``,
which ``pundit-ledger import`` refuses with the row number ("cannot read deadline
'TODO: set a deadline ...'"), so nothing is recorded until the researcher sets one; the
vague time words, if any, are in the note. Probabilities read from hedge words carry
``basis: hedge`` and the yardstick, so the import re-reads and checks them; stated numbers
carry ``basis: stated``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from ledger.extract.candidates import Candidate

TODO_DEADLINE = "TODO: set a deadline (see note)"


def review_row(
    candidate: Candidate,
    *,
    author: str,
    source_url: str | None = None,
    source_title: str | None = None,
    published: str | None = None,
) -> dict[str, Any]:
    """The import-format mapping for one candidate (``None`` values are left out)."""
    row: dict[str, Any] = {
        "statement": candidate.claim,
        "pundit": candidate.pundit,
        "quote": candidate.sentence,
        "source_url": source_url,
        "source_title": source_title,
        "published": published,
        "deadline": candidate.deadline or TODO_DEADLINE,
        "probability": candidate.probability,
        "basis": candidate.basis,
    }
    if candidate.basis == "hedge":
        row["hedge"] = candidate.hedge_read or candidate.hedge
        row["yardstick"] = candidate.yardstick
    else:
        row["hedge"] = candidate.hedge
    row["tags"] = []
    row["note"] = review_note(candidate, author)
    return {k: v for k, v in row.items() if v is not None}


def review_note(candidate: Candidate, author: str) -> str:
    """Why the candidate was proposed, its flags, and how its numbers were read."""
    parts = [f"Proposed by extract: {candidate.reason}."]
    if candidate.attributed_to:
        parts.append(f"Attributed to {candidate.attributed_to} in a piece by {author}.")
    if candidate.conditional:
        parts.append("Conditional: judge it only if the condition holds.")
    if candidate.deadline_text and candidate.deadline:
        parts.append(f"Time words {candidate.deadline_text!r}: {candidate.deadline_reading}.")
    elif candidate.deadline_text:
        parts.append(f"Needs a deadline: the text says only {candidate.deadline_text!r}.")
    else:
        parts.append("Needs a deadline: the text gives no time frame.")
    parts.append(f"Probability: {candidate.probability_note}.")
    if candidate.hedge_read and candidate.hedge_read != candidate.hedge:
        parts.append(f"Hedge words in the text: {candidate.hedge!r}.")
    return " ".join(parts)


def render_review(
    candidates: Sequence[Candidate],
    *,
    author: str,
    source: str,
    source_url: str | None = None,
    source_title: str | None = None,
    published: str | None = None,
) -> str:
    """The whole review file: a header of instructions, then one commented row per candidate."""
    todo = sum(c.needs_deadline for c in candidates)
    lines = [
        f"# Review file written by 'pundit-ledger extract' from {source}",
        f"# {len(candidates)} candidate prediction(s); {todo} need a deadline (marked TODO).",
        "# Keep, edit or delete each one; set every TODO deadline (2027-06-30, 'end of 2027',",
        "# 'in 6 months'); to change a probability, set basis: assigned and drop the yardstick.",
        "# Then record what is left with:  pundit-ledger import THIS_FILE.yaml",
    ]
    if published is None:
        lines.append("# No publication date was given: time frames were counted from today.")
    if not candidates:
        return "\n".join([*lines, "predictions: []", ""])
    lines.append("predictions:")
    for number, candidate in enumerate(candidates, start=1):
        flags = ", ".join(candidate.flags) or "no flags"
        lines.append(f"# {number}. p={candidate.probability} ({flags})")
        row = review_row(
            candidate,
            author=author,
            source_url=source_url,
            source_title=source_title,
            published=published,
        )
        dumped = yaml.safe_dump([row], sort_keys=False, allow_unicode=True, width=100)
        lines.append(dumped.rstrip("\n"))
    return "\n".join(lines) + "\n"
