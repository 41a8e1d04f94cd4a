"""One order's page (`show`): its facts, deadlines, refund, dispute and history, and what
can be done now, the actions as command lines (also today's view's and tick's)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable

from .. import commandline
from ..text import clean
from . import output
from .output import DEADLINE_LABEL, STATUS_STYLE, _count, _text, countdown, local, money, span, when_text

if TYPE_CHECKING:
    from ..domain import Order
    from ..services import Outcome


def _deadline_lines(deadlines: dict[str, datetime | None], now: datetime,
                    page: Iterable[str] = ()) -> list[str]:
    """One line per deadline; those of `page` (read off the order page) say so."""
    page = set(page)
    return [f"  {DEADLINE_LABEL[kind]}: {when_text(at, now)}" + (" (from the order page)" if kind in page else "")
            for kind, at in deadlines.items() if at is not None]


def _refund_lines(order: Order, now: datetime) -> None:
    refund = order.refund
    assert refund is not None
    out = output.console()
    if refund.status == "received":
        out.print(_text(f"  Refund of {money(refund.amount, refund.currency)} received {local(refund.received_at)}."))
        return
    window = f"{refund.eta_from.astimezone():%Y-%m-%d} to {refund.eta_to.astimezone():%Y-%m-%d}"
    if refund.status == "overdue" or now > refund.eta_to:  # late, whether or not tick has run
        # A dispute is no way out for a cancelled order's refund: the seller (or the platform) is.
        dispute = "" if order.status in ("cancelled", "completed") else " or open a dispute"
        status = f"OVERDUE by {span((now - refund.eta_to).total_seconds())}: contact the seller" \
                 f"{dispute} (aliorder contact {order.id} --via chat)"
        style = "red bold"
    elif now < refund.eta_from:
        status, style = f"expected in {span((refund.eta_from - now).total_seconds())} to " \
                        f"{span((refund.eta_to - now).total_seconds())}", "yellow"
    else:
        status, style = f"due any day now, at the latest {countdown(refund.eta_to, now)}", "yellow"
    via = f" via {refund.method}" if refund.method else ""
    out.print(_text(f"  Refund of {money(refund.amount, refund.currency)}{via}: {window}, {status}.", style))


def order_detail(outcome: Outcome, now: datetime) -> None:
    order = outcome.order
    out = output.console()
    title = _text(f"Order {order.id}: ", "bold")
    title.append(_text(order.item, "bold"))
    out.print(title)
    facts = [("Status", order.status),
             ("Total", f"{money(order.price, order.currency)} for {_count(order.qty, 'piece')}")]
    for label, value in (("AliExpress no.", order.order_no), ("Seller", order.seller),
                         ("Paid with", order.payment_method), ("Tracking", order.tracking)):
        if value:
            facts.append((label, value))
    facts.append(("Placed", when_text(order.placed_at, now)))
    if order.processing_days is not None:
        extra = f" + {order.extension_days} extended" if order.extension_days else ""
        facts.append(("Processing time", f"{order.processing_days} days{extra}"))
    _facts(facts, STATUS_STYLE.get(order.status, ""))
    open_ones = _deadline_lines(outcome.deadlines, now, order.page_deadlines)
    if open_ones:
        out.print(_text("Deadlines", "bold"))
        for line in open_ones:
            out.print(_text(line))
    if order.refund is not None:
        out.print(_text("Refund", "bold"))
        _refund_lines(order, now)
    if order.dispute is not None:
        d = order.dispute
        out.print(_text("Dispute", "bold"))
        out.print(_text(f"  {d.reason}, {d.stage}, opened {local(d.opened_at)}"
                        + (f": {d.note}" if d.note else "")))
        if d.claim is not None and d.claim != order.price:
            out.print(_text(f"  Claimed: {money(d.claim, order.currency)}"))
        if d.offer is not None:
            offer = {"refund": f"a refund of {money(d.offer_amount or 0, order.currency)}",
                     "return": "a full refund once the item is sent back",
                     "rejected": "no refund (the claim rejected)"}[d.offer]
            accepted = f", accepted {local(d.accepted_at)}" if d.accepted_at else ""
            out.print(_text(f"  The seller offered {offer} on {local(d.offered_at)}{accepted}"))
        if d.returned_at is not None:
            tracking = f" (tracking {d.return_tracking})" if d.return_tracking else ""
            out.print(_text(f"  Returned {local(d.returned_at)}{tracking}"))
    out.print(_text("History", "bold"))
    for event in sorted(order.events, key=lambda e: e.at):  # stable: same-instant events keep their order
        out.print(_text(f"  {local(event.at)}  {event_line(event)}"))
    what_you_can_do(order, outcome.actions, now)


def _facts(facts: list[tuple[str, Any]], status_style: str) -> None:
    """Label and value, one pair a line, the values aligned: on a terminal a Rich grid, whose
    values wrap under each other; off one plain lines, never cut."""
    if not output.is_terminal():
        width = max(len(label) for label, _ in facts)
        output.console().print("\n".join(f"{label.ljust(width)}  {clean(value)}" for label, value in facts))
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for n, (label, value) in enumerate(facts):
        grid.add_row(label, _text(value, status_style if n == 0 else ""))
    output.console().print(grid)


# Flags kept in an event's details, said in words when set.
FLAG_WORDS = {"report_seller": "complaint filed against the seller"}


def event_line(event: Any) -> str:
    """One line of the timeline: what happened, who or which rule caused it, and its details."""
    text = event.kind.replace("_", " ")
    if event.kind == "edited" and isinstance(event.details.get("changes"), dict):
        return clean(f"edited (by the buyer): {_changes_text(event.details['changes'])}")
    if event.kind == "noted":
        return clean(f"note: {event.details.get('note', '')}")
    if event.by in ("buyer", "seller"):
        text += f" (by the {event.by})"
    elif event.by == "import":
        # An imported event at a time the file did not give: the order date, or the last one known.
        text += " (imported, time estimated)" if event.details.get("estimated") else " (imported)"
    elif event.by:
        text += f" (by rule {event.by})"
    details = [FLAG_WORDS.get(k, k.replace("_", " ")) if isinstance(v, bool) else f"{k.replace('_', ' ')}: {_detail(v)}"
               for k, v in event.details.items() if v is not False and k != "estimated"]
    return clean(f"{text}{': ' + ', '.join(details) if details else ''}")


def _detail(value: Any) -> Any:
    """An event detail as the buyer reads it: a stored instant (a deadline's due, a file's
    export time) in the local zone, as every time in `show`; anything else as it is."""
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and value[10] == "T":
        try:
            at = datetime.fromisoformat(value)
        except ValueError:
            return value
        if at.tzinfo is not None:
            return local(at)
    return value


def _changes_text(changes: dict[str, list[Any]]) -> str:
    def said(value: Any) -> str:
        return "(none)" if value is None else str(value)
    return ", ".join(f"{name.replace('_', ' ')} {said(old)} -> {said(new)}" for name, (old, new) in changes.items())


# --- what can be done now, and the guided dialogs' words ------------------------------------------

# What each action records, in the buyer's words, beside the command to type.
ACTION_WORDS = {
    "pay": "record the payment",
    "cancel": "cancel it, or ask the seller to (asks why)",
    "extend": "give the seller more days to ship (asks how many)",
    "seller approve": "the seller agreed to cancel",
    "seller reject": "the seller refused to cancel",
    "ship": "the seller shipped it",
    "receive": "it arrived",
    "contact": "log a talk with the seller (--draft)",
    "dispute open": "open a dispute (asks why)",
    "dispute escalate": "no agreement: platform staff step in",
    "dispute resolve": "the dispute ended with a refund",
    "dispute reject": "the dispute ended with no refund",
    "dispute withdraw": "you close the dispute",
    "refund received": "the refund's money arrived",
    "tick": "record what the platform's rules did to it",
    "dispute offer": "the seller offered a refund",
    "dispute offer --return": "the seller asked for the item back, for a full refund",
    "dispute offer --rejected": "the seller rejected the claim",
    "dispute accept": "you accept the seller's offer",
    "dispute returned": "you shipped the item back",
    "protection extend": "the seller extended purchase protection",
}
def filled(order: Order, action: Any) -> Any:
    """The action with the values a suggestion gives for this order: a refund still to choose
    is the order's total; a protection extension the usual 15 days."""
    options = dict(action.options)
    if action.verb in ("dispute resolve", "dispute offer") and options.get("refund", 0) is None:
        options["refund"] = order.price
    if action.verb == "protection extend" and options.get("days", 0) is None:
        options["days"] = 15  # what sellers usually grant; the buyer types what was agreed
    return action._replace(options=options)


