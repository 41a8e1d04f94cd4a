"""What the commands share: the session, the shared arguments and options, reading the buyer's words,
asking for a missing order, acting on an order, and printing JSON or the human view."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

import typer

from .. import completion
from ..errors import BadInput

if TYPE_CHECKING:
    from ..services import App, Clock, Outcome


class Session:
    """What the root callback learned; builds the services' collaborators on first use."""

    # A plain class: `dataclasses` is not imported on a TAB press.
    def __init__(self, db_option: Optional[str] = None, clock: Optional["Clock"] = None,
                 app: Optional["App"] = None):
        self.db_option = db_option
        self.no_input = False
        self.clock = clock
        self.app = app
        self._now: Optional[datetime] = None
        self.at: Optional[datetime] = None  # the --at the command was given, once parsed
        self.what: Optional[str] = None  # the command as the undo journal names it: "pay 3"

    def services(self) -> "App":
        if self.app is None:
            from ..services import App, FixedClock
            from ..settings import load_rules
            from ..storage import Database, DatabaseFile, database_path

            rules = load_rules()
            file = DatabaseFile(database_path(self.db_option), rules.lock_timeout_seconds)
            from ..records import iso

            self.app = App(Database(file, self.what, iso(self.now())), FixedClock(self.now()), rules)
        return self.app

    def now(self) -> datetime:
        """One instant per command: the service dates events by it and render counts down from it."""
        if self._now is None:
            if self.clock is None:
                from ..services import SystemClock

                self.clock = SystemClock()
            self._now = self.clock.now()
        return self._now


