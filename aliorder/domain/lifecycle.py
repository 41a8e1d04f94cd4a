"""The transitions: which command may start from which status, what it does, and the refusals.

Pure: no I/O and no clock.
"""

from __future__ import annotations

import dataclasses
import shlex
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..errors import BadInput, NotAllowed
from ..money import shown as money
from .commands import (ApplyRule, Cancel, Contact, Edit, EscalateDispute, Extend, Note, OpenDispute, Pay,
                       Receive, ReceiveRefund, ResolveDispute, SellerAnswer, Ship, WithdrawDispute)
from .model import CancelRequest, Dispute, Event, Order, Refund, Rules
from .slugs import FINAL, SHIPPED, Rule, Status


# Which statuses each command may start from. Everything else is refused with
# the reason `_refusal` gives. The target status is decided in the handler.
ALLOWED_FROM: dict[type, frozenset[Status]] = {
    Pay: frozenset({Status.AWAITING_PAYMENT}),
    Cancel: frozenset({Status.AWAITING_PAYMENT, Status.AWAITING_SHIPMENT}),
    Extend: frozenset({Status.AWAITING_SHIPMENT}),
    SellerAnswer: frozenset({Status.CANCELLATION_REQUESTED}),
    Ship: frozenset({Status.AWAITING_SHIPMENT, Status.CANCELLATION_REQUESTED}),
    Receive: frozenset({Status.AWAITING_DELIVERY, Status.IN_DISPUTE}),
    Contact: frozenset(Status),
    OpenDispute: SHIPPED,
    EscalateDispute: frozenset({Status.IN_DISPUTE}),
    ResolveDispute: frozenset({Status.IN_DISPUTE}),
    WithdrawDispute: frozenset({Status.IN_DISPUTE}),
    ReceiveRefund: frozenset(Status),
    Edit: frozenset(Status),
    Note: frozenset(Status),
}

RULE_FROM: dict[Rule, frozenset[Status]] = {
    Rule.UNPAID_TIMEOUT: frozenset({Status.AWAITING_PAYMENT}),
    Rule.SHIP_TIMEOUT: frozenset({Status.AWAITING_SHIPMENT, Status.CANCELLATION_REQUESTED}),
    Rule.SELLER_TIMEOUT: frozenset({Status.CANCELLATION_REQUESTED}),
    Rule.PROTECTION_END: SHIPPED,
    Rule.REFUND_OVERDUE: frozenset(Status),
}


def apply(order: Order, command: Any, at: datetime, rules: Rules) -> Order:
    """The order after `command` happened at `at`, or NotAllowed saying why not."""
    if isinstance(command, ApplyRule):
        if order.status not in RULE_FROM[command.rule]:
            raise NotAllowed(f"{order.label} is {order.status}: rule {command.rule} does not apply.")
    elif order.status not in ALLOWED_FROM[type(command)]:
        raise _refusal(order, command, rules)
    return _HANDLERS[type(command)](order, command, at, rules)


def _with(order: Order, *events: Event, **changes: Any) -> Order:
    return dataclasses.replace(order, events=order.events + events, **changes)


def _start_refund(order: Order, amount: Decimal, at: datetime, rules: Rules,
                  by: str | None) -> tuple[Refund, Event]:
    """A refund starting now, caused `by` whoever caused the event that starts it."""
    eta_from, eta_to = rules.refund_window(order.payment_method, at)
    refund = Refund(amount, order.currency, order.payment_method, "pending", at, eta_from, eta_to)
    event = Event(at, "refund_started", by, {"amount": str(amount), "currency": order.currency})
    return refund, event


def _pay(order: Order, cmd: Pay, at: datetime, rules: Rules) -> Order:
    method = cmd.method or order.payment_method
    return _with(order, Event(at, "paid", "buyer", _some(method=method)),
                 status=Status.AWAITING_SHIPMENT, paid_at=at, payment_method=method)


def _cancel_again(order: Order, cmd: Cancel) -> str:
    """The command to run later, with the note and complaint the buyer gave, so it works as typed."""
    again = f"aliorder cancel {order.id} --reason {cmd.reason}"
    if cmd.note:
        again += f" --note {shlex.quote(cmd.note)}"
    return again + (" --report-seller" if cmd.report_seller else "")


