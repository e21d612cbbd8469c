"""The command line, end to end: the real ``cli`` on real SQLite and PostgreSQL databases.

Every test runs in its own working directory (so no ``./pundit-ledger.toml`` or
``./ledger.db`` of the checkout is ever read or written) with a fixed clock:
NOW = 2026-11-22T12:00:00Z, researcher "tester".
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from sqlalchemy import create_engine, text

from ledger.cli import cli
from ledger.state import OUTCOMES
from tests.cli_helpers import (
    BASE_ENV,
    EXAMPLE_CSV,
    add,
    assert_one_error,
    event_count,
    init,
    list_json,
    ok,
    run,
    show_json,
    verified,
)

HEX64 = re.compile(r"[0-9a-f]{64}")
RECORDED, AMENDED, RESOLVED = "prediction.recorded", "prediction.amended", "prediction.resolved"


pytestmark = pytest.mark.usefixtures("in_tmp_cwd")


def tamper(db_url: str, *statements: str) -> None:
    """Change stored rows behind the ledger's back, on an engine of its own."""
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


# -- init and uninitialised databases -----------------------------------------------------


def test_init_creates_then_reports_existing(db_url: str) -> None:
    first = ok(run(db_url, "init"))
    assert first.stdout.startswith("created ledger at ")
    assert "(schema 0002)" in first.stdout
    second = ok(run(db_url, "init"))
    assert "already exists" in second.stdout and "created" not in second.stdout
    assert ok(run(db_url, "db", "upgrade")).stdout.strip().endswith("is up to date (schema 0002)")
    assert verified(db_url) == (0, "0" * 64)


UNINITIALISED = [
    pytest.param(["list"], id="list"),
    pytest.param(["show", "1"], id="show"),
    pytest.param(["verify"], id="verify"),
    pytest.param(["pundits"], id="pundits"),
    pytest.param(["export"], id="export"),
    pytest.param(["add", "Claim", "--pundit", "P", "--deadline", "2027", "--probability", "0.5"], id="add"),
    pytest.param(["amend", "1", "--reason", "r", "--criteria", "c"], id="amend"),
    pytest.param(["resolve", "1", "--outcome", "yes", "--note", "n"], id="resolve"),
    pytest.param(["import", str(EXAMPLE_CSV)], id="import"),
    pytest.param(["db", "upgrade"], id="db-upgrade"),
]


@pytest.mark.parametrize("args", UNINITIALISED)
def test_uninitialised_database_is_refused(db_url: str, args: list[str]) -> None:
    result = run(db_url, *args)
    assert_one_error(result, "no ledger at", "pundit-ledger init")
    assert result.stdout == ""
    if db_url.startswith("sqlite") and args[0] != "db":  # not even an empty file is left behind
        assert not Path(db_url.removeprefix("sqlite:///")).exists()
    # ... and the refusal wrote nothing: still no schema at all.
    assert ok(run(db_url, "db", "current")).stdout.startswith("database: none")


def test_db_upgrade_on_a_missing_sqlite_file_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    assert_one_error(run(f"sqlite:///{path}", "db", "upgrade"), "no ledger at")
    assert not path.exists()


# -- add -------------------------------------------------------------------------------------

