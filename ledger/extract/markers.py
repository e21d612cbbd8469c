"""Future markers: the words that make a sentence a forecast, and how sure they sound.

Kinds of marker, strongest first:

- ``stated``: a number: "a 70% chance", "70 per cent likely", "the odds at 30%";
- ``odds``: "3 to 1 against", "odds of 2 to 1 on" (against: b/(a+b); on or unsaid: a/(a+b));
- ``modal``: "will", "won't", "will never", "will likely", "will almost certainly",
  "probably will", "shall" (not "will" the noun: "political will");
- ``copula``: "is set to", "are expected to", "is likely to", "is bound to", "is going to",
  "is unlikely to", "is not expected to";
- ``predicative``: "a deal is inevitable", "war is likely", "collapse is almost certain";
- ``attributive``: "inevitable crisis", "near-certain collapse";
- ``chance``: "a real possibility", "little chance" (kept only if the yardstick knows them);
- ``weak``: "may", "might", "could" (a forecast only with a time frame; see candidates).

The past forms ("was expected to", "were bound to") and hedges about the past ("may well
have done") are found by ``PAST_COPULA`` and ``PAST_HEDGE`` so the classifier can name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ADV = (
    r"(?:almost\s+certainly|very\s+probably|most\s+probably|probably|most\s+likely|very\s+likely|"
    r"highly\s+likely|quite\s+likely|likely|almost\s+surely|surely|certainly|definitely|"
    r"undoubtedly|almost\s+inevitably|inevitably)"
)
_NEG = r"(?:not|never)(?!\s+only\b)"
_MODAL = re.compile(
    rf"(?:\b(?P<pre>{ADV})\s+)?(?:\b(?P<modal>will|shall|won['’]t|shan['’]t)\b|(?P<ll>['’]ll)\b)"
    rf"(?:\s+(?P<neg1>{_NEG})\b)?(?:\s+(?P<adv>{ADV})\b)?(?:\s+(?P<neg2>{_NEG})\b)?",
    re.I,
)
_MODS = (
    r"(?:(?:very|highly|quite|fairly|almost|most|extremely|increasingly|now|widely|all\s+but|"
    r"more\s+than|virtually|practically|nearly|near)\s+)*"
)
_COPULA = re.compile(
    rf"\b(?P<cop>is|are|am|seems?|appears?|looks?|remains?|['’]s|['’]re)\s+(?:(?P<neg>not|never)\s+)?"
    rf"{_MODS}(?P<adj>likely|unlikely|expected|set|bound|certain|sure|going|poised|destined|"
    rf"inevitable|probable|improbable|guaranteed)\s+to\b",
    re.I,
)
PAST_COPULA = re.compile(
    rf"\b(?:was|were|had\s+been|has\s+been|have\s+been|would\s+be)\s+(?:not\s+)?{_MODS}"
    r"(?:likely|unlikely|expected|set|bound|certain|sure|going|poised|destined|inevitable)\b",
    re.I,
)
_PREDICATIVE = re.compile(
    rf"\b(?P<cop>is|are|seems?|looks?|appears?|remains?)\s+(?:(?P<neg>not)\s+)?{_MODS}"
    r"(?P<adj>inevitable|likely|unlikely|probable|improbable|almost\s+certain|all\s+but\s+certain"
    r"|a\s+(?:near[- ])?certainty)\b(?!\s+to\b)",
    re.I,
)
_ATTRIBUTIVE = re.compile(r"\b(?P<adj>inevitable|near[- ]certain|almost\s+certain)\b(?=\s+[a-z])", re.I)
_INEVITABLY = re.compile(r"\binevitably\s+(?P<verb>[a-z]+s)\b", re.I)
_CHANCE = re.compile(
    r"\b(?:an?\s+)?(?:(?:very\s+)?(?:good|real|strong|high|slim|small|little|even|fair|serious|"
    r"distinct|remote|low|realistic)|better\s+than\s+even|almost\s+no|no)\s+(?:chance|possibility|"
    r"probability|likelihood|prospect)\b",
    re.I,
)
_WEAK = re.compile(
    r"\b(?P<w>may|might|could)\b(?!\s+(?:well\s+)?(?:not\s+)?have\b)(?:\s+(?P<well>well))?(?:\s+(?P<neg>not))?\b",
    re.I,
)
PAST_HEDGE = re.compile(
    r"\b(?:may|might|could|must|would|should)\s+(?:well\s+|already\s+|also\s+|not\s+|never\s+)?"
    r"have\s+(?:been\s+)?[a-z]+",
    re.I,
)


def words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(text.split())


_PCT = r"(?P<num>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s?cent\b|percent\b)"
_STATED = [
    re.compile(rf"\b(?:an?\s+)?{_PCT}\s+(?:chance|probability|likelihood|risk|odds)\b", re.I),
    re.compile(rf"\b{_PCT}\s+(?:likely|certain|sure|confident)\b", re.I),
    re.compile(
        rf"\b(?:chance|chances|probability|likelihood|odds|risk)\s+(?:is\s+|are\s+|of\s+|at\s+)?"
        rf"(?:about\s+|around\s+|roughly\s+|only\s+|some\s+|just\s+)?{_PCT}",
        re.I,
    ),
]
_COUNT = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|a\s+hundred"
_ODDS = [
    re.compile(
        rf"\b(?P<a>{_COUNT})\s*(?:to|-|:)\s*(?P<b>{_COUNT})\s+(?P<dir>on|against|in\s+favou?r)\b", re.I
    ),
    re.compile(
        rf"\b(?:roughly\s+|about\s+)?(?P<core>(?:an?\s+)?(?P<a>{_COUNT})[\s-]+in[\s-]+(?P<b>{_COUNT})\s+"
        rf"(?:chance|probability|likelihood|risk|shot))\b(?P<dir>)",
        re.I,
    ),
    re.compile(
        rf"\bodds\s+(?:are|of|at|stand\s+at|as\s+(?:long|short)\s+as)\s+(?:about\s+|roughly\s+)?"
        rf"(?P<core>(?P<a>{_COUNT})\s*(?:to|-|:)\s*(?P<b>{_COUNT})(?:\s+(?P<dir>on|against|in\s+favou?r))?)",
        re.I,
    ),
]
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a hundred": 100}  # fmt: skip
_NOT_THE_MODAL = words(
    "the political popular free good ill own his her their its our my your of at against "
    "with a public strong collective national sheer"
)
STRONG = ("stated", "odds", "modal", "copula", "predicative", "attributive", "chance")


@dataclass(frozen=True)
class Marker:
    """One future marker in a clause."""

    words: str
    start: int
    end: int
    kind: str
    negated: bool = False
    probability: float | None = None  # stated and odds markers carry their own number
    note: str | None = None


def find_markers(text: str) -> list[Marker]:
    """Every future marker in ``text``, in order; overlapping ones keep the first found."""
    found: list[Marker] = []
    found += _stated(text)
    for m in _MODAL.finditer(text):
        if m.group("modal") and _is_noun_will(text, m):
            continue
        negated = bool(m.group("neg1") or m.group("neg2")) or "'" in (m.group("modal") or "")
        negated = negated or "’" in (m.group("modal") or "")
        found.append(Marker(m.group(0), m.start(), m.end(), "modal", negated))
    for pattern, kind in ((_COPULA, "copula"), (_PREDICATIVE, "predicative")):
        for m in pattern.finditer(text):
            found.append(Marker(m.group(0), m.start(), m.end(), kind, bool(m.group("neg"))))
    for m in _ATTRIBUTIVE.finditer(text):
        found.append(Marker(m.group(0), m.start(), m.end(), "attributive"))
    for m in _CHANCE.finditer(text):
        found.append(Marker(m.group(0), m.start(), m.end(), "chance"))
    for m in _WEAK.finditer(text):
        found.append(Marker(m.group(0), m.start(), m.end(), "weak", bool(m.group("neg"))))
    kept: list[Marker] = []
    for marker in sorted(found, key=lambda k: (k.start, -(k.end - k.start))):
        if any(marker.start < k.end and k.start < marker.end for k in kept):
            continue
        kept.append(marker)
    return kept


def general_inevitably(text: str) -> bool:
    """'pain inevitably leads to collapse': a general claim, not a dated forecast."""
    return bool(_INEVITABLY.search(text)) and not _MODAL.search(text)


def _is_noun_will(text: str, m: re.Match[str]) -> bool:
    if m.group("modal").lower() != "will":
        return False
    before = re.findall(r"[A-Za-z]+", text[: m.start("modal")])
    after = text[m.end("modal") :].lstrip()
    if before and before[-1].lower() in _NOT_THE_MODAL:
        return True
    return bool(re.match(r"(?:of|to\s+(?:power|fight|win|act|live)|and)\b", after, re.I))


def _stated(text: str) -> list[Marker]:
    out: list[Marker] = []
    for pattern in _STATED:
        for m in pattern.finditer(text):
            value = float(m.group("num")) / 100
            if 0 <= value <= 1:
                out.append(
                    Marker(
                        m.group(0),
                        m.start(),
                        m.end(),
                        "stated",
                        False,
                        round(value, 4),
                        f"stated by the pundit: {m.group(0)!r}",
                    )
                )
    for pattern in _ODDS:
        for m in pattern.finditer(text):
            a, b = _count(m.group("a")), _count(m.group("b"))
            if " in " in f" {m.group('core') if 'core' in m.groupdict() else ''} ".replace("-", " "):
                if 0 < a <= b:  # "one in four chance": a out of b
                    out.append(
                        Marker(
                            m.group("core"),
                            m.start("core"),
                            m.end("core"),
                            "odds",
                            False,
                            round(a / b, 4),
                            f"stated as {a} in {b}: {round(a / b, 4)}",
                        )
                    )
                continue
            if a + b == 0:
                continue
            against = (m.group("dir") or "").lower() == "against"
            value = b / (a + b) if against else a / (a + b)
            side = "against" if against else "on (in favour)"
            note = f"odds {a} to {b} {side} read as {round(value, 4)}"
            if not m.group("dir"):
                note += " (no 'on'/'against' given: read as in favour)"
            core = "core" if "core" in m.groupdict() else 0
            out.append(
                Marker(m.group(core), m.start(core), m.end(core), "odds", False, round(value, 4), note)
            )
    return out


def _count(token: str) -> int:
    folded = " ".join(token.lower().split())
    return int(folded) if folded.isdigit() else _NUMBERS[folded]
