"""The Typer app: parse, call one service, render. One handler maps errors to exit codes."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
import gc
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from . import completion
from .errors import AliorderError, BadInput, Stopped

completion.adjust_typer_completion()


def _ascii_numbers() -> None:
    """Every number option takes ASCII digits only: int("١٢") and int("１２") are 12 in Python,
    and `--qty '١'` was taken as 1 while IDs refuse such digits. One check, in the conversion
    Click runs for every int and float option (so options added later have it too)."""
    from typer._click.types import _NumberParamTypeBase

    convert = _NumberParamTypeBase.convert

    def ascii_only(self: Any, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            self.fail(f"{value!r} is not a valid {self.name}: use the digits 0-9.", param, ctx)
        return convert(self, value, param, ctx)

    _NumberParamTypeBase.convert = ascii_only  # type: ignore[method-assign]


_ascii_numbers()

if TYPE_CHECKING:
    from .services import App, Clock, Outcome


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
            from .services import App, FixedClock
            from .settings import load_rules
            from .storage import Database, DatabaseFile, database_path

            rules = load_rules()
            file = DatabaseFile(database_path(self.db_option), rules.lock_timeout_seconds)
            from .records import iso

            self.app = App(Database(file, self.what, iso(self.now())), FixedClock(self.now()), rules)
        return self.app

    def now(self) -> datetime:
        """One instant per command: the service dates events by it and render counts down from it."""
        if self._now is None:
            if self.clock is None:
                from .services import SystemClock

                self.clock = SystemClock()
            self._now = self.clock.now()
        return self._now


def _shown_safely(err: TyperException) -> TyperException:
    """A usage error quotes what was typed: strip the controls and bidi overrides from it."""
    from .text import clean

    message = err.format_message
    err.format_message = lambda: clean(message())  # type: ignore[method-assign]
    return err


# Beyond the contract's 0-3: a bug in aliorder, and Ctrl-C (the shell's 128 + SIGINT).
INTERNAL_ERROR = 4
INTERRUPTED = 130


class Handled(TyperGroup):
    """The one place an AliorderError becomes words on stderr and an exit code."""

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except TyperException as err:
            raise _shown_safely(err)

    def invoke(self, ctx: typer.Context) -> Any:
        from . import interrupts

        with interrupts.command():  # after a write landed, Ctrl-C changes nothing
            return self._invoke(ctx)

    def _invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Stopped as err:  # Ctrl-C, Esc or "no" at a question: nothing was written
            sys.stderr.write(("\n" if err.exit_code else "") + f"{err.message}\n")
            raise typer.Exit(err.exit_code) from None
        except AliorderError as err:
            from . import render

            session = _session(ctx)
            render.error(err, session.at or session.now())
            raise typer.Exit(err.exit_code) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except TyperException as err:
            raise _shown_safely(err)  # usage errors: Typer reports them itself
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            # A write is atomic, so an interrupt leaves the old file or the new one, whole.
            sys.stderr.write("Interrupted. The database holds every command that finished.\n")
            raise typer.Exit(INTERRUPTED) from None
        except Exception as bug:
            from . import render

            render.internal_error(bug)
            raise typer.Exit(INTERNAL_ERROR) from None


HELP = dict(rich_markup_mode=None, pretty_exceptions_enable=False, no_args_is_help=True)
# Bare `aliorder` is today's view on a terminal, else the help (the root callback decides).
app = typer.Typer(cls=Handled, help="aliorder: the AliExpress buyer's deadlines, cancellations, "
                  "disputes and refunds, kept in a local database.", invoke_without_command=True,
                  **{**HELP, "no_args_is_help": False})
seller_app = typer.Typer(help="Record the seller's answer to a cancellation request.\n\n"
                         "Example: aliorder seller approve 3", **HELP)
dispute_app = typer.Typer(help="Open a dispute, record the seller's offer and your answer, a return, "
                          "the outcome.\n\n"
                          "Example: aliorder dispute open 3 --reason not-received", **HELP)
refund_app = typer.Typer(help="Record what happened to a refund.\n\nExample: aliorder refund received 3", **HELP)
app.add_typer(seller_app, name="seller")
app.add_typer(dispute_app, name="dispute")
app.add_typer(refund_app, name="refund")
protection_app = typer.Typer(help="Purchase protection: record an extension the seller agreed to.\n\n"
                             "Example: aliorder protection extend 3 --days 15", **HELP)
app.add_typer(protection_app, name="protection")


@app.callback()
def root(
    ctx: typer.Context,
    db: Optional[str] = typer.Option(None, "--db", metavar="PATH",
                                     help="The database file (else $ALIORDER_DB, else the user data folder)."),
    no_input: bool = typer.Option(False, "--no-input",
                                  help="Never ask: a missing value is an error, as in a script "
                                       "(also $ALIORDER_NO_INPUT=1)."),
) -> None:
    """aliorder: the AliExpress buyer's deadlines, cancellations, disputes and refunds.

    On a terminal, a command that lacks something asks for it; aliorder alone shows today.

    Example: aliorder place "USB-C cable" --price 3.50 --currency USD
    """
    if not isinstance(ctx.obj, Session):
        ctx.obj = Session()
    ctx.obj.db_option = db
    ctx.obj.no_input = no_input
    from . import commandline

    commandline.dialogs = _asking(ctx)  # suggestions leave out what a dialog asks, only where one can
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        _bare(ctx)


def _bare(ctx: typer.Context) -> None:
    """`aliorder` alone: today's view on a terminal with orders; else the help, exit 0."""
    if _asking(ctx):
        from . import render, services

        app_ = _session(ctx).services()
        if services.has_orders(app_):
            view = services.today(app_)
            render.today(view, lambda order: services.next_actions(order, view.now, app_.rules))
            raise typer.Exit(0)
    sys.stdout.write(ctx.get_help() + "\n")
    raise typer.Exit(0)


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
    from . import guided

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
DRAFT = typer.Option(False, "--draft", help="Only print a polite message to paste to the seller, built from "
                     "the order; records nothing (run again without --draft once it is sent).")


