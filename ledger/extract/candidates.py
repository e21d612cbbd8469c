"""The extraction pipeline: an article in, candidate predictions out.

``extract(text, pundit, published, yardstick)`` splits the article into sentences, each
sentence into its semicolon clauses, classifies every clause, reads the hedge words on the
yardstick (or takes the stated number), finds the time frame and rewrites the claim. A
clause becomes a ``Candidate`` when it is a forecast; ``decisions`` also gives the reason for
every sentence that was not proposed.

Beyond ``classify``: a "may/might/could" forecast needs a time frame; a forecast whose time
frame ended before publication ("in 2018" in a 2026 article) is a past event; hedge words
the yardstick cannot read are tried shorter ("is widely expected to" as "is expected to").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from ledger.errors import InputError
from ledger.extract.claim import make_claim
from ledger.extract.classify import Verdict, classify
from ledger.extract.markers import ADV, Marker
from ledger.extract.sentences import BULLET, HEADLINE, Sentence, clauses, split_sentences
from ledger.extract.text import Document
from ledger.extract.timeframe import TimeFrame, find_timeframe
from ledger.yardstick import HedgeReading, Yardstick


@dataclass(frozen=True)
class Candidate:
    """One proposed prediction, with everything a researcher needs to accept or edit it."""

    sentence: str
    claim: str
    pundit: str
    hedge: str
    probability: float
    basis: str  # "hedge" or "stated"
    probability_note: str
    hedge_read: str | None = None  # the words the yardstick read (None for stated numbers)
    yardstick: str | None = None
    negated: bool = False
    attributed_to: str | None = None
    deadline: str | None = None  # YYYY-MM-DD, end of that day UTC
    deadline_text: str | None = None
    deadline_reading: str | None = None
    conditional: bool = False
    kind: str = "prose"
    reason: str = ""

    @property
    def needs_deadline(self) -> bool:
        return self.deadline is None

    @property
    def flags(self) -> list[str]:
        out = []
        if self.conditional:
            out.append("conditional")
        if self.attributed_to:
            out.append(f"attributed to {self.attributed_to}")
        if self.needs_deadline:
            out.append("needs deadline")
        if self.kind != "prose":
            out.append(self.kind)
        return out


@dataclass(frozen=True)
class Decision:
    """What became of one sentence: the candidates it gave, or why none."""

    sentence: Sentence
    candidates: list[Candidate] = field(default_factory=list)
    reason: str = ""


def extract(text: str | Document, pundit: str, published: datetime, yardstick: Yardstick) -> list[Candidate]:
    """The candidate predictions in ``text``, in document order."""
    return [c for d in decisions(text, pundit, published, yardstick) for c in d.candidates]


def decisions(text: str | Document, pundit: str, published: datetime, yardstick: Yardstick) -> list[Decision]:
    """One decision per sentence of ``text``, proposed or not, with its reason."""
    paragraphs = text.paragraphs if isinstance(text, Document) else tuple(text.splitlines())
    out: list[Decision] = []
    seen: set[tuple[str, str]] = set()
    for sentence in split_sentences(paragraphs):
        found: list[Candidate] = []
        reasons: list[str] = []
        for clause in clauses(sentence.text):
            candidate, why = _candidate(sentence, clause, pundit, published, yardstick)
            if candidate is None:
                reasons.append(why)
            elif (candidate.sentence, candidate.claim) not in seen:
                seen.add((candidate.sentence, candidate.claim))
                found.append(candidate)
        out.append(Decision(sentence, found, "; ".join(reasons) if not found else found[0].reason))
    return out


def _candidate(
    sentence: Sentence, clause: str, pundit: str, published: datetime, yardstick: Yardstick
) -> tuple[Candidate | None, str]:
    verdict = classify(clause)
    if not verdict.proposed or verdict.marker is None:
        return None, verdict.reason
    marker = verdict.marker
    frame = find_timeframe(clause, published)
    if verdict.weak and frame is None:
        return None, f"a possibility with no time frame ({marker.words!r})"
    if frame is not None and frame.deadline is not None and frame.deadline.instant < published:
        return None, f"a past event: {frame.text!r} ended before publication"
    probability = _probability(marker, yardstick)
    for other in verdict.alternatives:
        if probability is not None:
            break
        probability, marker = _probability(other, yardstick), other
        verdict = replace(verdict, marker=other)
    if probability is None:
        return None, f"hedge words {marker.words!r} unknown to yardstick {yardstick.name!r}"
    value, basis, note, reading = probability
    why = verdict.reason
    if sentence.kind == HEADLINE:
        why = f"a headline forecast; {why}"
    elif sentence.kind == BULLET:
        why = f"a forecast in a bullet list; {why}"
    if verdict.conditional:
        why += "; conditional"
    return _build(sentence, verdict, frame, pundit, value, basis, note, reading, why), why


def _build(
    sentence: Sentence,
    verdict: Verdict,
    frame: TimeFrame | None,
    pundit: str,
    value: float,
    basis: str,
    note: str,
    reading: HedgeReading | None,
    why: str,
) -> Candidate:
    marker = verdict.marker
    assert marker is not None
    deadline = frame.deadline if frame else None
    return Candidate(
        sentence=sentence.text,
        claim=make_claim(verdict, headline=sentence.kind == HEADLINE),
        pundit=verdict.attributed_to or pundit,
        hedge=" ".join(marker.words.split()),
        probability=value,
        basis=basis,
        probability_note=note,
        hedge_read=reading.words if reading else None,
        yardstick=reading.yardstick if reading else None,
        negated=reading.negated if reading else False,
        attributed_to=verdict.attributed_to,
        deadline=deadline.instant.date().isoformat() if deadline else None,
        deadline_text=frame.text if frame else None,
        deadline_reading=deadline.reading if deadline else None,
        conditional=verdict.conditional,
        kind=sentence.kind,
        reason=why,
    )


def _probability(marker: Marker, yardstick: Yardstick) -> tuple[float, str, str, HedgeReading | None] | None:
    if marker.probability is not None:
        return marker.probability, "stated", marker.note or "stated", None
    reading = read_hedge(marker.words, yardstick)
    if reading is None:
        return None
    note = f"yardstick {yardstick.name!r} reads {reading.words!r} as {reading.phrase!r}"
    note += f", negated: 1 - p = {reading.probability}" if reading.negated else f" = {reading.probability}"
    return reading.probability, "hedge", note, reading


def read_hedge(words: str, yardstick: Yardstick) -> HedgeReading | None:
    """The yardstick's reading of ``words``, trying shorter forms when it does not know them."""
    folded = " ".join(words.split())
    for attempt in _shorter_forms(folded):
        try:
            return yardstick.read(attempt)
        except InputError:
            continue
    return None


def _shorter_forms(words: str) -> list[str]:
    """'is widely expected to' -> ['is widely expected to', 'is expected to', ...]."""
    forms = [words]
    if re.fullmatch(r"expects?|expected", words, re.I):
        forms.append("expected to")  # "the IMF expects X to Y"
    if re.fullmatch(r"predicts?|forecasts?", words, re.I):
        forms.append("will")  # "the IMF predicts X": an unhedged forecast
    no_mods = re.sub(
        r"\b(?:very|highly|quite|fairly|extremely|increasingly|now|widely|most|all\s+but|more\s+than|"
        r"virtually|practically|nearly|well)\s+",
        "",
        words,
        flags=re.I,
    )
    forms.append(no_mods)
    negated = bool(re.search(r"\b(?:not|never)\b|n['’]t\b", words, re.I))
    core = re.sub(rf"\b{ADV}\s*", "", no_mods, flags=re.I).strip()
    forms.append(core)
    if re.search(r"\b(?:will|shall|won['’]t|['’]ll)\b", words, re.I) or re.match(r"^['’]ll", words):
        forms.append("will not" if negated else "will")
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]
