"""Canonical bytes and hashes for the event chain.

The canonical form of an event is its JSON with keys sorted, no spaces, UTF-8, numbers in
one notation (integers as integers, probabilities as floats rounded to 4 decimals, written in
their shortest round-trip form), and instants as canonical UTC text (see ``ledger.when``).
Those bytes are stored beside the event and hashed: ``hash = sha256(prev_hash + bytes)``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """The canonical text of an event body (or of a value inside one)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def chain_hash(prev_hash: str, body: str) -> str:
    """The hash of an event: sha256 over the previous hash (hex) and the canonical body."""
    return hashlib.sha256(prev_hash.encode("ascii") + body.encode("utf-8")).hexdigest()


def load_body(body: str) -> dict[str, Any]:
    """Parse stored canonical text back into a dict."""
    parsed = orjson.loads(body)
    if not isinstance(parsed, dict):
        raise ValueError("event body is not a JSON object")
    return parsed


def round_probability(p: float) -> float:
    """The one notation a probability is stored and hashed in (never -0.0)."""
    return float(round(p, 4)) + 0.0
