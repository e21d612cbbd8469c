"""Where the files that ship with the project live."""

from __future__ import annotations

import sys
from pathlib import Path


def data_dir() -> Path:
    """The project's ``data/`` folder: the checkout's, else the installed copy."""
    checkout = Path(__file__).resolve().parent.parent / "data"
    if checkout.is_dir():
        return checkout
    installed = Path(sys.prefix) / "share" / "pundit-ledger" / "data"
    if installed.is_dir():
        return installed
    raise FileNotFoundError(f"pundit-ledger data folder not found (looked in {checkout} and {installed})")