def _cancel(order: Order, cmd: Cancel, at: datetime, rules: Rules) -> Order:
    opens = rules.cancel_opens(order)
    if opens is not None and at < opens:
        checked = "order" if order.status is Status.AWAITING_PAYMENT else "payment"
        raise NotAllowed(
            f"{order.label} cannot be cancelled yet: the Cancel button appears once the "
            f"platform has checked the {checked}, on {{when}}.",
            hint=f"Try again then: {_cancel_again(order, cmd)}",
            when=opens,
        )
    details = _some(reason=cmd.reason, note=cmd.note, report_seller=cmd.report_seller or None)
    if order.status is Status.AWAITING_PAYMENT:
        return _with(order, Event(at, "cancelled", "buyer", details), status=Status.CANCELLED)
    request = CancelRequest(cmd.reason, at, cmd.note, cmd.report_seller)
    return _with(order, Event(at, "cancel_requested", "buyer", details),
                 status=Status.CANCELLATION_REQUESTED, cancel_request=request)


def _extend(order: Order, cmd: Extend, at: datetime, rules: Rules) -> Order:
    if order.processing_days is None:
        raise NotAllowed(
            f"{order.label} has no processing time recorded, so there is no shipping "
            "deadline to extend.",
            hint="Record one when placing an order: aliorder place ... --processing-days N",
        )
    return _with(order, Event(at, "extended", "buyer", {"days": cmd.days}),
                 extension_days=order.extension_days + cmd.days)


def _seller_answer(order: Order, cmd: SellerAnswer, at: datetime, rules: Rules) -> Order:
    if not cmd.approve:
        return _with(order, Event(at, "seller_rejected", "seller", _some(note=cmd.note)),
                     status=Status.AWAITING_SHIPMENT, cancel_request=None)
    refund, started = _start_refund(order, order.price, at, rules, "seller")
    return _with(order, Event(at, "seller_approved", "seller", _some(note=cmd.note)), started,
                 status=Status.CANCELLED, refund=refund)


def _ship(order: Order, cmd: Ship, at: datetime, rules: Rules) -> Order:
    return _with(order, Event(at, "shipped", "seller", _some(tracking=cmd.tracking)),
                 status=Status.AWAITING_DELIVERY, shipped_at=at,
                 tracking=cmd.tracking or order.tracking, cancel_request=None)


def _receive(order: Order, cmd: Receive, at: datetime, rules: Rules) -> Order:
    if order.received_at is not None:
        raise _already_received(order)
    # Receiving during a dispute records the parcel but leaves the dispute open.
    status = Status.DELIVERED if order.status is Status.AWAITING_DELIVERY else order.status
    return _with(order, Event(at, "received", "buyer"), status=status, received_at=at)


def _contact(order: Order, cmd: Contact, at: datetime, rules: Rules) -> Order:
    return _with(order, Event(at, "contacted", "buyer", _some(via=cmd.via, reason=cmd.reason, note=cmd.note)))


def _open_dispute(order: Order, cmd: OpenDispute, at: datetime, rules: Rules) -> Order:
    if order.dispute is not None:
        raise _one_dispute(order)
    ends = rules.protection_ends(order)
    if ends is not None and at >= ends:
        raise _protection_ended(order, ends)
    dispute = Dispute(cmd.reason, "open", at, cmd.note)
    return _with(order, Event(at, "dispute_opened", "buyer", _some(reason=cmd.reason, note=cmd.note)),
                 status=Status.IN_DISPUTE, dispute=dispute)


def _escalate(order: Order, cmd: EscalateDispute, at: datetime, rules: Rules) -> Order:
    assert order.dispute is not None
    if order.dispute.stage != "open":
        raise NotAllowed(f"{order.label}: the dispute is already {order.dispute.stage}.",
                         hint=f"Record the outcome: aliorder dispute resolve {order.id} --refund AMOUNT")
    return _with(order, Event(at, "dispute_escalated", "buyer", _some(note=cmd.note)),
                 dispute=dataclasses.replace(order.dispute, stage="escalated"))


def _resolve(order: Order, cmd: ResolveDispute, at: datetime, rules: Rules) -> Order:
    assert order.dispute is not None
    if cmd.refund is None:
        dispute = dataclasses.replace(order.dispute, stage="rejected", closed_at=at)
        return _with(order, Event(at, "dispute_resolved", None, {"outcome": "rejected"}),
                     status=Status.COMPLETED, dispute=dispute)
    if cmd.refund > order.price:
        raise BadInput(f"A refund of {money(cmd.refund, order.currency)} is more than the "
                       f"{money(order.price, order.currency)} paid for {order.label}.",
                       hint=f"Give at most --refund {order.price}.")
    refund, started = _start_refund(order, cmd.refund, at, rules, None)
    dispute = dataclasses.replace(order.dispute, stage="resolved", closed_at=at)
    resolved = Event(at, "dispute_resolved", None,
                     {"outcome": "refund", "amount": str(cmd.refund), "currency": order.currency})
    return _with(order, resolved, started, status=Status.COMPLETED, dispute=dispute, refund=refund)


