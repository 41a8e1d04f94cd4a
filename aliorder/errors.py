"""One exception hierarchy; each class owns the exit code the buyer sees."""

from __future__ import annotations

from datetime import datetime


class AliorderError(Exception):
    """Base of every error aliorder reports to the buyer (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, when: datetime | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        # An instant the message refers to as "{when}"; render shows it in the local zone.
        self.when = when


class NotAllowed(AliorderError):
    """Refused by a rule: not allowed for this order now (exit 1)."""

    exit_code = 1


class BadInput(AliorderError):
    """Usage error: bad value, unknown reason, unknown order (exit 2)."""

    exit_code = 2


class UnknownOrder(BadInput):
    pass


class SettingsProblem(BadInput):
    """The settings file cannot be used; the buyer fixes it like any bad value."""


class StorageProblem(AliorderError):
    """The database cannot be read or written (exit 3). Nothing was written."""

    exit_code = 3


class LockTimeout(StorageProblem):
    pass
