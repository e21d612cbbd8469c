"""Import and export files through the real command line, on SQLite and PostgreSQL.

Import is all or nothing and idempotent; every malformed file is one ``error:`` line (plus one
line per bad row) with exit 2 and nothing written; export output imports back into an empty
ledger with the same content.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text

from ledger.db import make_engine
from tests.cli_helpers import (
    EXAMPLE_CSV,
    ROOT,
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
from tests.conftest import PG_URL, pg_schema_url

SAMPLE_YAML = ROOT / "data" / "samples" / "predictions.yaml"
LABELS = Path(__file__).resolve().parents[2] / "shared" / "commentary" / "labels.json"
RECORDED, RESOLVED = "prediction.recorded", "prediction.resolved"


pytestmark = pytest.mark.usefixtures("in_tmp_cwd")


@pytest.fixture
def new_ledger(db_url: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes further empty, initialised ledgers on the same backend as ``db_url``."""
    schemas: list[str] = []
    counter = itertools.count(1)
    admin = make_engine(PG_URL) if PG_URL and not db_url.startswith("sqlite") else None

    def make() -> str:
        if admin is None:
            url = f"sqlite:///{tmp_path / f'other-{next(counter)}.db'}"
        else:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            schemas.append(schema)
            url = pg_schema_url(schema).render_as_string(hide_password=False)
        init(url)
        return url

    yield make
    if admin is not None:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def content(db_url: str) -> list[dict[str, Any]]:
    """Every prediction (private ones too) as ``list --json`` gives it, without the ids."""
    return [{k: v for k, v in view.items() if k != "id"} for view in list_json(db_url)]


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


# -- the shipped example files -------------------------------------------------------------


@pytest.mark.parametrize(("source", "rows"), [(EXAMPLE_CSV, 4), (SAMPLE_YAML, 11)], ids=["csv", "yaml"])
def test_import_shipped_files_is_idempotent(ready: str, source: Path, rows: int) -> None:
    first = ok(run(ready, "import", source))
    assert first.stdout == f"imported {rows} prediction(s) from {source} (ids 1..{rows})\n"
    assert len(list_json(ready)) == rows
    count, head = verified(ready)
    assert count == rows

    second = ok(run(ready, "import", source))
    assert "already" in second.stdout
    assert f"{rows} of {rows} row(s) already in the ledger" in second.stdout
    assert "nothing new recorded" in second.stdout
    assert "imported" not in second.stdout
    assert verified(ready) == (count, head)


def test_example_csv_fields(ready: str) -> None:
    ok(run(ready, "import", EXAMPLE_CSV))
    views = {v["pundit"]: v for v in list_json(ready)}
    a, b, c, d = (views[f"Example Pundit {x}"] for x in "ABCD")
    assert (a["probability"], a["basis"], a["made"], a["published"]) == (
        0.7, "stated", "2026-03-14T00:00:00Z", "2026-03-16T00:00:00Z",
    )  # fmt: skip
    assert a["source_title"] == 'Example Weekly, episode 112: "Can the guns fall silent?"'
    assert a["tags"] == ["arcadia", "borealis", "ceasefire"]
    assert (b["probability"], b["basis"], b["hedge"], b["yardstick"]) == (
        0.9,
        "hedge",
        "highly likely",
        "capphrase",
    )
    assert (b["deadline"], b["made"]) == ("2027-06-30T23:59:59Z", "2026-09-02T00:00:00Z")
    assert (c["deadline"], c["basis"]) == ("2027-06-10T23:59:59Z", "assigned")
    assert (d["private"], d["probability"], d["published"]) == (True, 0.2, None)
    assert [e["reason"] for e in show_json(ready, 1)["history"]] == ["imported from predictions.csv, row 2"]


def test_sample_quotes_are_labelled_sentences() -> None:
    if not LABELS.is_file():
        pytest.skip(f"{LABELS} is not here")
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    author_of = {
        sentence["quote"]: doc.get("author")
        for doc in labels["documents"].values()
        for sentence in doc["sentences"]
    }
    rows = yaml.safe_load(SAMPLE_YAML.read_text(encoding="utf-8"))["predictions"]
    assert len(rows) == 11
    for row in rows:
        assert row["quote"] in author_of, row["quote"]
        if author_of[row["quote"]]:
            assert row["pundit"] == author_of[row["quote"]]


