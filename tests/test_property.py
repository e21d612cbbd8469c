"""Property: any sequence of add / amend / resolve verifies; any change to one stored event does not."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ledger.clock import fixed_clock
from ledger.db import make_engine
from ledger.errors import InputError
from ledger.inputs import validate_prediction, validate_resolution
from ledger.migrate import upgrade
from ledger.state import OUTCOMES
from ledger.store import Ledger
from ledger.verify import verify
from ledger.when import format_timestamp
from tests.conftest import NOW

words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)
tags = st.lists(st.sampled_from(["iran", "oil", "russia", "élection", "中国"]), max_size=3)
days = st.integers(min_value=0, max_value=3000)

add = st.tuples(
    st.just("add"),
    words,
    st.sampled_from(["Lucas Evans", "Ana Ruiz", "Zoë Ng"]),
    st.floats(0, 1),
    days,
    tags,
    st.booleans(),
)
amend = st.tuples(
    st.just("amend"), st.integers(0, 50),
    st.one_of(
        st.tuples(st.just("criteria"), words), st.tuples(st.just("deadline"), days),
        st.tuples(st.just("probability"), st.floats(0, 1)), st.tuples(st.just("tags"), tags),
        st.tuples(st.just("private"), st.booleans()),
    ),
    words,
)  # fmt: skip
resolve = st.tuples(st.just("resolve"), st.integers(0, 50), st.sampled_from(OUTCOMES), words)
operations = st.lists(st.one_of(add, amend, resolve), min_size=1, max_size=12)

TAMPER_COLUMNS = [
    "body",
    "actor",
    "reason",
    "kind",
    "recorded_at",
    "hash",
    "prev_hash",
    "prediction_id",
    "seq",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def apply(ledger: Ledger, ops: list[tuple[Any, ...]]) -> int:
    ids: list[int] = []
    for op in ops:
        try:
            if op[0] == "add":
                _, statement, pundit, p, offset, tag_list, private = op
                deadline = format_timestamp(NOW + timedelta(days=offset))
                fields = {"statement": statement, "pundit": pundit, "probability": p, "deadline": deadline,
                          "tags": tag_list, "private": private}  # fmt: skip
                item = validate_prediction(fields, default_yardstick="capphrase", now=NOW)
                ids.extend(ledger.record([item], ["property"]).recorded)
            elif op[0] == "amend" and ids:
                _, index, (field, value), reason = op
                if field == "deadline":
                    value = format_timestamp(NOW + timedelta(days=value))
                elif field == "probability":
                    value = round(value, 4)
                elif field == "tags":
                    value = tuple(sorted({t.lower() for t in value}))
                ledger.amend(ids[index % len(ids)], {field: value}, reason)
            elif op[0] == "resolve" and ids:
                _, index, outcome, reason = op
                ledger.resolve(
                    ids[index % len(ids)], validate_resolution(outcome, reason, [], None, now=NOW), reason
                )
        except InputError:
            pass  # e.g. an amendment that changes nothing: refused, nothing written
    return len(ids)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, victim=st.integers(0, 10_000), column=st.sampled_from(TAMPER_COLUMNS))
def test_any_history_verifies_and_any_tampering_is_caught(
    template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    ops: list[tuple[Any, ...]],
    victim: int,
    column: str,
) -> None:
    path = tmp_path_factory.mktemp("prop") / "ledger.db"
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        ledger = Ledger(engine, clock=fixed_clock(NOW), actor="prop")
        apply(ledger, ops)
        report = verify(engine)
        assert report.ok, report.problem
        if report.events == 0:
            return
        seq = victim % report.events + 1
        with engine.begin() as conn:
            if column in ("prediction_id", "seq"):
                conn.execute(text(f"UPDATE event SET {column} = {column} + 1000 WHERE seq = :s"), {"s": seq})
            else:
                conn.execute(text(f"UPDATE event SET {column} = {column} || 'x' WHERE seq = :s"), {"s": seq})
        broken = verify(engine)
        assert not broken.ok
        assert broken.bad_seq is not None and broken.bad_seq <= seq
    finally:
        engine.dispose()
