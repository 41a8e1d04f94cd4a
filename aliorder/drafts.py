"""Short, polite messages the buyer can paste to the seller, built from the order.

Pure text: no Rich, no I/O, no clock. Dates are shown as days in `zone`
(None: the system's local zone); render prints the result.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal

from .domain import CANCEL_REASONS, Order, Reason, Status
from .money import shown as money

# What the buyer tells the seller for each dispute reason (the prepared list's slugs).
PROBLEMS = {
    "not-received": "The parcel has not reached me yet.",
    "not-as-described": "The item I received is not as described on the product page.",
    "wrong-color": "The item arrived in a different colour from the one I ordered.",
    "wrong-size": "The item arrived in a different size from the one I ordered.",
    "not-working": "The item does not work.",
    "damaged": "The item arrived damaged.",
    "missing-parts": "Some items or parts are missing from the package.",
    "counterfeit": "The item does not look genuine.",
    "other": "There is a problem with the item.",
}


def contact_message(order: Order, reason: Reason | None = None, note: str | None = None,
                    zone: tzinfo | None = None) -> str:
    """A first message to the seller: about a problem (`reason`), or else about the order's state."""
    ask = (_problem(order, reason) + " Could you help me sort this out? I would much rather settle it "
           "with you directly than open a dispute." if reason else _question(order, zone))
    return _letter(order, [_about(order, zone), ask, note], zone)


def dispute_message(order: Order, reason: Reason, note: str | None = None,
                    zone: tzinfo | None = None) -> str:
    """The words that go with a dispute: what is wrong and what the buyer asks for."""
    amount = money(order.price, order.currency)
    remedy = (f"I am asking for a full refund of {amount}." if reason.slug in ("not-received", "counterfeit")
              else f"I am asking for a refund of {amount}, or a partial refund if we can agree on one. "
                   "I can send photos or a video of the item.")
    return _letter(order, [_about(order, zone, "I am opening a dispute about my order"),
                           _problem(order, reason), note, remedy], zone)


def _letter(order: Order, paragraphs: list[str | None], zone: tzinfo | None) -> str:
    greeting = f"Hello {order.seller}," if order.seller else "Hello,"
    body = [p.strip() for p in paragraphs if p and p.strip()]
    return "\n\n".join([greeting, *body, "Thank you."]) + "\n"


def _about(order: Order, zone: tzinfo | None, opening: str = "I am writing about my order") -> str:
    number = f" no. {order.order_no}" if order.order_no else ""
    pieces = f"{order.qty} x " if order.qty != 1 else ""
    facts = [f"placed on {_day(order.placed_at, zone)}"]
    if order.paid_at is not None:
        facts.append(f"paid on {_day(order.paid_at, zone)}")
    if order.shipped_at is not None:
        tracking = f" with tracking number {order.tracking}" if order.tracking else ""
        facts.append(f"shipped on {_day(order.shipped_at, zone)}{tracking}")
    if order.received_at is not None:
        facts.append(f"received on {_day(order.received_at, zone)}")
    return f"{opening}{number}: {pieces}{order.item} ({money(order.price, order.currency)}), {_join(facts)}."


def _problem(order: Order, reason: Reason) -> str:
    problem = PROBLEMS.get(reason.slug, f"{reason.label}.")
    if reason.slug == "not-received" and order.shipped_at is not None and order.tracking:
        problem = "The parcel has not reached me yet, and the tracking shows no delivery."
    return problem


def _question(order: Order, zone: tzinfo | None) -> str:
    status = order.status
    if status is Status.AWAITING_PAYMENT:
        return "Before I pay, could you confirm that the item is in stock and when it would ship?"
    if status is Status.AWAITING_SHIPMENT:
        return "Could you tell me when it will be shipped?"
    if status is Status.CANCELLATION_REQUESTED and order.cancel_request is not None:
        why = CANCEL_REASONS[order.cancel_request.reason].label
        return (f"I have asked to cancel it ({why[0].lower() + why[1:]}). Could you please approve "
                "the cancellation request?")
    if status is Status.AWAITING_DELIVERY:
        return "Could you tell me where the parcel is now and when it should arrive?"
    refund = order.refund
    if refund is not None and refund.status == "overdue":
        return (f"A refund of {money(refund.amount, refund.currency)} was due by {_day(refund.eta_to, zone)} "
                "and has not arrived. Could you check on it?")
    if refund is not None and refund.status == "pending":
        return (f"A refund of {money(refund.amount, refund.currency)} is expected by {_day(refund.eta_to, zone)}. "
                "Could you confirm that it has been sent?")
    return "I have a question about this order."


def _day(at: datetime, zone: tzinfo | None) -> str:
    return f"{at.astimezone(zone):%Y-%m-%d}"


def _join(facts: list[str]) -> str:
    return facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]


def offer_answer(order: Order, offer: str, amount: Decimal | None, note: str | None = None,
                 zone: tzinfo | None = None) -> str:
    """The buyer's answer to the seller's answer in a dispute (`dispute offer ... --draft`)."""
    dispute = order.dispute
    claim = order.price if dispute is None or dispute.claim is None else dispute.claim
    claimed = money(claim, order.currency)
    if offer == "return":
        answer = ("Thank you for offering a full refund once I send the item back. I agree: please give me "
                  "the return address, and tell me whether you cover the return shipping.")
    elif offer == "refund" and amount is not None and amount < claim:
        answer = (f"Thank you for your offer of a refund of {money(amount, order.currency)}. I asked for "
                  f"{claimed}, as the problem is not a small one. Could you offer the full amount? If we "
                  "cannot agree, I will ask AliExpress to decide.")
    elif offer == "refund":
        answer = (f"Thank you for your offer of a refund of {money(amount or claim, order.currency)}. "
                  "I accept it; please confirm it in the dispute so that AliExpress can send it.")
    else:
        answer = (f"I am sorry that you rejected my claim of {claimed}. I can send photos or a video of "
                  "the problem. If we cannot agree, I will ask AliExpress to decide.")
    return _letter(order, [_about(order, zone, "I am writing about the dispute on my order"), answer, note],
                   zone)


def extension_request(order: Order, days: int, ends: datetime | None, note: str | None = None,
                      zone: tzinfo | None = None) -> str:
    """A request to extend purchase protection (`protection extend ... --draft`)."""
    when = f" It ends on {_day(ends, zone)}." if ends is not None else ""
    ask = (f"The parcel has not reached me yet, and my purchase protection will soon run out.{when} "
           f"Could you please extend the purchase protection by {days} days, so that I can wait for "
           "the parcel without opening a dispute?")
    return _letter(order, [_about(order, zone), ask, note], zone)
