"""Deadline phrases and canonical timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ledger.when import format_timestamp, parse_day, parse_deadline, parse_timestamp

REF = datetime(2026, 11, 1, tzinfo=UTC)

CASES = [
    ("2027-06-30", "2027-06-30T23:59:59Z"),
    ("2027-06-30T12:00:00+02:00", "2027-06-30T10:00:00Z"),
    ("2027-06-30T12:00:00", "2027-06-30T12:00:00Z"),
    ("end of 2027", "2027-12-31T23:59:59Z"),
    ("by the end of 2027", "2027-12-31T23:59:59Z"),
    ("2027", "2027-12-31T23:59:59Z"),
    ("in 2018", "2018-12-31T23:59:59Z"),
    ("Q2 2027", "2027-06-30T23:59:59Z"),
    ("q4 2027", "2027-12-31T23:59:59Z"),
    ("the second quarter of 2027", "2027-06-30T23:59:59Z"),
    ("H1 2027", "2027-06-30T23:59:59Z"),
    ("second half of 2027", "2027-12-31T23:59:59Z"),
    ("June 2027", "2027-06-30T23:59:59Z"),
    ("end of February 2028", "2028-02-29T23:59:59Z"),
    ("30 June 2027", "2027-06-30T23:59:59Z"),
    ("June 30, 2027", "2027-06-30T23:59:59Z"),
    ("in 6 months", "2027-05-01T23:59:59Z"),
    ("within six months", "2027-05-01T23:59:59Z"),
    ("in 2 years", "2028-11-01T23:59:59Z"),
    ("within the next 3 weeks", "2026-11-22T23:59:59Z"),
    ("in 10 days", "2026-11-11T23:59:59Z"),
    ("the next 12 months", "2027-11-01T23:59:59Z"),
    ("next year", "2027-12-31T23:59:59Z"),
    ("end of next year", "2027-12-31T23:59:59Z"),
    ("end of this year", "2026-12-31T23:59:59Z"),
    ("next quarter", "2027-03-31T23:59:59Z"),
    ("this month", "2026-11-30T23:59:59Z"),
]


@pytest.mark.parametrize(("phrase", "expected"), CASES)
def test_deadline_phrases(phrase: str, expected: str) -> None:
    assert parse_deadline(phrase, REF).canonical == expected


def test_month_arithmetic_clips_to_month_end() -> None:
    ref = datetime(2027, 8, 31, tzinfo=UTC)
    assert parse_deadline("in 6 months", ref).canonical == "2028-02-29T23:59:59Z"


@pytest.mark.parametrize("phrase", ["someday", "", "soon", "Q5 2027", "the current round of talks", "June"])
def test_unreadable_deadlines_raise(phrase: str) -> None:
    with pytest.raises(ValueError):
        parse_deadline(phrase, REF)


def test_canonical_timestamps() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert format_timestamp(datetime(2027, 1, 2, 3, 4, 5, 999, tzinfo=plus_two)) == "2027-01-02T01:04:05Z"
    assert parse_timestamp("2027-01-02T01:04:05Z") == datetime(2027, 1, 2, 1, 4, 5, tzinfo=UTC)
    with pytest.raises(ValueError):
        format_timestamp(datetime(2027, 1, 2))


def test_days_are_their_start() -> None:
    assert format_timestamp(parse_day("2026-11-01")) == "2026-11-01T00:00:00Z"
    assert format_timestamp(parse_day("1 November 2026")) == "2026-11-01T00:00:00Z"
    with pytest.raises(ValueError):
        parse_day("yesterday-ish")