# -- one content, three formats -------------------------------------------------------------

CSV_TEXT = (
    "statement,pundit,quote,source_url,published,made,deadline,probability,basis,hedge,yardstick,"
    "criteria,tags,private,note,outcome,outcome_note,evidence,known_on\n"
    'Talks yield interim steps,Lucas Evans,"The talks will likely produce minor, temporary understandings.",'
    "https://example.org/a,2026-11-01,,in 6 months,,,will likely,,YES if interim only,iran;Diplomacy,false,"
    '"line one\nline two",,,,\n'
    "Rates rise,Ann Author,,,,2026-09-15,Q2 2027,70%,stated,,,,rates,,,,,,\n"
    "Snap election,Ann Author,,,,2026-10-20,end of 2027,,,highly likely,kent,,elections,true,,,,,\n"
    "Ceasefire signed,Bob Writer,,,2026-03-16,2026-03-14,2026-06-30,0.4,,,,,,,,partial,Only a pause,"
    "https://example.org/r1 https://example.org/r2,2026-07-02\n"
)
ROWS: list[dict[str, Any]] = [
    {"statement": "Talks yield interim steps", "pundit": "Lucas Evans",
     "quote": "The talks will likely produce minor, temporary understandings.",
     "source_url": "https://example.org/a", "published": "2026-11-01", "deadline": "in 6 months",
     "hedge": "will likely", "criteria": "YES if interim only", "tags": ["iran", "Diplomacy"],
     "private": False, "note": "line one\nline two"},
    {"statement": "Rates rise", "pundit": "Ann Author", "made": "2026-09-15", "deadline": "Q2 2027",
     "probability": 0.7, "basis": "stated", "tags": ["rates"]},
    {"statement": "Snap election", "pundit": "Ann Author", "made": "2026-10-20", "deadline": "end of 2027",
     "hedge": "highly likely", "yardstick": "kent", "tags": ["elections"], "private": True},
    {"statement": "Ceasefire signed", "pundit": "Bob Writer", "published": "2026-03-16", "made": "2026-03-14",
     "deadline": "2026-06-30", "probability": 0.4, "outcome": "partial", "outcome_note": "Only a pause",
     "evidence": ["https://example.org/r1", "https://example.org/r2"], "known_on": "2026-07-02"},
]  # fmt: skip
YAML_TEXT = """\
# the same four predictions, written by hand: dates unquoted, a 'predictions' key
predictions:
  - statement: Talks yield interim steps
    pundit: Lucas Evans
    quote: "The talks will likely produce minor, temporary understandings."
    source_url: https://example.org/a
    published: 2026-11-01
    deadline: in 6 months
    hedge: will likely
    criteria: YES if interim only
    tags: [iran, Diplomacy]
    private: false
    note: |-
      line one
      line two
  - statement: Rates rise
    pundit: Ann Author
    made: 2026-09-15
    deadline: Q2 2027
    probability: 70%
    basis: stated
    tags: rates
  - {statement: Snap election, pundit: Ann Author, made: 2026-10-20, deadline: end of 2027,
     hedge: highly likely, yardstick: kent, tags: [elections], private: yes}
  - statement: Ceasefire signed
    pundit: Bob Writer
    published: 2026-03-16
    made: 2026-03-14
    deadline: 2026-06-30
    probability: 0.4
    outcome: "partial"
    outcome_note: Only a pause
    evidence:
      - https://example.org/r1
      - https://example.org/r2
    known_on: 2026-07-02
"""


