"""Validation details that every entry point shares: names, text and numbers."""

from __future__ import annotations

import unicodedata

import pytest

from ledger.errors import InputError
from ledger.inputs import parse_probability, parse_url, slugify, text, validate_prediction
from tests.conftest import NOW, prediction


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Lucas Evans", "lucas-evans"),
        ("  Ann_Author  ", "ann-author"),
        ("José Pérez", "josé-pérez"),
        (unicodedata.normalize("NFD", "José Pérez"), "josé-pérez"),
        ("مُحَمَّد عَلِي", "مُحَمَّد-عَلِي"),  # vowel marks stay with their letters
        ("नरेंद्र मोदी", "नरेंद्र-मोदी"),  # Devanagari vowel signs too
        ("Jean--Luc  O'Neil", "jean-luc-o-neil"),
    ],
)
def test_slugs_keep_letters_with_their_marks(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["---", "\u0301\u0301", "!?"])
def test_a_name_without_letters_is_refused(name: str) -> None:
    with pytest.raises(InputError, match="has no letters or digits"):
        slugify(name)


def test_text_is_nfc_so_equal_words_are_equal_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Pérez")
    assert decomposed != "Pérez"
    assert text({"quote": decomposed}, "quote") == "Pérez"


def test_the_same_prediction_typed_two_ways_has_one_content_key() -> None:
    composed = prediction(pundit="José Pérez", statement="Élections anticipées en 2027")
    decomposed = {
        k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in composed.items()
    }
    one = validate_prediction(composed, default_yardstick="capphrase", now=NOW)
    other = validate_prediction(decomposed, default_yardstick="capphrase", now=NOW)
    assert (one.content_key, one.pundit_slug, one.statement) == (
        other.content_key,
        other.pundit_slug,
        other.statement,
    )


def test_text_over_its_limit_is_refused() -> None:
    assert text({"pundit": "x" * 300}, "pundit", limit=300) == "x" * 300
    with pytest.raises(InputError, match="pundit is longer than 300 characters"):
        text({"pundit": "x" * 301}, "pundit", limit=300)


def test_negative_zero_is_zero() -> None:
    value = parse_probability("-0")
    assert value == 0.0 and str(value) == "0.0"


@pytest.mark.parametrize(
    "url", ["https://x.org/\x00", "https://x.org/a\tb", "https://x.org/\x7f", "https://\x01x.org/"]
)
def test_urls_with_control_characters_are_refused(url: str) -> None:
    with pytest.raises(InputError, match="is not an http"):
        parse_url(url, "evidence")
