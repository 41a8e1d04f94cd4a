"""Mistakes are cheap: edit, note, forget, deadline, undo."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
from typing import Any, Optional

import typer

from .. import completion
from ..errors import BadInput
from . import root_app as app
from .common import (AT, ID_ARG, JSON, ORDER_NO, PROCESSING_DAYS, SELLER, _act, _asking, _method, _out,
                     _session, _text_value)


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
    from .. import prompts

    return prompts.confirm(question, default=False)


@app.command()
def edit(
    ctx: typer.Context,
    ref: str = ID_ARG,
    item: Optional[str] = typer.Option(None, "--item", metavar="TEXT", help="What was ordered."),
    price: Optional[str] = typer.Option(None, "--price", metavar="P", help="The order's total, what the buyer pays."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="C", help="ISO 4217 code.",
                                           autocompletion=completion.currencies),
    seller: Optional[str] = SELLER,
    order_no: Optional[str] = ORDER_NO,
    qty: Optional[int] = typer.Option(None, "--qty", metavar="Q", min=1, max=100_000, help="Number of pieces."),
    pay_with: Optional[str] = typer.Option(None, "--pay-with", metavar="METHOD",
                                           help="How it was paid (sets the refund time).",
                                           autocompletion=completion.payment_methods),
    processing_days: Optional[int] = PROCESSING_DAYS,
    protection_days: Optional[int] = typer.Option(None, "--protection-days", metavar="D", min=1, max=365,
                                                  help="Purchase protection after shipping."),
    tracking: Optional[str] = typer.Option(None, "--tracking", metavar="NO", help="The tracking number."),
    as_json: bool = JSON,
) -> None:
    """Correct what was recorded of an order; the history keeps the old and the new value.

    Deadlines follow: a new processing time moves ship-by, a new payment method the refund window.

    Example: aliorder edit 3 --price 3.50
    """
    from .. import money, render, services

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
    from ..domain import Note

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
    from .. import render, services

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
    from ..domain import deadline_command
    from ..when import parse_instant

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
    from .. import render, services

    session = _session(ctx)
    app_ = session.services()
    expected = None
    if not yes:
        if not on_terminal():
            raise BadInput("undo needs --yes when there is no terminal to ask on. Nothing was written.",
                           hint="aliorder undo --yes")
        step = services.last_change(app_)
        if step is not None:
            from .. import prompts

            if not prompts.confirm(f"Take back {render.step_words(step.what, step.at, session.now())}?",
                                   default=False):
                render.note("Nothing changed.")
                raise typer.Exit(0)
            expected = step.seq
    took = services.undo(app_, expected)
    _out(as_json, lambda: render.took_back_document(took), lambda: render.took_back(took, session.now()))