def stdin_is_terminal() -> bool:
    """Whether a person sits at the terminal: stdin and stdout both are one (never in a pipe,
    a script or under cron)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _asking(ctx: Optional[typer.Context]) -> bool:
    """Whether aliorder may ask for what is missing: on a terminal, and neither --no-input nor
    ALIORDER_NO_INPUT=1."""
    import os

    if ctx is not None and _session(ctx).no_input:
        return False
    if os.environ.get("ALIORDER_NO_INPUT", "") not in ("", "0"):
        return False
    return stdin_is_terminal()


def _missing(ctx: typer.Context, name: str, choices: Optional[Any] = None) -> Exception:
    """The usage error Typer gives for a missing argument or option, with the valid choices."""
    from typer._click.exceptions import MissingParameter

    param = next(p for p in ctx.command.params if p.name == name)
    listed = f"Choose one of: {', '.join(choices)}." if choices else None
    return MissingParameter(listed, ctx=ctx, param=param)


def _order(ctx: typer.Context, ref: Optional[str], verb: str, at: Optional[str]) -> str:
    """The order the command is about: as given, else chosen at the terminal among those the
    command is allowed for now, else a usage error (exit 2) as when an argument is missing."""
    if ref is not None:
        return ref
    if not _asking(ctx):
        raise _missing(ctx, "ref")
    from .. import guided

    session = _session(ctx)
    return guided.choose_order(session.services(), verb, _at(at), session.now())


def _session(ctx: typer.Context) -> Session:
    root_ctx = ctx.find_root()
    if not isinstance(root_ctx.obj, Session):
        root_ctx.obj = Session()
    session = root_ctx.obj
    if session.what is None and ctx is not root_ctx:
        # The command's words and the order it names, without the program's name: "dispute open 3".
        words = ctx.command_path.split()[1:]
        for name in ("ref", "number"):  # the order, or the backup
            if isinstance(ctx.params.get(name), (str, int)) and not isinstance(ctx.params[name], bool):
                words.append(str(ctx.params[name]))
        if isinstance(ctx.params.get("files"), (list, tuple)):  # import: the files' names
            from pathlib import Path

            words += [Path(str(f)).name for f in ctx.params["files"]][:3]
        session.what = " ".join(words)
    return session


# --- shared options ---------------------------------------------------------

# Optional to Typer only: on a terminal, aliorder offers the orders; elsewhere a missing ID is
# the same usage error as before (`_order`).
ID_HELP = "The order: its local number or its AliExpress order number."
ID_ARG = typer.Argument(..., metavar="ID", help=ID_HELP, autocompletion=completion.order_ids)
EVENT_ID = typer.Argument(None, metavar="ID", show_default=False, help=ID_HELP,
                          autocompletion=completion.order_ids)
AT = typer.Option(None, "--at", metavar="WHEN",
                  help="When it happened (ISO-8601; a date means 00:00; naive is local time). Default: now.")
JSON = typer.Option(False, "--json", help="Print the order as JSON.")
NOTE = typer.Option(None, "--note", metavar="TEXT", help="A note kept in the history.")
# What place records and edit corrects, asked the same way by both.
SELLER = typer.Option(None, "--seller", metavar="S", help="The store's name.")
ORDER_NO = typer.Option(None, "--order-no", metavar="N", help="The AliExpress order number.")
PROCESSING_DAYS = typer.Option(None, "--processing-days", metavar="N", min=1, max=365,
                               help="The seller's processing time, counted from payment.")


def reason_option(reasons: Any) -> Any:
    """--reason of cancel and dispute open: a slug of their list, offered by `reasons` on TAB."""
    return typer.Option(None, "--reason", metavar="R", show_default=False,
                        help="A slug from aliorder reasons.  [required; asked on a terminal]",
                        autocompletion=reasons)
DRAFT = typer.Option(False, "--draft", help="Only print a polite message to paste to the seller, built from "
                     "the order; records nothing (run again without --draft once it is sent).")


def _at(text: Optional[str]) -> Optional[datetime]:
    if text is None:
        return None
    from typer._click.globals import get_current_context

    from ..when import parse_instant

    # `today`, `3 hours ago`: counted from the command's one instant.
    ctx = get_current_context(silent=True)
    at = parse_instant(text, None if ctx is None else _session(ctx).now())
    if ctx is not None:
        _session(ctx).at = at  # a refusal then counts from the moment it is about
    return at


def _act(ctx: typer.Context, ref: str, command: Any, at: Optional[str], as_json: bool, what: Any) -> "Outcome":
    """`what`: the words of what happened, or a function of the order after it (an amount as
    the order's currency shows it)."""
    from .. import render, services

    session = _session(ctx)
    # Without an ID: the orders this command is allowed for, offered on a terminal.
    ref = _order(ctx, ref, " ".join(ctx.command_path.split()[1:]), at)
    outcome = services.act(session.services(), ref, command, _at(at))
    words = what(outcome.order) if callable(what) else what
    _out(as_json, lambda: render.order_document(outcome), lambda: render.recorded(outcome, words, session.now()))
    return outcome


def _out(as_json: bool, document: Any, human: Any, many: bool = False) -> None:
    """The one way a command prints: `document()` as one JSON document on stdout (`many`: a
    list written element by element), or else the human view, `human()`."""
    from .. import render

    if not as_json:
        human()
    elif many:
        render.json_list_out(document())
    else:
        render.json_out(document())


def _text_value(value: str, name: str) -> str:
    from ..text import clean

    # Terminal controls and bidi overrides never mean anything in a name or a note; bytes
    # that were not UTF-8 (a shell passes them as lone surrogates) become U+FFFD.
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogatepass")
    value = raw.decode("utf-8", "replace")
    cleaned = " ".join(clean(" ".join(value.split())).split())
    if not _visible(cleaned):  # nothing, or only zero-width characters ("\u200b\u200d")
        # An argument cannot be left out (`aliorder note 3` is a usage error): an example instead.
        example = {"ITEM": 'like aliorder place "USB-C cable" --price 3.50',
                   "TEXT": 'like aliorder note 3 "seller promised a refund by Friday"'}.get(
            name, f"or leave {name} out" if name.startswith("--") else "or leave it out")
        raise BadInput(f"{name} must not be empty.", hint=f"Give a few words, {example}")
    if len(cleaned) > 500:
        raise BadInput(f"{name} is {len(cleaned)} characters long; keep it under 500.")
    return cleaned


def _visible(text: str) -> bool:
    """Whether `text` shows anything: not only format characters (zero-width spaces and
    joiners, soft hyphens) and combining marks with nothing to combine with."""
    import unicodedata

    return any(unicodedata.category(c) not in ("Cf", "Mn", "Me", "Zs", "Cc") for c in text)


def _optional_text(value: Optional[str], name: str) -> Optional[str]:
    return None if value is None else _text_value(value, name)


def _method(value: Optional[str]) -> Optional[str]:
    from ..domain import method_key

    return None if value is None else method_key(_text_value(value, "the payment method"))


def _draft(ctx: typer.Context, ref: str, command: Any, at: Optional[str], kind: str, reason: Any,
           note: Optional[str], then: str, as_json: bool) -> None:
    from .. import render, services

    app_ = _session(ctx).services()
    order = services.rehearse(app_, ref, command, _at(at))
    if kind == "offer":  # the reply to the answer about to be recorded
        reason = command(order) if callable(command) else command
    ends = app_.rules.protection_ends(order) if kind == "extension" else None
    render.draft(order, kind, reason, note, then, as_json, ends=ends)
