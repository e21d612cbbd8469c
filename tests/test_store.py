"""Recording, amending and resolving through the library, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from ledger.db import connect
from ledger.errors import ConflictError, InputError, NotFoundError
from ledger.inputs import validate_prediction, validate_resolution
from ledger.models import Event, Prediction
from ledger.queries import get_prediction, history, list_predictions, pundit_summaries
from ledger.state import PREDICTION_COLUMNS, RECORDED_FIELDS
from ledger.store import Ledger
from ledger.verify import verify
from tests.conftest import NOW, prediction


def record(ledger: Ledger, **overrides: object) -> int:
    item = validate_prediction(prediction(**overrides), default_yardstick="capphrase", now=NOW)
    result = ledger.record([item], ["test"])
    assert not result.already
    return result.recorded[0]


def test_record_assigns_ids_and_derives_rows(ledger: Ledger, engine: Engine) -> None:
    first = record(ledger)
    second = record(ledger, statement="The talks produce only interim steps", deadline="2027-06-30")
    assert (first, second) == (1, 2)
    view = get_prediction(engine, second, now=NOW)
    assert view.deadline == "2027-06-30T23:59:59Z"
    assert view.made == "2026-11-01T00:00:00Z"
    assert view.probability == 0.8 and view.basis == "assigned"
    assert view.tags == ("iran", "nuclear")
    assert view.status == "open"
    assert [p.name for p in pundit_summaries(engine, now=NOW)] == ["Lucas Evans"]
    report = verify(engine)
    assert report.ok and report.events == 2


def test_same_prediction_twice_is_reported_not_recorded(ledger: Ledger) -> None:
    record(ledger)
    item = validate_prediction(prediction(), default_yardstick="capphrase", now=NOW)
    result = ledger.record([item], ["again"])
    assert result.recorded == [] and result.already == [(0, 1)]


def test_amend_appends_and_keeps_the_original(ledger: Ledger, engine: Engine) -> None:
    pid = record(ledger)
    ledger.amend(pid, {"deadline": "2029-06-30T23:59:59Z", "tags": ("iran",)}, "talks extended")
    view = get_prediction(engine, pid, now=NOW)
    assert view.deadline == "2029-06-30T23:59:59Z" and view.tags == ("iran",)
    events = history(engine, pid)
    assert [e.kind for e in events] == ["prediction.recorded", "prediction.amended"]
    assert events[0].data["deadline"] == "2028-12-31T23:59:59Z"
    assert events[1].reason == "talks extended" and events[1].actor == "tester"
    assert events[1].at == "2026-11-22T12:00:00Z"
    assert verify(engine).ok


def test_amend_that_changes_nothing_is_refused(ledger: Ledger) -> None:
    pid = record(ledger)
    with pytest.raises(InputError, match="changes nothing"):
        ledger.amend(pid, {"deadline": "2028-12-31T23:59:59Z"}, "same")


def test_resolve_twice_needs_a_reason_and_keeps_both(ledger: Ledger, engine: Engine) -> None:
    pid = record(ledger)
    first = validate_resolution("no", "nothing happened", ["https://example.org/a"], "2026-11-20", now=NOW)
    ledger.resolve(pid, first, None)
    second = validate_resolution("partial", "on review, partly", [], None, now=NOW)
    with pytest.raises(ConflictError, match="already resolved"):
        ledger.resolve(pid, second, None)
    ledger.resolve(pid, second, "a second source changed the picture")
    view = get_prediction(engine, pid, now=NOW)
    assert view.outcome == "partial" and view.status == "resolved" and view.evidence == ()
    outcomes = [e.data["outcome"] for e in history(engine, pid) if e.kind == "prediction.resolved"]
    assert outcomes == ["no", "partial"]
    assert verify(engine).ok


def test_unknown_id(ledger: Ledger) -> None:
    with pytest.raises(NotFoundError, match="no prediction with id 7"):
        ledger.amend(7, {"criteria": "x"}, "why")


def test_record_is_all_or_nothing(ledger: Ledger, engine: Engine) -> None:
    good = validate_prediction(prediction(), default_yardstick="capphrase", now=NOW)
    with pytest.raises(InputError):
        ledger.record([good], [" "])  # an empty reason fails the batch
    with connect(engine) as conn:
        assert conn.execute(select(func.count()).select_from(Event)).scalar() == 0


def test_status_filters(ledger: Ledger, engine: Engine) -> None:
    record(ledger, statement="due one", made="2026-01-01", deadline="2026-06-30")
    record(ledger, statement="open one")
    resolved = record(ledger, statement="resolved one")
    ledger.resolve(resolved, validate_resolution("yes", "done", [], None, now=NOW), None)
    by_status = {
        s: [v.statement for v in list_predictions(engine, now=NOW, status=s)]
        for s in ("open", "due", "resolved")
    }
    assert by_status == {"open": ["open one"], "due": ["due one"], "resolved": ["resolved one"]}
    assert [v.statement for v in list_predictions(engine, now=NOW, tag="IRAN")] == [
        "due one",
        "open one",
        "resolved one",
    ]
    assert list_predictions(engine, now=NOW, pundit="someone else") == []
    assert len(list_predictions(engine, now=NOW, pundit="lucas evans")) == 3


def test_row_fields_are_the_prediction_columns() -> None:
    """``apply_event`` unpacks a recorded event's fields straight into the row, in column order."""
    assert PREDICTION_COLUMNS[2 : 2 + len(RECORDED_FIELDS)] == RECORDED_FIELDS
    assert set(PREDICTION_COLUMNS) == set(Prediction.__table__.columns.keys())
