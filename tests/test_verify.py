"""verify: an intact ledger passes; any row changed behind the ledger's back is named."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text

import ledger.verify as verify_module
from ledger.canonical import canonical_json, chain_hash, load_body
from ledger.clock import fixed_clock
from ledger.db import make_engine
from ledger.inputs import validate_prediction, validate_resolution
from ledger.migrate import upgrade
from ledger.store import Ledger
from ledger.verify import verify
from tests.conftest import NOW, prediction


@pytest.fixture
def filled(ledger: Ledger, engine: Engine) -> Engine:
    """Events: 1-3 recorded, 4 amended (pred 1), 5 resolved (pred 2)."""
    items = [
        validate_prediction(prediction(statement=f"claim {i}"), default_yardstick="capphrase", now=NOW)
        for i in range(3)
    ]
    ledger.record(items, ["seed"] * 3)
    ledger.amend(1, {"criteria": "stricter criteria"}, "clarified")
    ledger.resolve(2, validate_resolution("yes", "it happened", [], None, now=NOW), None)
    assert verify(engine).ok
    return engine


def tamper(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


CASES = [
    ("event body", ["UPDATE event SET body = replace(body, 'claim 1', 'claim X') WHERE seq = 2"], 2, "hash does not match"),
    ("event column", ["UPDATE event SET actor = 'mallory' WHERE seq = 3"], 3, "column 'actor'"),
    ("event reason", ["UPDATE event SET reason = 'other' WHERE seq = 4"], 4, "column 'reason'"),
    ("event hash", ["UPDATE event SET hash = 'ab' || substr(hash, 3) WHERE seq = 5"], 5, "hash does not match"),
    ("deleted event", ["DELETE FROM event WHERE seq = 2"], 2, "event 2 is missing"),
    ("deleted last event", ["DELETE FROM event WHERE seq = 5"], 5, "chain head names event 5"),
    ("head", ["UPDATE chain_head SET seq = 4"], 4, "chain head names event 4"),
    ("prediction field", ["UPDATE prediction SET probability = 0.99 WHERE id = 3"], 3, "column 'probability'"),
    ("amended field", ["UPDATE prediction SET criteria = 'softer' WHERE id = 1"], 4, "column 'criteria'"),
    ("outcome", ["UPDATE prediction SET outcome = 'no' WHERE id = 2"], 5, "column 'outcome'"),
    ("private flag", ["UPDATE prediction SET private = true WHERE id = 3"], 3, "column 'private'"),
    ("deleted prediction", ["DELETE FROM prediction_tag WHERE prediction_id = 3", "DELETE FROM prediction WHERE id = 3"], 3, "missing from the table"),
    ("removed tag", ["DELETE FROM prediction_tag WHERE prediction_id = 1 AND tag = 'iran'"], 4, "tags are"),
    ("added tag", ["INSERT INTO prediction_tag (prediction_id, tag) VALUES (3, 'fake')"], 3, "tags are"),
    ("pundit name", ["UPDATE pundit SET name = 'Someone Else'"], None, "pundit 'lucas-evans'"),
    ("extra head row", ["INSERT INTO chain_head (id, seq, hash) VALUES (2, 0, 'x')"], None, "chain_head table has 2 rows"),
    ("event numbered 0", ["INSERT INTO event SELECT 0, kind, prediction_id, actor, recorded_at, reason, body, prev_hash,"
                          " hash FROM event WHERE seq = 1"], 0, "event 0 is out of sequence (expected 1)"),
]  # fmt: skip


@pytest.mark.parametrize("processes", [1, 2, 3], ids=["one process", "two processes", "three processes"])
@pytest.mark.parametrize(("what", "statements", "bad_seq", "message"), CASES, ids=[c[0] for c in CASES])
def test_tampering_is_caught(
    filled: Engine, what: str, statements: list[str], bad_seq: int | None, message: str, processes: int
) -> None:
    """The same first problem is named whether the work is split or not."""
    tamper(filled, *statements)
    report = verify(filled, processes=processes)
    assert not report.ok, what
    assert message in (report.problem or "")
    assert report.bad_seq == bad_seq


def forge(engine: Engine, seq: int, new_body: str) -> None:
    """Replace one event's body and re-hash the chain from there (what a careful forger does)."""
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT seq, body, prev_hash FROM event WHERE seq >= :s ORDER BY seq"), {"s": seq})
        prev = None
        for number, body, prev_hash in rows.all():
            prev = prev or prev_hash
            body = new_body if number == seq else body
            digest = chain_hash(prev, body)
            conn.execute(
                text("UPDATE event SET body = :b, prev_hash = :p, hash = :h WHERE seq = :s"),
                {"b": body, "p": prev, "h": digest, "s": number},
            )
            prev = digest
        conn.execute(text("UPDATE chain_head SET hash = :h"), {"h": prev})


def body_of(engine: Engine, seq: int) -> dict:
    with engine.connect() as conn:
        return load_body(conn.execute(text("SELECT body FROM event WHERE seq = :s"), {"s": seq}).scalar_one())


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize(
    ("make_body", "message"),
    [
        (lambda body: "not json {", "stored body is not JSON"),
        (lambda body: canonical_json([1, 2, 3]), "stored body is not a JSON object"),
        (lambda body: canonical_json({k: v for k, v in body.items() if k != "actor"}), "stored body has no 'actor'"),
        (
            lambda body: canonical_json({**body, "data": {**body["data"], "changes": {"pundit_slug": "x"}}}),
            "'pundit_slug', which cannot be amended",
        ),
        (lambda body: canonical_json({**body, "kind": "prediction.deleted"}), "column 'kind'"),
    ],
    ids=["not JSON", "not an object", "missing key", "unamendable field", "other kind"],
)
def test_forged_bodies_are_named(filled: Engine, make_body, message: str, processes: int) -> None:
    """A re-hashed chain whose body cannot be replayed is reported, not a crash."""
    forge(filled, 4, make_body(body_of(filled, 4)))
    report = verify(filled, processes=processes)
    assert not report.ok
    assert report.bad_seq == 4 and message in (report.problem or ""), report