DEADLINES = [
    pytest.param("2027-06-30", [], "2027-06-30T23:59:59Z", "end of that day, UTC", id="iso-date"),
    pytest.param("end of 2027", [], "2027-12-31T23:59:59Z", "end of 2027, UTC", id="end-of-year"),
    pytest.param("by the end of 2027", [], "2027-12-31T23:59:59Z", "end of 2027, UTC", id="by-the-end-of"),
    pytest.param("Q2 2027", [], "2027-06-30T23:59:59Z", "end of Q2 2027, UTC", id="quarter"),
    pytest.param("H1 2027", [], "2027-06-30T23:59:59Z", "end of H1 2027, UTC", id="half"),
    pytest.param("June 2027", [], "2027-06-30T23:59:59Z", "end of that month, UTC", id="month"),
    pytest.param(
        "in 6 months", ["--published", "2026-11-01"], "2027-05-01T23:59:59Z",
        "6 month(s) after 2026-11-01", id="relative-to-published",
    ),
    pytest.param(
        "in 6 months", ["--published", "2026-11-01", "--made", "2026-09-15"], "2027-03-15T23:59:59Z",
        "6 month(s) after 2026-09-15", id="relative-to-made",
    ),
    pytest.param(
        "within six months", [], "2027-05-22T23:59:59Z", "6 month(s) after 2026-11-22", id="relative-to-today",
    ),
    pytest.param(
        "2027-06-30T12:00:00+02:00", [], "2027-06-30T10:00:00Z", "the instant given", id="instant-with-offset",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("deadline", "extra", "instant", "reading"), DEADLINES)
def test_add_echoes_the_exact_deadline(
    ready: str, deadline: str, extra: list[str], instant: str, reading: str
) -> None:
    result = ok(
        run(ready, "add", "Claim", "--pundit", "Lucas Evans", "--deadline", deadline,
            "--probability", "0.6", *extra)
    )  # fmt: skip
    assert result.stdout.startswith(f"recorded prediction 1: deadline {instant} ({reading}")
    assert result.stdout.rstrip().endswith("probability 0.6 (assigned)")
    assert result.stderr == ""
    view = show_json(ready, 1)
    assert view["deadline"] == instant
    assert view["history"][0]["data"]["deadline"] == instant


PROBABILITIES = [
    pytest.param(["--hedge", "will likely"], 0.75, "hedge", "will likely", "capphrase",
                 "probability 0.75 (hedge 'will likely' on yardstick capphrase)", id="hedge"),
    pytest.param(["--hedge", "will never"], 0.1, "hedge", "will never", "capphrase",
                 "probability 0.1 (hedge 'will never' on yardstick capphrase)", id="negated-hedge"),
    pytest.param(["--hedge", "highly likely", "--yardstick", "kent"], 0.93, "hedge", "highly likely", "kent",
                 "probability 0.93 (hedge 'highly likely' on yardstick kent)", id="hedge-other-yardstick"),
    pytest.param(["--probability", "70%"], 0.7, "assigned", None, None,
                 "probability 0.7 (assigned)", id="percent"),
    pytest.param(["--probability", "0.7", "--basis", "stated"], 0.7, "stated", None, None,
                 "probability 0.7 (stated)", id="stated"),
    pytest.param(["--probability", "0.6", "--basis", "stated", "--hedge", "likely"], 0.6, "stated", "likely",
                 None, "probability 0.6 (stated)", id="stated-with-hedge-context"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "value", "basis", "hedge", "yardstick", "echo"), PROBABILITIES)
def test_add_probability_and_basis(
    ready: str,
    args: list[str],
    value: float,
    basis: str,
    hedge: str | None,
    yardstick: str | None,
    echo: str,
) -> None:
    result = ok(run(ready, "add", "Claim", "--pundit", "P", "--deadline", "2027-06-30", *args))
    assert result.stdout.rstrip().endswith(echo)
    view = show_json(ready, 1)
    assert (view["probability"], view["basis"], view["hedge"], view["yardstick"]) == (
        value, basis, hedge, yardstick,
    )  # fmt: skip


def test_add_private_tags_and_researcher(ready: str) -> None:
    pid = add(
        ready, "Claim", "--deadline", "2027", "--probability", "0.5", "--private",
        "--tag", "Iran", "--tag", "diplomacy", "--tag", " iran ", "--quote", "It will happen.",
        "--source-url", "https://example.org/a", "--source-title", "A title", "--published", "2026-11-01",
        "--criteria", "YES if it happens", "--note", "why this deadline",
    )  # fmt: skip
    other = add(ready, "Other claim", "--deadline", "2027", "--probability", "0.5", by="alice")
    view = show_json(ready, pid)
    assert view["private"] is True
    assert view["tags"] == ["diplomacy", "iran"]
    assert (view["quote"], view["source_url"], view["source_title"]) == (
        "It will happen.", "https://example.org/a", "A title",
    )  # fmt: skip
    assert (view["published"], view["made"]) == ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z")
    assert (view["criteria"], view["note"]) == ("YES if it happens", "why this deadline")
    assert view["history"][0]["actor"] == "tester"
    assert view["history"][0]["at"] == "2026-11-22T12:00:00Z"
    assert show_json(ready, other)["history"][0]["actor"] == "alice"
    assert show_json(ready, other)["private"] is False
    listing = ok(run(ready, "list")).stdout
    assert "open (private)" in listing
    assert event_count(ready) == 2


# -- bad input: one error line, exit 2, nothing written -------------------------------------

ADD = ["add", "Seeded claim", "--pundit", "Lucas Evans", "--deadline", "2027-06-30"]
BAD_INPUT = [
    pytest.param(["add", "New", *ADD[2:], "--probability", "1.5"], ["probability '1.5' is outside [0, 1]"], id="p-1.5"),
    pytest.param(["add", "New", *ADD[2:], "--probability", "-0.1"], ["probability '-0.1' is outside [0, 1]"], id="p-negative"),
    pytest.param(["add", "New", *ADD[2:], "--probability", "abc"], ["probability 'abc' is not a number"], id="p-abc"),
    pytest.param(["add", "New", *ADD[2:], "--probability", "nan"], ["probability 'nan' is outside [0, 1]"], id="p-nan"),
    pytest.param(["add", "New", *ADD[2:], "--probability", "150%"], ["outside [0, 1]"], id="p-150-percent"),
    pytest.param(["add", "New", *ADD[2:], "--hedge", "maybe perhaps"],
                 ["unknown hedge words 'maybe perhaps'", "closest known: 'may happen'"], id="unknown-hedge"),
    pytest.param(["add", "New", *ADD[2:], "--hedge", "zzz"],
                 ["unknown hedge words 'zzz'", "closest known: '"], id="unknown-hedge-nothing-close"),
    pytest.param(["add", "New", *ADD[2:], "--hedge", "70% likely"], ["holds a number"], id="hedge-with-number"),
    pytest.param(["add", "New", *ADD[2:], "--hedge", "likely", "--yardstick", "nope"],
                 ["unknown yardstick 'nope'", "capphrase, icd203, kent, mauboussin2018"], id="unknown-yardstick"),
    pytest.param(["add", "New", "--pundit", "P", "--deadline", "2026-01-01", "--made", "2026-06-01", "--probability", "0.5"],
                 ["deadline 2026-01-01T23:59:59Z is before the statement was made (2026-06-01T00:00:00Z)"], id="deadline-before-made"),
    pytest.param(["add", "New", "--pundit", "P", "--deadline", "someday", "--probability", "0.5"],
                 ["cannot read deadline 'someday'"], id="deadline-someday"),
    pytest.param(["add", "New", *ADD[2:], "--probability", "0.5", "--published", "last tuesday-ish"],
                 ["published: cannot read 'last tuesday-ish'"], id="published-unparseable"),
    pytest.param(["add", "New", *ADD[2:], "--probability", "0.5", "--made", "2027-01-01"],
                 ["made date 2027-01-01T00:00:00Z is in the future"], id="made-in-future"),
    pytest.param(["add", "New", *ADD[2:], "--probability", "0.5", "--source-url", "example.org/x"],
                 ["source_url 'example.org/x' is not an http(s) URL"], id="bad-url"),
    pytest.param([*ADD, "--probability", "0.5"], ["already recorded as 1"], id="same-prediction-twice"),
    pytest.param(["show", "99"], ["no prediction with id 99"], id="show-unknown-id"),
    pytest.param(["amend", "99", "--reason", "r", "--criteria", "c"], ["no prediction with id 99"], id="amend-unknown-id"),
    pytest.param(["resolve", "99", "--outcome", "yes", "--note", "n"], ["no prediction with id 99"], id="resolve-unknown-id"),
    pytest.param(["amend", "1", "--reason", "r"], ["nothing to amend"], id="amend-without-changes"),
    pytest.param(["amend", "1", "--reason", "r", "--criteria", "c0"], ["the amendment changes nothing"], id="amend-same-value"),
    pytest.param(["amend", "1", "--reason", "r", "--deadline", "2026-01-01"],
                 ["is before the statement was made"], id="amend-deadline-before-made"),
    pytest.param(["amend", "1", "--reason", "r", "--probability", "2"], ["outside [0, 1]"], id="amend-bad-probability"),
    pytest.param(["resolve", "1", "--outcome", "yes", "--note", "n", "--known-on", "2026-12-01"],
                 ["known-on date 2026-12-01T00:00:00Z is in the future"], id="known-on-in-future"),
    pytest.param(["resolve", "1", "--outcome", "yes", "--note", "n", "--known-on", "2026-11-01"],
                 ["known-on date 2026-11-01T00:00:00Z is before the statement was made (2026-11-22T00:00:00Z)"],
                 id="known-on-before-made"),
    pytest.param(["resolve", "1", "--outcome", "yes", "--note", "n", "--evidence", "not a url"],
                 ["evidence 'not a url' is not an http(s) URL"], id="bad-evidence-url"),
    pytest.param(["resolve", "1", "--outcome", "maybe", "--note", "n"],
                 ["'maybe' is not one of 'yes', 'no', 'partial', 'annulled', 'ambiguous'"], id="unknown-outcome"),
    pytest.param(["list", "--due-before", "someday"], ["cannot read deadline 'someday'"], id="list-due-before-someday"),
    pytest.param(["list", "--status", "closed"], ["'closed' is not one of 'open', 'due', 'resolved'"], id="list-bad-status"),
    pytest.param(["amend", "1", "--criteria", "c"], ["Missing option '--reason'"], id="amend-without-reason"),
    pytest.param(["--bogus", "list"], ["No such option '--bogus'"], id="unknown-option-before-the-command"),
    pytest.param(["add", "New", "--pundit", "N" * 301, "--deadline", "2027", "--probability", "0.5"],
                 ["pundit is longer than 300 characters"], id="pundit-name-too-long"),
    pytest.param(["--by", "b" * 201, "add", "New", *ADD[2:], "--probability", "0.5"],
                 ["researcher is longer than 200 characters"], id="researcher-name-too-long"),
    pytest.param(["verify", "--expect-head", "abc"], ["--expect-head 'abc' is not a head hash"], id="expect-head-not-a-hash"),
]  # fmt: skip


@pytest.fixture
def seeded_one(ready: str) -> str:
    """A ledger with prediction 1 (made today, deadline 2027-06-30, criteria 'c0')."""
    ok(run(ready, *ADD, "--probability", "0.5", "--criteria", "c0"))
    return ready


@pytest.mark.parametrize(("args", "fragments"), BAD_INPUT)
def test_bad_input_is_one_error_line_and_writes_nothing(
    seeded_one: str, args: list[str], fragments: list[str]
) -> None:
    result = run(seeded_one, *args)
    assert_one_error(result, *fragments)
    assert result.stdout == ""
    assert event_count(seeded_one) == 1


UNREACHABLE = "postgresql+psycopg://user:s3cret@127.0.0.1:1/x"


@pytest.mark.parametrize(
    "args",
    [
        ["init"],
        ["list"],
        ["verify"],
        ["add", "C", "--pundit", "P", "--deadline", "2027", "--probability", "0.5"],
    ],
    ids=["init", "list", "verify", "add"],
)
def test_unreachable_database_names_host_not_password(args: list[str]) -> None:
    result = run(UNREACHABLE, *args)
    line = assert_one_error(result, "127.0.0.1", "cannot reach database")
    assert "s3cret" not in result.output and "s3cret" not in line
    assert "user:***@127.0.0.1:1/x" in line


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg//user:s3cret@127.0.0.1/x", "postgresql+psycopg://user:s3cret@127.0.0.1:notaport/x"],
    ids=["no-colon", "bad-port"],
)
def test_unparseable_url_is_one_error_line_without_the_password(url: str) -> None:
    result = run(url, "list")
    assert_one_error(result, "not a valid URL")
    assert "s3cret" not in result.output