def _withdraw(order: Order, cmd: WithdrawDispute, at: datetime, rules: Rules) -> Order:
    assert order.dispute is not None
    dispute = dataclasses.replace(order.dispute, stage="withdrawn", closed_at=at)
    return _with(order, Event(at, "dispute_withdrawn", "buyer"), status=Status.COMPLETED, dispute=dispute)


def _refund_received(order: Order, cmd: ReceiveRefund, at: datetime, rules: Rules) -> Order:
    refund = order.refund
    if refund is None:
        raise NotAllowed(f"{order.label} has no refund on its way.",
                         hint=f"aliorder show {order.id} tells its state.")
    if refund.status == "received":
        raise NotAllowed(f"The refund of {order.label} was already received.", when=refund.received_at)
    if at < refund.started_at:
        raise BadInput(f"The refund of {order.label} started after that moment.")
    return _with(order, Event(at, "refund_received", "buyer",
                              {"amount": str(refund.amount), "currency": refund.currency}),
                 refund=dataclasses.replace(refund, status="received", received_at=at))


def _rule(order: Order, cmd: ApplyRule, at: datetime, rules: Rules) -> Order:
    rule = cmd.rule
    if rule is Rule.UNPAID_TIMEOUT:
        return _with(order, Event(at, "cancelled", rule), status=Status.CANCELLED)
    if rule in (Rule.SHIP_TIMEOUT, Rule.SELLER_TIMEOUT):
        refund, started = _start_refund(order, order.price, at, rules, rule)
        return _with(order, Event(at, "cancelled", rule), started,
                     status=Status.CANCELLED, refund=refund)
    if rule is Rule.PROTECTION_END:
        return _with(order, Event(at, "completed", rule), status=Status.COMPLETED)
    if order.refund is None or order.refund.status != "pending":
        raise NotAllowed(f"{order.label} has no pending refund.")
    return _with(order, Event(at, "refund_overdue", rule),
                 refund=dataclasses.replace(order.refund, status="overdue"))


def _stored(value: Any) -> Any:
    """A field's value as the database and the `edited` event write it (money as a string)."""
    return str(value) if isinstance(value, Decimal) else value


def _edit(order: Order, cmd: Edit, at: datetime, rules: Rules) -> Order:
    """The order with its fields corrected, and an `edited` event with each change as [old, new];
    the deadlines follow, being computed from the fields. Nothing differs: the order as it is."""
    changed = {name: new for name, new in cmd.changes if _stored(getattr(order, name)) != _stored(new)}
    if not changed:
        return order
    event = Event(at, "edited", "buyer",
                  {"changes": {name: [_stored(getattr(order, name)), _stored(new)]
                               for name, new in changed.items()}})
    refund = order.refund
    if refund is not None and refund.status != "received":
        # A refund on its way follows the order: its window after a new method, a full
        # refund's amount after a new total, its currency after a new currency.
        if "payment_method" in changed:
            method = changed["payment_method"]
            eta_from, eta_to = rules.refund_window(method, refund.started_at)
            status = "pending" if refund.status == "overdue" and eta_to > at else refund.status
            refund = dataclasses.replace(refund, method=method, eta_from=eta_from, eta_to=eta_to,
                                         status=status)
        amount = changed.get("price", refund.amount) if refund.amount == order.price else refund.amount
        refund = dataclasses.replace(refund, amount=amount, currency=changed.get("currency", refund.currency))
    return _with(order, event, refund=refund, **changed)


def _note(order: Order, cmd: Note, at: datetime, rules: Rules) -> Order:
    return _with(order, Event(at, "noted", "buyer", {"note": cmd.text}))


_HANDLERS = {
    Pay: _pay, Cancel: _cancel, Extend: _extend, SellerAnswer: _seller_answer, Ship: _ship,
    Receive: _receive, Contact: _contact, OpenDispute: _open_dispute, EscalateDispute: _escalate,
    ResolveDispute: _resolve, WithdrawDispute: _withdraw, ReceiveRefund: _refund_received,
    ApplyRule: _rule, Edit: _edit, Note: _note,
}


def _some(**details: Any) -> dict[str, Any]:
    return {k: v for k, v in details.items() if v is not None}


# --- refusals: name the thing, its state and the way out --------------------

_WHY_CLOSED = {
    Status.CANCELLED: "is cancelled",
    Status.COMPLETED: "is completed",
}