def test_csv_json_and_yaml_of_the_same_predictions_import_alike(
    db_url: str, tmp_path: Path, new_ledger: Callable[[], str]
) -> None:
    files = {
        "csv": write(tmp_path / "p.csv", CSV_TEXT),
        "json": write(tmp_path / "p.json", json.dumps(ROWS, indent=1)),
        "yaml": write(tmp_path / "p.yaml", YAML_TEXT),
    }
    contents = {}
    for fmt, path in files.items():
        url = new_ledger()
        assert ok(run(url, "import", path)).stdout.startswith(
            f"imported 4 prediction(s) from {path} (ids 1..4)"
        )
        assert event_count(url) == 5  # four recorded, one resolved
        contents[fmt] = content(url)
    assert contents["csv"] == contents["json"] == contents["yaml"]

    talks, rates, snap, ceasefire = contents["csv"]
    assert (talks["deadline"], talks["probability"], talks["tags"]) == (
        "2027-05-01T23:59:59Z", 0.75, ["diplomacy", "iran"],
    )  # fmt: skip
    assert talks["note"] == "line one\nline two"
    assert (rates["probability"], rates["basis"], rates["deadline"]) == (
        0.7,
        "stated",
        "2027-06-30T23:59:59Z",
    )
    assert (snap["probability"], snap["yardstick"], snap["private"]) == (0.93, "kent", True)
    assert (ceasefire["status"], ceasefire["outcome"], ceasefire["known_on"]) == (
        "resolved", "partial", "2026-07-02T00:00:00Z",
    )  # fmt: skip
    assert ceasefire["evidence"] == ["https://example.org/r1", "https://example.org/r2"]


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_resolution_fields_record_a_resolved_prediction(ready: str, tmp_path: Path, fmt: str) -> None:
    row = {"statement": "Ceasefire signed", "pundit": "Bob Writer", "made": "2026-03-14",
           "deadline": "2026-06-30", "probability": "0.4", "outcome": "No", "outcome_note": "Fighting resumed",
           "evidence": ["https://example.org/r1", "https://example.org/r2"], "known_on": "2026-07-02"}  # fmt: skip
    if fmt == "csv":
        header = list(row)
        cells = [" ".join(v) if isinstance(v, list) else v for v in row.values()]
        data = ",".join(header) + "\n" + ",".join(cells) + "\n"
    elif fmt == "json":
        data = json.dumps({"predictions": [row]})
    else:
        data = yaml.safe_dump([row])
    ok(run(ready, "import", write(tmp_path / f"r.{fmt}", data)))
    view = show_json(ready, 1)
    assert (view["status"], view["outcome"], view["outcome_note"], view["known_on"]) == (
        "resolved", "no", "Fighting resumed", "2026-07-02T00:00:00Z",
    )  # fmt: skip
    assert view["evidence"] == ["https://example.org/r1", "https://example.org/r2"]
    assert [e["kind"] for e in view["history"]] == [RECORDED, RESOLVED]
    assert view["history"][1]["data"]["outcome"] == "no"
    assert event_count(ready) == 2


def test_unquoted_yaml_outcome_yes_is_accepted(ready: str, tmp_path: Path) -> None:
    data = "- {statement: S, pundit: P, made: 2026-01-01, deadline: 2026-06-30, probability: 0.5, outcome: yes}\n"
    result = run(ready, "import", write(tmp_path / "r.yaml", data))
    assert result.exit_code == 0, result.stderr
    assert show_json(ready, 1)["outcome"] == "yes"


# -- all or nothing ---------------------------------------------------------------------------


def test_bad_rows_are_all_listed_and_nothing_is_written(ready: str, tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.csv",
        "statement,pundit,made,deadline,probability\n"
        "Good one,P,2026-06-01,2027,0.5\n"
        "Bad probability,P,2026-06-01,2027,1.5\n"
        "Good two,P,2026-06-01,2027,0.5\n"
        "Deadline before made,P,2026-06-01,2026-01-01,0.5\n"
        "Good three,P,2026-06-01,2027,0.5\n",
    )
    result = run(ready, "import", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {path}: 2 bad row(s); nothing was imported",
        "  row 3: probability '1.5' is outside [0, 1]",
        "  row 5: deadline 2026-01-01T23:59:59Z is before the statement was made (2026-06-01T00:00:00Z)",
    ]
    assert event_count(ready) == 0
    assert list_json(ready) == []


