"""The order model: statuses, reasons, events and the transition table.

Pure: no I/O and no clock. Every instant arrives as an argument, and the
rules that depend on time (when Cancel appears, when protection ends, how long
a refund takes) arrive as a `rules` object from `policy`.
"""

from __future__ import annotations

import dataclasses
import shlex
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from .errors import BadInput, NotAllowed
from .money import shown as money


class Status(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    AWAITING_SHIPMENT = "awaiting_shipment"
    CANCELLATION_REQUESTED = "cancellation_requested"
    AWAITING_DELIVERY = "awaiting_delivery"
    DELIVERED = "delivered"
    IN_DISPUTE = "in_dispute"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


FINAL = frozenset({Status.COMPLETED, Status.CANCELLED})
SHIPPED = frozenset({Status.AWAITING_DELIVERY, Status.DELIVERED})


class Rule(StrEnum):
    UNPAID_TIMEOUT = "unpaid_timeout"
    SHIP_TIMEOUT = "ship_timeout"
    SELLER_TIMEOUT = "seller_timeout"
    PROTECTION_END = "protection_end"
    REFUND_OVERDUE = "refund_overdue"


@dataclass(frozen=True)
class Reason:
    slug: str
    label: str
    fault: str = "buyer"
    needs_note: bool = False


CANCEL_REASONS = {
    r.slug: r
    for r in (
        Reason("wrong-item", "I ordered the wrong item"),
        Reason("duplicate", "I placed a duplicate order"),
        Reason("no-contact", "I am not able to contact the supplier", "seller"),
        Reason(
            "out-of-stock",
            "Not available from seller: the supplier said the items are out of stock",
            "seller",
        ),
        Reason("refuses-to-ship", "The supplier refuses to ship the items", "seller"),
        Reason("other", "Another reason", needs_note=True),
    )
}

DISPUTE_REASONS = {
    r.slug: r
    for r in (
        Reason("not-received", "I did not receive the item", "seller"),
        Reason("not-as-described", "The item is not as described", "seller"),
        Reason("wrong-color", "The colour is not the one I ordered", "seller"),
        Reason("wrong-size", "The size is not the one I ordered", "seller"),
        Reason("not-working", "The item does not work", "seller"),
        Reason("damaged", "The item arrived damaged", "seller"),
        Reason("missing-parts", "Items or parts are missing from the package", "seller"),
        Reason("counterfeit", "The item is counterfeit", "seller"),
        Reason("other", "Another problem", "seller", needs_note=True),
    )
}

CONTACT_CHANNELS = ("chat", "email")
PAYMENT_METHODS = ("card", "paypal", "alipay", "apple-pay", "google-pay", "bank-transfer", "balance")


def method_key(name: str) -> str:
    """A payment method as orders and the refund_days setting both spell it: "Apple Pay" is apple-pay."""
    return "-".join(name.lower().split())


def cancel_reason(slug: str, note: str | None) -> Reason:
    return _reason(CANCEL_REASONS, "cancellation", slug, note)


def dispute_reason(slug: str, note: str | None) -> Reason:
    return _reason(DISPUTE_REASONS, "dispute", slug, note)


def _reason(table: dict[str, Reason], what: str, slug: str, note: str | None) -> Reason:
    reason = table.get(slug)
    if reason is None:
        raise BadInput(
            f"Unknown {what} reason {slug!r}.",
            hint=f"Choose one of: {', '.join(table)} (aliorder reasons lists them).",
        )
    if reason.needs_note and not (note and note.strip()):
        raise BadInput(
            f"The {what} reason {slug!r} needs a few words of explanation.",
            hint="Add --note TEXT.",
        )
    return reason


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    by: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Refund:
    amount: Decimal
    currency: str
    method: str | None
    status: str  # pending | overdue | received
    started_at: datetime
    eta_from: datetime
    eta_to: datetime
    received_at: datetime | None = None


@dataclass(frozen=True)
class Dispute:
    reason: str
    stage: str  # open | escalated | resolved | rejected | withdrawn
    opened_at: datetime
    note: str | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class CancelRequest:
    reason: str
    requested_at: datetime
    note: str | None = None
    report_seller: bool = False


@dataclass(frozen=True)
class Order:
    id: int
    item: str
    price: Decimal
    currency: str
    placed_at: datetime
    status: Status = Status.AWAITING_PAYMENT
    qty: int = 1
    order_no: str | None = None
    seller: str | None = None
    payment_method: str | None = None
    processing_days: int | None = None
    extension_days: int = 0
    protection_days: int | None = None
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    received_at: datetime | None = None
    tracking: str | None = None
    cancel_request: CancelRequest | None = None
    refund: Refund | None = None
    dispute: Dispute | None = None
    events: tuple[Event, ...] = ()

    @property
    def last_event_at(self) -> datetime:
        return self.events[-1].at if self.events else self.placed_at

    @property
    def label(self) -> str:
        return f"Order {self.id}"

    @property
    def seller_contacted(self) -> bool:
        return any(e.kind == "contacted" for e in self.events)


class Rules(Protocol):
    """What the transitions need to know of time; `policy.Rules` provides it."""

    def cancel_opens(self, order: Order) -> datetime | None: ...
    def ship_by(self, order: Order) -> datetime | None: ...
    def seller_reply_by(self, order: Order) -> datetime | None: ...
    def protection_ends(self, order: Order) -> datetime | None: ...
    def refund_window(self, method: str | None, start: datetime) -> tuple[datetime, datetime]: ...


# --- commands: what the buyer (or a rule) says happened --------------------


@dataclass(frozen=True)
class Pay:
    method: str | None = None


@dataclass(frozen=True)
class Cancel:
    reason: str
    note: str | None = None
    report_seller: bool = False


def cancel_command(slug: str, note: str | None, report_seller: bool | None) -> Cancel:
    """A cancellation from the buyer's words, or BadInput naming what is wrong."""
    reason = cancel_reason(slug, note)
    if report_seller and reason.fault != "seller":
        raise BadInput(
            f"--report-seller goes with a reason that is the seller's fault; {slug!r} is yours, "
            "so the platform files no complaint.",
            hint="Leave --report-seller out, or choose: "
                 + ", ".join(r.slug for r in CANCEL_REASONS.values() if r.fault == "seller"))
    return Cancel(slug, note, bool(report_seller))


@dataclass(frozen=True)
class Extend:
    days: int


@dataclass(frozen=True)
class SellerAnswer:
    approve: bool
    note: str | None = None


@dataclass(frozen=True)
class Ship:
    tracking: str | None = None


@dataclass(frozen=True)
class Receive:
    pass


@dataclass(frozen=True)
class Contact:
    via: str
    note: str | None = None
    reason: str | None = None  # a dispute reason slug: what the conversation was about


@dataclass(frozen=True)
class OpenDispute:
    reason: str
    note: str | None = None


def open_dispute_command(slug: str, note: str | None) -> OpenDispute:
    dispute_reason(slug, note)
    return OpenDispute(slug, note)


@dataclass(frozen=True)
class EscalateDispute:
    note: str | None = None


@dataclass(frozen=True)
class ResolveDispute:
    refund: Decimal | None  # None: the claim was rejected


@dataclass(frozen=True)
class WithdrawDispute:
    pass


@dataclass(frozen=True)
class ReceiveRefund:
    pass


@dataclass(frozen=True)
class ApplyRule:
    rule: Rule


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


_HANDLERS = {
    Pay: _pay, Cancel: _cancel, Extend: _extend, SellerAnswer: _seller_answer, Ship: _ship,
    Receive: _receive, Contact: _contact, OpenDispute: _open_dispute, EscalateDispute: _escalate,
    ResolveDispute: _resolve, WithdrawDispute: _withdraw, ReceiveRefund: _refund_received,
    ApplyRule: _rule,
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