def _at(text: Optional[str]) -> Optional[datetime]:
    if text is None:
        return None
    from typer._click.globals import get_current_context

    from .when import parse_instant

    # `today`, `3 hours ago`: counted from the command's one instant.
    ctx = get_current_context(silent=True)
    at = parse_instant(text, None if ctx is None else _session(ctx).now())
    if ctx is not None:
        _session(ctx).at = at  # a refusal then counts from the moment it is about
    return at


def _act(ctx: typer.Context, ref: str, command: Any, at: Optional[str], as_json: bool, what: str) -> "Outcome":
    from . import render, services

    session = _session(ctx)
    # Without an ID: the orders this command is allowed for, offered on a terminal.
    ref = _order(ctx, ref, " ".join(ctx.command_path.split()[1:]), at)
    outcome = services.act(session.services(), ref, command, _at(at))
    _out(as_json, lambda: render.order_document(outcome), lambda: render.recorded(outcome, what, session.now()))
    return outcome


def _out(as_json: bool, document: Any, human: Any, many: bool = False) -> None:
    """The one way a command prints: `document()` as one JSON document on stdout (`many`: a
    list written element by element), or else the human view, `human()`."""
    from . import render

    if not as_json:
        human()
    elif many:
        render.json_list_out(document())
    else:
        render.json_out(document())


# --- recording an order's life ----------------------------------------------


