"""What a pipe or a cron mail gets: plain lines, as Rich prints them there, without Rich.

Off a terminal Rich prints no styles and, with soft wrap, cuts no line, so its output is
the text itself; importing it costs more than the rest of `show` (~25 ms). `render`
prints through `Console` and builds lines with `Text` here when stdout is not a
terminal, and through Rich's own on a terminal: the two share the few methods it uses.
Tables (`reasons`, `rules`, import's dry-run) are Rich's everywhere.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable


class Text:
    """The part of `rich.text.Text` render uses; the styles are dropped."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = text

    def append(self, text: Any, style: str | None = None) -> Text:
        self.plain += text.plain if isinstance(text, Text) else str(text)
        return self

    def rstrip(self) -> None:
        self.plain = self.plain.rstrip()

    def __str__(self) -> str:
        return self.plain


class Console:
    """The part of `rich.console.Console` render uses, writing plain lines to sys.stdout."""

    def __init__(self, on_broken_pipe: Callable[[], None]) -> None:
        self.on_broken_pipe = on_broken_pipe

    @property
    def width(self) -> int:
        """As Rich's off a terminal: $COLUMNS, else 80."""
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isascii() and columns.isdigit() and int(columns) > 0 else 80

    def print(self, *objects: Any, soft_wrap: bool | None = None, style: str | None = None) -> None:
        try:
            sys.stdout.write(" ".join(str(o) for o in objects) + "\n")
        except BrokenPipeError:
            self.on_broken_pipe()
