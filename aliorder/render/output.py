"""What every part of render uses: the consoles, times, JSON writing, errors and notes,
the text helpers, and the words of statuses and deadline kinds.

The other modules call `output.console()` and `output.is_terminal()`, looked up here
when they print: a test that sets either on this module reaches every table and line.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable

from ..domain.deadlines import KINDS
from ..text import clean

if TYPE_CHECKING:
    from rich.console import Console

    from ..errors import AliorderError


STATUS_STYLE = {
    "awaiting_payment": "yellow", "awaiting_shipment": "cyan", "cancellation_requested": "magenta",
    "awaiting_delivery": "blue", "delivered": "green", "in_dispute": "red bold",
    "completed": "dim green", "cancelled": "dim",
}
# Each deadline kind's words come from its one row in domain/deadlines.py.
DEADLINE_LABEL = {name: kind.label for name, kind in KINDS.items()}

# The table's terse "what", to fit 80 columns; `show` and the calendar say the rest.
DEADLINE_SHORT = {name: kind.short for name, kind in KINDS.items()}

# Who has to act before each deadline: the buyer, or the seller (else a rule acts).


def money(amount: Any, currency: str) -> str:
    """An amount as the buyer reads it (money.shown, loaded by what shows one: not list or
    deadlines in a pipe)."""
    from ..money import shown

    return shown(amount, currency)


# --- consoles ---------------------------------------------------------------

_consoles: dict[str, Any] = {}


def console(stream: str = "stdout") -> Console:
    """Where render prints lines: off a terminal plain (aliorder.plain), else Rich's console.
    Build what it prints with `_text`, which matches it."""
    if stream == "stdout" and not is_terminal():
        if "plain" not in _consoles:
            from ..plain import Console as PlainConsole

            _consoles["plain"] = PlainConsole(_broken_pipe)
        return _consoles["plain"]  # type: ignore[no-any-return]
    return rich_console(stream)


def rich_console(stream: str = "stdout") -> Console:
    """Rich's console, on a terminal or not: for what only Rich draws (tables, a progress bar)."""
    if stream not in _consoles:
        from rich.console import Console

        # In a pipe or a mail from cron lines are never cut at 80 columns ("in 7 \nd"): soft
        # wrap. On a terminal Rich wraps them at word boundaries to its width, where the
        # terminal itself would cut words ("step i" / "n"). Tables fit the width either way.
        stderr = stream == "stderr"
        made = Console(stderr=stderr, highlight=False,
                       soft_wrap=not (sys.stderr if stderr else sys.stdout).isatty())
        made.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
        _consoles[stream] = made
    return _consoles[stream]


def _broken_pipe() -> None:
    """The reader went away (`show | head -1`): as for plain writes, a BrokenPipeError, which
    the CLI ends with exit 0 (Rich's own handler exits 1)."""
    stdout_to_devnull()
    raise BrokenPipeError


