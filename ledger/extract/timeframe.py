"""Time-frame words in a sentence, and the deadline they imply.

``find_timeframe`` looks for the phrases that bound a forecast in time and turns the first
explicit one into a deadline through ``ledger.when.parse_deadline`` (which uses dateparser
for dates in words), counted from the publication date:

    "by the end of 2027" -> 2027-12-31     "next year"          -> end of next year
    "within six months"  -> published + 6 months                "in 2018" -> 2018-12-31
    "before 2027"        -> 2026-12-31     "by mid-2027"        -> end of Q3 2027
    "by the end of the decade" -> end of the decade's last year

Vague ones ("the current round of talks", "before the next election", "the next cycle",
"soon", "in the coming months") give no deadline: the researcher must set one, and the
words are kept. A sentence may hold several; an explicit one wins over a vague one, and
otherwise the first in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ledger.when import Deadline, end_of_day, parse_deadline

_NUM = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|"
    r"twenty|thirty|a\s+couple\s+of|a\s+few)"
)
_UNIT = r"(?:day|week|month|quarter|year|decade)s?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d{2}"
_PERIOD = r"(?:year|month|quarter|week|decade)"

_EXPLICIT = [
    re.compile(p, re.I)
    for p in (
        r"\bbefore\s+the\s+(?:year|month|week|quarter|decade)\s+is\s+(?:out|over)\b",
        rf"\b(?:(?:by|before|until|through|at|in|around)\s+)?(?:at\s+least\s+)?(?:the\s+)?end\s+of\s+"
        rf"(?:(?:this|next|the\s+next|the\s+coming|the)\s+{_PERIOD}|(?:q[1-4]|h[12])\s+{_YEAR}"
        rf"|{_MONTH}\.?\s+{_YEAR}|{_YEAR})\b",
        rf"\b(?:by|before|in|during|until)\s+(?:the\s+)?(?:first|second|third|fourth)\s+"
        rf"(?:quarter|half)\s+of\s+{_YEAR}\b",
        rf"\b(?:by|before|in|during|until)\s+(?:q[1-4]|h[12])\s+{_YEAR}\b",
        rf"\b(?:in|within|inside|over)\s+(?:the\s+next\s+)?{_NUM}\s+{_UNIT}\b",
        rf"\b(?:(?:in|over|during|within)\s+)?the\s+next\s+{_NUM}\s+{_UNIT}\b",
        rf"\b{_NUM}\s+{_UNIT}\s+from\s+now\b",
        rf"\b(?:(?:by|before|on|until)\s+)?\d{{1,2}}\s+{_MONTH}\.?,?\s+{_YEAR}\b",
        rf"\b(?:(?:by|before|on|until|in)\s+)?{_MONTH}\.?\s+\d{{1,2}},?\s+{_YEAR}\b",
        rf"\b(?:(?:by|before|in|until|during|around)\s+)?(?:(?:early|mid|late)[\s-]+)?"
        rf"{_MONTH}\.?,?\s+{_YEAR}\b",
        rf"\b(?:by|before|in|until|during|through|within)\s+(?:(?:early|mid|late)[\s-]+)?{_YEAR}\b",
        rf"\bmid-{_YEAR}\b",
        rf"\b(?:(?:by|before|until|in|during|over|within|later)\s+)?(?:this|next|the\s+coming|the\s+next)"
        rf"\s+{_PERIOD}\b",
    )
]
_VAGUE = [
    re.compile(p, re.I)
    for p in (
        r"\b(?:(?:by|before|until|after|during|within|in|at|over|through|ahead\s+of)\s+)?the\s+"
        r"(?:current|ongoing|present|coming|next|upcoming|following)\s+"
        r"(?:(?:election|presidential|parliamentary|midterm|budget|negotiating|political)\s+)?"
        r"(?:round|cycle|election|summit|session|term|phase|administration|government|"
        r"parliament|talks|negotiations|meeting|months|years|weeks|vote|stage|deal)s?"
        r"(?:\s+of\s+(?:talks|negotiations|sanctions|elections|fighting))?\b",
        r"\b(?:by|before|until|after|ahead\s+of)\s+the\s+(?:\w+\s+)?(?:election|elections|"
        r"summit|vote|referendum|inauguration|deadline|talks)\b",
        r"\b(?:(?:by|before|until|during|through|over|in|after)\s+)?(?:the\s+|this\s+|next\s+)?"
        r"(?:coming\s+)?(?:winter|summer|spring|autumn|(?<=the\s)fall|(?<=this\s)fall|(?<=next\s)fall"
        r"|(?:rainy|dry|harvest|fighting|campaign|holiday)\s+season)\b",
        r"\b(?:within|in)\s+(?:days|weeks|months|years)\b",
        r"\b(?:soon|eventually|sooner\s+or\s+later|before\s+long|in\s+due\s+course|"
        r"in\s+the\s+(?:near|foreseeable)\s+future|in\s+the\s+(?:long|short|medium)\s+(?:run|term))\b",
    )
]
_BEFORE = re.compile(r"^before\s+", re.I)
_SEASON = re.compile(rf"^(?:(?:by|before|in|until|during|around)\s+)?(early|mid|late)[\s-]+({_YEAR})$", re.I)
_SEASON_MONTH = re.compile(r"^(?:(?:by|before|in|until|during|around)\s+)?(?:early|mid|late)[\s-]+", re.I)
_DECADE = re.compile(r"(this|next|the\s+coming|the)\s+decade$", re.I)
_FROM_NOW = re.compile(rf"^({_NUM}\s+{_UNIT})\s+from\s+now$", re.I)
_LATER = re.compile(r"^later\s+", re.I)


@dataclass(frozen=True)
class TimeFrame:
    """Time words found in a sentence; ``deadline`` is None when a researcher must set one."""

    text: str
    deadline: Deadline | None
    start: int

    @property
    def needs_deadline(self) -> bool:
        return self.deadline is None


def find_timeframe(sentence: str, published: datetime) -> TimeFrame | None:
    """The time frame of ``sentence`` relative to ``published`` (an aware instant), if any."""
    explicit: list[TimeFrame] = []
    for pattern in _EXPLICIT:
        for m in pattern.finditer(sentence):
            deadline = to_deadline(m.group(0), published)
            if deadline is not None:
                explicit.append(TimeFrame(m.group(0), deadline, m.start()))
    if explicit:
        # The earliest phrase; at one place, the longest.
        return min(explicit, key=lambda t: (t.start, -len(t.text)))
    vague = [TimeFrame(m.group(0), None, m.start()) for p in _VAGUE for m in p.finditer(sentence)]
    if vague:
        return min(vague, key=lambda t: (t.start, -len(t.text)))
    return None


def to_deadline(phrase: str, published: datetime) -> Deadline | None:
    """The deadline a time-frame phrase implies, or None when it cannot be read."""
    text = " ".join(phrase.split()).strip(" ,.")
    text = _LATER.sub("", text)
    text = re.sub(r"\s*\bat\s+(?:the\s+)?(?:least|latest)\b", "", text, flags=re.I)
    if m := re.match(r"^before\s+the\s+(\w+)\s+is\s+(?:out|over)$", text, re.I):
        text = f"end of this {m.group(1)}"
    if m := _FROM_NOW.match(text):
        text = f"in {m.group(1)}"
    if m := _DECADE.search(text):
        later = 0 if m.group(1).lower() in ("this", "the") else 10
        year = published.year // 10 * 10 + 9 + later
        return _read(f"end of {year}", published, f"end of the decade ({year}), UTC")
    if m := _SEASON.match(text):
        return _season(m.group(1).lower(), int(m.group(2)), published)
    if text.lower().startswith("mid-") and text[4:].isdigit():
        return _season("mid", int(text[4:]), published)
    text = _SEASON_MONTH.sub("", text)
    if _BEFORE.match(text) and "end of" not in text.lower():
        inner = _read(_BEFORE.sub("", text), published)
        if inner is None:
            return None
        return _period_before(inner, _BEFORE.sub("", text), published)
    return _read(text, published)


def _read(text: str, published: datetime, reading: str | None = None) -> Deadline | None:
    text = re.sub(r"\bend\s+of\s+the\s+(year|month|quarter|week)\b", r"end of this \1", text, flags=re.I)
    bare = re.sub(r"^(?:in|during|around|at)\s+", "", text, flags=re.I)
    for attempt in (text, bare, re.sub(r"^the\s+", "", bare, flags=re.I)):
        try:
            found = parse_deadline(attempt, published)
        except ValueError:
            continue
        return Deadline(found.instant, reading) if reading else found
    return None


def _season(which: str, year: int, published: datetime) -> Deadline | None:
    quarter = {"early": 2, "mid": 3, "late": 4}[which]
    found = _read(f"Q{quarter} {year}", published)
    if found is None:
        return None
    return Deadline(found.instant, f"{which} {year} read as the end of Q{quarter} {year}, UTC")


def _period_before(end: Deadline, what: str, published: datetime) -> Deadline:
    """'before 2027' ends when 2027 starts: the last day of the period before it."""
    if re.fullmatch(_YEAR, what.strip()):
        year = int(what)
        return Deadline(end_of_day(end.instant.date().replace(year=year - 1)), f"end of {year - 1}, UTC")
    if re.fullmatch(rf"{_MONTH}\.?,?\s+{_YEAR}", what.strip(), re.I):
        first = end.instant.date().replace(day=1)
        return Deadline(end_of_day(first - timedelta(days=1)), "end of the month before, UTC")
    return end