def test_bad_rows_in_json_are_numbered_from_one(ready: str, tmp_path: Path) -> None:
    rows = [
        {"statement": "Good", "pundit": "P", "deadline": "2027", "probability": 0.5},
        {"statement": "No deadline", "pundit": "P", "probability": 0.5},
        {"statement": "No probability", "pundit": "P", "deadline": "2027"},
    ]
    result = run(ready, "import", write(tmp_path / "p.json", json.dumps(rows)))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ") and "2 bad row(s)" in lines[0]
    assert lines[1] == "  row 2: deadline is required"
    assert lines[2].startswith("  row 3: give a probability (0.7 or 70%) or hedge words")
    assert event_count(ready) == 0


def test_an_unknown_yardstick_is_a_bad_row_like_any_other(ready: str, tmp_path: Path) -> None:
    rows = [
        {"statement": "Unknown yardstick", "pundit": "P", "deadline": "2027", "hedge": "likely", "yardstick": "nope"},
        {"statement": "Bad probability", "pundit": "P", "deadline": "2027", "probability": 7},
    ]  # fmt: skip
    result = run(ready, "import", write(tmp_path / "y.json", json.dumps(rows)))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert "2 bad row(s)" in lines[0]
    assert lines[1].startswith("  row 1: unknown yardstick 'nope'; known: ")
    assert lines[2] == "  row 2: probability 7 is outside [0, 1]"
    assert event_count(ready) == 0


