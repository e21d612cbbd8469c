"""Time-frame words and the deadlines they imply, relative to the publication date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ledger.extract.timeframe import find_timeframe

PUBLISHED = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sentence", "words", "day"),
    [
        ("Prices will fall by the end of 2027.", "by the end of 2027", "2027-12-31"),
        ("The interconnector will open next year.", "next year", "2027-12-31"),
        ("The truce will collapse within six months.", "within six months", "2026-09-10"),
        ("The deal will survive in 2018.", "in 2018", "2018-12-31"),
        ("Talks will resume before 2027.", "before 2027", "2026-12-31"),
        ("Talks will resume before June 2027.", "before June 2027", "2027-05-31"),
        ("Rates will fall by June 2027.", "by June 2027", "2027-06-30"),
        ("Rates will fall by 30 June 2027.", "by 30 June 2027", "2027-06-30"),
        ("Rates will fall in Q3 2027.", "in Q3 2027", "2027-09-30"),
        ("Tariffs will rise in the second half of 2026.", "in the second half of 2026", "2026-12-31"),
        ("Rates will be cut twice before the end of the year.", "before the end of the year", "2026-12-31"),
        ("Exports will keep rising through 2027.", "through 2027", "2027-12-31"),
        ("Traffic will recover by mid-2027.", "by mid-2027", "2027-09-30"),
        ("Talks will resume within the next two quarters.", "within the next two quarters", "2026-09-10"),
        ("Oil will jump by the end of the decade.", "by the end of the decade", "2029-12-31"),
        ("It will happen a year from now.", "a year from now", "2027-03-10"),
        ("The vote will slip later this year.", "later this year", "2026-12-31"),
        ("A collision will happen before the year is out.", "before the year is out", "2026-12-31"),
        (
            "Premiums will stay until at least the end of 2026.",
            "until at least the end of 2026",
            "2026-12-31",
        ),
    ],
)
def test_explicit_time_frames(sentence: str, words: str, day: str) -> None:
    found = find_timeframe(sentence, PUBLISHED)
    assert found is not None and found.deadline is not None
    assert (found.text, found.deadline.instant.date().isoformat()) == (words, day)
    assert found.deadline.instant.hour == 23  # the end of that day, UTC
    assert not found.needs_deadline


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("The current round of talks will likely produce little.", "The current round of talks"),
        ("The deal will hold until the next election cycle.", "until the next election cycle"),
        ("Sanctions will return before the next election.", "before the next election"),
        ("The table is set for the next cycle of inevitable crisis.", "the next cycle"),
        ("The truce will collapse within weeks.", "within weeks"),
        ("Mediators will return before the rainy season.", "before the rainy season"),
        ("A price spike next winter is inevitable.", "next winter"),
        ("Sooner or later the suppliers will exit.", "Sooner or later"),
        ("Prices will ease in the coming months.", "in the coming months"),
    ],
)
def test_vague_time_frames_need_a_deadline(sentence: str, words: str) -> None:
    found = find_timeframe(sentence, PUBLISHED)
    assert found is not None
    assert found.text == words
    assert found.deadline is None and found.needs_deadline


def test_explicit_beats_vague_and_none_is_none() -> None:
    found = find_timeframe("Before the next election, and by the end of 2027, prices will fall.", PUBLISHED)
    assert found is not None and found.text == "by the end of 2027"
    assert find_timeframe("The media will call it progress.", PUBLISHED) is None
    assert find_timeframe("Prices will fall by a fifth.", PUBLISHED) is None