def test_settings_file_with_unknown_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pundit-ledger.toml").write_text('db = "sqlite:///x.db"\ncolour = "blue"\n', encoding="utf-8")
    result = run(None, "init")
    assert_one_error(
        result, "pundit-ledger.toml", "unknown key(s) colour", "known: db, researcher, yardstick"
    )
    assert not (tmp_path / "x.db").exists()


def test_settings_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pundit-ledger.toml").write_text("db = sqlite:///x.db\n", encoding="utf-8")
    assert_one_error(run(None, "list"), "not valid TOML")


# -- list ------------------------------------------------------------------------------------


@pytest.fixture
def seeded(ready: str) -> str:
    """1 due (Ann), 2 open (Ann), 3 resolved (Bob), 4 open (Bob)."""
    add(ready, "Due claim", "--made", "2026-01-01", "--deadline", "2026-06-30", "--probability", "0.5",
        "--tag", "iran", pundit="Ann Author")  # fmt: skip
    add(ready, "Open claim", "--deadline", "end of 2027", "--hedge", "likely", "--tag", "iran", "--tag", "nuclear",
        pundit="Ann Author")  # fmt: skip
    add(ready, "Resolved claim", "--deadline", "end of 2028", "--probability", "0.2", "--tag", "russia",
        pundit="Bob Writer")  # fmt: skip
    add(ready, "Later claim", "--deadline", "end of 2030", "--probability", "0.9", "--tag", "nuclear",
        "--private", pundit="Bob Writer")  # fmt: skip
    ok(run(ready, "resolve", "3", "--outcome", "no", "--note", "did not happen"))
    return ready


