"""Ctrl-C around writes and start-up: an interrupt never changes an outcome that has landed.

- Start-up (importing the program, before any command runs): Ctrl-C exits 130 quietly, no
  traceback; nothing can have been written yet.
- From the moment the new database file is put in place (the commit) until the command
  ends, SIGINT is held: the command finishes (backups, ID cache, its report) and exits 0,
  so a buyer never places again an order that was saved. Before the commit, Ctrl-C is a
  KeyboardInterrupt as usual: nothing was written, exit 130.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator

_held: list[Any] = []  # the handler held over, while held
_came: list[int] = []  # the interrupts that came while held
_landed: list[bool] = []  # a write of this command is in place
_whole_process: list[bool] = []  # run as the `aliorder` program, which ends with its command


def quiet_start() -> None:
    """Until the command line is being run, Ctrl-C exits 130 with one line and no traceback."""
    signal.signal(signal.SIGINT, _startup_interrupt)


def _startup_interrupt(signum: int, frame: Any) -> None:
    import os

    try:
        os.write(2, b"Interrupted before anything was done. Nothing was recorded.\n")
    finally:
        os._exit(130)


def started() -> None:
    """The program is loaded: Ctrl-C is a KeyboardInterrupt again (handled by the command)."""
    _whole_process.append(True)
    if signal.getsignal(signal.SIGINT) is _startup_interrupt:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def hold() -> None:
    """Hold SIGINT from now until `release` (called just before the commit)."""
    if _held or threading.current_thread() is not threading.main_thread():
        return
    _came.clear()
    _held.append(signal.signal(signal.SIGINT, _later))


def _later(signum: int, frame: Any) -> None:
    _came.append(signum)


def release(landed: bool, for_good: bool = False) -> None:
    """Stop holding. `landed`: the write is in place, so an interrupt that came meanwhile is
    reported and changes nothing; otherwise it is raised now (nothing was written).
    `for_good`: the program ends now, so SIGINT stays ignored: an interrupt while Python
    exits would still make the exit code 130 for a write that landed."""
    if not _held:
        return
    previous = _held.pop()
    signal.signal(signal.SIGINT, signal.SIG_IGN if for_good else previous)
    if _came:
        _came.clear()
        if not landed:
            raise KeyboardInterrupt
        sys.stderr.write("Interrupted after the change was saved: it is recorded, nothing was lost.\n")


_commands: list[bool] = []  # a command of the CLI is running: it releases at its end


@contextmanager
def command() -> Iterator[None]:
    """A command runs: a write it commits holds SIGINT until the command ends."""
    _commands.append(True)
    _landed.clear()
    try:
        yield
    finally:
        _commands.pop()
        release(landed=True, for_good=bool(_landed and _whole_process))


def landed() -> bool:
    """Whether a write of the running command is in place."""
    return bool(_landed)


def committed() -> None:
    """The new file is in place. Outside a command (the storage used as a library) the hold
    ends here; inside one it lasts until the command ends (and, in the `aliorder` program,
    until the process exits)."""
    _landed.append(True)
    if not _commands:
        release(landed=True)
