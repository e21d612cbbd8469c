"""Moving a ledger to another database (the day a team outgrows one SQLite file).

Events are copied verbatim (the stored canonical bodies and hashes), the derived tables are
written from them by the same code that appends use, and both sides are verified: the head
hash stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from ledger.canonical import GENESIS_HASH, load_body
from ledger.db import bulk_insert, connect, safe_url, stream_rows
from ledger.errors import ConflictError, StorageError
from ledger.gc_pause import gc_paused
from ledger.store import EVENT_COLUMNS, apply_to_tables, lock_head, move_head
from ledger.verify import verify

_BATCH = 5_000
_TABLES = ("event", "pundit", "prediction", "prediction_tag")  # all empty in a fresh ledger
_SEQ, _BODY, _HASH = (EVENT_COLUMNS.index(name) for name in ("seq", "body", "hash"))


@dataclass(frozen=True)
class TransferReport:
    events: int
    head: str


def copy_ledger(source: Engine, target: Engine) -> TransferReport:
    """Copy every event of ``source`` into the empty, initialised ledger ``target``."""
    checked = verify(source)
    if not checked.ok:
        raise StorageError(f"the source ledger does not verify ({checked.problem}); not copying it")
    with gc_paused(), connect(target, write=True) as out:
        seq, _ = lock_head(out)
        if seq != 0:
            raise ConflictError(f"the target ledger at {safe_url(target.url)} is not empty ({seq} events)")
        for table in _TABLES:
            if out.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is not None:
                raise ConflictError(
                    f"the target ledger at {safe_url(target.url)} is not empty: table {table} has rows"
                )
        last = (0, GENESIS_HASH)
        with connect(source, snapshot=True) as src:
            sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM event ORDER BY seq"
            for rows in stream_rows(src, sql, _BATCH):
                bulk_insert(out, "event", EVENT_COLUMNS, rows)
                apply_to_tables(out, [load_body(row[_BODY]) for row in rows])
                last = (rows[-1][_SEQ], rows[-1][_HASH])
        move_head(out, *last)
    copied = verify(target)
    if not copied.ok:
        raise StorageError(f"the copy does not verify: {copied.problem}")
    return TransferReport(copied.events, copied.head)