def stdout_to_devnull() -> None:
    """Output can no longer go where stdout went (a reader gone, a full disk): send it to
    /dev/null, so that what is still buffered, and the interpreter's last flush, have
    nowhere to fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stream with no file (a test runner's)
        pass


def reset() -> None:
    """Forget the consoles (the test runner swaps the streams between commands)."""
    _consoles.clear()


def is_terminal() -> bool:
    return sys.stdout.isatty()


# --- times ------------------------------------------------------------------


def local(at: datetime | None) -> str:
    if at is None:
        return "-"
    mine = at.astimezone()
    # What strftime("%Y-%m-%d %H:%M %Z") gives, in half its time (`list` formats every order).
    return f"{mine.isoformat(' ', 'minutes')[:16]} {mine.tzname() or ''}".rstrip()


def span(seconds: float) -> str:
    seconds = int(abs(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{max(minutes, 1)} min"


def countdown(at: datetime, now: datetime, past: str = "ago") -> str:
    seconds = (at - now).total_seconds()
    if abs(seconds) < 60:
        return "now"
    return f"in {span(seconds)}" if seconds > 0 else f"{span(seconds)} {past}"


def when_text(at: datetime | None, now: datetime) -> str:
    if at is None:
        return "-"
    return f"{local(at)} ({countdown(at, now)})"


# --- JSON -------------------------------------------------------------------


def json_out(document: Any) -> None:
    import orjson

    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def json_list_out(documents: Iterable[Any]) -> None:
    """`json_out` of a list, byte for byte, written one element at a time."""
    import orjson

    out = sys.stdout.buffer
    first = True
    for document in documents:
        # orjson's indented array: each element on its own lines, two spaces deeper.
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
        out.write((b"[\n  " if first else b",\n  ") + text)
        first = False
    out.write(b"[]\n" if first else b"\n]\n")
    out.flush()


# --- errors -----------------------------------------------------------------


def error(err: AliorderError, now: datetime) -> None:
    message = err.message.replace("{when}", when_text(err.when, now)) if err.when else err.message
    lines = [f"Error: {message}"]
    if err.hint:
        lines.append(err.hint.replace("{when}", local(err.when)) if err.when else err.hint)
    write_lines(sys.stderr, clean_lines(lines))


def internal_error(bug: Exception) -> None:
    """A bug reached the top: say so plainly, never with a traceback (unless asked for one)."""
    import os

    if os.environ.get("ALIORDER_DEBUG"):
        import traceback

        traceback.print_exception(bug)
    sys.stderr.write(clean(
        f"Error: aliorder hit an internal error ({type(bug).__name__}: {str(bug)[:300]}). This is a bug in "
        "aliorder, not in what you typed.") + "\n" +
        "Your database is intact: a write is made whole or not at all. Please report the command "
        "you ran; ALIORDER_DEBUG=1 shows the details.\n")


def clean_lines(lines: Iterable[str]) -> list[str]:
    """Each line cleaned; a text of several lines (two ways out, each a command) is split first."""
    return [clean(part) for line in lines for part in line.split("\n")]


def note(message: str) -> None:
    write_lines(sys.stderr, clean_lines([message]))


def write_lines(stream: Any, lines: list[str]) -> None:
    """`lines` to `stream`: whole lines for a pipe, a log or cron's mail. On a terminal each
    wraps between words at its width, where the terminal itself would cut a word in two
    ("the platf / orm")."""
    if stream.isatty():
        import os

        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except OSError:
            width = 0
        # A terminal that gives no width (0, as `script` does) or an absurd one: 80 columns.
        lines = [part for line in lines for part in wrapped(line, width if width >= 20 else 80)]
    stream.write("\n".join(lines) + "\n")


def wrapped(line: str, width: int) -> list[str]:
    """`line` in lines of at most `width` columns, broken between words; a command (from
    "aliorder " to the end of the line, where it starts the line or follows ": " or "(")
    stays whole, to be copied as it is. A continuation keeps the line's indent."""
    if len(line) <= width:
        return [line]
    import re
    import textwrap

    command = re.search(r"(?:^ *|: |\()(aliorder .*)", line)
    # Glued with NUL, which textwrap does not break at and clean() removed from every text.
    glued = line if command is None else line[:command.start(1)] + command[1].replace(" ", "\0")
    indent = line[:len(line) - len(line.lstrip(" "))]
    parts = textwrap.wrap(glued, width, subsequent_indent=indent, break_long_words=False,
                          break_on_hyphens=False)
    return [part.replace("\0", " ") for part in parts]


# --- text -------------------------------------------------------------------


def _text(value: Any, style: str = "") -> Any:
    return _Text()(clean(value), style=style)


def _Text() -> Any:
    """The Text class of `console()`: plain off a terminal, Rich's on one."""
    if is_terminal():
        from rich.text import Text

        return Text
    from ..plain import Text as PlainText

    return PlainText


def _status(status: str) -> Any:
    return _text(status, STATUS_STYLE.get(status, ""))


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


ITEM_WIDTH = 40


def cells(text: str) -> int:
    """How many terminal columns `text` takes: a CJK character or an emoji takes two (the
    tables counted characters, and a Chinese seller's name wrapped their rows)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _chopped(text: str, width: int) -> str:
    """The longest start of `text` that takes at most `width` columns."""
    if text.isascii():
        return text[:width]
    from rich.cells import get_character_cell_size

    used = 0
    for n, char in enumerate(text):
        used += get_character_cell_size(char)
        if used > width:
            return text[:n]
    return text


def shorten(text: Any, width: int = ITEM_WIDTH) -> str:
    """Cut a long name at a word boundary, marked with an ellipsis; `width` in terminal columns."""
    text = clean(text)
    if cells(text) <= width:
        return text
    cut = _chopped(text, width - 1)
    if (space := cut.rfind(" ")) >= 0 and cells(cut[:space]) >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-/") + "\u2026"
