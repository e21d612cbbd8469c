"""Errors a user can act on. Each carries one line that the command line prints (exit 2)."""


class LedgerError(Exception):
    """Base class: a message fit to show a user as is."""


class InputError(LedgerError):
    """Bad input: an impossible probability, an unparseable date, a malformed file."""


class NotFoundError(LedgerError):
    """An id, pundit or yardstick that does not exist."""


class StorageError(LedgerError):
    """The database cannot be reached, is not initialised, or needs an upgrade."""


class ConflictError(LedgerError):
    """The request contradicts what the ledger already holds (a duplicate, a re-resolution)."""
