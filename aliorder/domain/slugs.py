"""The names an order's life is spelled in: statuses, rules, reasons, channels, methods.

Light on purpose: TAB completion of a reason or a status imports this module
and nothing else of the domain.
"""

from __future__ import annotations

from enum import StrEnum
from ..tuples import Record


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
    DISPUTE_REPLY_TIMEOUT = "dispute_reply_timeout"
    DISPUTE_ESCALATION = "dispute_escalation"
    RETURN_TIMEOUT = "return_timeout"


class Reason(Record):
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

