"""What a command that records something says: the change and what is next, the drafts to
paste, and the guided dialogs' summaries of what is about to be recorded."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .. import records
from ..domain import CANCEL_REASONS
from ..text import clean
from . import output
from .order import _changes_text, _deadline_lines, _refund_lines
from .output import _status, _text, clean_lines, json_out, local, money, note, shorten, when_text

if TYPE_CHECKING:
    from ..domain import Order
    from ..services import Outcome


def recorded(outcome: Outcome, what: str, now: datetime) -> None:
    """After an event command: what happened and what is next."""
    order = outcome.order
    out = output.console()
    for change in outcome.caught_up:
        out.print(_text(f"First, the platform's rule {change.rule} moved order {change.id} to "
                        f"{change.to_status} on {local(change.at)}."))
    line = _text(f"Order {order.id} ({clean(order.item)}): {what}. Now ")
    line.append(_status(order.status))
    line.append(".")
    out.print(line)
    _next_steps(order, outcome.deadlines, now)


def edited(outcome: Outcome, changes: dict[str, list[Any]], now: datetime) -> None:
    """After edit: each change, old -> new, then the deadlines as they now stand."""
    order = outcome.order
    out = output.console()
    if not changes:
        out.print(_text(f"Order {order.id} ({clean(order.item)}) already has those values: nothing recorded."))
        return
    out.print(_text(f"Order {order.id} ({clean(order.item)}) corrected: {_changes_text(changes)}."))
    _next_steps(order, outcome.deadlines, now)


def step_words(what: str, at: Any, now: datetime) -> str:
    """An undo step as the buyer reads it: "pay 3 at 14:02" (today), else with the date."""
    if at is None:
        return clean(what)
    if isinstance(at, str):
        at = records.instant(at)
    here, today = at.astimezone(), now.astimezone()
    when = f"{here:%H:%M}" if here.date() == today.date() else local(at)
    return clean(f"{what} at {when}")


def took_back(took: Any, now: datetime) -> None:
    lines = [f"Took back: {step_words(took.what, took.at, now)}."]
    lines += [f"Order {c.id} ({clean(c.item)}): the platform's rule {c.rule} fell due on {local(c.at)}; "
              f"the next aliorder tick applies it again." for c in took.due_again]
    sys.stdout.write("\n".join(clean_lines(lines)) + "\n")


def forgotten(order: Order) -> None:
    output.console().print(_text(f"Forgot order {order.id} ({clean(order.item)}, {money(order.price, order.currency)}, "
                          f"{order.status}). aliorder undo brings it back."))


def placed(outcome: Outcome, now: datetime) -> None:
    order = outcome.order
    out = output.console()
    line = _text(f"Placed order {order.id}: {clean(order.item)} x{order.qty}, {money(order.price, order.currency)}")
    if order.order_no:
        line.append(f" (AliExpress no. {clean(order.order_no)})")
    out.print(line)
    _next_steps(order, outcome.deadlines, now)


def _next_steps(order: Order, deadlines: dict[str, datetime | None], now: datetime) -> None:
    out = output.console()
    for line in _deadline_lines(deadlines, now, order.page_deadlines):
        out.print(_text(line))
    if order.refund is not None:
        _refund_lines(order, now)


# --- drafts -----------------------------------------------------------------


def draft(order: Order, kind: str, reason: Any, note_text: str | None, then: str, as_json: bool,
          ends: datetime | None = None) -> None:
    """A message to paste, alone on stdout (so `| pbcopy` takes just it); the rest on stderr.
    `reason`: the reason (contact, dispute), the seller's offer (offer), or the days (extension)."""
    from .. import drafts

    if kind == "dispute":
        text = drafts.dispute_message(order, reason, note_text)
    elif kind == "offer":
        text = drafts.offer_answer(order, reason.offer, reason.amount, note_text)
    elif kind == "extension":
        text = drafts.extension_request(order, reason, ends, note_text)
    else:
        text = drafts.contact_message(order, reason, note_text)
    text = "\n".join(clean(line) for line in text.split("\n"))
    if as_json:
        json_out({"id": order.id, "draft": kind, "text": text})
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    note(f"Draft only: nothing was recorded. Record it once done: {then}")


def draft_text(order: Order, kind: str, reason: Any, note_text: str | None) -> None:
    """The dispute message after a guided dispute, framed, to copy from the screen."""
    from .. import drafts

    text = drafts.dispute_message(order, reason, note_text) if kind == "dispute" else \
        drafts.contact_message(order, reason, note_text)
    out = output.console()
    out.print(_text("Paste this into the dispute:", "bold"))
    out.print()
    for line in text.split("\n"):
        out.print(_text(line))
    out.print()


# --- the guided dialogs' summaries -------------------------------------------------


def order_choice(order: Order, now: datetime) -> str:
    """One order in a list to choose from: its ID, item, state and total."""
    return clean(f"Order {order.id}: {shorten(order.item, 24)}, {order.status}, "
                 f"{money(order.price, order.currency)}")


def cancel_summary(before: Order, outcome: Outcome, rules: Any, now: datetime) -> list[str]:
    """What a cancellation will record, and what happens next with its deadlines."""
    after = outcome.order
    event = after.events[-1]
    reason = CANCEL_REASONS[event.details["reason"]]
    fault = "your own reason" if reason.fault == "buyer" else "the seller's fault"
    said = f'"{reason.label}' + (f': {event.details["note"]}"' if event.details.get("note") else '"')
    paid = before.paid_at is not None
    what = "A cancellation request to the seller" if paid else "The cancellation"
    complaint = ""
    if reason.fault == "seller":
        complaint = ", with a complaint against the seller" if event.details.get("report_seller") \
            else ", without a complaint against the seller"
    lines = [f"About to record, for order {after.id} ({shorten(after.item, 40)}):",
             f"  {what}: {said} ({fault}){complaint}.", "What happens next:"]
    if not paid:
        lines.append("  - The order is cancelled at once. Nothing was paid, so no refund is due.")
        return clean_lines(lines)
    reply_by = outcome.deadlines.get("seller_reply_by") or now
    eta_from, eta_to = rules.refund_window(after.payment_method, reply_by)
    low, high = (eta_from - reply_by).days, (eta_to - reply_by).days
    lines.append(f"  - The seller has until {when_text(reply_by, now)} to answer. When they do: "
                 f"aliorder seller approve {after.id}, or aliorder seller reject {after.id}.")
    lines.append(f"  - If they approve, or say nothing by then, the order is cancelled and the refund of "
                 f"{money(after.price, after.currency)} starts; it takes {low} to {high} days.")
    ship_by = outcome.deadlines.get("ship_by")
    if ship_by is not None:
        lines.append(f"  - If the seller ships it first, the request lapses. Not shipped by "
                     f"{when_text(ship_by, now)}: the platform cancels it with a full refund.")
    return clean_lines(lines)


def place_summary(values: dict[str, Any]) -> list[str]:
    lines = ["About to record a new order:",
             f"  {values['item']}, {money(values['price'], values['currency'])}"]
    for label, key in (("Seller", "seller"), ("AliExpress no.", "order_no")):
        if values.get(key):
            lines.append(f"  {label}: {values[key]}")
    if values.get("processing_days"):
        lines.append(f"  Processing time: {values['processing_days']} days from payment")
    return clean_lines(lines)
