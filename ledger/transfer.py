"""Moving a ledger to another database (the day a team outgrows one SQLite file).

Events are copied verbatim (the stored canonical bodies and hashes), the derived tables are
written from them by the same code that appends use, and both sides are verified: the head
hash stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, update

from ledger.canonical import load_body
from ledger.db import bulk_insert, connect, safe_url
from ledger.errors import ConflictError, StorageError
from ledger.models import ChainHead
from ledger.store import EVENT_COLUMNS, apply_to_tables, lock_head
from ledger.verify import verify

_BATCH = 5_000


@dataclass(frozen=True)
class TransferReport:
    events: int
    head: str


def copy_ledger(source: Engine, target: Engine) -> TransferReport:
    """Copy every event of ``source`` into the empty, initialised ledger ``target``."""
    checked = verify(source)
    if not checked.ok:
        raise StorageError(f"the source ledger does not verify ({checked.problem}); not copying it")
    with connect(target, write=True) as out:
        seq, _ = lock_head(out)
        if seq != 0:
            raise ConflictError(f"the target ledger at {safe_url(target.url)} is not empty ({seq} events)")
        with connect(source) as src:
            result = src.execution_options(yield_per=_BATCH).exec_driver_sql(
                f"SELECT {', '.join(EVENT_COLUMNS)} FROM event ORDER BY seq"
            )
            body_at = EVENT_COLUMNS.index("body")
            for batch in result.partitions(_BATCH):
                rows = [tuple(row) for row in batch]
                bulk_insert(out, "event", EVENT_COLUMNS, rows)
                apply_to_tables(out, [load_body(row[body_at]) for row in rows])
        out.execute(update(ChainHead).where(ChainHead.id == 1).values(seq=checked.events, hash=checked.head))
    copied = verify(target)
    if not copied.ok or copied.head != checked.head:
        raise StorageError(f"the copy does not verify: {copied.problem or 'head hash differs'}")
    return TransferReport(copied.events, copied.head)