def test_an_impossible_unquoted_yaml_date_is_reported_at_its_row(ready: str, tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.yaml",
        "- {statement: A, pundit: P, deadline: 2027-06-30, probability: 7}\n"
        "- {statement: B, pundit: P, deadline: 2027-06-30, published: 2026-02-30, probability: 0.5}\n"
        "- {statement: C, pundit: P, deadline: 2027-06-30, made: 2026-02-01 10:30:00, probability: 0.5}\n",
    )
    result = run(ready, "import", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert "2 bad row(s)" in lines[0]
    assert lines[1] == "  row 1: probability 7 is outside [0, 1]"
    assert lines[2].startswith("  row 2: published: '2026-02-30' is not a real date")
    assert event_count(ready) == 0
    # Unquoted YAML dates and times read as they would in CSV or JSON.
    path.write_text(
        "- {statement: C, pundit: P, deadline: 2027-06-30, made: 2026-02-01 10:30:00, probability: 0.5}\n"
    )
    ok(run(ready, "import", path))
    view = show_json(ready, 1)
    assert (view["made"], view["deadline"]) == ("2026-02-01T10:30:00Z", "2027-06-30T23:59:59Z")


def test_an_outcome_known_before_the_statement_was_made_is_refused(ready: str, tmp_path: Path) -> None:
    path = write(
        tmp_path / "k.csv",
        "statement,pundit,made,deadline,probability,outcome,known_on\nS,P,2026-06-01,2027,0.5,yes,2026-05-31\n",
    )
    result = run(ready, "import", path)
    assert result.exit_code == 2
    assert (
        "  row 2: known-on date 2026-05-31T00:00:00Z is before the statement was made (2026-06-01T00:00:00Z)"
        in result.stderr.splitlines()
    )
    assert event_count(ready) == 0


def test_nul_characters_and_control_characters_are_bad_rows(ready: str, tmp_path: Path) -> None:
    rows = [
        {"statement": "S1", "pundit": "P", "deadline": "2027", "probability": 0.5, "tags": ["a\u0000b"]},
        {"statement": "S2", "pundit": "P", "deadline": "2027", "probability": 0.5, "outcome": "yes",
         "known_on": "2026-11-01", "made": "2026-10-01", "evidence": ["https://x.org/\u0000"]},
    ]  # fmt: skip
    result = run(ready, "import", write(tmp_path / "nul.json", json.dumps(rows)))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [
        "  row 1: a tag contains a NUL character",
        "  row 2: evidence 'https://x.org/\\x00' is not an http(s) URL",
    ]
    assert event_count(ready) == 0


def test_the_same_words_in_nfc_and_nfd_are_one_prediction(ready: str, tmp_path: Path) -> None:
    row = {"statement": "Élections anticipées", "pundit": "José Pérez", "deadline": "2027", "probability": 0.5}
    nfd = {k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in row.items()}
    ok(run(ready, "import", write(tmp_path / "nfc.json", json.dumps([row]))))
    again = ok(run(ready, "import", write(tmp_path / "nfd.json", json.dumps([nfd]))))
    assert "1 of 1 row(s) already in the ledger" in again.stdout
    pundits = json.loads(ok(run(ready, "pundits", "--json")).stdout)
    assert [(p["slug"], p["name"]) for p in pundits] == [("josé-pérez", "José Pérez")]


def test_multiline_csv_row_is_reported_at_its_first_line(ready: str, tmp_path: Path) -> None:
    path = write(tmp_path / "m.csv", 'statement,pundit,deadline,probability,note\nS,P,2027,1.5,"one\ntwo"\n')
    result = run(ready, "import", path)
    assert result.exit_code == 2
    assert "  row 2: probability '1.5' is outside [0, 1]" in result.stderr.splitlines()


# -- malformed files ----------------------------------------------------------------------------

GOOD_CSV = "statement,pundit,deadline,probability\nS,P,2027,0.5\n"
MALFORMED = [
    pytest.param("latin1.csv", "statement,pundit,deadline,probability\nCafé crème,P,2027,0.5\n".encode("latin-1"),
                 [], ["not UTF-8 text (byte 0xe9 at offset"], id="not-utf8"),
    pytest.param("binary.csv", b"SQLite format 3\x00\x10\x00\x02\x02" + b"\x00" * 64, [],
                 ["contains NUL bytes; not a text file"], id="binary"),
    pytest.param("empty.csv", b"", [], ["the file is empty"], id="empty"),
    pytest.param("blank.json", " \n\t\n", [], ["the file is empty"], id="blank"),
    pytest.param("header-only.csv", "statement,pundit,deadline\n", [], ["holds no predictions"], id="no-rows"),
    pytest.param("missing.csv", "statement,pundit,probability\nS,P,0.5\n", [],
                 ["missing required column(s) deadline"], id="missing-column"),
    pytest.param("dupcol.csv", "statement,pundit,deadline,pundit\nS,P,2027,Q\n", [],
                 ["duplicate column(s) pundit"], id="duplicate-column"),
    pytest.param("unknown.csv", "statement,pundit,deadline,probability,colour\nS,P,2027,0.5,red\n", [],
                 ["unknown field(s) colour", "known: statement, pundit"], id="unknown-column"),
    pytest.param("unknown.json", '[{"statement": "S", "pundit": "P", "deadline": "2027", "probability": 0.5, "score": 1}]',
                 [], ["unknown field(s) score"], id="unknown-json-field"),
    pytest.param("dupkey.json", '[{"statement": "S", "pundit": "P", "deadline": "2027", "pundit": "Q"}]', [],
                 ["not valid JSON", "duplicate key(s) 'pundit' in one object"], id="json-duplicate-key"),
    pytest.param("dupkey.yaml", "- statement: S\n  pundit: P\n  deadline: 2027\n  pundit: Q\n", [],
                 ["not valid YAML", "duplicate key 'pundit'"], id="yaml-duplicate-key"),
    pytest.param("broken.json", '[{"statement": "S",', [], ["not valid JSON"], id="json-syntax"),
    pytest.param("broken.yaml", "- statement: [S\n", [], ["not valid YAML"], id="yaml-syntax"),
    pytest.param("broken.csv", 'statement,pundit,deadline\n"S,P,2027\n', [], ["not valid CSV"], id="csv-open-quote"),
    pytest.param("object.json", '{"statement": "S", "pundit": "P", "deadline": "2027"}', [],
                 ["expected a list of predictions or a 'predictions' key"], id="json-object"),
    pytest.param("scalar.json", '"predictions"', [], ["expected a list of predictions, got str"], id="json-scalar"),
    pytest.param("scalar.yaml", "just some words\n", [], ["expected a list of predictions, got str"], id="yaml-scalar"),
    pytest.param("stmt-list.json", '[{"statement": ["S"], "pundit": "P", "deadline": "2027", "probability": 0.5}]',
                 [], ["1 bad row(s)", "row 1: statement must be text, not list"], id="statement-is-a-list"),
    pytest.param("string-row.yaml", "- statement: S\n  pundit: P\n  deadline: 2027\n  probability: 0.5\n- just a line\n",
                 [], ["1 bad row(s)", "row 2: expected a mapping of fields, got str"], id="yaml-row-is-a-string"),
    pytest.param("short-row.csv", "statement,pundit,deadline,probability\nS,P,2027\n", [],
                 ["row 2: has 3 fields, the header has 4"], id="csv-short-row"),
    pytest.param("twice.csv", GOOD_CSV + "Other,P,2027,0.5\nS,P,2027,0.5\n", [],
                 ["1 bad row(s)", "row 4: the same prediction as row 2"], id="identical-rows-csv"),
    pytest.param("twice.json", json.dumps([{"statement": "S", "pundit": "P", "deadline": "2027", "probability": 0.5}] * 2),
                 [], ["row 2: the same prediction as row 1"], id="identical-rows-json"),
    pytest.param("bad-outcome.json",
                 '[{"statement": "S", "pundit": "P", "deadline": "2027", "probability": 0.5, "outcome": "maybe"}]',
                 [], ["row 1: outcome 'maybe' must be one of yes, no, partial, annulled, ambiguous"], id="bad-outcome"),
    pytest.param("future-known.json",
                 '[{"statement": "S", "pundit": "P", "deadline": "2027", "probability": 0.5, "outcome": "yes", '
                 '"known_on": "2027-01-01"}]', [], ["row 1: known-on date 2027-01-01T00:00:00Z is in the future"],
                 id="known-on-in-future"),
    pytest.param("predictions.txt", GOOD_CSV, [], ["cannot tell the format from '.txt'", "--format csv|json|yaml"],
                 id="unknown-extension"),
    pytest.param("noext", GOOD_CSV, [], ["cannot tell the format from ''"], id="no-extension"),
    pytest.param("p.csv", '[{"statement": "S", "pundit": "P", "deadline": "2027"}]', ["--format", "yaml"],
                 ["row 1: give a probability"], id="format-flag-wins"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "extra", "fragments"), MALFORMED)
def test_malformed_file_is_refused_and_nothing_written(
    ready: str, tmp_path: Path, name: str, data: str | bytes, extra: list[str], fragments: list[str]
) -> None:
    path = write(tmp_path / name, data)
    result = run(ready, "import", path, *extra)
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith(f"error: {path}: ")
    assert [line for line in lines if line.startswith("error:")] == [lines[0]]
    assert all(line.startswith("  row ") for line in lines[1:]), lines
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert event_count(ready) == 0


def test_missing_file_is_refused(ready: str, tmp_path: Path) -> None:
    assert_one_error(run(ready, "import", tmp_path / "nope.csv"), "nope.csv: no such file")


def test_format_flag_reads_an_unknown_extension(ready: str, tmp_path: Path) -> None:
    path = write(tmp_path / "predictions.txt", GOOD_CSV)
    ok(run(ready, "import", path, "--format", "csv"))
    assert [v["statement"] for v in list_json(ready)] == ["S"]


EDGE_CRASHES = [
    pytest.param("unhashable.yaml", "- statement: S\n  pundit: P\n  deadline: 2027\n  probability: 0.5\n  ? [a, b]\n  : 1\n",
                 id="yaml-list-as-key"),
    pytest.param("evidence-number.json",
                 '[{"statement": "S", "pundit": "P", "deadline": "2027", "probability": 0.5, "outcome": "yes", "evidence": 5}]',
                 id="evidence-is-a-number"),
    pytest.param("huge.json",
                 '[{"statement": "S", "pundit": "P", "deadline": "2027", "probability": ' + "1" * 400 + "}]",
                 id="probability-huge-integer"),
    pytest.param("no-such-day.csv", "statement,pundit,deadline,published,probability\nS,P,2027-01-01,2024-02-30,0.5\n",
                 id="published-february-30"),
    pytest.param("no-such-made-day.json",
                 '[{"statement": "S", "pundit": "P", "deadline": "2027", "made": "2025-13-01", "probability": 0.5}]',
                 id="made-month-13"),
    pytest.param("no-such-known-day.yaml",
                 "- {statement: S, pundit: P, deadline: '2027', probability: 0.5, outcome: 'yes', known_on: '2025-04-31'}\n",
                 id="known-on-april-31"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data"), EDGE_CRASHES)
def test_odd_values_are_bad_rows_not_crashes(ready: str, tmp_path: Path, name: str, data: str) -> None:
    result = run(ready, "import", write(tmp_path / name, data))
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stderr.startswith("error: ")
    assert event_count(ready) == 0


# -- export and round trips -------------------------------------------------------------------


@pytest.fixture
def varied(ready: str) -> str:
    """Seven predictions: hedged, stated, private, amended (twice), resolved, re-resolved, another yardstick."""
    add(ready, "Talks yield only interim steps", "--hedge", "will likely", "--deadline", "in 6 months",
        "--published", "2026-11-01", "--source-title", "The Diplomatic Illusion",
        "--source-url", "https://example.org/illusion?x=1&y=2",
        "--quote", 'The talks will "likely" produce minor, temporary understandings.',
        "--criteria", "YES if only interim measures are agreed", "--tag", "iran", "--tag", "diplomacy",
        "--note", "deadline: likely end of the round,\nsee thread")  # fmt: skip
    add(ready, "Rates rise at least once", "--probability", "70%", "--basis", "stated", "--made", "2026-09-15",
        "--deadline", "2027-06-30T12:00:00+02:00", pundit="José Müller-Ørsted")  # fmt: skip
    add(ready, "A snap election is held", "--probability", "0.33", "--deadline", "end of 2027", "--private",
        "--tag", "elections", pundit="Ann Author")  # fmt: skip
    add(ready, "Coalition collapses", "--hedge", "will never", "--deadline", "2027-03-31", "--tag", "old",
        pundit="Ann Author")  # fmt: skip
    ok(run(ready, "amend", "4", "--deadline", "Q3 2027", "--criteria", "YES if a party leaves",
           "--hedge", "is unlikely to", "--tag", "coalition", "--tag", "borealis", "--reason", "re-read"))  # fmt: skip
    add(ready, "Ceasefire is signed", "--probability", "0.4", "--made", "2026-03-14", "--deadline", "2026-06-30",
        pundit="Bob Writer")  # fmt: skip
    ok(run(ready, "resolve", "5", "--outcome", "partial", "--note", "Only a humanitarian pause",
           "--evidence", "https://example.org/r1", "--evidence", "https://example.org/r2;v=1",
           "--known-on", "2026-07-02"))  # fmt: skip
    add(ready, "Sanctions are lifted", "--probability", "0.1", "--made", "2026-01-10", "--deadline", "2026-10-31",
        pundit="Bob Writer")  # fmt: skip
    ok(run(ready, "resolve", "6", "--outcome", "yes", "--note", "first read"))
    ok(run(ready, "resolve", "6", "--outcome", "ambiguous", "--note", "sources disagree",
           "--reason", "second look", "--known-on", "2026-11-21"))  # fmt: skip
    add(
        ready,
        "Enrichment is capped",
        "--hedge",
        "highly likely",
        "--yardstick",
        "kent",
        "--deadline",
        "H2 2028",
    )
    # A new statement keeps the prediction's content key: its export must keep it too.
    ok(run(ready, "amend", "2", "--statement", "Rates rise at least twice", "--reason", "misquoted"))
    assert event_count(ready) == 12
    return ready


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_export_imports_back_with_the_same_content(
    varied: str, tmp_path: Path, new_ledger: Callable[[], str], fmt: str
) -> None:
    out = tmp_path / f"export.{fmt}"
    result = ok(run(varied, "export", "--format", fmt, "--include-private", "--out", out))
    assert result.stdout == ""
    assert result.stderr == f"exported 7 prediction(s) to {out}\n"
    assert out.is_file() and not out.with_name(out.name + ".tmp").exists()

    target = new_ledger()
    imported = ok(run(target, "import", out))
    assert imported.stdout.startswith(f"imported 7 prediction(s) from {out} (ids 1..7)")
    before, after = content(varied), content(target)
    for old, new in zip(before, after, strict=True):
        assert new == old, old["statement"]
    assert json.loads(ok(run(target, "pundits", "--json")).stdout) == json.loads(
        ok(run(varied, "pundits", "--json")).stdout
    )
    assert event_count(target) == 7 + 2  # a resolution event for each resolved prediction
    # content_key is kept (compared above): the amended statement is still the same prediction,
    # so a second import of the export is a no-op.
    again = ok(run(target, "import", out))
    assert "7 of 7 row(s) already in the ledger" in again.stdout
    assert event_count(target) == 9

    amended = next(v for v in after if v["statement"] == "Coalition collapses")
    assert (amended["deadline"], amended["tags"], amended["probability"]) == (
        "2027-09-30T23:59:59Z", ["borealis", "coalition"], 0.2,
    )  # fmt: skip
    resolved = next(v for v in after if v["statement"] == "Ceasefire is signed")
    assert (resolved["outcome"], resolved["known_on"], resolved["evidence"]) == (
        "partial", "2026-07-02T00:00:00Z", ["https://example.org/r1", "https://example.org/r2;v=1"],
    )  # fmt: skip
    rates = next(v for v in after if v["statement"] == "Rates rise at least twice")
    assert rates["content_key"] == show_json(varied, 2)["content_key"]


def test_an_amended_prediction_is_recognised_in_the_copy(
    varied: str, tmp_path: Path, new_ledger: Callable[[], str]
) -> None:
    """The first record of prediction 2, imported into a copy made by export, records nothing new."""
    out = tmp_path / "export.json"
    ok(run(varied, "export", "--format", "json", "--include-private", "--out", out))
    target = new_ledger()
    ok(run(target, "import", out))
    first = {"statement": "Rates rise at least once", "pundit": "José Müller-Ørsted", "made": "2026-09-15",
             "deadline": "2027-06-30T12:00:00+02:00", "probability": "70%", "basis": "stated"}  # fmt: skip
    result = ok(run(target, "import", write(tmp_path / "first.json", json.dumps([first]))))
    assert "1 of 1 row(s) already in the ledger" in result.stdout
    assert event_count(target) == 9


def test_a_content_key_that_export_cannot_have_written_is_a_bad_row(ready: str, tmp_path: Path) -> None:
    path = write(tmp_path / "k.csv", "statement,pundit,deadline,probability,content_key\nS,P,2027,0.5,abc\n")
    result = run(ready, "import", path)
    assert result.exit_code == 2
    assert (
        "  row 2: content_key 'abc' is not the 64 hex digits that export writes" in result.stderr.splitlines()
    )
    assert event_count(ready) == 0


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_export_leaves_private_predictions_out(varied: str, tmp_path: Path, fmt: str) -> None:
    public = ok(run(varied, "export", "--format", fmt)).stdout
    assert "A snap election is held" not in public
    assert "Talks yield only interim steps" in public and "Enrichment is capped" in public
    everything = ok(run(varied, "export", "--format", fmt, "--include-private")).stdout
    assert "A snap election is held" in everything
    if fmt == "json":
        assert len(json.loads(public)["predictions"]) == 6
        assert len(json.loads(everything)["predictions"]) == 7
    elif fmt == "yaml":
        assert len(yaml.safe_load(public)["predictions"]) == 6
    else:
        rows = list(csv.DictReader(io.StringIO(public)))
        assert len(rows) == 6 and rows[0]["note"] == "deadline: likely end of the round,\nsee thread"


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
def test_public_export_imports_without_the_private_ones(
    varied: str, tmp_path: Path, new_ledger: Callable[[], str], fmt: str
) -> None:
    out = tmp_path / f"public.{fmt}"
    ok(run(varied, "export", "--format", fmt, "--out", out))
    target = new_ledger()
    ok(run(target, "import", out))
    statements = [v["statement"] for v in list_json(target)]
    assert len(statements) == 6 and "A snap election is held" not in statements
    assert not any(v["private"] for v in list_json(target))


def test_a_tag_holding_a_separator_is_refused(ready: str) -> None:
    """';' and ',' separate tags in CSV files, so a tag may not hold them (it would not round-trip)."""
    result = run(
        ready,
        "add",
        "Claim",
        "--pundit",
        "P",
        "--deadline",
        "2027",
        "--probability",
        "0.5",
        "--tag",
        "us, iran",
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: tag 'us, iran' contains")
    assert event_count(ready) == 0
