"""Scoring the extractor against hand labels (the format of ../shared/commentary/labels.json).

A labels file is ``{"documents": {FILE: {"author", "title", "sentences": [...]}}}``, FILE
relative to the labels file; each sentence has ``quote``, ``kind`` (explicit, implicit or
not), ``hedge`` and ``deadline_text``, and may have ``conditional`` (bool),
``attributed_to`` (a name) and, per document, ``published`` (YYYY-MM-DD).

Definitions, per document and pooled over all of them:

- a sentence is *proposed* when at least one candidate quotes it; a sentence and a label
  match when their quotes are equal after folding (Unicode NFKC, curly quotes to straight,
  dashes to "-", whitespace collapsed, case folded);
- TP = explicit labels proposed; FN = explicit labels not proposed; FP = proposed sentences
  labelled ``not`` or not labelled at all; sentences labelled ``implicit`` count in neither;
- precision = TP / (TP + FP), recall = TP / (TP + FN) (shown as "-" when the denominator is 0);
- hedge accuracy, over TP: the hedge of the sentence's first candidate equals the label's
  hedge after folding case and whitespace;
- deadline accuracy, over TP: the first candidate's ``deadline_text`` equals the label's after
  the same folding and dropping one leading preposition ("by", "before", "until", "in",
  "within", ...), so "until the next election cycle" = "the next election cycle"; both null
  counts as correct;
- conditional and attribution accuracy, over TP labels that give those fields.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ledger.errors import InputError
from ledger.extract.candidates import Candidate, extract
from ledger.extract.text import load_document
from ledger.when import parse_day
from ledger.yardstick import Yardstick

KINDS = ("explicit", "implicit", "not")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "‑": "-"})  # fmt: skip
_PREPOSITION = re.compile(
    r"^(?:by|before|until|till|in|within|during|over|through|after|for|at|on|around|"
    r"no\s+later\s+than|ahead\s+of)\s+"
)


def fold(text: str | None) -> str | None:
    """Text compared without regard to case, whitespace, quote characters or dash kinds."""
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split()).casefold()


def fold_deadline_text(text: str | None) -> str | None:
    folded = fold(text)
    return _PREPOSITION.sub("", folded) if folded else None


@dataclass
class Score:
    """Counts for one document (or all of them) and the sentences behind the errors."""

    name: str
    explicit: int = 0
    implicit: int = 0
    negative: int = 0
    proposed: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    hedge_ok: int = 0
    deadline_ok: int = 0
    conditional_ok: int = 0
    conditional_n: int = 0
    attributed_ok: int = 0
    attributed_n: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def hedge_accuracy(self) -> float | None:
        return self.hedge_ok / self.tp if self.tp else None

    @property
    def deadline_accuracy(self) -> float | None:
        return self.deadline_ok / self.tp if self.tp else None

    def add(self, other: Score) -> None:
        for name in ("explicit", "implicit", "negative", "proposed", "tp", "fp", "fn", "hedge_ok",
                     "deadline_ok", "conditional_ok", "conditional_n", "attributed_ok",
                     "attributed_n"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


def load_labels(path: Path) -> dict[str, dict[str, Any]]:
    """The documents of a labels file, checked; raises ``InputError`` naming what is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    documents = raw.get("documents") if isinstance(raw, dict) else None
    if not isinstance(documents, dict) or not documents:
        raise InputError(f"{path}: expected {{'documents': {{FILE: {{'sentences': [...]}}}}}}")
    for name, doc in documents.items():
        sentences = doc.get("sentences") if isinstance(doc, dict) else None
        if not isinstance(sentences, list):
            raise InputError(f"{path}: document {name!r} has no 'sentences' list")
        for i, label in enumerate(sentences, start=1):
            if not isinstance(label, dict) or not isinstance(label.get("quote"), str):
                raise InputError(f"{path}: {name} sentence {i}: needs a 'quote'")
            if label.get("kind") not in KINDS:
                raise InputError(f"{path}: {name} sentence {i}: kind must be one of {', '.join(KINDS)}")
    return documents


def evaluate(path: Path, yardstick: Yardstick, *, today: datetime) -> list[Score]:
    """One ``Score`` per document of the labels file at ``path``."""
    scores = []
    for name, doc in load_labels(path).items():
        source = path.parent / name
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise InputError(f"{source}: cannot read: {exc.strerror}") from None
        published = parse_day(doc["published"]) if doc.get("published") else today
        document = load_document(data, name=str(source))
        candidates = extract(document, doc.get("author") or "the author", published, yardstick)
        scores.append(score_document(name, doc["sentences"], candidates))
    return scores


def score_document(name: str, labels: list[dict[str, Any]], candidates: list[Candidate]) -> Score:
    """Compare the candidates of one document with its labels."""
    score = Score(name)
    first: dict[str, Candidate] = {}
    for candidate in candidates:
        first.setdefault(fold(candidate.sentence) or "", candidate)
    score.proposed = len(first)
    labelled = {fold(label["quote"]): label for label in labels}
    for label in labels:
        kind = label["kind"]
        score.explicit += kind == "explicit"
        score.implicit += kind == "implicit"
        score.negative += kind == "not"
        if kind != "explicit":
            continue
        found = first.get(fold(label["quote"]) or "")
        if found is None:
            score.fn += 1
            score.errors.append(f"missed: {label['quote']}")
            continue
        score.tp += 1
        _score_fields(score, label, found)
    for key, candidate in first.items():
        label = labelled.get(key)
        if label is None or label["kind"] == "not":
            score.fp += 1
            why = "labelled not" if label else "unlabelled"
            score.errors.append(f"false alarm ({why}): {candidate.sentence} [{candidate.reason}]")
    return score


def _score_fields(score: Score, label: dict[str, Any], found: Candidate) -> None:
    if fold(found.hedge) == fold(label.get("hedge")):
        score.hedge_ok += 1
    else:
        score.errors.append(f"hedge {found.hedge!r} != {label.get('hedge')!r}: {label['quote']}")
    if fold_deadline_text(found.deadline_text) == fold_deadline_text(label.get("deadline_text")):
        score.deadline_ok += 1
    else:
        score.errors.append(
            f"deadline text {found.deadline_text!r} != {label.get('deadline_text')!r}: {label['quote']}"
        )
    if "conditional" in label:
        score.conditional_n += 1
        score.conditional_ok += bool(label["conditional"]) == found.conditional
    if "attributed_to" in label:
        score.attributed_n += 1
        expected = fold(re.sub(r"^the\s+", "", label.get("attributed_to") or "", flags=re.I))
        got = fold(re.sub(r"^the\s+", "", found.attributed_to or "", flags=re.I))
        score.attributed_ok += expected == got


def total(scores: list[Score]) -> Score:
    pooled = Score("overall")
    for score in scores:
        pooled.add(score)
    pooled.errors = [e for s in scores for e in (f"{s.name}: {x}" for x in s.errors)]
    return pooled


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def table_rows(scores: list[Score]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (one per document, then the pooled total) for a printed table."""
    headers = ["document", "explicit", "implicit", "not", "proposed", "TP", "FP", "FN",
               "precision", "recall", "hedge acc", "deadline acc"]  # fmt: skip
    rows = []
    for s in [*scores, total(scores)]:
        rows.append([s.name, str(s.explicit), str(s.implicit), str(s.negative), str(s.proposed),
                     str(s.tp), str(s.fp), str(s.fn), _ratio(s.precision), _ratio(s.recall),
                     _ratio(s.hedge_accuracy), _ratio(s.deadline_accuracy)])  # fmt: skip
    return headers, rows
