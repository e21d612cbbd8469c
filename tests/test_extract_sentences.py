"""Sentence splitting: pysbd for prose, own rules for bullets, headlines, diagrams, semicolons."""

from __future__ import annotations

from ledger.extract.sentences import BULLET, HEADLINE, PROSE, clauses, split_sentences
from ledger.extract.text import load_document


def texts(paragraphs: list[str]) -> list[str]:
    return [s.text for s in split_sentences(paragraphs)]


def test_abbreviations_and_decimals_do_not_end_sentences() -> None:
    out = texts(
        ["The U.S. will not sign. Gen. Smith says growth of 2.5 per cent, e.g. in Europe, will slip."]
    )
    assert out == [
        "The U.S. will not sign.",
        "Gen. Smith says growth of 2.5 per cent, e.g. in Europe, will slip.",
    ]


def test_a_cut_after_an_abbreviation_is_joined_back() -> None:
    assert texts(["Sen. Warren, D-Mass., will vote no. Prices rose."]) == [
        "Sen. Warren, D-Mass., will vote no.",
        "Prices rose.",
    ]


def test_quotes_stay_with_their_sentence() -> None:
    out = texts(['"The talks will fail," she wrote. He said: "The deal is dead." Iran will walk away.'])
    assert out == [
        '"The talks will fail," she wrote.',
        'He said: "The deal is dead."',
        "Iran will walk away.",
    ]


def test_bullets_numbers_and_headlines() -> None:
    found = split_sentences(
        [
            "Why the Truce Will Fail",
            "- The militias will regroup. The army will not.",
            "* Oil will rise",
            "• Gas will fall.",
            "3) Turnout will drop.",
            "12. Rates will rise.",
            "Prose goes here. And more prose.",
        ]
    )
    assert [(s.text, s.kind) for s in found] == [
        ("Why the Truce Will Fail", HEADLINE),
        ("The militias will regroup.", BULLET),
        ("The army will not.", BULLET),
        ("Oil will rise", BULLET),
        ("Gas will fall.", BULLET),
        ("Turnout will drop.", BULLET),
        ("Rates will rise.", BULLET),
        ("Prose goes here.", PROSE),
        ("And more prose.", PROSE),
    ]


def test_diagrams_are_dropped_and_a_repeated_headline_is_kept_once() -> None:
    out = texts(["Title Line", "Title Line", "+------+", "| Keep oil flowing |", "|", "v", "Body text here."])
    assert out == ["Title Line", "Body text here."]


def test_semicolon_clauses() -> None:
    assert clauses("The US will claim X; Iran will claim Y.") == ["The US will claim X", "Iran will claim Y."]
    assert clauses("Carriers will reroute; so be it.") == ["Carriers will reroute; so be it."]
    assert clauses("No semicolon here.") == ["No semicolon here."]


def test_hard_wrapped_text_is_joined_back_into_sentences() -> None:
    raw = (
        "A Headline Without a Stop\n"
        "The current round of talks will likely produce a series of minor,\n"
        "temporary understandings designed to allow both sides to claim a\n"
        "tactical victory.\n\nA new paragraph starts here and it is long enough to count.\n"
    )
    document = load_document(raw.encode(), name="wrapped.txt")
    assert document.title == "A Headline Without a Stop"
    assert texts(list(document.paragraphs)) == [
        "A Headline Without a Stop",
        "The current round of talks will likely produce a series of minor, temporary understandings "
        "designed to allow both sides to claim a tactical victory.",
        "A new paragraph starts here and it is long enough to count.",
    ]
