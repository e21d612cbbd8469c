"""The evaluator, and the extractor's figures on the sample pieces and on our own labels."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ledger.errors import InputError
from ledger.extract.candidates import Candidate
from ledger.extract.evaluate import (
    Score,
    evaluate,
    fold,
    fold_deadline_text,
    score_document,
    table_rows,
    total,
)
from ledger.yardstick import load_yardstick

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "commentary"
OURS = REPO / "tests" / "data" / "extract"
TODAY = datetime(2026, 11, 22, tzinfo=UTC)


def run(path: Path) -> Score:
    pooled = total(evaluate(path, load_yardstick("capphrase"), today=TODAY))
    headers, rows = table_rows(evaluate(path, load_yardstick("capphrase"), today=TODAY))
    print("\n" + "  ".join(headers) + "\n" + "\n".join("  ".join(r) for r in rows))
    return pooled


@pytest.mark.skipif(not (SHARED / "labels.json").is_file(), reason=f"sample commentary not found at {SHARED}")
def test_the_two_sample_pieces() -> None:
    pooled = run(SHARED / "labels.json")
    assert pooled.recall == 1.0, pooled.errors
    assert pooled.precision is not None and pooled.precision >= 0.9, pooled.errors
    assert pooled.hedge_accuracy == 1.0 and pooled.deadline_accuracy == 1.0, pooled.errors


def test_our_labelled_pieces_cover_every_case_and_score() -> None:
    labels = json.loads((OURS / "labels.json").read_text(encoding="utf-8"))
    sentences = [s for doc in labels["documents"].values() for s in doc["sentences"]]
    assert len(sentences) >= 40 and len(labels["documents"]) >= 3
    assert {s["kind"] for s in sentences} == {"explicit", "implicit", "not"}
    assert any(s.get("conditional") for s in sentences)
    assert any(s.get("attributed_to") for s in sentences)
    pooled = run(OURS / "labels.json")
    assert pooled.explicit >= 30
    assert pooled.recall is not None and pooled.recall >= 0.95, pooled.errors
    assert pooled.precision is not None and pooled.precision >= 0.95, pooled.errors
    assert pooled.hedge_accuracy is not None and pooled.hedge_accuracy >= 0.9, pooled.errors
    assert pooled.deadline_accuracy is not None and pooled.deadline_accuracy >= 0.9, pooled.errors
    assert pooled.conditional_ok == pooled.conditional_n and pooled.attributed_ok == pooled.attributed_n


def test_held_out_piece() -> None:
    pooled = run(OURS / "heldout" / "labels.json")
    assert pooled.recall is not None and pooled.recall >= 0.7, pooled.errors
    assert pooled.precision is not None and pooled.precision >= 0.9, pooled.errors


def test_folding() -> None:
    assert fold("“The deal”  will\u00a0hold’s — soon") == fold('"the deal" will hold\'s - soon')
    assert fold_deadline_text("until the next election cycle") == "the next election cycle"
    assert fold_deadline_text("The current round of talks") == "the current round of talks"
    assert fold_deadline_text(None) is None


def _candidate(sentence: str, hedge: str, deadline_text: str | None) -> Candidate:
    return Candidate(sentence, sentence, "A", hedge, 0.9, "hedge", "", deadline_text=deadline_text)


def test_scoring_rules() -> None:
    labels = [
        {
            "quote": "Oil will rise next year.",
            "kind": "explicit",
            "hedge": "will",
            "deadline_text": "next year",
        },
        {"quote": "Gas will fall.", "kind": "explicit", "hedge": "will", "deadline_text": None},
        {"quote": "Coal will vanish.", "kind": "explicit", "hedge": "will", "deadline_text": None},
        {"quote": "It is written in sand.", "kind": "implicit", "hedge": None, "deadline_text": None},
        {"quote": "Critics say it will fail.", "kind": "not", "hedge": None, "deadline_text": None},
    ]
    proposed = [
        _candidate("Oil  will rise next year.", "Will", "next year"),
        _candidate("Gas will fall.", "will likely", "soon"),
        _candidate("It is written in sand.", "will", None),
        _candidate("Critics say it will fail.", "will", None),
        _candidate("An unlabelled sentence will do.", "will", None),
    ]
    score = score_document("doc", labels, proposed)
    assert (score.tp, score.fp, score.fn, score.proposed) == (2, 2, 1, 5)
    assert (score.precision, score.recall) == (0.5, 2 / 3)
    assert (score.hedge_ok, score.deadline_ok) == (1, 1)


def test_bad_labels_files(tmp_path: Path) -> None:
    bad = tmp_path / "labels.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        evaluate(bad, load_yardstick("capphrase"), today=TODAY)
    bad.write_text(json.dumps({"documents": {"a.txt": {"sentences": [{"quote": "x", "kind": "maybe"}]}}}))
    with pytest.raises(InputError, match="kind must be one of"):
        evaluate(bad, load_yardstick("capphrase"), today=TODAY)
