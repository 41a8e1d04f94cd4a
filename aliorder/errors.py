"""One exception hierarchy; each class owns the exit code the buyer sees."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable


class AliorderError(Exception):
    """Base of every error aliorder reports to the buyer (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, when: datetime | None = None,
                 way_out: Iterable[Any] = ()):
        super().__init__(message)
        self.message = message
        # The hint's words; "{do}" in them stands for the way out (where the command line goes).
        self.hint_words = hint
        # An instant the message refers to as "{when}"; render shows it in the local zone.
        self.when = when
        # What to do instead, as data (domain.actions.Action); commandline spells it.
        self.way_out = tuple(way_out)

    @property
    def hint(self) -> str | None:
        """The hint as the buyer reads it, the way out spelled as a command line."""
        if not self.way_out:
            return self.hint_words
        from .commandline import lines

        do = lines(self.way_out)
        if self.hint_words is None:
            return do.lstrip("\n")
        words = self.hint_words.replace(" {do}", "{do}") if do.startswith("\n") else self.hint_words
        return words.replace("{do}", do)


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


class Stopped(AliorderError):
    """The buyer stopped at a question; the message is said as it is (not as an error)."""

    def __init__(self, message: str = "Nothing recorded.", **kw: object):
        super().__init__(message, **kw)  # type: ignore[arg-type]


class Interrupted(Stopped):
    """Ctrl-C or Esc at a question (exit 130): nothing was recorded."""

    exit_code = 130


class Declined(Stopped):
    """The buyer answered no at a confirmation (exit 0): nothing was recorded."""

    exit_code = 0
