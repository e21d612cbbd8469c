"""Time in the ledger: canonical UTC timestamps, and the deadline phrases researchers type.

Every instant is stored as text in one fixed format, ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, to the
second), so SQLite and PostgreSQL give back the same bytes and the strings sort in time order.

A deadline given as a date means the end of that day, UTC; a month, quarter or year means the
end of its last day. Relative phrases ("in 6 months") count from a reference instant, normally
the date the statement was made.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_END_OF_DAY = time(23, 59, 59)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CANONICAL = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "eighteen": 18, "twenty": 20, "thirty": 30, "a couple of": 2, "a few": 3,
}  # fmt: skip

_NUMBER = r"(?P<n>\d+|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|quarter|year|decade)s?"

# Leading words that do not change the instant: "by the end of 2027" == "end of 2027".
_LEAD = re.compile(r"^(?:by|before|until|till|through|no later than|on|at)\s+", re.I)

_RELATIVE = re.compile(rf"^(?:in|within|inside|over)\s+(?:the\s+next\s+)?{_NUMBER}\s+{_UNIT}$", re.I)
_NEXT_N = re.compile(rf"^(?:the\s+)?next\s+{_NUMBER}\s+{_UNIT}$", re.I)
_QUARTER = re.compile(r"^(?:(?:the\s+)?end\s+of\s+)?q([1-4])\s+(\d{4})$", re.I)
_QUARTER_ALT = re.compile(
    r"^(?:(?:the\s+)?end\s+of\s+)?(?:the\s+)?(first|second|third|fourth)\s+quarter\s+(?:of\s+)?(\d{4})$",
    re.I,
)
_HALF = re.compile(r"^(?:(?:the\s+)?end\s+of\s+)?(?:h([12])|(first|second)\s+half\s+of)\s+(\d{4})$", re.I)
_YEAR = re.compile(r"^(?:(?:the\s+)?end\s+of\s+|in\s+|during\s+)?(?:the\s+year\s+)?(\d{4})$", re.I)
_MONTH_YEAR = re.compile(r"^(?:(?:the\s+)?end\s+of\s+|in\s+)?([a-z]+)\.?,?\s+(\d{4})$", re.I)
_NAMED = re.compile(
    r"^(?:(?:the\s+)?end\s+of\s+)?(?P<which>this|next|the\s+next|the\s+coming)\s+(?P<unit>year|month|quarter|week)$",
    re.I,
)
_ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline: the instant, and how the phrase was read (echoed to the user)."""

    instant: datetime
    reading: str

    @property
    def canonical(self) -> str:
        return format_timestamp(self.instant)


def format_timestamp(instant: datetime) -> str:
    """The canonical text of an aware instant: UTC, to the second."""
    offset = instant.utcoffset()
    if offset is None:
        raise ValueError("naive datetime: the ledger only stores timezone-aware instants")
    if offset:
        instant = instant.astimezone(UTC)
    # %-formatting: this runs several times per imported row, and is twice as fast as isoformat.
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (  # noqa: UP031
        instant.year, instant.month, instant.day, instant.hour, instant.minute, instant.second,
    )  # fmt: skip


