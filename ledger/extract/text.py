"""From bytes to paragraphs: plain text or HTML (main text only), refusing what cannot be read.

Plain text keeps one paragraph per line; hard-wrapped prose (a line that ends mid-sentence and
continues on the next) is joined back. HTML goes through trafilatura with comments, tables and
boilerplate dropped; its title and (when a meta tag gives one) publication date are kept.

Refused with one clear line (``InputError``): an empty file, a binary file (NUL bytes, a known
binary signature, undecodable bytes), a page with no article text, and text that is not
English (a stopword-ratio check: the extractor's rules are English rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.errors import InputError

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/ODF document)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip file"),
    (b"\x7fELF", "an executable"),
)
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<p[\s>]|<div[\s>]|<article[\s>]", re.I)
_TERMINAL = tuple('.!?:;…"”’)')
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MIN_ARTICLE_WORDS = 12


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "English": _words(
        "the of and to in a is that for it on with as are be this was by not have but from "
        "or they will their an which its at has more can we been would there than who what "
        "about all were also when if one no so into these our his her them do"
    ),
    "French": _words(
        "le la les de des du et un une est que qui dans pour pas sur au aux ce cette il elle "
        "ne se sont avec plus par nous vous leur ont été mais ou son sa ses"
    ),
    "German": _words(
        "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es "
        "an als wird werden sind nach bei einer um noch wie aber oder"
    ),
    "Spanish": _words(
        "el la los las de del y que en un una es por con no para se su al lo como más pero "
        "sus le ya este esta"
    ),
    "Italian": _words(
        "il lo la gli le di che e un una è per non con del della sono si anche come più ma ha nel alla"
    ),
}


@dataclass(frozen=True)
class Document:
    """An article as paragraphs (one line each), with what its source says about itself."""

    paragraphs: tuple[str, ...]
    title: str | None
    published: str | None  # YYYY-MM-DD, from HTML metadata only
    kind: str  # "text" or "html"


def load_document(data: bytes, *, name: str, content_type: str | None = None) -> Document:
    """Read ``data`` (from the file or URL ``name``) into a ``Document``, or raise ``InputError``."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    _refuse_binary(data, name)
    html = _is_html(data, name, content_type)
    content = _decode(data, name, content_type)
    document = _from_html(content, name) if html else _from_text(content)
    words = sum(len(_WORD.findall(p)) for p in document.paragraphs)
    if words < MIN_ARTICLE_WORDS:
        where = "the page" if html else "the file"
        raise InputError(f"{name}: no article text found in {where} ({words} words of prose)")
    check_english(" ".join(document.paragraphs), name)
    return document


def _refuse_binary(data: bytes, name: str) -> None:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"{name}: this is {what}, not text or HTML; save the article as text")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: a binary file (NUL bytes), not text or HTML")


def _is_html(data: bytes, name: str, content_type: str | None) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    if re.search(r"\.x?html?$", name.lower().split("?")[0]):
        return True
    return bool(_HTML_SNIFF.search(data[:4096]))


def _decode(data: bytes, name: str, content_type: str | None) -> str:
    charset = None
    if content_type and (m := re.search(r"charset=([\w.-]+)", content_type, re.I)):
        charset = m.group(1)
    for encoding in (charset, "utf-8-sig"):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > len(text) / 100 or text.count("\ufffd") > len(text) / 100:
        raise InputError(f"{name}: a binary file (not UTF-8 text), not text or HTML")
    return text


def _from_html(content: str, name: str) -> Document:
    import trafilatura  # slow to import; only HTML needs it

    extracted = trafilatura.bare_extraction(
        content,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError(f"{name}: no article text found in the page")
    paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
    title = getattr(extracted, "title", None) or None
    date = getattr(extracted, "date", None) or None
    return Document(paragraphs, title, date[:10] if date else None, "html")


def _from_text(content: str) -> Document:
    paragraphs: list[str] = []
    previous_blank = True
    for raw in content.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            previous_blank = True
            continue
        if paragraphs and not previous_blank and _continues(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_blank = False
    title = paragraphs[0] if paragraphs and _looks_like_headline(paragraphs[0]) else None
    return Document(tuple(paragraphs), title, None, "text")


_BULLET = re.compile(r"^(?:[-*•‣◦▪–]|\d{1,2}[.)])\s+")


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` continues a hard-wrapped sentence begun on ``previous``."""
    if _BULLET.match(line) or previous.endswith(_TERMINAL):
        return False
    if not (is_prose(previous) and is_prose(line)):
        return False
    if line[0].islower() or line[0].isdigit() or previous.endswith((",", "—", "-", "(")):
        return True
    return len(previous.split()) >= 12


def is_prose(line: str) -> bool:
    """Mostly letters: not a rule, a box drawing or an arrow of an ASCII diagram."""
    chars = [c for c in line if not c.isspace()]
    if len(chars) < 2 or line.lstrip()[0] in "|+":
        return False
    return sum(c.isalpha() for c in chars) / len(chars) >= 0.6


def _looks_like_headline(line: str) -> bool:
    return not line.endswith(_TERMINAL) and len(line.split()) <= 20


def check_english(text: str, name: str) -> None:
    """Refuse text whose common words are not English ones (the rules only read English)."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)][:3000]
    if len(words) < 8:
        return
    ratios = {lang: sum(w in stop for w in words) / len(words) for lang, stop in _STOPWORDS.items()}
    if ratios["English"] >= 0.2 and ratios["English"] >= max(ratios.values()) * 0.8:
        return
    best = max(ratios, key=lambda lang: ratios[lang])
    looks = f"looks like {best}" if best != "English" and ratios[best] >= 0.15 else "is not English"
    raise InputError(f"{name}: the text {looks}; the extractor reads English only")
