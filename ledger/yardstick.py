"""Probability yardsticks: tables that turn hedge words into the probability they imply.

Each table lives in ``data/yardsticks/NAME.yaml`` with its source cited. A table has the
phrases of its source and a shared set of ``assertions`` (the project's convention for
unhedged forecasts such as "will" or "is set to"). Lookups fold case, contractions and filler
words, so "is unlikely to" reads as "unlikely" and "will almost certainly" as "almost
certainly". A negation ("will never", "won't", "is not likely to") flips the probability:
"will never agree" is a low probability that they agree.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from ledger.canonical import round_probability
from ledger.errors import InputError, NotFoundError
from ledger.paths import data_dir

DEFAULT_YARDSTICK = "capphrase"

_FILLERS = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "being", "it", "that", "this", "there", "the",
        "to", "a", "an", "of", "seems", "seem", "appears", "appear",
    }
)  # fmt: skip
_MODALS = frozenset(["will", "shall", "would", "going"])
_NEGATORS = frozenset({"not", "never", "no"})
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\bcannot\b"), "can not"),
)
_NUMERIC = re.compile(r"\d")


@dataclass(frozen=True)
class HedgeReading:
    """What a yardstick made of some hedge words."""

    words: str
    phrase: str
    negated: bool
    probability: float
    yardstick: str


@dataclass(frozen=True)
class Yardstick:
    """One hedge-word table and where its numbers come from."""

    name: str
    title: str
    source: str
    url: str
    license: str
    method: str
    phrases: dict[str, float]
    assertions: dict[str, float]
    _index: dict[str, tuple[str, float]] = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        # Source phrases win over the project's assertions when both fold to the same key.
        for table in (self.assertions, self.phrases):
            for phrase, p in table.items():
                self._index[_fold(phrase)] = (phrase, p)

    def read(self, words: str) -> HedgeReading:
        """The probability that ``words`` imply. Raises ``InputError`` for unknown words."""
        text = words.strip()
        if not text:
            raise InputError("empty hedge words")
        if _NUMERIC.search(text):
            raise InputError(
                f"hedge {text!r} holds a number: that is a stated probability, give it as "
                "--probability (e.g. 0.7 or 70%) with basis 'stated'"
            )
        tokens = _tokens(text)
        found = self._lookup(tokens)
        if found is not None:
            return HedgeReading(text, found[0], False, found[1], self.name)
        negations = sum(1 for t in tokens if t in _NEGATORS)
        positive = [t for t in tokens if t not in _NEGATORS]
        found = self._lookup(positive) if positive else self._index.get("will")
        if found is None and positive and not [t for t in positive if t not in _MODALS | _FILLERS]:
            found = self._index.get("will")  # "is not going to", "will not": a negated assertion
        if found is None:
            raise InputError(self._unknown(text))
        negated = negations % 2 == 1
        p = round_probability(1 - found[1]) if negated else found[1]
        return HedgeReading(text, found[0], negated, p, self.name)

    def _lookup(self, tokens: list[str]) -> tuple[str, float] | None:
        key = " ".join(t for t in tokens if t not in _FILLERS)
        if key in self._index:
            return self._index[key]
        without_modal = " ".join(t for t in tokens if t not in _FILLERS and t not in _MODALS)
        if without_modal and without_modal in self._index:
            return self._index[without_modal]
        return None

    def _unknown(self, text: str) -> str:
        known = sorted({phrase for phrase, _ in self._index.values()})
        close = difflib.get_close_matches(text.lower(), known, n=3, cutoff=0.0)
        return (
            f"unknown hedge words {text!r} in yardstick {self.name!r}; closest known: "
            f"{', '.join(repr(c) for c in close)} (all: pundit-ledger yardstick)"
        )

    def rows(self) -> list[tuple[str, float, str]]:
        """(phrase, probability, origin) sorted from most to least likely."""
        rows = [(p, v, "source") for p, v in self.phrases.items()]
        rows += [(p, v, "assertion") for p, v in self.assertions.items() if p not in self.phrases]
        return sorted(rows, key=lambda r: (-r[1], r[0]))


def _tokens(text: str) -> list[str]:
    folded = text.lower().replace("\u2019", "'").replace("-", " ")
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    return re.findall(r"[a-z']+", folded)


def _fold(phrase: str) -> str:
    return " ".join(t for t in _tokens(phrase) if t not in _FILLERS)


def yardstick_dir() -> Path:
    return data_dir() / "yardsticks"


def available_yardsticks() -> list[str]:
    return sorted(p.stem for p in yardstick_dir().glob("*.yaml"))


@cache
def load_yardstick(name: str = DEFAULT_YARDSTICK) -> Yardstick:
    """Load ``data/yardsticks/NAME.yaml``; raises ``NotFoundError`` naming the known ones."""
    path = yardstick_dir() / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(available_yardsticks())
        raise NotFoundError(f"unknown yardstick {name!r}; known: {known}")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = _table(raw.get("phrases"), path)
    assertions = _table(raw.get("assertions") or {}, path)
    return Yardstick(
        name=name,
        title=str(raw.get("title", name)),
        source=str(raw.get("source", "")),
        url=str(raw.get("url", "")),
        license=str(raw.get("license", "")),
        method=str(raw.get("method", "")),
        phrases=phrases,
        assertions=assertions,
    )


def _table(raw: object, path: Path) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        raise ValueError(f"{path}: 'phrases' must be a non-empty mapping")
    table: dict[str, float] = {}
    for phrase, value in raw.items():
        p = float(value)
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"{path}: {phrase!r} has probability {p} outside [0, 1]")
        table[str(phrase).lower()] = round_probability(p)
    return table