@pytest.mark.parametrize("slug", [None, 7], ids=["null", "number"])
def test_a_forged_pundit_slug_of_another_type_is_named(filled: Engine, slug: object) -> None:
    """A re-hashed recorded event whose slug is not text: reported at its event, never a crash."""
    body = body_of(filled, 3)
    forge(filled, 3, canonical_json({**body, "data": {**body["data"], "pundit_slug": slug}}))
    report = verify(filled, processes=1)
    assert not report.ok
    assert report.bad_seq == 3 and "column 'pundit_slug'" in (report.problem or ""), report


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE event SET body = CAST(body AS BLOB) WHERE seq = 2", "stored body or prev_hash is not UTF-8 text"),
        ("UPDATE event SET body = CAST(X'7b22ff' AS TEXT) WHERE seq = 2", "stored body or prev_hash is not UTF-8 text"),
        ("UPDATE event SET actor = CAST(X'6d616c6cff' AS TEXT) WHERE seq = 2", "column 'actor' is 'mall\\udcff'"),
        ("UPDATE prediction SET quote = CAST(X'ff' AS TEXT) WHERE id = 3", "prediction 3: column 'quote'"),
    ],
    ids=["blob body", "body not UTF-8", "actor not UTF-8", "prediction column not UTF-8"],
)
@pytest.mark.parametrize("processes", [1, 2])
def test_stored_bytes_that_are_not_text_are_named(
    filled: Engine, statement: str, message: str, processes: int
) -> None:
    """SQLite stores whatever bytes it is given; verify names them instead of crashing."""
    if filled.dialect.name != "sqlite":
        pytest.skip("PostgreSQL refuses text that is not valid in its encoding")
    tamper(filled, statement)
    report = verify(filled, processes=processes)
    assert not report.ok
    assert message in (report.problem or ""), report
    assert report.bad_seq == (3 if "prediction 3" in message else 2)


def test_a_long_chain_splits_the_work_and_agrees(
    ledger: Ledger, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Auto mode on more events than PARALLEL_FROM gives the same head as one process."""
    items = [
        validate_prediction(prediction(statement=f"claim {i}", tags=f"t{i % 3}"), default_yardstick="capphrase", now=NOW)
        for i in range(60)
    ]
    ledger.record(items, ["seed"] * len(items))
    for pid in range(1, 61, 7):
        ledger.amend(pid, {"tags": ("moved",)}, "retagged")
    one = verify(engine, processes=1)
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 10)
    auto = verify(engine)
    assert one.ok and auto == one
    assert one.events == 60 + len(range(1, 61, 7))


def test_rewritten_history_changes_the_head(filled: Engine) -> None:
    """A forger who re-hashes the whole chain passes the chain check but not a published head."""
    published = verify(filled).head
    body = body_of(filled, 4)
    forge(filled, 4, canonical_json({**body, "data": {**body["data"], "changes": {"criteria": "forged"}}}))
    tamper(filled, "UPDATE prediction SET criteria = 'forged' WHERE id = 1")
    report = verify(filled)
    assert report.ok and report.head != published


def test_empty_ledger_verifies(engine: Engine) -> None:
    report = verify(engine)
    assert report.ok and report.events == 0 and report.head == "0" * 64


_check_part_apart = verify_module._check_part_apart


def _write_then_check(url: str, part: int, parts: int) -> object:
    """A worker's share of ``verify``, after a colleague appended a prediction."""
    engine = make_engine(url)
    writer = Ledger(engine, clock=fixed_clock(NOW), actor="colleague")
    item = validate_prediction(prediction(statement=f"written by part {part}"), default_yardstick="capphrase", now=NOW)
    writer.record([item], ["meanwhile"])
    engine.dispose()
    return _check_part_apart(url, part, parts)


def test_a_write_during_a_split_check_is_not_reported_as_tampering(
    filled: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parts read different snapshots when the ledger moves under them: checked again."""
    monkeypatch.setattr(verify_module, "_check_part_apart", _write_then_check)
    before = verify(filled, processes=1)
    report = verify(filled, processes=2)
    assert report.ok, report
    assert report.events == before.events + 1


def test_a_process_with_threads_starts_fresh_workers(filled: Engine) -> None:
    """Forking a process that runs other threads is unsafe: verify starts new interpreters then."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert verify_module._start_method().get_start_method() == "spawn"
        assert verify(filled, processes=2) == verify(filled, processes=1)
    finally:
        stop.set()
        thread.join()


def test_an_in_memory_ledger_is_checked_in_one_process() -> None:
    """Worker processes could not open this process's memory database."""
    engine = make_engine("sqlite://")
    upgrade(engine)
    writer = Ledger(engine, clock=fixed_clock(NOW), actor="tester")
    writer.record([validate_prediction(prediction(), default_yardstick="capphrase", now=NOW)], ["seed"])
    report = verify(engine, processes=2)
    assert report.ok and report.events == 1
    engine.dispose()
