"""Settings: command-line flags, then environment variables, then ``pundit-ledger.toml``.

Keys of the settings file (all optional)::

    db = "sqlite:///ledger.db"           # any SQLAlchemy URL (PUNDIT_LEDGER_DB)
    researcher = "alice"                 # who events are recorded as (PUNDIT_LEDGER_RESEARCHER)
    yardstick = "capphrase"              # hedge-word table (PUNDIT_LEDGER_YARDSTICK)
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import InputError
from ledger.yardstick import DEFAULT_YARDSTICK

SETTINGS_FILE = "pundit-ledger.toml"
DEFAULT_DB = "sqlite:///ledger.db"
_KEYS = {
    "db": "PUNDIT_LEDGER_DB",
    "researcher": "PUNDIT_LEDGER_RESEARCHER",
    "yardstick": "PUNDIT_LEDGER_YARDSTICK",
}


@dataclass(frozen=True)
class Settings:
    db: str
    researcher: str
    yardstick: str


def load_settings(
    *,
    db: str | None = None,
    researcher: str | None = None,
    yardstick: str | None = None,
    folder: Path | None = None,
) -> Settings:
    """Resolve each setting: the given value, else its environment variable, else the file."""
    given = {"db": db, "researcher": researcher, "yardstick": yardstick}
    from_file = _read_file((folder or Path.cwd()) / SETTINGS_FILE)
    resolved: dict[str, str | None] = {}
    for key, env in _KEYS.items():
        resolved[key] = given[key] or os.environ.get(env) or from_file.get(key)
    return Settings(
        db=resolved["db"] or DEFAULT_DB,
        researcher=(resolved["researcher"] or _login_name()).strip(),
        yardstick=resolved["yardstick"] or DEFAULT_YARDSTICK,
    )


def _read_file(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(raw) - set(_KEYS))
    if unknown:
        raise InputError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(_KEYS)}")
    for key, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{path}: {key} must be a non-empty string")
    return raw


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