def ids(db_url: str, *args: str) -> list[int]:
    return [v["id"] for v in list_json(db_url, *args)]


def test_list_filters(seeded: str) -> None:
    everything = list_json(seeded)
    assert [v["id"] for v in everything] == [1, 2, 3, 4]
    assert [v["status"] for v in everything] == ["due", "open", "resolved", "open"]
    assert everything[1]["tags"] == ["iran", "nuclear"] and everything[1]["probability"] == 0.75
    assert ids(seeded, "--pundit", "Ann Author") == [1, 2]
    assert ids(seeded, "--pundit", "bob-writer") == [3, 4]
    assert ids(seeded, "--pundit", "Nobody") == []
    assert ids(seeded, "--status", "open") == [2, 4]
    assert ids(seeded, "--status", "due") == [1]
    assert ids(seeded, "--status", "resolved") == [3]
    assert ids(seeded, "--tag", "NUCLEAR") == [2, 4]
    assert ids(seeded, "--tag", "iran", "--status", "open") == [2]
    assert ids(seeded, "--due-before", "2028-01-01") == [1, 2]
    assert ids(seeded, "--due-before", "end of 2028") == [1, 2]  # before 2028-12-31T23:59:59Z, strictly
    assert ids(seeded, "--due-before", "2029") == [1, 2, 3]
    assert ids(seeded, "--pundit", "Bob Writer", "--status", "open") == [4]


def test_list_text_output(seeded: str) -> None:
    table = ok(run(seeded, "list", "--status", "open")).stdout.splitlines()
    assert table[0].split() == ["ID", "STATUS", "P", "DEADLINE", "PUNDIT", "STATEMENT"]
    assert table[2].split()[:4] == ["2", "open", "0.75", "2027-12-31"]
    assert "open (private)" in table[3]
    assert ok(run(seeded, "list", "--tag", "none")).stdout == "no predictions match\n"


