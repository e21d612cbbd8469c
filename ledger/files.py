"""Import and export files: CSV, JSON and YAML with one set of fields.

A file holds predictions, one per CSV row or one mapping per item of a JSON/YAML list (the
list may stand under a top-level ``predictions`` key). Fields (see data/examples/):

    statement, pundit, deadline                                   required
    quote, source_url, source_title, published, made,             optional
    probability, basis, hedge, yardstick, criteria, tags, private, note
    outcome, outcome_note, evidence, known_on                     a resolution, optional
    id, status                                                    written by export, ignored
    content_key                                                   written by export, kept

In CSV, ``tags`` are separated by ";" and ``evidence`` URLs by spaces. Import is all or
nothing: every bad row is reported with its number and nothing is written. YAML dates are
read as text, so that an impossible one is reported at its row like any other bad value.
An exported ``content_key`` is kept as the prediction's identity, so that a prediction
amended after it was recorded is recognised when its export is imported again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ledger.errors import InputError
from ledger.gc_pause import gc_paused
from ledger.inputs import PredictionInput, validate_prediction
from ledger.queries import PredictionView
from ledger.store import Ledger, RecordResult

FIELDS: tuple[str, ...] = (
    "statement", "pundit", "quote", "source_url", "source_title", "published", "made",
    "deadline", "probability", "basis", "hedge", "yardstick", "criteria", "tags", "private",
    "note", "outcome", "outcome_note", "evidence", "known_on", "content_key",
)  # fmt: skip
EXPORT_ONLY: tuple[str, ...] = ("id", "status")
REQUIRED: tuple[str, ...] = ("statement", "pundit", "deadline")
FORMATS: tuple[str, ...] = ("csv", "json", "yaml")
_META_KEYS = frozenset({"predictions", "format", "exported_at", "head", "version"})


class ImportRejected(InputError):
    """A file with bad rows: the message has a summary line, then one line per bad row."""

    def __init__(self, source: str, problems: Sequence[tuple[int, str]]) -> None:
        lines = [f"{source}: {len(problems)} bad row(s); nothing was imported"]
        lines += [f"  row {row}: {reason}" for row, reason in problems]
        super().__init__("\n".join(lines))
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportReport:
    rows: int
    result: RecordResult


def detect_format(path: Path, given: str | None = None) -> str:
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "yml":
        return "yaml"
    if suffix not in FORMATS:
        raise InputError(f"{path}: cannot tell the format from {path.suffix!r}; pass --format csv|json|yaml")
    return suffix


def read_rows(path: Path, fmt: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a file as (row number, fields); raises ``InputError`` for a bad file."""
    kind = detect_format(path, fmt)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start})"
        ) from None
    if "\x00" in content:
        raise InputError(f"{path}: contains NUL bytes; not a text file")
    if not content.strip():
        raise InputError(f"{path}: the file is empty")
    if kind == "csv":
        rows = _csv_rows(path, content)
    else:
        rows = _document_rows(path, _load_document(path, content, kind))
    if not rows:
        raise InputError(f"{path}: holds no predictions")
    _check_columns(path, {key for _, row in rows for key in row})
    return rows


def _csv_rows(path: Path, content: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"{path}: not valid CSV: {exc}") from None
    names = [h.strip() for h in header]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(f"{path}: duplicate column(s) {', '.join(duplicates)}")
    missing = [f for f in REQUIRED if f not in names]
    if missing:
        raise InputError(f"{path}: missing required column(s) {', '.join(missing)}")
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        start = reader.line_num + 1
        for values in reader:
            line, start = start, reader.line_num + 1  # a record's first line: quoted fields may span lines
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(names):
                rows.append((line, {"__error__": f"has {len(values)} fields, the header has {len(names)}"}))
                continue
            rows.append((line, {n: v for n, v in zip(names, values, strict=True) if v.strip()}))
    except csv.Error as exc:
        raise InputError(f"{path}: not valid CSV at line {reader.line_num}: {exc}") from None
    return rows


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys in a mapping and leaves dates as text."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _strict_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        try:
            duplicate = key in seen
        except TypeError:  # a list or mapping used as a key
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if duplicate:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _strict_mapping)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"duplicate key(s) {', '.join(map(repr, duplicates))} in one object")
    return dict(pairs)


