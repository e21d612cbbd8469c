"""Splitting paragraphs into sentences: pysbd for prose, own rules for the rest.

pysbd (a rule-based port of the Golden Rules sentence boundary suite) knows abbreviations
("U.S.", "Gen.", "e.g.", "p.m."), decimals and quotes. Around it:

- a bullet line ("- ", "* ", "• ", "1. ", "2) ") is its own unit, marker stripped;
- a headline (a short line with no closing punctuation) is one sentence, never merged;
- ASCII diagrams (box rules, arrows) are dropped;
- a fragment pysbd cut after an abbreviation (it starts with ",", ";" or a lower-case
  letter) is joined back to the sentence before;
- ``clauses`` splits a semicolon-joined sentence into its independent clauses, so that
  "The US will claim X; Iran will claim Y" gives two candidates that quote one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ledger.extract.text import is_prose

PROSE, BULLET, HEADLINE = "prose", "bullet", "headline"

_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪–]|\d{1,2}[.)])\s+(?P<body>\S.*)$")
_TERMINAL = tuple('.!?:;…"”’)')
_MAX_HEADLINE_WORDS = 20
_MIN_CLAUSE_WORDS = 3


@dataclass(frozen=True)
class Sentence:
    """One sentence exactly as it stands in the text, and what kind of line held it."""

    text: str
    kind: str  # PROSE, BULLET or HEADLINE
    paragraph: int


@cache
def _segmenter() -> object:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def segment(text: str) -> list[str]:
    """pysbd's sentences of one paragraph, stripped, with abbreviation cuts repaired."""
    pieces = [p.strip() for p in _segmenter().segment(text)]  # type: ignore[attr-defined]
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and (piece[0] in ",;:)" or piece[0].islower()):
            out[-1] = f"{out[-1]}{'' if piece[0] in ',;:)' else ' '}{piece}"
        else:
            out.append(piece)
    return out


def is_headline(line: str) -> bool:
    """A short line without closing punctuation: a title or a section heading."""
    return not line.rstrip().endswith(_TERMINAL) and len(line.split()) <= _MAX_HEADLINE_WORDS


def split_sentences(paragraphs: list[str] | tuple[str, ...]) -> list[Sentence]:
    """Every sentence of the article, in order, with repeated headlines kept once."""
    sentences: list[Sentence] = []
    seen_headlines: set[str] = set()
    for number, raw in enumerate(paragraphs):
        line = " ".join(raw.split())
        if not line or not is_prose(line):
            continue
        bullet = _BULLET.match(line)
        if bullet:
            sentences += [Sentence(s, BULLET, number) for s in segment(bullet.group("body"))]
        elif is_headline(line):
            if line.casefold() not in seen_headlines:
                seen_headlines.add(line.casefold())
                sentences.append(Sentence(line, HEADLINE, number))
        else:
            sentences += [Sentence(s, PROSE, number) for s in segment(line)]
    return sentences


def clauses(sentence: str) -> list[str]:
    """The independent clauses of a semicolon-joined sentence (the sentence itself if none).

    A part too short to be a clause of its own ("X; so be it") stays with its neighbour.
    """
    parts = [p.strip() for p in sentence.split(";")]
    if len(parts) == 1:
        return [sentence.strip()]
    out: list[str] = []
    for part in parts:
        if (out and len(part.split()) <= _MIN_CLAUSE_WORDS) or (
            out and len(out[-1].split()) <= _MIN_CLAUSE_WORDS
        ):
            out[-1] = f"{out[-1]}; {part}"
        else:
            out.append(part)
    return [c for c in out if c]