# -- show ------------------------------------------------------------------------------------


def test_show_keeps_the_original_and_the_history(ready: str) -> None:
    add(ready, "Claim", "--deadline", "2027-06-30", "--hedge", "will likely", "--criteria", "YES if so",
        "--made", "2026-11-01")  # fmt: skip
    ok(run(ready, "amend", "1", "--deadline", "2027-12-31", "--reason", "talks extended into 2027"))
    ok(run(ready, "--by", "bob", "resolve", "1", "--outcome", "yes", "--note", "Only an interim memo",
           "--evidence", "https://example.org/report", "--known-on", "2026-11-20"))  # fmt: skip
    shown = ok(run(ready, "show", "1")).stdout
    assert "Prediction 1  [resolved]" in shown
    assert "Deadline:     2027-12-31T23:59:59Z" in shown
    assert "Probability:  0.75 (hedge 'will likely', yardstick capphrase)" in shown
    assert "Outcome:      yes (known on 2026-11-20T00:00:00Z)" in shown
    history = shown.split("History:", 1)[1]
    assert "#1  2026-11-22T12:00:00Z  tester  prediction.recorded" in history
    assert "original deadline: 2027-06-30T23:59:59Z" in history
    assert "#2  2026-11-22T12:00:00Z  tester  prediction.amended: talks extended into 2027" in history
    assert "deadline → 2027-12-31T23:59:59Z" in history
    assert "#3  2026-11-22T12:00:00Z  bob  prediction.resolved" in history
    assert "evidence: https://example.org/report" in history
    assert history.index("original deadline") < history.index("deadline →") < history.index("outcome: yes")

    view = show_json(ready, 1)
    assert [e["kind"] for e in view["history"]] == [RECORDED, AMENDED, RESOLVED]
    assert [e["seq"] for e in view["history"]] == [1, 2, 3]
    assert view["history"][0]["data"]["deadline"] == "2027-06-30T23:59:59Z"
    assert view["history"][1]["data"] == {"changes": {"deadline": "2027-12-31T23:59:59Z"}}
    assert view["history"][1]["reason"] == "talks extended into 2027"
    assert all(HEX64.fullmatch(e["hash"]) for e in view["history"])
    assert view["deadline"] == "2027-12-31T23:59:59Z" and view["status"] == "resolved"


# -- amend -----------------------------------------------------------------------------------


def test_amend_each_field_keeps_the_original(ready: str) -> None:
    add(ready, "Claim", "--published", "2026-11-01", "--deadline", "2027-06-30", "--hedge", "will likely",
        "--criteria", "old criteria", "--tag", "a", "--tag", "b")  # fmt: skip
    steps = [
        (["--deadline", "in 1 year"], "deadline"),  # relative to the made date, 2026-11-01
        (["--criteria", "new criteria"], "criteria"),
        (["--hedge", "highly likely"], "hedge, probability"),  # basis and yardstick stay the same
        (["--tag", "X", "--tag", "y"], "tags"),
        (["--private"], "private"),
    ]
    for number, (args, changed) in enumerate(steps, start=2):
        result = ok(run(ready, "amend", "1", *args, "--reason", f"step {number}"))
        assert result.stdout.startswith(f"amended prediction 1 (event {number}): ")
        event = show_json(ready, 1)["history"][-1]
        assert (event["seq"], ", ".join(sorted(event["data"]["changes"]))) == (number, changed)
    view = show_json(ready, 1)
    assert view["deadline"] == "2027-11-01T23:59:59Z"
    assert view["criteria"] == "new criteria"
    assert (view["probability"], view["basis"], view["hedge"]) == (0.9, "hedge", "highly likely")
    assert view["tags"] == ["x", "y"]
    assert view["private"] is True
    assert ok(run(ready, "export", "--format", "json")).stdout.count('"statement"') == 0

    ok(run(ready, "amend", "1", "--public", "--reason", "cleared for publication"))
    assert show_json(ready, 1)["private"] is False
    view = show_json(ready, 1)
    original = view["history"][0]["data"]
    assert (original["deadline"], original["criteria"], original["hedge"], original["probability"]) == (
        "2027-06-30T23:59:59Z", "old criteria", "will likely", 0.75,
    )  # fmt: skip
    assert (original["tags"], original["private"]) == (["a", "b"], False)
    assert [e["kind"] for e in view["history"]] == [RECORDED] + [AMENDED] * 6
    assert [e["reason"] for e in view["history"][1:]] == [
        "step 2", "step 3", "step 4", "step 5", "step 6", "cleared for publication",
    ]  # fmt: skip
    shown = ok(run(ready, "show", "1")).stdout
    assert "original criteria: old criteria" in shown and "criteria → new criteria" in shown
    assert event_count(ready) == 7


