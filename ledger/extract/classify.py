"""Is this clause a forecast, and whose? Rules, in the order they are applied:

1. a question ("...?") is not a forecast;
2. with no future marker (see ``markers``): a hedge about the past ("may well have done"),
   a counterfactual ("would introduce"), a past expectation ("was expected to"), a normative
   claim ("policy must pivot"), a general claim ("pain inevitably leads to"), else a
   statement about the past or present: none is proposed;
3. a rejection frame before the marker ("the prevailing theory suggests", "critics argue",
   "they assume", "the real danger is not that") marks a view the author sets up to reject;
4. "must/should/ought to" before the marker in the same clause is normative;
5. "will always" and "whenever ... will" are general claims;
6. a reporting frame ("X predicts/expects/says (that)", "according to X", "..., X says")
   attributes the forecast to X when X is named (capitalised: "Morgan Stanley", "the IMF",
   "Jane Roe"); an unnamed reporter ("analysts say", "he said") is someone else's view;
7. "if/unless/once/provided that/as long as" flags the forecast as conditional.

A marker of kind ``weak`` (may/might/could) needs a time frame to count; ``candidates``
checks that, since time frames live in ``timeframe``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.extract.markers import (
    PAST_COPULA,
    PAST_HEDGE,
    Marker,
    find_markers,
    general_inevitably,
    words,
)

_REJECTION = re.compile(
    r"\b(?:(?:prevailing|conventional|received|popular|common|standard|dominant|mainstream)\s+"
    r"(?:theory|view|wisdom|narrative|assumption|consensus|thinking|line|story)"
    r"|(?:critics|sceptics|skeptics|optimists|pessimists|hawks|doves|pundits|analysts|"
    r"commentators|observers|experts|many|some|others|they|officials|diplomats|boosters|"
    r"believers|proponents|supporters|the\s+establishment|the\s+media|mainstream\s+analysts)"
    r"\s+(?:\w+\s+)?(?:argue|argued|claim|claimed|assume|assumed|insist|insisted|contend|"
    r"believe|believed|suggest|think|thought|hope|hoped|tell\s+us|maintain|imagine|expect|"
    r"predict|say|said)"
    r"|assumes?\s+that|assumed\s+that"
    r"|the\s+(?:idea|notion|premise|assumption|belief|hope|myth|claim|fantasy|illusion|fiction)"
    r"\s+that|is\s+not\s+that|it\s+is\s+(?:a\s+myth|wrong|naive|naïve|false|a\s+fantasy)"
    r"(?:\s+to\s+(?:think|believe|assume))?\s+that|contrary\s+to|you\s+might\s+think"
    r"|one\s+might\s+think|it\s+is\s+tempting\s+to\s+(?:think|believe|assume)|if\s+you\s+believe"
    r"|do\s+not\s+believe|don['’]t\s+believe)\b",
    re.I,
)
_NORMATIVE = re.compile(r"\b(?:must|should|ought\s+to|needs?\s+to|has\s+to|have\s+to)\b", re.I)
_WOULD = re.compile(r"\b(?:would|could\s+have|might\s+have)\b|['’]d\b", re.I)
_GENERAL = re.compile(r"\bwill\s+always\b|\bwhenever\b|\btends?\s+to\b", re.I)
_CONDITIONAL = re.compile(
    r"(?:^|[,;:—]\s*|\b(?:but|and|yet|then)\s+)(?:if|unless|once|provided\s+(?:that\s+)?|"
    r"as\s+long\s+as|in\s+case)\b|^\s*should\s+\w+|(?<!\beven)(?<!\bas)(?<!\bwhat)\s+(?:if|unless)\s",
    re.I,
)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but)\s+(?:that\s+)?|\s+and\s+that\s+|:\s")
_PAST_TENSE = re.compile(r"\b(?:was|were|had|did|\w+ed)\b", re.I)
_VERB = (
    r"(?:predicts?|predicted|expects?|expected|forecasts?|forecasted|projects?|projected|says?|"
    r"said|warns?|warned|believes?|believed|estimates?|estimated|thinks?|thought|reckons?|"
    r"anticipates?|argues?|argued|insists?|insisted|claims?|claimed|contends?|maintains?|bets?|"
    r"wrote|writes|suggests?|suggested|assumes?|assumed|hopes?|fears?|feared)"
)
_LEAD_FRAME = re.compile(
    rf"^(?:(?:but|and|yet|meanwhile|still|now),?\s+)?(?P<who>[^,;:\"“”]{{1,80}}?)"
    rf"(?:,\s[^,;]{{1,80}},)?\s+(?:now\s+|also\s+|still\s+|firmly\s+|confidently\s+)?"
    rf"(?P<verb>{_VERB})\b(?:(?:\s+\w+){{0,3}}?\s+that\b)?[\s,:]+",
    re.I,
)
_REPORT_VERB = re.compile(r"predicts?|forecasts?|expects?", re.I)
_IMPERATIVE = re.compile(r"^\s*(expect)\s+(?!that\b)\w+.*?\bto\s+\w+", re.I)
_INNER_REPORT = re.compile(r"(?:\w+\s+){0,3}?(?:it|they|he|she)\s+(expects|predicts|forecasts)\b", re.I)
_ORG_NOUN = re.compile(
    r"\b(?:ministry|government|bank|agency|commission|council|department|office|fund|company|"
    r"army|navy|court|parliament|senate|cabinet|party|union|regulator|treasury|institute)$",
    re.I,
)
_ACCORDING = re.compile(r"^according\s+to\s+(?P<who>[^,]{1,80}),\s*", re.I)
_TRAIL_FRAME = re.compile(
    rf"(?:,\s*[\"”]?|[\"”],?)\s+(?:(?P<who>(?-i:[A-Z])[^,;\"“”]{{0,60}}?|he|she|they|officials|"
    rf"analysts|experts)\s+(?P<verb>{_VERB}|told)|(?P<verb2>says|said|predicts|warns|writes|wrote|"
    rf"told)\s+(?P<who2>(?-i:[A-Z])[^,;]{{0,60}}?))\b(?:\s+[^,;\"“”]{{0,40}}?)?[.!]?[\"”]?$",
    re.I,
)
_AUTHOR = frozenset({"i", "we", "my", "our", "this writer", "this author"})
_GENERIC = words(
    "critics analysts experts many some most others they he she it this that these those "
    "observers officials diplomats economists pundits commentators skeptics sceptics optimists "
    "pessimists hawks doves everyone nobody few people investors markets traders supporters "
    "opponents proponents history data evidence one you who which to in for by as if when while "
    "because with without after before during on at from but and so yet or a an not no"
)
_CONNECTORS = frozenset({"of", "and", "&", "for", "de", "the", "at", "on", "von", "van", "la"})


@dataclass(frozen=True)
class Verdict:
    """What the classifier made of one clause."""

    text: str
    proposed: bool
    reason: str
    marker: Marker | None = None
    conditional: bool = False
    attributed_to: str | None = None
    claim_span: tuple[int, int] | None = None  # the clause without its reporting frame
    alternatives: tuple[Marker, ...] = ()  # other markers, in case the yardstick cannot read this one

    @property
    def weak(self) -> bool:
        return self.marker is not None and self.marker.kind == "weak"


def classify(text: str) -> Verdict:
    """Decide whether ``text`` (a sentence or one clause of it) is a forecast, and whose."""
    stripped = text.strip().rstrip("\"”’' )")
    if stripped.endswith("?"):
        return Verdict(text, False, "a question")
    markers = find_markers(text)
    strong = [m for m in markers if m.kind != "weak"]
    stated = [m for m in markers if m.kind in ("stated", "odds")]
    marker = (stated or strong or markers or [None])[0]
    if marker is None:
        marker = _report_marker(text)
    if marker is None:
        return Verdict(text, False, _why_not(text))
    if frame := _REJECTION.search(text, 0, marker.start):
        return Verdict(text, False, f"a view the author sets up to reject ({frame.group(0)!r})")
    if (norm := _NORMATIVE.search(_clause_before(text, marker.start))) and not re.match(
        r"\s*should\s", text, re.I
    ):
        return Verdict(text, False, f"a normative claim ({norm.group(0)!r})")
    if (general := _GENERAL.search(text)) is not None:
        return Verdict(text, False, f"a general claim, no dated event ({general.group(0)!r})")
    if marker.kind == "attributive" and general_inevitably(text):
        return Verdict(text, False, "a general claim, no dated event ('inevitably')")
    who, span, reporter = _attribution(text, marker)
    conditional = bool(_CONDITIONAL.search(text))
    if reporter is not None and who is None:
        return Verdict(text, False, f"a view reported from others ({reporter!r}), not the author's")
    if who:
        reason = f"a forecast attributed to {who}"
    elif marker.kind in ("stated", "odds"):
        reason = "the author's forecast with a stated probability"
    else:
        reason = "the author's forecast"
    reason += f" (marker {marker.words!r})"
    others = tuple(m for m in (*stated, *strong) if m is not marker)
    return Verdict(text, True, reason, marker, conditional, who, span, others)


def _report_marker(text: str) -> Marker | None:
    """'The IMF expects X to Y', 'I predict X', 'Expect X to Y', 'The ministry said it expects':
    the reporting verb is the only marker."""
    if m := _IMPERATIVE.match(text):
        return Marker(m.group(1), m.start(1), m.end(1), "report")
    m = _LEAD_FRAME.match(text)
    if not m:
        return None
    who = m.group("who").strip()
    verb = m.group("verb").lower()
    if _REPORT_VERB.fullmatch(verb):
        if (who.lower() in _AUTHOR and not verb.endswith("s")) or (verb.endswith("s") and _named(who)):
            return Marker(m.group("verb"), m.start("verb"), m.end("verb"), "report")
        return None
    inner = _INNER_REPORT.match(text, m.end())
    if inner and _named(who):
        return Marker(inner.group(1), inner.start(1), inner.end(1), "report")
    return None


def _why_not(text: str) -> str:
    if m := PAST_HEDGE.search(text):
        return f"a hedge about the past ({m.group(0)!r})"
    if m := _WOULD.search(text):
        return f"a counterfactual or hypothetical ({m.group(0)!r})"
    if m := PAST_COPULA.search(text):
        return f"a past expectation ({m.group(0)!r})"
    if m := _NORMATIVE.search(text):
        return f"a normative claim ({m.group(0)!r})"
    if general_inevitably(text):
        return "a general claim, no dated event ('inevitably')"
    if _PAST_TENSE.search(text):
        return "no future marker (a past event or a present state)"
    return "no future marker (a general or present-tense claim)"


def _clause_before(text: str, position: int) -> str:
    """The part of the marker's clause that comes before the marker."""
    head = text[:position]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def _attribution(text: str, marker: Marker) -> tuple[str | None, tuple[int, int], str | None]:
    """(named source or None, span of the claim, the unnamed reporter if any)."""
    span = (0, len(text))
    if m := _ACCORDING.match(text):
        who = _named(m.group("who"))
        return who, (m.end(), len(text)), None if who else m.group("who")
    m = _LEAD_FRAME.match(text)
    if m and m.end("verb") <= (marker.end if marker.kind == "report" else marker.start):
        raw = m.group("who").strip()
        first = raw.lower().split()[:1]
        if raw.lower() in _AUTHOR or (first and first[0] in _AUTHOR):
            return None, (m.end(), len(text)), None
        who = _named(raw)
        return who, (m.end(), len(text)), None if who else raw
    m = _TRAIL_FRAME.search(text)
    if m and m.start() >= marker.end:
        raw = (m.group("who") or m.group("who2") or "").strip()
        if raw.lower() in _AUTHOR:
            return None, (0, m.start()), None
        who = _named(raw)
        return who, (0, m.start()), None if who else raw
    return None, span, None


def _named(raw: str) -> str | None:
    """The name in a reporter phrase ("Morgan Stanley", "the IMF"), or None if unnamed."""
    words = raw.strip(" ,").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words:
        return None
    if raw.strip().lower().startswith("the ") and _ORG_NOUN.search(raw.strip()) and len(words) <= 4:
        return " ".join(["the", *words])  # "the shipping ministry": an organisation, unnamed
    if words[0].lower() in _GENERIC or words[0].islower():
        tail = re.search(r"\b(?:at|from|of)\s+((?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*)", raw)
        return _named(tail.group(1)) if tail else None
    if all(w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS for w in words):
        return " ".join(words).rstrip(",")
    return None
