"""pundit-ledger: a tamper-evident ledger of geopolitical forecasts.

The ``ledger`` package holds the domain and its storage: the hash-chained event log, the
derived prediction state, probability yardsticks, extraction from commentary, import/export
and the command line. It never imports httpx or jinja2 outside ``ledger.cli``.
"""

__version__ = "0.1.0"