def action_lines(order: Order, actions: Iterable[Any]) -> list[tuple[str, str, list[str]]]:
    """(command line, what it does, the lines naming what is still to choose) for each action:
    on a terminal what aliorder asks for is left out; off one, the command runs as printed
    or names the choices left (commandline.spell)."""
    lines = []
    for action in actions:
        action = filled(order, action)
        options = action.options
        key = action.verb
        if action.verb == "dispute resolve" and options.get("rejected"):
            key = "dispute reject"
        elif action.verb == "dispute offer" and (options.get("return") or options.get("rejected")):
            key = "dispute offer --return" if options.get("return") else "dispute offer --rejected"
        first, *notes = commandline.spell(action)
        what = ACTION_WORDS.get(key, "")
        if not commandline.dialogs:  # off a terminal nothing is asked: the line under it says what goes there
            what = re.sub(r" \(asks [^)]*\)", "", what)
        lines.append((first, what, notes))
    return lines


def _print_actions(lines: list[tuple[str, str, list[str]]], indent: str = "  ") -> None:
    out = output.console()
    width = max((len(c) for c, _, _ in lines), default=0)
    for command, what, notes in lines:
        out.print(_text(f"{indent}{command.ljust(width)}  {what}".rstrip()), soft_wrap=True)
        for note in notes:
            out.print(_text(f"{indent}    {note}"), soft_wrap=True)


def what_you_can_do(order: Order, actions: list[Any], now: datetime | None = None) -> None:
    out = output.console()
    out.print(_text("What you can do now", "bold"))
    lines = action_lines(order, actions)
    last = max((e.at for e in order.events), default=None)
    if not lines and now is not None and last is not None and last > now:
        # The clock is behind the order's history (moved back, or another machine's file):
        # every event command would be refused, but the order is not over.
        out.print(_text(f"  Nothing until {local(last)}: this computer's clock says {local(now)}, "
                        "before the order's last event. Check the date and time."))
    elif not lines:
        out.print(_text("  Nothing more: this order is over."))
        return
    _print_actions(lines)
