"""pundit-ledger extract / extract-eval through the real command line and a SQLite ledger."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from ledger.cli import cli
from tests.http_server import LoopbackServer, closed_port_url, page

ENV = {"PUNDIT_LEDGER_NOW": "2026-11-22T12:00:00Z", "PUNDIT_LEDGER_RESEARCHER": "tester",
       "PUNDIT_LEDGER_DB": None, "PUNDIT_LEDGER_YARDSTICK": None}  # fmt: skip
DATA = Path(__file__).resolve().parent / "data" / "extract"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "commentary"
ARTICLE = (
    "Oil Will Rise\n\n"
    "The ceasefire will collapse by the end of 2027. The current round of talks will likely fail. "
    "Gas prices will fall next year. The walkout was scripted by both sides in advance.\n"
)


def run(db: str | None, *args: Any, input: str | None = None) -> Result:
    argv = (["--db", db] if db else []) + [str(a) for a in args]
    return CliRunner().invoke(cli, argv, input=input, env=ENV)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    assert run(url, "init").exit_code == 0
    return url


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "column.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def rows(text: str) -> list[dict[str, Any]]:
    return yaml.safe_load(text)["predictions"]


def recorded(db: str) -> list[dict[str, Any]]:
    result = run(db, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["predictions"]


def test_extract_writes_a_review_file_that_import_refuses_until_deadlines_are_set(
    db: str, article: Path, tmp_path: Path
) -> None:
    out = tmp_path / "review.yaml"
    result = run(None, "extract", article, "--pundit", "Jane Roe", "--published", "2026-03-10", "--out", out)
    assert result.exit_code == 0, result.output
    assert "wrote 4 candidate(s)" in result.stderr and "SET ONE" in result.stderr
    found = rows(out.read_text(encoding="utf-8"))
    assert [r["deadline"] for r in found] == [
        "TODO: set a deadline (see note)", "2027-12-31", "TODO: set a deadline (see note)", "2027-12-31"]  # fmt: skip
    first = found[0]
    assert (first["pundit"], first["quote"], first["source_title"], first["published"]) == (
        "Jane Roe", "Oil Will Rise", "Oil Will Rise", "2026-03-10")  # fmt: skip
    assert (found[2]["hedge"], found[2]["probability"], found[2]["basis"]) == ("will likely", 0.75, "hedge")
    assert "Needs a deadline: the text says only 'The current round of talks'" in found[2]["note"]
    refused = run(db, "import", out)
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: ") and "nothing was imported" in refused.stderr
    assert "row 1: deadline: cannot read deadline 'TODO" in refused.stderr
    assert "row 3: deadline" in refused.stderr and "row 2:" not in refused.stderr
    assert recorded(db) == []
    for row in found:
        if row["deadline"].startswith("TODO"):
            row["deadline"] = "end of 2027"
    out.write_text(yaml.safe_dump({"predictions": found}), encoding="utf-8")
    imported = run(db, "import", out)
    assert imported.exit_code == 0, imported.output
    assert "imported 4 prediction(s)" in imported.stdout
    assert run(db, "verify").exit_code == 0
    assert {p["statement"] for p in recorded(db)} >= {"The ceasefire will collapse by the end of 2027."}


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"sample commentary not found at {SHARED}")
def test_sample_piece_extracts_to_stdout_and_imports_once_deadlines_are_set(db: str, tmp_path: Path) -> None:
    result = run(None, "extract", SHARED / "001_94d823580adc8b31.txt", "--pundit", "Lucas Evans",
                 "--published", "2026-04-20")  # fmt: skip
    assert result.exit_code == 0, result.output
    found = rows(result.stdout)
    assert len(found) == 7
    never = next(r for r in found if r["hedge"] == "will never")
    assert never["probability"] == 0.1
    assert never["statement"].startswith("They will agree to irreversible concessions")
    for row in found:
        row["deadline"] = "2027-12-31"
    review = tmp_path / "review.yaml"
    review.write_text(yaml.safe_dump({"predictions": found}), encoding="utf-8")
    assert run(db, "import", review).exit_code == 0
    assert len(recorded(db)) == 7


def test_html_and_url_inputs(tmp_path: Path) -> None:
    html = (DATA / "sahel_ceasefire.html").read_bytes()
    result = run(None, "extract", DATA / "sahel_ceasefire.html", "--pundit", "Mara Quint")
    assert result.exit_code == 0, result.output
    found = rows(result.stdout)
    assert found[0]["source_title"] == "The Sahel Ceasefire Is Set to Unravel"
    assert found[0]["published"] == "2026-02-02"  # from the page's meta tag
    assert not any("Rubbish" in r["quote"] or "Mark my words" in r["quote"] for r in found)
    with LoopbackServer({"/column": page(html)}) as server:
        url = server.url("/column")
        fetched = run(None, "extract", url, "--pundit", "Mara Quint", "--title", "Given title")
    assert fetched.exit_code == 0, fetched.output
    from_url = rows(fetched.stdout)
    assert len(from_url) == len(found)
    assert {r["source_url"] for r in from_url} == {url}
    assert {r["source_title"] for r in from_url} == {"Given title"}


def bad_inputs(tmp_path: Path) -> Iterator[tuple[str, str]]:
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    yield str(tmp_path / "empty.txt"), "empty"
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    yield str(tmp_path / "blob.txt"), "binary"
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n...")
    yield str(tmp_path / "doc.pdf"), "PDF"
    (tmp_path / "menu.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav></body></html>", encoding="utf-8"
    )
    yield str(tmp_path / "menu.html"), "no article text"
    (tmp_path / "fr.txt").write_text(
        "Les négociations entre les deux pays vont probablement échouer, et la crise va durer "
        "encore plusieurs années selon les diplomates qui sont sur place dans la région.", encoding="utf-8")  # fmt: skip
    yield str(tmp_path / "fr.txt"), "French"
    (tmp_path / "de.txt").write_text(
        "Die Verhandlungen werden wahrscheinlich scheitern, und die Krise wird noch mehrere Jahre "
        "dauern, sagen die Diplomaten, die in der Region sind und das nicht mehr glauben.", encoding="utf-8")  # fmt: skip
    yield str(tmp_path / "de.txt"), "German"
    yield str(tmp_path / "missing.txt"), "no such file"
    yield closed_port_url("/column"), "unreachable"


def test_bad_input_is_one_error_line_and_exit_2(db: str, tmp_path: Path) -> None:
    for source, words in bad_inputs(tmp_path):
        result = run(db, "extract", source, "--pundit", "X", "--published", "2026-03-10", "--interactive")
        assert result.exit_code == 2, (source, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (source, result.stderr)
        assert words in lines[0], (source, lines[0])
    assert recorded(db) == []


def test_interactive_accept_edit_skip_quit(db: str, article: Path) -> None:
    answers = "a\nend of 2027\ns\ne\nThe talks fail.\nin 6 months\n0.6\nq\n"
    result = run(db, "extract", article, "--pundit", "Jane Roe", "--published", "2026-03-10",
                 "--interactive", input=answers)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "recorded 2 prediction(s)" in result.stdout
    found = {p["statement"]: p for p in recorded(db)}
    assert set(found) == {"Oil will Rise.", "The talks fail."}
    edited = found["The talks fail."]
    assert (edited["probability"], edited["basis"], edited["hedge"]) == (0.6, "assigned", "will likely")
    assert edited["deadline"] == "2026-09-10T23:59:59Z"
    assert found["Oil will Rise."]["deadline"] == "2027-12-31T23:59:59Z"
    assert run(db, "verify").exit_code == 0


def test_interactive_with_nothing_accepted_records_nothing(db: str, article: Path) -> None:
    result = run(db, "extract", article, "--pundit", "J", "--published", "2026-03-10", "--interactive",
                 input="s\ns\ns\ns\n")  # fmt: skip
    assert result.exit_code == 0 and "nothing recorded" in result.stdout
    assert recorded(db) == []


def test_help_has_examples() -> None:
    for command in ("extract", "extract-eval"):
        result = run(None, command, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout


def test_extract_eval_gates(tmp_path: Path) -> None:
    ok = run(None, "extract-eval", DATA / "labels.json", "--min-precision", "0.9", "--min-recall", "0.9")
    assert ok.exit_code == 0, ok.output
    assert "overall" in ok.stdout and "precision" in ok.stdout
    (tmp_path / "a.txt").write_text(
        "The walkout was scripted. Nobody in the room saw it coming, and nobody said so.", encoding="utf-8"
    )
    labels = {"documents": {"a.txt": {"author": None, "title": None, "sentences": [
        {"quote": "The walkout was scripted.", "kind": "explicit", "hedge": "will", "deadline_text": None}]}}}  # fmt: skip
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    failed = run(None, "extract-eval", tmp_path / "labels.json", "--min-recall", "0.5", "-v")
    assert failed.exit_code == 1
    assert "recall 0.000 is below 0.5" in failed.stderr and "missed: The walkout" in failed.stdout
    missing = run(None, "extract-eval", tmp_path / "nope.json")
    assert missing.exit_code == 2 and missing.stderr.startswith("error: ")