def _one_dispute(order: Order) -> NotAllowed:
    assert order.dispute is not None
    return NotAllowed(f"{order.label} already had a dispute ({order.dispute.stage}): "
                      "the platform allows one dispute per order.",
                      hint=f"aliorder show {order.id} tells how it ended.")


def _protection_ended(order: Order, ends: datetime) -> NotAllowed:
    return NotAllowed(f"{order.label}: purchase protection ended on {{when}}, so a dispute "
                      "can no longer be opened.", when=ends,
                      hint=f"Talk to the seller instead: aliorder contact {order.id} --via chat")


def _already_received(order: Order) -> NotAllowed:
    return NotAllowed(f"{order.label} was already marked as received.",
                      hint=f"aliorder show {order.id} tells when.")


def _dispute_closed(order: Order, rules: Rules) -> NotAllowed | None:
    """Why a shipped order can have no (more) dispute, whatever its status now."""
    if order.dispute is not None and order.dispute.stage not in ("open", "escalated"):
        return _one_dispute(order)
    ends = rules.protection_ends(order)
    if order.status is Status.COMPLETED and order.dispute is None and ends is not None:
        return _protection_ended(order, ends)
    return None


def _refusal(order: Order, command: Any, rules: Rules) -> NotAllowed:
    o, n, s = order.label, order.id, order.status
    if isinstance(command, OpenDispute) and (closed := _dispute_closed(order, rules)) is not None:
        return closed
    if s in FINAL:
        return NotAllowed(f"{o} {_WHY_CLOSED[s]}: nothing more can happen to it.",
                          hint=f"aliorder show {n} tells its story.")
    if isinstance(command, Pay):
        return NotAllowed(f"{o} is {s}: it was already paid.",
                          hint=f"aliorder show {n} tells when and what comes next.")
    if isinstance(command, Cancel):
        if s is Status.CANCELLATION_REQUESTED:
            return NotAllowed(f"{o} already has a cancellation request waiting for the seller, "
                              "who has until {when} to answer; silence grants it then.",
                              when=rules.seller_reply_by(order),
                              hint=f"Record the answer: aliorder seller approve|reject {n}")
        if s in SHIPPED:
            return NotAllowed(f"{o} is shipped: it can no longer be cancelled.",
                              hint=f"Open a dispute instead: aliorder dispute open {n} --reason ...")
        return NotAllowed(f"{o} is in dispute: it can no longer be cancelled.",
                          hint=f"Settle the dispute: aliorder dispute resolve|withdraw {n}")
    if isinstance(command, Extend):
        if s is Status.AWAITING_PAYMENT:
            return NotAllowed(f"{o} is not paid yet: the processing time starts with the payment.",
                              hint=f"Record the payment first: aliorder pay {n}")
        if s is Status.CANCELLATION_REQUESTED:
            return NotAllowed(f"{o} has a cancellation request waiting for the seller.",
                              hint=f"Wait for the answer, or record it: aliorder seller reject {n}")
        return NotAllowed(f"{o} is {s}: it has already shipped, so there is no processing time "
                          "left to extend.",
                          hint=f"If it does not arrive, talk to the seller: aliorder contact {n} --via chat")
    if isinstance(command, SellerAnswer):
        return NotAllowed(f"{o} is {s}: there is no cancellation request to answer.",
                          hint=f"Request one first: aliorder cancel {n} --reason ...")
    if isinstance(command, Ship):
        if s is Status.AWAITING_PAYMENT:
            return NotAllowed(f"{o} is not paid yet, so it cannot have been shipped.",
                              hint=f"Record the payment first: aliorder pay {n}")
        return NotAllowed(f"{o} is {s}: it was already shipped.",
                          hint=f"aliorder show {n} tells when.")
    if isinstance(command, Receive):
        if s is Status.DELIVERED:
            return _already_received(order)
        return NotAllowed(f"{o} is {s}: it has not been shipped yet.",
                          hint=f"Record the shipment first: aliorder ship {n}")
    if isinstance(command, OpenDispute):
        if s is Status.IN_DISPUTE:
            return NotAllowed(f"{o} already has an open dispute: one dispute per order.",
                              hint=f"Take it further: aliorder dispute escalate {n}")
        return NotAllowed(f"{o} is {s}: a dispute can be opened only once it has shipped.",
                          hint=f"Before shipping, cancel instead: aliorder cancel {n} --reason ...")
    # Escalate, resolve, withdraw.
    return NotAllowed(f"{o} is {s}: it has no open dispute.",
                      hint=f"Open one first: aliorder dispute open {n} --reason ...")
