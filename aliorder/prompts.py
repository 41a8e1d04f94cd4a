"""The terminal's questions: numbered choices, yes/no, a line of text.

Imported only when a question is asked (questionary and prompt_toolkit cost
tens of milliseconds to import, and TAB, --help and cron never ask). Which
question to ask is the service layer's decision; this module only asks.

- A list of choices is numbered in its table's order: typing the number and
  Enter chooses it (several digits for a long list); the arrow keys and Enter
  work too.
- A yes/no question takes `y` or `n` and Enter (Enter alone: the default).
- Ctrl-C or Esc at any question raises `Interrupted`: nothing is recorded.

The questions are drawn on stderr, so that stdout keeps only what the command
prints (`--json` stays one document). When the streams are not real terminals
(an in-process test that says it is one), plain line questions are asked
instead, with the same words.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Sequence

from .errors import Interrupted


class Choice:
    """One line of a list: what the buyer reads, and what choosing it returns."""

    def __init__(self, title: str, value: Any, numbered: bool = True):
        self.title = title
        self.value = value
        self.numbered = numbered


class Heading(Choice):
    """A line between the choices that cannot be chosen (a group's name)."""

    def __init__(self, title: str):
        super().__init__(title, None, numbered=False)


def _real_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdin.fileno() >= 0 and _screen() is not None
    except (AttributeError, ValueError, OSError):
        return False


def _screen() -> Any:
    """Where the questions are drawn: stderr (stdout keeps what the command prints), or stdout
    when stderr is sent elsewhere (`2>log`)."""
    for stream in (sys.stderr, sys.stdout):
        try:
            if stream.isatty() and stream.fileno() >= 0:
                return stream
        except (AttributeError, ValueError, OSError):
            continue
    return None


def _output() -> Any:
    import os

    from prompt_toolkit.output import create_output

    # No cursor-position request: the questions need no room below them, and a terminal that
    # does not answer (a recorder, an old emulator) would make prompt_toolkit wait and warn.
    os.environ.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")
    return create_output(stdout=_screen())


def _with_escape(question: Any) -> Any:
    """Esc leaves the question the way Ctrl-C does."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys

    keys = KeyBindings()

    @keys.add(Keys.Escape, eager=True)
    @keys.add(Keys.ControlC, eager=True)
    def _(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @keys.add(Keys.Vt100MouseEvent, eager=True)
    def _pasted(event: Any) -> None:
        # The questions ask for no mouse, so a "mouse event" is a pasted or typed escape
        # sequence ("\x1b[31m"): dropped. prompt_toolkit's own handler failed on one it could
        # not parse, with a traceback and "Press ENTER to continue" on the buyer's screen.
        pass

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys
    # Esc is told from the start of an arrow key's sequence after this long.
    app.ttimeoutlen = 0.05
    return question


def _ask(question: Any) -> Any:
    try:
        answer = _with_escape(question).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise Interrupted() from None
    if answer is None:
        raise Interrupted()
    return answer


_STYLE = None


def _style() -> Any:
    global _STYLE
    if _STYLE is None:
        import os

        from questionary import Style

        plain = bool(os.environ.get("NO_COLOR"))
        _STYLE = Style([] if plain else [("qmark", "fg:ansicyan bold"), ("question", "bold"),
                                         ("pointer", "fg:ansicyan bold"), ("highlighted", "fg:ansicyan bold"),
                                         ("answer", "fg:ansicyan")])
    return _STYLE


def select(message: str, choices: Sequence[Choice], default: int | None = None) -> Any:
    """One of `choices`; the numbered ones are numbered 1, 2, ... in the order given.
    `default`: the index the pointer starts on (else the first choice)."""
    numbers: list[int] = []  # the choice index of number n is numbers[n - 1]
    titles = []
    width = len(str(sum(1 for c in choices if c.numbered)))
    for index, choice in enumerate(choices):
        if isinstance(choice, Heading):
            titles.append(choice.title)
        elif choice.numbered:
            numbers.append(index)
            titles.append(f"{len(numbers):>{width}}  {choice.title}")
        else:
            titles.append(f"{'':>{width}}  {choice.title}")
    if not _real_terminal():
        return _plain_select(message, choices, titles, numbers, default)
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    message = _wrap(message, 26)
    # The chosen title is shown after the question's last line: each title fits there too.
    room = _width() - max(4, len(message.split("\n")[-1]) + 3)
    titles = [_wrap_title(t, room) for t in titles]
    q_choices = [questionary.Separator(t) if isinstance(c, Heading) else questionary.Choice(title=t, value=i)
                 for i, (t, c) in enumerate(zip(titles, choices))]
    question = questionary.select(
        message, choices=q_choices, default=default,
        instruction="(number or arrows, Enter)",
        qmark="?", style=_style(), output=_output())
    app = question.application
    control = _control(app)
    typed = {"digits": ""}

    digits = KeyBindings()

    def on_digit(event: Any) -> None:
        text = typed["digits"] + event.data
        if not text.lstrip("0") or int(text) > len(numbers):
            text = event.data  # start a new number
        typed["digits"] = text
        if text.lstrip("0") and int(text) <= len(numbers):
            control.pointed_at = numbers[int(text) - 1]

    for d in "0123456789":
        digits.add(d, eager=True)(on_digit)
    app.key_bindings = merge_key_bindings([app.key_bindings, digits])
    return choices[_ask(question)].value


def _control(app: Any) -> Any:
    from questionary.prompts.common import InquirerControl

    for control in app.layout.find_all_controls():
        if isinstance(control, InquirerControl):
            return control
    raise RuntimeError("questionary's select has no InquirerControl")  # pragma: no cover


def confirm(message: str, default: bool = False) -> bool:
    if not _real_terminal():
        return _plain(lambda click: click.confirm(message, default=default, err=True))
    import questionary

    hint = "(Y/n)" if default else "(y/N)"
    question = questionary.confirm(_wrap(message, 7), default=default, auto_enter=False, qmark="?",
                                   instruction=f"{hint} ", style=_style(), output=_output())
    return bool(_ask(question))


def text(message: str, default: str = "", validate: Callable[[str], str | None] | None = None,
         instruction: str = "") -> str:
    """A line of text. `validate` returns why the text will not do (the question stays), or None."""
    if not _real_terminal():
        def ask(click: Any) -> str:
            while True:
                answer = click.prompt(message.rstrip(":"), default=default, show_default=bool(default),
                                      err=True)
                problem = validate(answer) if validate else None
                if problem is None:
                    return answer
                sys.stderr.write(problem + "\n")

        return _plain(ask)
    import questionary

    def check(answer: str) -> bool | str:
        problem = validate(answer) if validate else None
        return True if problem is None else problem

    if instruction:
        message = f"{message[:-1]} {instruction}:" if message.endswith(":") else f"{message} {instruction}"
    question = questionary.text(_wrap(message, 2), default=default,
                                validate=check, qmark="?", style=_style(), output=_output())
    return str(_ask(question))


def _width() -> int:
    """The columns of the screen the questions are drawn on (not stdout's: it may be a pipe)."""
    import os
    import shutil

    try:
        screen = _screen()
        if screen is not None:
            return max(40, os.get_terminal_size(screen.fileno()).columns - 1)
    except (OSError, ValueError, AttributeError):
        pass
    return max(40, shutil.get_terminal_size((80, 24)).columns - 1)


def _wrap(message: str, room: int = 0) -> str:
    """A question's words broken between words at the screen's width (`room`: what the
    question's marks and instruction take on its last line)."""
    import textwrap

    width = _width()
    lines = textwrap.wrap(message, width - 2, break_on_hyphens=False) or [""]
    if len(lines[-1]) + room + 2 > width and len(lines) >= 1:
        lines = textwrap.wrap(message, max(20, width - 2 - room), break_on_hyphens=False) or [""]
    return "\n".join(lines)


def _wrap_title(title: str, room: int) -> str:
    """A choice's line broken between words to fit in `room` columns, each further line under
    its words (after the pointer's three columns)."""
    import textwrap

    body = title.lstrip(" ")
    lead = len(title) - len(body)
    number = body.split("  ", 1)
    hang = 3 + lead + (len(number[0]) + 2 if len(number) == 2 and number[0].strip().isdigit() else 0)
    if len(title) <= room:
        return title
    lines = textwrap.wrap(body, max(20, room - lead), break_on_hyphens=False) or [body]
    return "\n".join([" " * lead + lines[0], *(" " * hang + rest for rest in lines[1:])])


def say(line: str = "") -> None:
    """A line between questions (a summary, the evidence to gather), on the questions' stream,
    wrapped at the terminal's width between words; a wrapped line is indented under its text."""
    import shutil
    import textwrap

    width = _width()
    body = line.lstrip(" ")
    lead = " " * (len(line) - len(body))
    hang = lead + "  "
    wrapped = textwrap.wrap(line, width, subsequent_indent=hang, break_on_hyphens=False) or [""]
    screen = _screen() if _real_terminal() else sys.stderr
    screen.write("\n".join(wrapped) + "\n")
    screen.flush()


# --- without a real terminal (an in-process test that says it is one) ------------


def _plain(ask: Callable[[Any], Any]) -> Any:
    import typer

    try:
        return ask(typer)
    except (typer.Abort, KeyboardInterrupt, EOFError):
        raise Interrupted() from None


def _plain_select(message: str, choices: Sequence[Choice], titles: list[str], numbers: list[int],
                  default: int | None) -> Any:
    say(message)
    for title, choice in zip(titles, choices):
        say(("" if isinstance(choice, Heading) else "  ") + title)
    first = numbers.index(default) + 1 if default in numbers else None

    def ask(click: Any) -> Any:
        while True:
            answer = click.prompt("Number", default="" if first is None else str(first),
                                  show_default=first is not None, err=True)
            if not answer and default is not None:
                return choices[default].value
            if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(numbers):
                return choices[numbers[int(answer) - 1]].value
            say(f"Type a number from 1 to {len(numbers)}.")

    return _plain(ask)
