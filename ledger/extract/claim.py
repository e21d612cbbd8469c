"""The normalized claim: the event a forecast is about, with its hedge taken out.

A simple, rule-based rewrite, honest about what it does:

- the reporting frame goes ("Morgan Stanley predicts that ..."), and so do leading
  connectives ("Because of this, ", "But ") and author frames ("I think", "It means
  acknowledging that");
- the hedge becomes a plain "will": "will likely produce", "is set to produce", "is unlikely
  to produce", "will never produce" and "won't produce" all become "will produce"; the
  probability (low for "never" and "unlikely") carries the doubt, not the words;
- "it is likely that X" and "a 70% chance that X" become X; "inevitable crisis" becomes "crisis";
  "X is inevitable" becomes "X will happen";
- a headline loses its leading "Why"/"How".

Its limits: pronouns stay unresolved ("they will agree..." needs the researcher to say who),
subject negation stays ("no deal will be signed" is a claim that no deal is signed),
conditions stay in the claim, and rhetoric is not paraphrased. The researcher edits it.
"""

from __future__ import annotations

import re

from ledger.extract.classify import Verdict
from ledger.extract.markers import Marker

_LEADING = re.compile(
    r"^(?:because\s+of\s+this|however|but|and|so|yet|still|thus|therefore|hence|in\s+short|"
    r"in\s+the\s+end|ultimately|meanwhile|instead|indeed|in\s+fact|for\s+now|at\s+best|"
    r"at\s+worst|mark\s+my\s+words|make\s+no\s+mistake|in\s+other\s+words|worse|better|"
    r"put\s+simply|simply\s+put|either\s+way|for\s+that\s+reason|as\s+a\s+result)\s*[,:—-]?\s+",
    re.I,
)
_AUTHOR_FRAME = re.compile(
    r"^(?:(?:it|this)\s+means\s+(?:acknowledging|accepting|admitting|recognising|recognizing)"
    r"\s+that|(?:i|we)\s+(?:think|believe|expect|suspect|predict|reckon|bet|am\s+confident|"
    r"are\s+confident|am\s+sure|are\s+sure)(?:\s+that)?|my\s+(?:bet|view|guess|forecast)\s+is"
    r"(?:\s+that)?|it\s+is\s+(?:\w+\s+)?(?:likely|unlikely|certain|probable|inevitable)\s+that"
    r"|there\s+is\s+(?:an?\s+)?(?:\w+\s+)?(?:chance|possibility|probability|likelihood|risk)\s+that)\s+",
    re.I,
)
_HEADLINE_LEAD = re.compile(r"^(?:why|how)\s+", re.I)
_THAT = re.compile(r"^\s*(?:that|of)\s+", re.I)
_NEXT_CLAUSE = re.compile(r",?\s+(?:and|but)\s+that\s+|;\s+", re.I)


def make_claim(verdict: Verdict, *, headline: bool = False) -> str:
    """The claim a researcher would record for ``verdict`` (a proposed clause)."""
    text = verdict.text
    start, end = verdict.claim_span or (0, len(text))
    marker = verdict.marker
    if marker is None:
        return _tidy(text[start:end])
    lead = text[start : marker.start]
    if ": " in lead and len(lead.split(": ")[0].split()) <= 6:
        start += lead.rindex(": ") + 2  # "My view is simple: X will..." / "Archive: X Will..."
    if marker.kind in ("stated", "odds", "chance"):
        body = _after_number(text, marker, start, end)
    elif marker.kind == "report":
        # "The IMF expects growth to slow" -> "growth will slow"
        body = re.sub(r"\s+to\s+", " will ", text[max(start, marker.end) : end], count=1)
    else:
        before = text[start : max(start, marker.start)]
        after = text[max(marker.end, start) : end]
        if cut := _NEXT_CLAUSE.search(after):
            after = after[: cut.start()]  # "Iran will X, and that policy must Y": only X
        body = before + _replacement(marker) + after
    body = " ".join(body.split())
    for _ in range(3):
        body = _AUTHOR_FRAME.sub("", _LEADING.sub("", body))
    if headline:
        body = _HEADLINE_LEAD.sub("", body)
    return _tidy(body)


def _replacement(marker: Marker) -> str:
    if marker.kind == "attributive":
        return ""
    if marker.kind == "predicative":
        return " will happen"
    prefix = " " if marker.words[:1].isspace() else ""
    if marker.words.lstrip().startswith(("'", "’")):
        return " will"
    return f"{prefix}will"


def _after_number(text: str, marker: Marker, start: int, end: int) -> str:
    """'a 70% chance that X' -> X; 'a 70% chance of a deal' -> 'a deal'; else without the number."""
    tail = text[marker.end : end]
    if m := _THAT.match(tail):
        return tail[m.end() :]
    against = re.match(r"\s*(?:against|on|in\s+favou?r\s+of)\s+", tail, re.I)
    if against:
        return tail[against.end() :]
    head = text[start : marker.start]
    head = re.sub(
        r"\b(?:there\s+is|i\s+put\s+the\s+odds\s+at|i\s+give\s+it|(?:the\s+)?odds\s+(?:are|stand\s+at))\s*$",
        "",
        head,
        flags=re.I,
    )
    if re.search(r"\b(?:is|are)\s*$", head, re.I) and not tail.strip(" .!"):
        return re.sub(r"\b(?:is|are)\s*$", "will happen", head, flags=re.I)  # "X is a real possibility"
    return head + tail


def _tidy(text: str) -> str:
    body = " ".join(text.split()).strip(" ,;:—-\"“”'")
    body = re.sub(r"\s+([,.;:!])", r"\1", body)
    body = re.sub(r"\bwill\s+will\b", "will", body)
    if not body:
        return body
    body = body[0].upper() + body[1:]
    body = body.rstrip(".!")
    return f"{body}."