def test_amend_echoes_only_what_changed(ready: str) -> None:
    add(ready, "Claim", "--deadline", "2027", "--hedge", "will likely", "--criteria", "c")
    result = ok(run(ready, "amend", "1", "--hedge", "highly likely", "--criteria", "c", "--reason", "r"))
    assert show_json(ready, 1)["history"][-1]["data"]["changes"] == {
        "hedge": "highly likely",
        "probability": 0.9,
    }
    assert result.stdout.strip() == "amended prediction 1 (event 2): hedge, probability"


def test_amend_probability_replaces_hedge_basis(ready: str) -> None:
    add(ready, "Claim", "--deadline", "2027", "--hedge", "likely")
    ok(run(ready, "amend", "1", "--probability", "40%", "--basis", "stated", "--reason", "pundit said 40%"))
    view = show_json(ready, 1)
    assert (view["probability"], view["basis"], view["hedge"], view["yardstick"]) == (
        0.4,
        "stated",
        None,
        None,
    )


# -- resolve ---------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_resolve_each_outcome(ready: str, outcome: str) -> None:
    add(ready, "Claim", "--deadline", "2027", "--probability", "0.5", "--made", "2026-11-01")
    result = ok(run(ready, "resolve", "1", "--outcome", outcome.upper(), "--note", "what happened",
                    "--evidence", "https://example.org/a", "--evidence", "https://example.org/b",
                    "--known-on", "2026-11-20"))  # fmt: skip
    assert result.stdout.strip() == f"resolved prediction 1 as {outcome} (event 2)"
    view = show_json(ready, 1)
    assert (view["status"], view["outcome"], view["outcome_note"]) == ("resolved", outcome, "what happened")
    assert view["evidence"] == ["https://example.org/a", "https://example.org/b"]
    assert view["known_on"] == "2026-11-20T00:00:00Z"
    assert view["history"][1]["data"] == {
        "outcome": outcome,
        "note": "what happened",
        "evidence": ["https://example.org/a", "https://example.org/b"],
        "known_on": "2026-11-20T00:00:00Z",
    }
    assert ids(ready, "--status", "resolved") == [1]


def test_resolve_known_on_defaults_to_today(ready: str) -> None:
    add(ready, "Claim", "--deadline", "2027", "--probability", "0.5")
    ok(run(ready, "resolve", "1", "--outcome", "annulled", "--note", "the talks never started"))
    assert show_json(ready, 1)["known_on"] == "2026-11-22T00:00:00Z"


def test_resolve_again_needs_a_reason_and_keeps_both(ready: str) -> None:
    add(ready, "Claim", "--deadline", "2027", "--probability", "0.5")
    ok(run(ready, "resolve", "1", "--outcome", "yes", "--note", "first read",
           "--evidence", "https://example.org/a"))  # fmt: skip
    again = run(ready, "resolve", "1", "--outcome", "no", "--note", "second read")
    assert_one_error(again, "already resolved as 'yes'", "--reason")
    assert event_count(ready) == 2
    ok(run(ready, "resolve", "1", "--outcome", "no", "--note", "second read",
           "--reason", "a second source changed the picture"))  # fmt: skip
    view = show_json(ready, 1)
    resolutions = [e for e in view["history"] if e["kind"] == RESOLVED]
    assert [e["data"]["outcome"] for e in resolutions] == ["yes", "no"]
    assert [e["reason"] for e in resolutions] == ["resolved", "a second source changed the picture"]
    assert (view["outcome"], view["outcome_note"], view["evidence"]) == ("no", "second read", [])
    assert event_count(ready) == 3


# -- verify ----------------------------------------------------------------------------------


def test_verify_intact_and_expected_head(ready: str) -> None:
    add(ready, "First", "--deadline", "2027", "--probability", "0.5")
    add(ready, "Second", "--deadline", "2028", "--probability", "0.5")
    result = ok(run(ready, "verify"))
    m = re.fullmatch(r"ok: 2 events, head ([0-9a-f]{64})\n", result.stdout)
    assert m, result.stdout
    head = m.group(1)
    assert show_json(ready, 2)["history"][-1]["hash"] == head
    assert ok(run(ready, "verify", "--expect-head", head)).stdout == result.stdout
    wrong = run(ready, "verify", "--expect-head", "0" * 64)
    assert wrong.exit_code == 1
    assert wrong.stdout == ""
    assert f"BROKEN: head is {head}, expected {'0' * 64}" in wrong.stderr