def parse_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 instant; a naive one is taken as UTC. A bare date is its start."""
    value = text.strip()
    if _CANONICAL.fullmatch(value):
        return datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date or timestamp") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, _END_OF_DAY, tzinfo=UTC)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def parse_day(text: str) -> datetime:
    """A date or timestamp for when something was published or said.

    A bare date ("2026-11-01", "1 November 2026") is the start of that day, UTC.
    """
    value = text.strip()
    if _ISO_DATE.fullmatch(value):
        return start_of_day(_iso_day(value))
    try:
        return parse_timestamp(value)
    except ValueError:
        pass
    found = _natural_date(value)
    if found is None:
        raise ValueError(f"cannot read {text!r} as a date (try YYYY-MM-DD)")
    day, _period = found
    return start_of_day(day)


def parse_deadline(text: str, reference: datetime) -> Deadline:
    """Read a deadline phrase relative to ``reference`` (an aware instant).

    Accepts ISO dates and timestamps, "end of 2027", "2027", "Q2 2027", "H1 2027",
    "June 2027", "in 6 months", "within six months", "next year", "end of this year",
    "by the end of 2027" and dates in words ("30 June 2027").
    Raises ``ValueError`` with a message that says what is accepted.
    """
    raw = text.strip()
    if not raw:
        raise ValueError("empty deadline")
    if _ISO_DATE.fullmatch(raw):
        return Deadline(end_of_day(_iso_day(raw)), "end of that day, UTC")
    if "T" in raw or ":" in raw:
        try:
            return Deadline(parse_timestamp(raw), "the instant given")
        except ValueError:
            pass
    phrase = " ".join(raw.lower().rstrip(".").split())
    phrase = _LEAD.sub("", phrase)
    reading = _parse_phrase(phrase, reference)
    if reading is not None:
        return reading
    found = _natural_date(raw)
    if found is not None:
        day, period = found
        if period == "month":
            day = _last_day_of_month(day.year, day.month)
        elif period == "year":
            day = date(day.year, 12, 31)
        return Deadline(end_of_day(day), f"end of that {period}, UTC")
    raise ValueError(
        f"cannot read deadline {text!r}; use a date (2027-06-30), 'end of 2027', 'Q2 2027', "
        "'June 2027' or 'in 6 months'"
    )


def _parse_phrase(phrase: str, reference: datetime) -> Deadline | None:
    ref = reference.astimezone(UTC)
    if m := _RELATIVE.match(phrase) or _NEXT_N.match(phrase):
        count = _count(m.group("n"))
        day = _add(ref.date(), count, m.group("unit").lower())
        return Deadline(end_of_day(day), f"{count} {m.group('unit')}(s) after {ref.date()}, end of day UTC")
    if m := _QUARTER.match(phrase):
        return _quarter_end(int(m.group(2)), int(m.group(1)))
    if m := _QUARTER_ALT.match(phrase):
        return _quarter_end(int(m.group(2)), _ORDINAL_QUARTER[m.group(1).lower()])
    if m := _HALF.match(phrase):
        half = int(m.group(1)) if m.group(1) else (1 if m.group(2).lower() == "first" else 2)
        year = int(m.group(3))
        day = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        return Deadline(end_of_day(day), f"end of H{half} {year}, UTC")
    if m := _YEAR.match(phrase):
        year = int(m.group(1))
        return Deadline(end_of_day(date(year, 12, 31)), f"end of {year}, UTC")
    if (m := _MONTH_YEAR.match(phrase)) and m.group(1) in _MONTHS:
        year, month = int(m.group(2)), _MONTHS[m.group(1)]
        return Deadline(end_of_day(_last_day_of_month(year, month)), "end of that month, UTC")
    if m := _NAMED.match(phrase):
        return _named_period(m.group("which"), m.group("unit"), ref.date())
    return None


def _named_period(which: str, unit: str, today: date) -> Deadline:
    step = 0 if which == "this" else 1
    if unit == "year":
        year = today.year + step
        return Deadline(end_of_day(date(year, 12, 31)), f"end of {year}, UTC")
    if unit == "quarter":
        quarter = (today.month - 1) // 3 + 1 + step
        year = today.year + (quarter - 1) // 4
        return _quarter_end(year, (quarter - 1) % 4 + 1)
    if unit == "month":
        first = date(today.year, today.month, 1)
        if step:
            first = _add(first, 1, "month")
        return Deadline(end_of_day(_last_day_of_month(first.year, first.month)), "end of that month, UTC")
    # week: the end of Sunday of this (or next) ISO week
    sunday = today + timedelta(days=6 - today.weekday() + 7 * step)
    return Deadline(end_of_day(sunday), "end of that week (Sunday), UTC")


def _quarter_end(year: int, quarter: int) -> Deadline:
    day = _last_day_of_month(year, quarter * 3)
    return Deadline(end_of_day(day), f"end of Q{quarter} {year}, UTC")


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _count(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


def _add(day: date, count: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit] * count
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _natural_date(text: str) -> tuple[date, str] | None:
    """A date written in words ("30 June 2027", "June 30, 2027"), with its precision.

    Uses dateparser (imported lazily: it is slow to import) and only accepts results that
    name a year explicitly, so "June" alone never silently means some June.
    """
    if not re.search(r"\b\d{4}\b", text):
        return None
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "last", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    period = data.period or "day"
    return data.date_obj.date(), period
