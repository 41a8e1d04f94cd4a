"""The order and what it carries: events, refund, dispute, cancellation request.

Pure: no I/O and no clock. Every instant arrives as an argument, and the
rules that depend on time arrive as a `Rules` object from `policy`.

Immutable records (aliorder.tuples.Record): a change is `order._replace(status=...)`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Mapping, Protocol

from .slugs import Status
from ..tuples import Record


class Event(Record):
    at: datetime
    kind: str
    by: str | None = None
    details: dict[str, Any] = {}  # never changed in place, as no field of these is


class Refund(Record):
    amount: Decimal
    currency: str
    method: str | None
    status: str  # pending | overdue | received
    started_at: datetime
    eta_from: datetime
    eta_to: datetime
    received_at: datetime | None = None


class Dispute(Record):
    reason: str
    stage: str  # open | offered | escalated | returning | resolved | rejected | withdrawn
    opened_at: datetime
    note: str | None = None
    closed_at: datetime | None = None
    claim: Decimal | None = None        # the amount claimed (None: the order's total)
    offer: str | None = None            # the seller's answer: refund | return | rejected
    offer_amount: Decimal | None = None  # of a refund offer
    offered_at: datetime | None = None
    accepted_at: datetime | None = None  # the buyer accepted the offer
    returned_at: datetime | None = None  # the buyer shipped the return
    return_tracking: str | None = None

    @property
    def active(self) -> bool:
        return self.stage in ACTIVE_STAGES

    @property
    def state(self) -> str:
        """Where the dispute stands, finer than its stage: the row of table.STAGES."""
        if self.stage == "offered":
            return f"offered:{self.offer}"
        if self.stage == "returning" and self.returned_at is not None:
            return "returned"
        return self.stage


ACTIVE_STAGES = frozenset({"open", "offered", "escalated", "returning"})


class CancelRequest(Record):
    reason: str
    requested_at: datetime
    note: str | None = None
    report_seller: bool = False


class Order(Record):
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
    protection_extension_days: int = 0  # agreed with the seller (protection extend)
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    received_at: datetime | None = None
    tracking: str | None = None
    cancel_request: CancelRequest | None = None
    refund: Refund | None = None
    dispute: Dispute | None = None
    events: tuple[Event, ...] = ()
    # Deadlines read off the order page (`aliorder deadline`), by kind: each wins over the
    # computed one, for this order only.
    page_deadlines: Mapping[str, datetime] = {}

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

    def deadline(self, kind: str, order: Order) -> datetime | None: ...
    def cancel_opens(self, order: Order) -> datetime | None: ...
    def ship_by(self, order: Order) -> datetime | None: ...
    def seller_reply_by(self, order: Order) -> datetime | None: ...
    def protection_ends(self, order: Order) -> datetime | None: ...
    def refund_window(self, method: str | None, start: datetime) -> tuple[datetime, datetime]: ...