@app.command()
def place(
    ctx: typer.Context,
    item: Optional[str] = typer.Argument(None, metavar="ITEM", show_default=False, help="What was ordered."),
    price: Optional[str] = typer.Option(None, "--price", metavar="P", show_default=False,
                                        help="The order's total, what the buyer pays.  [required; asked on a terminal]"),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="C", show_default=False,
                                           help="ISO 4217 code (default: the one --price names, else USD).",
                                           autocompletion=completion.currencies),
    seller: Optional[str] = typer.Option(None, "--seller", metavar="S", help="The store's name."),
    order_no: Optional[str] = typer.Option(None, "--order-no", metavar="N", help="The AliExpress order number."),
    qty: int = typer.Option(1, "--qty", metavar="Q", min=1, max=100_000, help="Number of pieces."),
    pay_with: Optional[str] = typer.Option(None, "--pay-with", metavar="METHOD",
                                           help="How it will be paid (sets the refund time).",
                                           autocompletion=completion.payment_methods),
    processing_days: Optional[int] = typer.Option(None, "--processing-days", metavar="N", min=1, max=365,
                                                  help="The seller's processing time, counted from payment."),
    protection_days: Optional[int] = typer.Option(None, "--protection-days", metavar="D", min=1, max=365,
                                                  help="Purchase protection after shipping (default 60)."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record a new order; prints its ID, its pay-by deadline and when Cancel appears.

    Example: aliorder place "USB-C cable" --price 3.50 --currency USD --seller "Shop A"
    """
    from . import money, render, services

    session = _session(ctx)
    if (item is None or price is None) and _asking(ctx):
        from . import guided

        at_ = _at(at)  # a bad --at is told before any question
        asked = guided.place(session.services(), item, price, currency, seller, order_no, processing_days,
                             _text_value)
        outcome = services.place(session.services(), **asked, qty=qty, pay_with=_method(pay_with),
                                 protection_days=protection_days, at=at_)
    else:
        if item is None:
            raise _missing(ctx, "item")
        if price is None:
            raise _missing(ctx, "price")
        amount, code = money.priced(price, None if currency is None else money.currency_code(currency))
        outcome = services.place(
            session.services(), item=_text_value(item, "ITEM"), price=amount,
            currency=code, qty=qty, seller=_optional_text(seller, "--seller"),
            order_no=_optional_text(order_no, "--order-no"), pay_with=_method(pay_with),
            processing_days=processing_days, protection_days=protection_days, at=_at(at))
    _out(as_json, lambda: render.order_document(outcome), lambda: render.placed(outcome, session.now()))


def _text_value(value: str, name: str) -> str:
    from .text import clean

    # Terminal controls and bidi overrides never mean anything in a name or a note; bytes
    # that were not UTF-8 (a shell passes them as lone surrogates) become U+FFFD.
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogatepass")
    value = raw.decode("utf-8", "replace")
    cleaned = " ".join(clean(" ".join(value.split())).split())
    if not _visible(cleaned):  # nothing, or only zero-width characters ("\u200b\u200d")
        example = 'like aliorder place "USB-C cable" --price 3.50' if name == "ITEM" else f"or leave {name} out"
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
    from .domain import method_key

    return None if value is None else method_key(_text_value(value, "the payment method"))


@app.command()
def pay(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    method: Optional[str] = typer.Option(None, "--method", metavar="M", help="How it was paid (sets the refund time).",
                                         autocompletion=completion.payment_methods),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record the payment; the Cancel button appears 24 h later.

    Example: aliorder pay 3 --method paypal
    """
    from .domain import Pay

    method = _method(method)
    if _asking(ctx) and (ref is None or method is None):
        from . import guided, services

        ref = _order(ctx, ref, "pay", at)
        services.rehearse(_session(ctx).services(), ref, Pay(), _at(at))  # refused before any question
        if method is None:
            method = guided.method()
    _act(ctx, ref, Pay(method), at, as_json, "paid")


@app.command()
def cancel(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    reason: Optional[str] = typer.Option(None, "--reason", metavar="R", show_default=False,
                                         help="A slug from aliorder reasons.  [required; asked on a terminal]",
                                         autocompletion=completion.cancel_reasons),
    note: Optional[str] = NOTE,
    report_seller: Optional[bool] = typer.Option(
        None, "--report-seller/--no-report-seller",
        help="For a seller's fault: also file a complaint against the seller."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Cancel an unpaid order, or ask the seller to cancel a paid one.

    Example: aliorder cancel 3 --reason out-of-stock --report-seller
    """
    from . import domain

    note = _optional_text(note, "--note")
    if not _asking(ctx):
        if ref is None:
            raise _missing(ctx, "ref")
        if reason is None:
            raise _missing(ctx, "reason", domain.CANCEL_REASONS)
        command = domain.cancel_command(reason, note, report_seller)
    else:
        from . import guided

        if reason is not None:
            domain.cancel_reason(reason, "-")  # an unknown reason is told before any question
        ref = _order(ctx, ref, "cancel", at)
        session = _session(ctx)
        when = _at(at)
        # Ask only about a request the platform would take; ask on stderr, as stdout may be --json.
        command = guided.cancel(session.services(), ref, reason, note, report_seller, when,
                                when or session.now(), session.now())
        if isinstance(command, domain.Extend):
            _act(ctx, ref, command, at, as_json, f"processing time extended by {command.days} days")
            return
    _act(ctx, ref, command, at, as_json, "cancellation recorded")


@app.command()
def extend(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    days: Optional[int] = typer.Option(None, "--days", metavar="N", min=1, max=365, show_default=False,
                                       help="More days for the seller to ship.  [required; asked on a terminal]"),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Keep a paid order and give the seller N more days to ship it.

    Example: aliorder extend 3 --days 5
    """
    from .domain import Extend

    if _asking(ctx) and (ref is None or days is None):
        from . import guided, services

        ref = _order(ctx, ref, "extend", at)
        services.rehearse(_session(ctx).services(), ref, Extend(1), _at(at))  # refused before any question
        if days is None:
            days = guided.days()
    if days is None and ref is not None:
        raise _missing(ctx, "days")
    _act(ctx, ref, Extend(days or 1), at, as_json, f"processing time extended by {days} days")


@seller_app.command("approve")
def seller_approve(ctx: typer.Context, ref: Optional[str] = EVENT_ID, note: Optional[str] = NOTE,
                   at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The seller agreed to cancel: the order is cancelled and the refund starts.

    Example: aliorder seller approve 3
    """
    from .domain import SellerAnswer

    _act(ctx, ref, SellerAnswer(True, _optional_text(note, "--note")), at, as_json, "the seller approved")


@seller_app.command("reject")
def seller_reject(ctx: typer.Context, ref: Optional[str] = EVENT_ID, note: Optional[str] = NOTE,
                  at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The seller refused to cancel: the order waits for shipment again.

    Example: aliorder seller reject 3 --note "already packed"
    """
    from .domain import SellerAnswer

    _act(ctx, ref, SellerAnswer(False, _optional_text(note, "--note")), at, as_json, "the seller rejected")


@app.command()
def ship(ctx: typer.Context, ref: Optional[str] = EVENT_ID,
         tracking: Optional[str] = typer.Option(None, "--tracking", metavar="NO", help="The tracking number."),
         at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The seller shipped: purchase protection starts.

    Example: aliorder ship 3 --tracking LP00123456789CN
    """
    from .domain import Ship

    _act(ctx, ref, Ship(_optional_text(tracking, "--tracking")), at, as_json, "shipped")


@app.command()
def receive(ctx: typer.Context, ref: Optional[str] = EVENT_ID, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The buyer confirmed receipt; protection still runs.

    Example: aliorder receive 3
    """
    from .domain import Receive

    _act(ctx, ref, Receive(), at, as_json, "received")


@app.command()
def contact(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    via: Optional[str] = typer.Option(None, "--via", metavar="chat|email", show_default=False,
                                      help="How you talked to the seller.  [required; asked on a terminal]",
                                      autocompletion=completion.channels),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="R",
                                         help="What it was about: a dispute reason slug (aliorder reasons).",
                                         autocompletion=completion.dispute_reasons),
    note: Optional[str] = NOTE,
    draft: bool = DRAFT,
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Log a conversation with the seller (talk first, dispute second); --draft writes the message.

    Example: aliorder contact 3 --via chat --reason not-received --draft
    """
    from . import domain

    if _asking(ctx) and (ref is None or via is None):
        from . import guided, services

        ref = _order(ctx, ref, "contact", at)
        services.rehearse(_session(ctx).services(), ref, domain.Contact("chat"), _at(at))  # refused before asking
        if via is None:
            via = guided.channel()
    if ref is None:
        raise _missing(ctx, "ref")
    if via is None:
        raise _missing(ctx, "via", domain.CONTACT_CHANNELS)
    note = _optional_text(note, "--note")
    command = domain.contact_command(via, note, reason)
    about = None if reason is None else domain.DISPUTE_REASONS[reason]
    if draft:
        then = f"aliorder contact {ref} --via {via}" + (f" --reason {reason}" if reason else "")
        _draft(ctx, ref, command, at, "contact", about, note, then, as_json)
        return
    _act(ctx, ref, command, at, as_json, f"contact by {via} logged")


def _draft(ctx: typer.Context, ref: str, command: Any, at: Optional[str], kind: str, reason: Any,
           note: Optional[str], then: str, as_json: bool) -> None:
    from . import render, services

    app_ = _session(ctx).services()
    order = services.rehearse(app_, ref, command, _at(at))
    if kind == "offer":  # the reply to the answer about to be recorded
        reason = command(order) if callable(command) else command
    ends = app_.rules.protection_ends(order) if kind == "extension" else None
    render.draft(order, kind, reason, note, then, as_json, ends=ends)


@dispute_app.command("open")
def dispute_open(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    reason: Optional[str] = typer.Option(None, "--reason", metavar="R", show_default=False,
                                         help="A slug from aliorder reasons.  [required; asked on a terminal]",
                                         autocompletion=completion.dispute_reasons),
    note: Optional[str] = NOTE,
    claim: Optional[str] = typer.Option(None, "--claim", metavar="AMOUNT",
                                        help="The amount claimed (default: the order's total)."),
    draft: bool = DRAFT,
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Open a dispute, only before purchase protection ends; --draft writes the message.

    Example: aliorder dispute open 3 --reason not-received --note "tracking stuck since May 2"
    """
    from . import domain

    note = _optional_text(note, "--note")
    if draft or not _asking(ctx):
        if ref is None:
            raise _missing(ctx, "ref")
        if reason is None:
            raise _missing(ctx, "reason", domain.DISPUTE_REASONS)
        command = _claimed(domain.open_dispute_command(reason, note), claim)
        if draft:
            _draft(ctx, ref, command, at, "dispute", domain.DISPUTE_REASONS[reason], note,
                   f"aliorder dispute open {ref} --reason {reason}", as_json)
            return
        _act(ctx, ref, command, at, as_json, f"dispute opened ({reason})")
        return
    from . import guided

    if reason is not None:
        domain.dispute_reason(reason, "-")  # an unknown reason is told before any question
    ref = _order(ctx, ref, "dispute open", at)
    # Ask only about a dispute the platform would take; ask on stderr, as stdout may be --json.
    command, offer = guided.dispute_open(_session(ctx).services(), ref, reason, note, _at(at))
    outcome = _act(ctx, ref, _claimed(command, claim), at, as_json, f"dispute opened ({command.reason})")
    if offer and not as_json and guided.offer_draft():
        from . import render

        render.draft_text(outcome.order, "dispute", domain.DISPUTE_REASONS[command.reason], command.note)


def _claimed(command: Any, claim: Optional[str]) -> Any:
    """The dispute with the amount claimed, read in the order's currency (so: made from the order)."""
    if claim is None:
        return command

    def claimed(order: Any) -> Any:
        from dataclasses import replace

        from . import money

        return replace(command, claim=money.amount(claim, order.currency, "--claim"))
    return claimed


@dispute_app.command("escalate")
def dispute_escalate(ctx: typer.Context, ref: Optional[str] = EVENT_ID, note: Optional[str] = NOTE,
                     at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """No agreement with the seller: platform staff step in.

    Example: aliorder dispute escalate 3
    """
    from .domain import EscalateDispute

    _act(ctx, ref, EscalateDispute(_optional_text(note, "--note")), at, as_json, "dispute escalated")


@dispute_app.command("resolve")
def dispute_resolve(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    refund: Optional[str] = typer.Option(None, "--refund", metavar="AMOUNT", help="The refund granted."),
    rejected: bool = typer.Option(False, "--rejected", help="The claim was rejected: no refund."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record the outcome of a dispute; a refund starts its ETA clock.

    Example: aliorder dispute resolve 3 --refund 2.00
    """
    from . import money
    from .domain import ResolveDispute, outcome_given

    if ref is None and not _asking(ctx):
        raise _missing(ctx, "ref")  # first, as when ID was required
    outcome_given(refund, rejected)

    def resolution(order: Any) -> Any:  # the refund is read in the order's currency
        return ResolveDispute(None if refund is None else money.amount(refund, order.currency, "--refund"))

    _act(ctx, ref, resolution, at, as_json, "dispute resolved")


@dispute_app.command("offer")
def dispute_offer(
    ctx: typer.Context,
    ref: str = ID_ARG,
    refund: Optional[str] = typer.Option(None, "--refund", metavar="AMOUNT", help="The seller offers this refund."),
    give_back: bool = typer.Option(False, "--return", help="The seller asks for the item back, for a full refund."),
    rejected: bool = typer.Option(False, "--rejected", help="The seller rejects the claim."),
    draft: bool = DRAFT,
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record the seller's answer to a dispute; --draft writes your reply to it.

    Example: aliorder dispute offer 3 --refund 5.00
    """
    from . import domain, money

    domain.offer_command(None if refund is None else refund, give_back, rejected)  # exactly one

    def offer(order: Any) -> Any:  # the refund is read in the order's currency
        amount = None if refund is None else money.amount(refund, order.currency, "--refund")
        return domain.offer_command(amount, give_back, rejected)

    if draft:
        flag = f"--refund {refund}" if refund is not None else "--return" if give_back else "--rejected"
        _draft(ctx, ref, offer, at, "offer", None, None, f"aliorder dispute offer {ref} {flag}", as_json)
        return
    what = f"the seller offered a refund of {refund}" if refund is not None else \
        "the seller asked for the item back" if give_back else "the seller rejected the claim"
    _act(ctx, ref, offer, at, as_json, what)


@dispute_app.command("accept")
def dispute_accept(ctx: typer.Context, ref: str = ID_ARG, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """Accept the seller's offer: a refund starts, or you send the item back.

    Example: aliorder dispute accept 3
    """
    from .domain import AcceptOffer

    _act(ctx, ref, AcceptOffer(), at, as_json, "offer accepted")


@dispute_app.command("returned")
def dispute_returned(
    ctx: typer.Context,
    ref: str = ID_ARG,
    tracking: Optional[str] = typer.Option(None, "--tracking", metavar="NO", help="The return parcel's number."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """You shipped the return; the refund follows once the seller has it.

    Example: aliorder dispute returned 3 --tracking RR123456789CN
    """
    from .domain import ReturnShipped

    _act(ctx, ref, ReturnShipped(_optional_text(tracking, "--tracking")), at, as_json, "return shipped")


@protection_app.command("extend")
def protection_extend(
    ctx: typer.Context,
    ref: str = ID_ARG,
    days: int = typer.Option(..., "--days", metavar="N", min=1, max=365,
                             help="How many days longer protection runs."),
    draft: bool = DRAFT,
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """The seller extended purchase protection by N days; --draft writes the request.

    Example: aliorder protection extend 3 --days 15
    """
    from .domain import ExtendProtection

    command = ExtendProtection(days)
    if draft:
        _draft(ctx, ref, command, at, "extension", days, None,
               f"aliorder protection extend {ref} --days {days}", as_json)
        return
    _act(ctx, ref, command, at, as_json, f"purchase protection extended by {days} days")


@dispute_app.command("withdraw")
def dispute_withdraw(ctx: typer.Context, ref: Optional[str] = EVENT_ID, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The buyer closes the dispute; the order is then completed.

    Example: aliorder dispute withdraw 3
    """
    from .domain import WithdrawDispute

    _act(ctx, ref, WithdrawDispute(), at, as_json, "dispute withdrawn")


@refund_app.command("received")
def refund_received(ctx: typer.Context, ref: Optional[str] = EVENT_ID, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The refund's money arrived.

    Example: aliorder refund received 3
    """
    from .domain import ReceiveRefund

    _act(ctx, ref, ReceiveRefund(), at, as_json, "refund received")


# --- mistakes are cheap --------------------------------------------------------


def on_terminal() -> bool:
    """Whether aliorder may ask: stdin and stdout both terminals, and asking not turned off
    (--no-input, ALIORDER_NO_INPUT=1)."""
    from typer._click.globals import get_current_context

    return _asking(get_current_context(silent=True))


def _confirmed(question: str, yes: bool, command: str) -> bool:
    """--yes, or the buyer's answer on a terminal; elsewhere, without --yes, a usage error."""
    if yes:
        return True
    if not on_terminal():
        raise BadInput(f"{command} needs --yes when there is no terminal to ask on. Nothing was written.",
                       hint=f"aliorder {command} --yes")
    from . import prompts

    return prompts.confirm(question, default=False)


@app.command()
def edit(
    ctx: typer.Context,
    ref: str = ID_ARG,
    item: Optional[str] = typer.Option(None, "--item", metavar="TEXT", help="What was ordered."),
    price: Optional[str] = typer.Option(None, "--price", metavar="P", help="The order's total, what the buyer pays."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="C", help="ISO 4217 code.",
                                           autocompletion=completion.currencies),
    seller: Optional[str] = typer.Option(None, "--seller", metavar="S", help="The store's name."),
    order_no: Optional[str] = typer.Option(None, "--order-no", metavar="N", help="The AliExpress order number."),
    qty: Optional[int] = typer.Option(None, "--qty", metavar="Q", min=1, max=100_000, help="Number of pieces."),
    pay_with: Optional[str] = typer.Option(None, "--pay-with", metavar="METHOD",
                                           help="How it was paid (sets the refund time).",
                                           autocompletion=completion.payment_methods),
    processing_days: Optional[int] = typer.Option(None, "--processing-days", metavar="N", min=1, max=365,
                                                  help="The seller's processing time, counted from payment."),
    protection_days: Optional[int] = typer.Option(None, "--protection-days", metavar="D", min=1, max=365,
                                                  help="Purchase protection after shipping."),
    tracking: Optional[str] = typer.Option(None, "--tracking", metavar="NO", help="The tracking number."),
    as_json: bool = JSON,
) -> None:
    """Correct what was recorded of an order; the history keeps the old and the new value.

    Deadlines follow: a new processing time moves ship-by, a new payment method the refund window.

    Example: aliorder edit 3 --price 3.50
    """
    from . import money, render, services

    code = None if currency is None else money.currency_code(currency)
    if price is not None and code is None:
        code = money.currency_in(price)  # --price "€4.50" sets the currency, as in place
    changes: dict = {}
    for name, value in (("item", item), ("seller", seller), ("order_no", order_no), ("tracking", tracking)):
        if value is not None:
            changes[name] = _text_value(value, f"--{name.replace('_', '-')}")
    if price is not None or code is not None:
        # Read in the order's currency, or the new one: "3.5" is no JPY amount.
        def new_price(order: Any) -> Any:
            return money.amount(price if price is not None else str(order.price), code or order.currency,
                                against="--currency" if currency is not None else "the order's currency")
        changes["price"] = new_price
    if code is not None:
        changes["currency"] = code
    for name, number in (("qty", qty), ("processing_days", processing_days), ("protection_days", protection_days)):
        if number is not None:
            changes[name] = number
    if pay_with is not None:
        changes["payment_method"] = _method(pay_with)
    session = _session(ctx)
    outcome, made = services.edit(session.services(), ref, changes)
    _out(as_json, lambda: render.order_document(outcome), lambda: render.edited(outcome, made, session.now()))


@app.command()
def note(
    ctx: typer.Context,
    ref: str = ID_ARG,
    text: str = typer.Argument(..., metavar="TEXT", help="The note, kept in the order's history."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Keep a note in an order's history (what the seller promised, a parcel's whereabouts).

    Example: aliorder note 3 "seller promised a refund by Friday"
    """
    from .domain import Note

    _act(ctx, ref, Note(_text_value(text, "TEXT")), at, as_json, "note kept")


@app.command()
def forget(
    ctx: typer.Context,
    ref: str = ID_ARG,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (needed when there is no terminal)."),
    as_json: bool = typer.Option(False, "--json", help="Print the forgotten order as JSON."),
) -> None:
    """Remove an order recorded by mistake (a duplicate, a typo); aliorder undo brings it back.

    Example: aliorder forget 21 --yes
    """
    from . import render, services

    session = _session(ctx)
    app_ = session.services()
    if not yes:
        order = services.look(app_, ref) if on_terminal() else None
        what = "" if order is None else f" ({render.clean(order.item)}, {order.status})"
        if not _confirmed(f"Forget order {ref}{what}? aliorder undo brings it back.", yes, f"forget {ref}"):
            render.note("Nothing changed.")
            raise typer.Exit(0)
    outcome = services.forget(app_, ref)
    _out(as_json, lambda: render.order_document(outcome), lambda: render.forgotten(outcome.order))


@app.command()
def deadline(
    ctx: typer.Context,
    ref: str = ID_ARG,
    kind: str = typer.Argument(..., metavar="KIND", autocompletion=completion.deadline_kinds,
                               help="pay-by, ship-by, seller-reply-by, protection-ends, ..."),
    when: str = typer.Argument(..., metavar="WHEN", help="The deadline as the order page shows it."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record a deadline read off the order page; it wins over the computed one for this order.

    Example: aliorder deadline 3 protection-ends 2027-05-20T10:00
    """
    from .domain import deadline_command
    from .when import parse_instant

    try:
        due = parse_instant(when)
    except BadInput as bad:
        raise BadInput(bad.message.replace("--at", "WHEN", 1),
                       hint="Use ISO-8601, like 2027-05-20 or '2027-05-20 14:30' (local time) "
                            "or 2027-05-20T14:30:00+02:00") from None
    command = deadline_command(kind, due)
    _act(ctx, ref, command, at, as_json, f"{kind} set from the order page")


@app.command()
def undo(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask (needed when there is no terminal)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was taken back, and the orders, as JSON."),
) -> None:
    """Take back the most recent change to the orders, whichever command made it; again for the one before.

    Example: aliorder undo --yes
    """
    from . import render, services

    session = _session(ctx)
    app_ = session.services()
    expected = None
    if not yes:
        if not on_terminal():
            raise BadInput("undo needs --yes when there is no terminal to ask on. Nothing was written.",
                           hint="aliorder undo --yes")
        step = services.last_change(app_)
        if step is not None:
            from . import prompts

            if not prompts.confirm(f"Take back {render.step_words(step.what, step.at, session.now())}?",
                                   default=False):
                render.note("Nothing changed.")
                raise typer.Exit(0)
            expected = step.seq
    took = services.undo(app_, expected)
    _out(as_json, lambda: render.took_back_document(took), lambda: render.took_back(took, session.now()))


# --- looking ------------------------------------------------------------------


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Optional[str] = typer.Option(None, "--status", metavar="S", help="Only orders in this status.",
                                         autocompletion=completion.statuses),
    show_all: bool = typer.Option(False, "--all", help="Every order, not just one screenful."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of orders."),
) -> None:
    """The orders, newest first.

    Example: aliorder list --status awaiting_shipment
    """
    from . import render, services
    from .domain import status_named

    wanted = None if status is None else status_named(status)
    session = _session(ctx)
    app_ = session.services()
    _out(as_json, lambda: (render.order_document(o) for o in services.list_orders(app_, wanted)),
         lambda: render.order_list(services.order_lines(app_, wanted), session.now(), show_all), many=True)


@app.command()
def show(ctx: typer.Context, ref: str = typer.Argument(..., metavar="ID", help=ID_HELP,
                                                      autocompletion=completion.order_ids),
         as_json: bool = typer.Option(False, "--json", help="Print the order as JSON.")) -> None:
    """One order: state, deadlines, refund, dispute and its whole history.

    Example: aliorder show 3
    """
    from . import render, services

    session = _session(ctx)
    outcome = services.show(session.services(), ref)
    _out(as_json, lambda: render.order_document(outcome), lambda: render.order_detail(outcome, session.now()))


@app.command()
def deadlines(
    ctx: typer.Context,
    within: Optional[float] = typer.Option(None, "--within", metavar="DAYS", min=0, max=100_000,
                                           help="Only deadlines due within this many days."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of deadlines."),
) -> None:
    """Every open deadline, soonest first.

    Example: aliorder deadlines --within 7
    """
    from . import render, services

    if within is not None and within != within:  # NaN passes the range check
        raise BadInput(f"--within {within} is not a number of days.", hint="Write it like --within 7")
    session = _session(ctx)
    rows = services.deadlines(session.services(), within)
    _out(as_json, lambda: [render.deadline_document(r) for r in rows],
         lambda: render.deadline_table(rows, session.now()))


@app.command()
def reasons(as_json: bool = typer.Option(False, "--json", help="Print the lists as JSON.")) -> None:
    """The prepared reason lists for cancelling and for disputes.

    Example: aliorder reasons
    """
    from . import render

    _out(as_json, lambda: render.reasons_document(), lambda: render.reasons_table())


@app.command()
def rules(ctx: typer.Context,
          as_json: bool = typer.Option(False, "--json", help="Print the rules as JSON.")) -> None:
    """The platform's rules: each value, its setting, its source, and what your settings change.

    Example: aliorder rules --json
    """
    from . import policy, render
    from .settings import config_path

    lines = policy.listing(_session(ctx).services().rules)
    _out(as_json, lambda: [render.rule_document(line) for line in lines],
         lambda: render.rules_table(lines, config_path()))


@app.command()
def tick(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the changes and warnings as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Report changes only, not coming deadlines."),
) -> None:
    """Apply the time-based rules; silent when nothing changed and nothing is near (for cron).

    In a crontab, name the program and the database by absolute paths.

    Example: */30 * * * * /home/me/bin/aliorder --db /home/me/orders.json tick
    """
    from . import render, services

    report = services.tick(_session(ctx).services(), quiet=quiet)
    _out(as_json, lambda: render.tick_document(report), lambda: render.tick_report(report))


@app.command("import")
def import_(
    ctx: typer.Context,
    files: list[str] = typer.Argument(..., metavar="FILE...", help="The exporters' files (CSV, tab-separated or JSON)."),
    format_: Optional[str] = typer.Option(None, "--format", metavar="NAME",
                                          help="Read the files as this format (else it is recognised): csv-export, "
                                          "csv-export-json, nrbrook, parcel-intelligence, orders-scrapper, "
                                          "order-downloader, aliorder."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="C",
                                           help="The currency, where the file names none or only \"$\" or \"¥\"."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would change; write nothing."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Import the rest when a row cannot be read, listing it."),
    as_json: bool = typer.Option(False, "--json", help="Print what was imported as JSON."),
) -> None:
    """Bring orders in from the files that order exporters write; again and again, forward only.

    Example: aliorder import ~/Downloads/aliexpress_orders_2025-01-01_to_2025-12-31.csv
    """
    from . import imports, render
    from .settings import import_statuses

    session = _session(ctx)
    progress = None if as_json else render.import_progress()
    try:
        report = imports.import_files(session.services(), files, format_, currency, dry_run, skip_bad,
                                      import_statuses(), progress.advance if progress else None)
    finally:
        if progress is not None:
            progress.stop()
    _out(as_json, lambda: render.import_document(report), lambda: render.imported(report))


@app.command()
def export(
    ctx: typer.Context,
    ics: str = typer.Option(..., "--ics", metavar="FILE",
                            help="The iCalendar file to write ('-' for standard output)."),
) -> None:
    """Write every future deadline to a calendar file, with alarms on your own.

    A newer export updates the same events when imported again.

    Example: aliorder export --ics ~/aliexpress-deadlines.ics
    """
    from . import ics as calendar, render, services

    session = _session(ctx)
    app_ = session.services()
    if ics != "-":
        calendar.check_target(ics, app_.db.path)
    now, rows, calendar_id = services.future_deadlines(app_)
    data = calendar.calendar_bytes(rows, now, app_.rules.warning, calendar_id)
    if ics == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    written = calendar.write(ics, data, app_.db.path)
    render.exported(written, rows)


@app.command()
def sellers(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON.")) -> None:
    """Each seller's record: requests, answers, silences, complaints, late refunds.

    Example: aliorder sellers
    """
    from . import render, services

    scores = services.sellers(_session(ctx).services())
    _out(as_json, lambda: [render.seller_document(s) for s in scores], lambda: render.seller_table(scores))


@app.command()
def backups(ctx: typer.Context,
            as_json: bool = typer.Option(False, "--json", help="Print the backups as JSON.")) -> None:
    """The database's last generations, kept as orders.json.1 (newest) to .3 beside it.

    Example: aliorder backups
    """
    from . import render, services

    session = _session(ctx)
    kept = services.backups(session.services())
    _out(as_json, lambda: [render.backup_document(b) for b in kept],
         lambda: render.backup_list(kept, session.now()))


@app.command()
def restore(ctx: typer.Context,
            number: int = typer.Argument(..., metavar="N", help="Which backup: 1 is the newest.")) -> None:
    """Go back to backup N; the file it replaces becomes backup 1, so nothing is lost.

    Example: aliorder restore 1
    """
    from . import render, services

    session = _session(ctx)
    backup = services.restore(session.services(), number)
    render.restored(backup, session.services().db.path)


def main() -> None:
    from . import interrupts

    interrupts.started()
    # One command lives for a moment and makes no garbage cycles worth finding, while
    # the collector's passes over the freshly parsed database cost more than the
    # parse itself (at 100k orders: 1.2 s to parse with them, 0.5 s without).
    gc.disable()
    app(prog_name="aliorder")
