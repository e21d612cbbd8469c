"""The clock seam: every "now" in the ledger comes from a ``Clock``.

Tests set a fixed clock directly, or through ``PUNDIT_LEDGER_NOW`` for a subprocess.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]

NOW_ENV = "PUNDIT_LEDGER_NOW"


def system_clock() -> datetime:
    """The current instant, UTC, to the second (the ledger's timestamp precision)."""
    return datetime.now(UTC).replace(microsecond=0)


def fixed_clock(instant: datetime) -> Clock:
    """A clock that always answers ``instant`` (must be timezone-aware)."""
    if instant.tzinfo is None:
        raise ValueError("a fixed clock needs a timezone-aware instant")
    frozen = instant.astimezone(UTC).replace(microsecond=0)
    return lambda: frozen


def clock_from_env() -> Clock:
    """``PUNDIT_LEDGER_NOW`` (an ISO instant) when set, else the system clock."""
    from ledger.errors import InputError
    from ledger.when import parse_timestamp

    value = os.environ.get(NOW_ENV)
    if not value:
        return system_clock
    try:
        return fixed_clock(parse_timestamp(value))
    except ValueError as exc:
        raise InputError(f"{NOW_ENV}={value!r} is not an ISO timestamp: {exc}") from None
