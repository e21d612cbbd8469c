"""Scheduled collectors: feeds, evidence matching, deadline sweeps, the monthly email.

Built on the ledger core; each job appends ledger events (evidence links, resolutions,
email sends) through ``ledger.store.Ledger`` and never writes tables directly.
"""