@pytest.mark.parametrize(
    ("statements", "names"),
    [
        (["UPDATE prediction SET probability = 0.99 WHERE id = 2"],
         ["first bad event: 2", "prediction 2", "column 'probability'"]),
        (["UPDATE prediction SET criteria = 'softer' WHERE id = 1"],
         ["first bad event: 3", "prediction 1", "column 'criteria'"]),
        (["DELETE FROM event WHERE seq = 2"], ["first bad event: 2", "event 2 is missing"]),
        (["DELETE FROM event WHERE seq = 3"], ["first bad event: 3", "chain head names event 3"]),
        (["INSERT INTO event SELECT 0, kind, prediction_id, actor, recorded_at, reason, body, prev_hash, hash"
          " FROM event WHERE seq = 1"], ["first bad event: 0;", "event 0 is out of sequence"]),
    ],
    ids=["update-recorded-row", "update-amended-row", "delete-middle-event", "delete-last-event", "event-zero"],
)  # fmt: skip
@pytest.mark.parametrize("processes", [[], ["--processes", "2"]], ids=["default", "two-processes"])
def test_verify_names_the_tampered_event(
    ready: str, statements: list[str], names: list[str], processes: list[str]
) -> None:
    add(ready, "First", "--deadline", "2027", "--probability", "0.5", "--criteria", "strict")
    add(ready, "Second", "--deadline", "2028", "--probability", "0.5")
    ok(run(ready, "amend", "1", "--criteria", "stricter", "--reason", "clarified"))
    tamper(ready, *statements)
    result = run(ready, "verify", *processes)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("BROKEN: ")
    for name in names:
        assert name in result.stderr


def test_verify_refuses_zero_processes(ready: str) -> None:
    result = run(ready, "verify", "--processes", "0")
    assert result.exit_code == 2
    assert "--processes" in result.stderr


# -- pundits ---------------------------------------------------------------------------------


def test_pundits_counts(seeded: str) -> None:
    summaries = json.loads(ok(run(seeded, "pundits", "--json")).stdout)
    assert summaries == [
        {"slug": "ann-author", "name": "Ann Author", "total": 2, "open": 1, "due": 1, "resolved": 0},
        {"slug": "bob-writer", "name": "Bob Writer", "total": 2, "open": 1, "due": 0, "resolved": 1},
    ]
    table = ok(run(seeded, "pundits")).stdout.splitlines()
    assert table[0].split() == ["PUNDIT", "SLUG", "TOTAL", "OPEN", "DUE", "RESOLVED"]
    assert table[2].split() == ["Ann", "Author", "ann-author", "2", "1", "1", "0"]
    assert table[3].split() == ["Bob", "Writer", "bob-writer", "2", "1", "0", "1"]


# -- yardstick -------------------------------------------------------------------------------


def test_yardstick_default_shows_capphrase_and_source() -> None:
    out = ok(run(None, "yardstick")).stdout
    assert out.startswith("capphrase: CAPphrase survey medians\n")
    assert "Source: Adam J. Kucharski (2026)" in out
    assert "<https://github.com/adamkucharski/CAPphrase>" in out
    rows = {line.split("  ")[0]: line.split() for line in out.splitlines()}
    assert rows["likely"][-2:] == ["0.75", "source"]
    assert rows["will"][-2:] == ["0.90", "assertion"]


def test_yardstick_named_list_and_unknown() -> None:
    kent = ok(run(None, "yardstick", "--yardstick", "kent")).stdout
    assert kent.startswith("kent: Sherman Kent's words of estimative probability (1964)\n")
    assert "Source: Sherman Kent" in kent
    listed = ok(run(None, "yardstick", "--list")).stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["capphrase", "icd203", "kent", "mauboussin2018"]
    assert_one_error(run(None, "yardstick", "--yardstick", "nope"), "unknown yardstick 'nope'")


# -- settings --------------------------------------------------------------------------------


def test_a_researcher_name_with_a_nul_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pundit-ledger.toml").write_text('researcher = "a\\u0000b"\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    init(url)
    result = run(url, "add", "Claim", "--pundit", "P", "--deadline", "2027", "--probability", "0.5",
                 env={"PUNDIT_LEDGER_RESEARCHER": None})  # fmt: skip
    assert_one_error(result, "researcher contains a NUL character")
    assert event_count(url) == 0


def test_settings_file_is_used(tmp_path: Path) -> None:
    (tmp_path / "pundit-ledger.toml").write_text(
        'db = "sqlite:///x.db"\nresearcher = "carol"\nyardstick = "kent"\n', encoding="utf-8"
    )
    env = {"PUNDIT_LEDGER_RESEARCHER": None}
    assert ok(run(None, "init", env=env)).stdout.startswith("created ledger at sqlite:///x.db")
    assert (tmp_path / "x.db").is_file()
    added = ok(
        run(None, "add", "Claim", "--pundit", "P", "--deadline", "2027", "--hedge", "highly likely", env=env)
    )
    assert "probability 0.93 (hedge 'highly likely' on yardstick kent)" in added.stdout
    view = json.loads(ok(run(None, "show", "1", "--json", env=env)).stdout)
    assert (view["yardstick"], view["history"][0]["actor"]) == ("kent", "carol")
    assert ok(run(None, "yardstick", env=env)).stdout.startswith("kent: ")


