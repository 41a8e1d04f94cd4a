"""Recording an order's life: place, pay, cancel, extend, seller approve, seller reject, ship, receive,
contact."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
from typing import Optional

import typer

from .. import completion
from . import root_app as app, seller_app
from .common import (
    ORDER_NO,
    PROCESSING_DAYS,
    SELLER,
    reason_option,
    AT,
    DRAFT,
    EVENT_ID,
    JSON,
    NOTE,
    _act,
    _asking,
    _at,
    _draft,
    _method,
    _missing,
    _optional_text,
    _order,
    _out,
    _session,
    _text_value,
)


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
    seller: Optional[str] = SELLER,
    order_no: Optional[str] = ORDER_NO,
    qty: int = typer.Option(1, "--qty", metavar="Q", min=1, max=100_000, help="Number of pieces."),
    pay_with: Optional[str] = typer.Option(None, "--pay-with", metavar="METHOD",
                                           help="How it will be paid (sets the refund time).",
                                           autocompletion=completion.payment_methods),
    processing_days: Optional[int] = PROCESSING_DAYS,
    protection_days: Optional[int] = typer.Option(None, "--protection-days", metavar="D", min=1, max=365,
                                                  help="Purchase protection after shipping (default 60)."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record a new order; prints its ID, its pay-by deadline and when Cancel appears.

    Example: aliorder place "USB-C cable" --price 3.50 --currency USD --seller "Shop A"
    """
    from .. import money, render, services

    session = _session(ctx)
    if (item is None or price is None) and _asking(ctx):
        from .. import guided

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
    from ..domain import Pay

    method = _method(method)
    if _asking(ctx) and (ref is None or method is None):
        from .. import guided, services

        ref = _order(ctx, ref, "pay", at)
        services.rehearse(_session(ctx).services(), ref, Pay(), _at(at))  # refused before any question
        if method is None:
            method = guided.method()
    _act(ctx, ref, Pay(method), at, as_json, "paid")


@app.command()
def cancel(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    reason: Optional[str] = reason_option(completion.cancel_reasons),
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
    from .. import domain

    note = _optional_text(note, "--note")
    if not _asking(ctx):
        if ref is None:
            raise _missing(ctx, "ref")
        if reason is None:
            raise _missing(ctx, "reason", domain.CANCEL_REASONS)
        command = domain.cancel_command(reason, note, report_seller)
    else:
        from .. import guided

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
    from ..domain import Extend

    if _asking(ctx) and (ref is None or days is None):
        from .. import guided, services

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
    from ..domain import SellerAnswer

    _act(ctx, ref, SellerAnswer(True, _optional_text(note, "--note")), at, as_json, "the seller approved")


@seller_app.command("reject")
def seller_reject(ctx: typer.Context, ref: Optional[str] = EVENT_ID, note: Optional[str] = NOTE,
                  at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The seller refused to cancel: the order waits for shipment again.

    Example: aliorder seller reject 3 --note "already packed"
    """
    from ..domain import SellerAnswer

    _act(ctx, ref, SellerAnswer(False, _optional_text(note, "--note")), at, as_json, "the seller rejected")


@app.command()
def ship(ctx: typer.Context, ref: Optional[str] = EVENT_ID,
         tracking: Optional[str] = typer.Option(None, "--tracking", metavar="NO", help="The tracking number."),
         at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The seller shipped: purchase protection starts.

    Example: aliorder ship 3 --tracking LP00123456789CN
    """
    from ..domain import Ship

    _act(ctx, ref, Ship(_optional_text(tracking, "--tracking")), at, as_json, "shipped")


@app.command()
def receive(ctx: typer.Context, ref: Optional[str] = EVENT_ID, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The buyer confirmed receipt; protection still runs.

    Example: aliorder receive 3
    """
    from ..domain import Receive

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
    from .. import domain

    if _asking(ctx) and (ref is None or via is None):
        from .. import guided, services

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
