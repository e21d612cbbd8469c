"""What every command needs: settings, the engine, the clock and the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

import click
from sqlalchemy import Engine

from ledger.clock import Clock, clock_from_env
from ledger.db import make_engine
from ledger.migrate import require_current
from ledger.settings import Settings, load_settings
from ledger.store import Ledger


@dataclass
class App:
    db: str | None = None
    by: str | None = None
    yardstick: str | None = None
    clock: Clock = field(default_factory=clock_from_env)

    @cached_property
    def settings(self) -> Settings:
        return load_settings(db=self.db, researcher=self.by, yardstick=self.yardstick)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.db)

    def now(self) -> datetime:
        return self.clock()

    def ready_engine(self) -> Engine:
        """The engine of an initialised, current ledger (else a clear error)."""
        require_current(self.engine)
        return self.engine

    def ledger(self) -> Ledger:
        return Ledger(self.ready_engine(), clock=self.clock, actor=self.settings.researcher)

    def yardstick_name(self, given: str | None) -> str:
        return given or self.settings.yardstick


pass_app = click.make_pass_decorator(App)