def _load_document(path: Path, content: str, kind: str) -> Any:
    try:
        if kind == "json":
            return json.loads(content, object_pairs_hook=_json_pairs)
        return yaml.load(content, Loader=_StrictLoader)
    except (ValueError, yaml.YAMLError) as exc:
        first = " ".join(str(exc).split())
        raise InputError(f"{path}: not valid {kind.upper()}: {first}") from None


def _document_rows(path: Path, doc: Any) -> list[tuple[int, dict[str, Any]]]:
    if isinstance(doc, dict):
        extra = sorted(set(doc) - _META_KEYS)
        if "predictions" not in doc or extra:
            raise InputError(f"{path}: expected a list of predictions or a 'predictions' key")
        doc = doc["predictions"]
    if not isinstance(doc, list):
        raise InputError(f"{path}: expected a list of predictions, got {type(doc).__name__}")
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, item in enumerate(doc, start=1):
        if isinstance(item, dict):
            rows.append((number, {str(k): v for k, v in item.items() if v is not None}))
        else:
            rows.append((number, {"__error__": f"expected a mapping of fields, got {type(item).__name__}"}))
    return rows


def _check_columns(path: Path, seen: set[str]) -> None:
    unknown = sorted(seen - set(FIELDS) - set(EXPORT_ONLY) - {"__error__"})
    if unknown:
        raise InputError(f"{path}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")


def validate_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], *, default_yardstick: str, now: datetime
) -> tuple[list[tuple[int, PredictionInput]], list[tuple[int, str]]]:
    """Validate every row; returns the good ones and (row, reason) for every bad one."""
    good: list[tuple[int, PredictionInput]] = []
    bad: list[tuple[int, str]] = []
    first_row_of: dict[str, int] = {}
    for number, row in rows:
        if "__error__" in row:
            bad.append((number, row["__error__"]))
            continue
        try:
            item = validate_prediction(row, default_yardstick=default_yardstick, now=now)
        except InputError as exc:
            bad.append((number, str(exc)))
            continue
        key = item.content_key
        if key in first_row_of:
            bad.append((number, f"the same prediction as row {first_row_of[key]}"))
            continue
        first_row_of[key] = number
        good.append((number, item))
    return good, bad


def import_file(
    ledger: Ledger, path: Path, *, default_yardstick: str, fmt: str | None = None
) -> ImportReport:
    """Validate the whole file, then record it in one transaction (or nothing at all)."""
    with gc_paused():
        rows = read_rows(path, fmt)
        good, bad = validate_rows(rows, default_yardstick=default_yardstick, now=ledger.clock())
        del rows  # the parsed file: no longer needed once every row is validated
        if bad:
            raise ImportRejected(str(path), bad)
        reasons = [f"imported from {path.name}, row {number}" for number, _ in good]
        result = ledger.record([item for _, item in good], reasons)
    return ImportReport(len(good), result)


def export_records(views: Iterable[PredictionView]) -> list[dict[str, Any]]:
    """Predictions as import-format mappings (lists for tags and evidence)."""
    records = []
    for view in views:
        data = view.as_dict()
        record = {"id": view.id, "status": view.status}
        record.update({name: data[name] for name in FIELDS})
        records.append(record)
    return records


def render_export(records: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"predictions": records}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump({"predictions": records}, allow_unicode=True, sort_keys=False)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[*EXPORT_ONLY, *FIELDS], lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _csv_cell(k, v) for k, v in record.items()})
    return out.getvalue()


def _csv_cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "tags":
        return ";".join(value)
    if name == "evidence":
        return " ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
