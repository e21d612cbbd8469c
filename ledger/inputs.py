"""Validation of what researchers give: one prediction, one amendment, one resolution.

The command line and the import files both go through these functions, so a value is
accepted or refused the same way wherever it comes from. Each raises ``InputError`` with a
message that names the field and says what is wrong.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ledger.canonical import canonical_json, round_probability
from ledger.errors import InputError, NotFoundError
from ledger.models import NAME_LEN, SLUG_LEN, TAG_LEN
from ledger.state import OUTCOMES
from ledger.when import (
    Deadline,
    end_of_day,
    format_timestamp,
    parse_day,
    parse_deadline,
    start_of_day,
)
from ledger.yardstick import load_yardstick

BASES = ("stated", "hedge", "assigned")
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}
_HYPHENS = re.compile(r"-{2,}")
_TAG_SEPARATOR = re.compile(r"[;,]")
_HTTP_URL = re.compile(r"https?://[^\s/?#\x00-\x1f\x7f]+[^\s\x00-\x1f\x7f]*\Z", re.I)
_CONTENT_KEY = re.compile(r"[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Probability:
    value: float
    basis: str
    hedge: str | None
    yardstick: str | None


@dataclass(frozen=True)
class ResolutionInput:
    outcome: str
    note: str | None
    evidence: tuple[str, ...]
    known_on: str | None

    def data(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "note": self.note,
            "evidence": list(self.evidence),
            "known_on": self.known_on,
        }


@dataclass(slots=True)
class PredictionInput:
    """A validated prediction, ready to become a ``prediction.recorded`` event.

    Not frozen: an import builds one per row, and a frozen dataclass is slower to build.
    """

    pundit: str
    pundit_slug: str
    statement: str
    quote: str | None
    source_url: str | None
    source_title: str | None
    published: str | None
    made: str
    deadline: str
    deadline_reading: str
    probability: Probability
    criteria: str | None
    note: str | None
    private: bool
    tags: tuple[str, ...]
    content_key: str
    resolution: ResolutionInput | None = None

    def recorded_data(self) -> dict[str, Any]:
        p = self.probability
        return {
            "pundit": self.pundit,
            "pundit_slug": self.pundit_slug,
            "statement": self.statement,
            "quote": self.quote,
            "source_url": self.source_url,
            "source_title": self.source_title,
            "published": self.published,
            "made": self.made,
            "deadline": self.deadline,
            "probability": p.value,
            "basis": p.basis,
            "hedge": p.hedge,
            "yardstick": p.yardstick,
            "criteria": self.criteria,
            "note": self.note,
            "private": self.private,
            "tags": list(self.tags),
            "content_key": self.content_key,
        }


def content_key(slug: str, statement: str, quote: str | None, source_url: str | None, made: str) -> str:
    """Same pundit, words, source and day: the same prediction (for idempotent import)."""
    key = [slug, statement, quote, source_url, made[:10]]
    return hashlib.sha256(canonical_json(key).encode("utf-8")).hexdigest()


def given_content_key(raw: Mapping[str, Any]) -> str | None:
    """The key an export wrote, kept on import: a prediction amended after it was recorded
    (a new statement, say) is still the same prediction."""
    key = text(raw, "content_key")
    if key is not None and not _CONTENT_KEY.match(key):
        raise InputError(f"content_key {key[:20]!r} is not the 64 hex digits that export writes")
    return key


@lru_cache(maxsize=4096)  # an import names the same pundits over and over
def slugify(name: str) -> str:
    """A URL-safe key for a pundit's name: letters, digits and their marks, joined by hyphens.

    Unicode letters are kept, with the combining marks that NFC leaves apart (Arabic vowel
    marks, Devanagari vowel signs): a mark is part of its letter, not a word break.
    """
    folded = unicodedata.normalize("NFC", name).casefold()
    kept = "".join(c if c.isalnum() or unicodedata.category(c)[0] == "M" else "-" for c in folded)
    slug = _HYPHENS.sub("-", kept).strip("-")
    if not any(c.isalnum() for c in slug):
        raise InputError(f"pundit name {name!r} has no letters or digits")
    return slug[:SLUG_LEN]


def text(
    raw: Mapping[str, Any], name: str, *, required: bool = False, limit: int | None = None
) -> str | None:
    """The text field ``name`` of ``raw``, checked by ``clean_text``."""
    return clean_text(raw.get(name), name, required=required, limit=limit)


def clean_text(value: Any, name: str, *, required: bool = False, limit: int | None = None) -> str | None:
    """Stripped text in Unicode NFC (so equal words are equal text); empty means absent.

    The one set of rules for text bound for the database, the same on SQLite and PostgreSQL:
    no NUL, valid UTF-8, at most ``limit`` characters.
    """
    if value is None:
        out = ""
    elif type(value) is str:
        out = value.strip()
    elif isinstance(value, (dict, list, tuple, set)):
        raise InputError(f"{name} must be text, not {type(value).__name__}")
    else:
        out = str(value).strip()
    if not out:
        if required:
            raise InputError(f"{name} is required")
        return None
    if "\x00" in out:
        raise InputError(f"{name} contains a NUL character")
    if not out.isascii():  # only non-ASCII text can hold a lone surrogate (from a JSON escape)
        try:
            out.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError(f"{name} is not valid UTF-8 text") from None
        out = unicodedata.normalize("NFC", out)
    if limit is not None and len(out) > limit:
        raise InputError(f"{name} is longer than {limit} characters")
    return out


def parse_probability(value: Any) -> float:
    """A probability from 0.7, "0.7" or "70%"; refuses anything outside [0, 1]."""
    if isinstance(value, bool):
        raise InputError(f"probability must be a number in [0, 1], not {value!r}")
    if isinstance(value, str):
        m = _PERCENT.match(value)
        try:
            number = float(m.group(1)) / 100 if m else float(value)
        except (ValueError, OverflowError):
            raise InputError(f"probability {value!r} is not a number (give 0.7 or 70%)") from None
    elif isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            raise InputError(f"probability {value!r} is outside [0, 1]") from None
    else:
        raise InputError(f"probability must be a number in [0, 1], not {type(value).__name__}")
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        raise InputError(f"probability {value!r} is outside [0, 1]")
    return round_probability(number)


def parse_bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    folded = str(value).strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise InputError(f"{name} must be true or false, not {value!r}")


def parse_tags(value: Any) -> tuple[str, ...]:
    """Tags from a list or a ';'/','-separated string: folded to lower case, sorted, unique."""
    if value is None:
        return ()
    items: Iterable[Any] = _TAG_SEPARATOR.split(value) if isinstance(value, str) else value
    if not isinstance(items, (list, tuple, set)) and not isinstance(value, str):
        raise InputError(f"tags must be a list or a ';'-separated string, not {value!r}")
    tags = set()
    for item in items:
        tag = " ".join((clean_text(item, "a tag") or "").split()).lower()
        if not isinstance(value, str) and (";" in tag or "," in tag):
            raise InputError(f"tag {tag!r} contains ';' or ',', which separate tags")
        if len(tag) > TAG_LEN:
            raise InputError(f"tag {tag[:20]!r}... is longer than {TAG_LEN} characters")
        if tag:
            tags.add(tag)
    return tuple(sorted(tags))


def parse_url(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if not _HTTP_URL.match(value):
        raise InputError(f"{name} {value!r} is not an http(s) URL")
    return value


def day_value(value: Any, name: str) -> datetime | None:
    """A published/made/known-on value: a date, a datetime or text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return parse_day(value.isoformat())
    if isinstance(value, date):
        return start_of_day(value)
    try:
        return parse_day(str(value))
    except ValueError as exc:
        raise InputError(f"{name}: {exc}") from None


