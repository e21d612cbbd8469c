"""Yardsticks: the shipped tables, hedge words, negation and unknown words."""

from __future__ import annotations

import pytest

from ledger.errors import InputError, NotFoundError
from ledger.yardstick import available_yardsticks, load_yardstick


def test_four_tables_ship_with_their_sources() -> None:
    assert available_yardsticks() == ["capphrase", "icd203", "kent", "mauboussin2018"]
    for name in available_yardsticks():
        table = load_yardstick(name)
        assert table.source and table.url.startswith("http") and table.method
        assert all(0 <= p <= 1 for p in table.phrases.values())


@pytest.mark.parametrize(
    ("words", "p", "negated"),
    [
        ("almost certain", 0.95, False),
        ("almost certainly", 0.95, False),
        ("highly likely", 0.90, False),
        ("likely", 0.75, False),
        ("will likely", 0.75, False),
        ("is likely to", 0.75, False),
        ("about even", 0.50, False),
        ("may", 0.40, False),
        ("might", 0.40, False),
        ("could", 0.40, False),
        ("unlikely", 0.20, False),
        ("is unlikely to", 0.20, False),
        ("highly unlikely", 0.05, False),
        ("almost no chance", 0.02, False),
        ("will", 0.9, False),
        ("will never", 0.1, True),
        ("will not", 0.1, True),
        ("won't", 0.1, True),
        ("Won’t", 0.1, True),
        ("is not likely to", 0.25, True),
        ("is not going to", 0.1, True),
    ],
)
def test_capphrase_readings(words: str, p: float, negated: bool) -> None:
    reading = load_yardstick("capphrase").read(words)
    assert reading.probability == pytest.approx(p)
    assert reading.negated is negated
    assert reading.yardstick == "capphrase" and reading.words == words


def test_tables_differ_where_their_sources_do() -> None:
    readings = {name: load_yardstick(name).read("likely").probability for name in available_yardsticks()}
    assert readings["capphrase"] == 0.75
    assert readings["kent"] == 0.75  # "probable" row; "likely" is one of its synonyms
    assert 0.55 <= readings["icd203"] <= 0.80


def test_unknown_words_suggest_the_closest() -> None:
    with pytest.raises(InputError, match=r"closest known: .*'likely'"):
        load_yardstick("capphrase").read("likley")


def test_numbers_are_not_hedges() -> None:
    with pytest.raises(InputError, match="stated probability"):
        load_yardstick("capphrase").read("70% chance")


def test_unknown_table() -> None:
    with pytest.raises(NotFoundError, match="known: capphrase"):
        load_yardstick("astrology")