def test_flags_beat_environment_beat_file(tmp_path: Path) -> None:
    (tmp_path / "pundit-ledger.toml").write_text(
        'db = "sqlite:///file.db"\nresearcher = "carol"\nyardstick = "kent"\n', encoding="utf-8"
    )
    env = {"PUNDIT_LEDGER_DB": "sqlite:///env.db", "PUNDIT_LEDGER_RESEARCHER": "dave",
           "PUNDIT_LEDGER_YARDSTICK": "icd203"}  # fmt: skip
    assert ok(run(None, "init", env=env)).stdout.startswith("created ledger at sqlite:///env.db")
    assert (tmp_path / "env.db").is_file() and not (tmp_path / "file.db").exists()
    assert ok(run("sqlite:///flag.db", "init", env=env)).stdout.startswith(
        "created ledger at sqlite:///flag.db"
    )
    assert not (tmp_path / "file.db").exists()

    add_args = ["add", "Claim", "--pundit", "P", "--deadline", "2027", "--hedge", "likely"]
    ok(run(None, *add_args, env=env))
    ok(run(None, "--by", "erin", *add_args[:1], "Other", *add_args[2:], "--yardstick", "capphrase", env=env))
    first = json.loads(ok(run(None, "show", "1", "--json", env=env)).stdout)
    second = json.loads(ok(run(None, "show", "2", "--json", env=env)).stdout)
    assert (first["history"][0]["actor"], first["yardstick"]) == ("dave", "icd203")
    assert (second["history"][0]["actor"], second["yardstick"]) == ("erin", "capphrase")
    assert event_count("sqlite:///env.db") == 2
    assert event_count("sqlite:///flag.db") == 0


# -- entry points and help -------------------------------------------------------------------


def _subprocess_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUNDIT_LEDGER_")}
    env.update({k: v for k, v in BASE_ENV.items() if v is not None})
    return env


def test_python_m_ledger_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ledger", "--help"],
        cwd=tmp_path, env=_subprocess_env(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: pundit-ledger [OPTIONS] COMMAND [ARGS]...")
    assert "A tamper-evident ledger" in done.stdout


def test_console_script_runs_a_session(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "pundit-ledger"
    assert script.is_file(), script
    env = _subprocess_env(tmp_path)

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), "--db", "sqlite:///s.db", *args],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    assert "created ledger" in call("init").stdout
    added = call("add", "Claim", "--pundit", "P", "--deadline", "Q2 2027", "--hedge", "will likely")
    assert added.returncode == 0 and added.stdout.startswith(
        "recorded prediction 1: deadline 2027-06-30T23:59:59Z"
    )
    bad = call("add", "Claim 2", "--pundit", "P", "--deadline", "2027", "--probability", "1.5")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.splitlines() == ["error: probability '1.5' is outside [0, 1]"]
    good = call("verify")
    assert good.returncode == 0 and re.fullmatch(r"ok: 1 events, head [0-9a-f]{64}\n", good.stdout)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("path", _commands(cli), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = ok(run(None, *path, "--help"))
    assert result.stdout.startswith("Usage: ") and " ".join(path) in result.stdout.splitlines()[0]
    assert "Example" in result.stdout


def test_the_commands_the_readme_names_exist() -> None:
    expected = {("add",), ("import",), ("list",), ("show",), ("pundits",), ("amend",), ("resolve",),
                ("verify",), ("export",), ("yardstick",), ("init",), ("db", "upgrade"), ("demo",)}  # fmt: skip
    assert expected <= set(_commands(cli))


# -- demo ------------------------------------------------------------------------------------


def test_demo_builds_a_ledger_that_verifies(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = ok(run(None, "demo", "--path", str(path)))
    out = result.stdout
    assert out.startswith(f"demo ledger: {path} (15 events, verified)")
    assert "PUNDIT" in out and "PREDICTIONS" in out and "MEAN P" in out
    assert "Lucas Evans" in out and "Example Pundit A" in out
    m = re.search(r"^head hash: ([0-9a-f]{64})$", out, re.M)
    assert m, out
    assert verified(f"sqlite:///{path}") == (15, m.group(1))
    # Running it again replaces the file: same events, same head (the clock is fixed).
    again = ok(run(None, "demo", "--path", str(path)))
    assert f"head hash: {m.group(1)}" in again.stdout
    assert verified(f"sqlite:///{path}") == (15, m.group(1))


def test_demo_leaves_any_other_file_alone(tmp_path: Path) -> None:
    own = f"sqlite:///{tmp_path / 'mine.db'}"
    init(own)
    empty_path = tmp_path / "empty.db"
    init(f"sqlite:///{empty_path}")
    add(own, "My own claim", "--deadline", "2027", "--probability", "0.5")
    notes = tmp_path / "notes.txt"
    notes.write_text("field notes\n")
    for path in (tmp_path / "mine.db", empty_path, notes):
        before = path.read_bytes()
        result = run(None, "demo", "--path", str(path))
        assert_one_error(result, f"{path} exists and is not a demo ledger")
        assert path.read_bytes() == before
    assert verified(own)[0] == 1