def resolve_probability(
    raw: Mapping[str, Any], default_yardstick: str, *, basis: str | None = None
) -> Probability:
    """The probability and its basis from ``probability``/``basis``/``hedge``/``yardstick``."""
    basis = basis or text(raw, "basis")
    if basis is not None and basis not in BASES:
        raise InputError(f"basis {basis!r} must be one of {', '.join(BASES)}")
    hedge = text(raw, "hedge")
    given = raw.get("probability")
    number = None if given is None or given == "" else parse_probability(given)
    if number is None and basis in ("stated", "assigned"):
        raise InputError(f"basis {basis!r} needs a probability (0.7 or 70%)")
    if number is not None and basis != "hedge":
        # The researcher's or pundit's own number; hedge words, if any, are kept as context.
        return Probability(number, basis or "assigned", hedge, None)
    if hedge is None:
        if basis == "hedge":
            raise InputError("basis 'hedge' needs the hedge words")
        raise InputError("give a probability (0.7 or 70%) or hedge words (--hedge 'will likely')")
    yardstick_name = text(raw, "yardstick") or default_yardstick
    try:
        yardstick = load_yardstick(yardstick_name)
    except NotFoundError as exc:
        raise InputError(str(exc)) from None
    reading = yardstick.read(hedge)
    if number is not None and number != reading.probability:
        raise InputError(
            f"probability {number} disagrees with hedge {hedge!r}, which yardstick "
            f"{yardstick_name!r} reads as {reading.probability}; drop one, or set basis "
            "'assigned' to keep both"
        )
    return Probability(reading.probability, "hedge", hedge, yardstick_name)


def validate_prediction(raw: Mapping[str, Any], *, default_yardstick: str, now: datetime) -> PredictionInput:
    """Check one prediction given as a mapping of field names to values."""
    pundit = text(raw, "pundit", required=True, limit=NAME_LEN)
    statement = text(raw, "statement", required=True)
    assert pundit is not None and statement is not None
    published = day_value(raw.get("published"), "published")
    made = day_value(raw.get("made"), "made") or published or start_of_day(now.date())
    made_text = format_timestamp(made)
    if made > now:
        raise InputError(f"made date {made_text} is in the future")
    deadline = _deadline(raw.get("deadline"), made)
    if deadline.instant < made:
        raise InputError(f"deadline {deadline.canonical} is before the statement was made ({made_text})")
    resolution = None
    if text(raw, "outcome") is not None:
        resolution = validate_resolution(
            raw.get("outcome"),
            text(raw, "outcome_note"),
            raw.get("evidence"),
            raw.get("known_on"),
            now=now,
        )
        check_known_on(resolution.known_on, made_text)
    slug = slugify(pundit)
    quote = text(raw, "quote")
    source_url = parse_url(text(raw, "source_url"), "source_url")
    return PredictionInput(
        pundit=pundit,
        pundit_slug=slug,
        statement=statement,
        quote=quote,
        source_url=source_url,
        source_title=text(raw, "source_title"),
        published=format_timestamp(published) if published else None,
        made=made_text,
        deadline=deadline.canonical,
        deadline_reading=deadline.reading,
        probability=resolve_probability(raw, default_yardstick),
        criteria=text(raw, "criteria"),
        note=text(raw, "note"),
        private=parse_bool(raw.get("private"), "private"),
        tags=parse_tags(raw.get("tags")),
        content_key=given_content_key(raw) or content_key(slug, statement, quote, source_url, made_text),
        resolution=resolution,
    )


def _deadline(value: Any, made: datetime) -> Deadline:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError("deadline is required")
    if isinstance(value, datetime):
        return Deadline(parse_day(value.isoformat()), "the instant given")
    if isinstance(value, date):
        return Deadline(end_of_day(value), "end of that day, UTC")
    try:
        return parse_deadline(str(value), made)
    except ValueError as exc:
        raise InputError(f"deadline: {exc}") from None


def validate_deadline(value: str, made: str) -> Deadline:
    """A new deadline for an amendment, relative to and not before the made date."""
    made_at = parse_day(made)
    deadline = _deadline(value, made_at)
    if deadline.instant < made_at:
        raise InputError(f"deadline {deadline.canonical} is before the statement was made ({made})")
    return deadline


def validate_resolution(
    outcome: Any, note: str | None, evidence: Any, known_on: Any, *, now: datetime
) -> ResolutionInput:
    if isinstance(outcome, bool):  # YAML reads a bare yes/no as a boolean
        outcome = "yes" if outcome else "no"
    value = str(outcome or "").strip().lower()
    if value not in OUTCOMES:
        raise InputError(f"outcome {outcome!r} must be one of {', '.join(OUTCOMES)}")
    if isinstance(evidence, str):
        evidence = evidence.split()  # a URL holds no whitespace, but may hold ';'
    elif evidence is not None and not isinstance(evidence, (list, tuple)):
        raise InputError(f"evidence must be a list of URLs, not {evidence!r}")
    urls = tuple(parse_url(str(e).strip(), "evidence") or "" for e in (evidence or ()))
    known = day_value(known_on, "known_on")
    if known is not None and known > now:
        raise InputError(f"known-on date {format_timestamp(known)} is in the future")
    return ResolutionInput(value, note, urls, format_timestamp(known) if known else None)


def check_known_on(known_on: str | None, made: str) -> None:
    """An outcome cannot be known before the statement was made (canonical texts sort as time)."""
    if known_on is not None and known_on < made:
        raise InputError(f"known-on date {known_on} is before the statement was made ({made})")
