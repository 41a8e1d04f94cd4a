"""Orders as plain JSON-ready dicts: the database records and the `--json` shapes.

Times are UTC ISO-8601 strings with offset; money is a decimal string.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .domain import CancelRequest, Dispute, Event, Order, Refund, Status


def iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    return _iso(at)


@lru_cache(maxsize=4096)
def _iso(at: datetime) -> str:
    # Cached: an order's events share instants, and an import writes thousands of orders
    # whose events fall on the same few dates. Equal instants give the same UTC text.
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


def instant(text: str | None) -> datetime | None:
    """A stored instant; one without an offset (a hand edit) is not one aliorder can compare."""
    if text is None:
        return None
    at = datetime.fromisoformat(text)
    if at.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return at


def amount(text: Any) -> Decimal:
    """A stored amount: a finite decimal ("NaN" and "Infinity" are Decimals too)."""
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError(f"{text!r} is not an amount")
    return value


def event_record(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {"at": iso(event.at), "kind": event.kind}
    if event.by is not None:
        record["by"] = str(event.by)
    record.update(event.details)
    return record


def refund_record(refund: Refund | None) -> dict[str, Any] | None:
    if refund is None:
        return None
    return {
        "amount": str(refund.amount), "currency": refund.currency, "method": refund.method,
        "status": refund.status, "started_at": iso(refund.started_at),
        "eta_from": iso(refund.eta_from), "eta_to": iso(refund.eta_to),
        "received_at": iso(refund.received_at),
    }


def dispute_record(dispute: Dispute | None) -> dict[str, Any] | None:
    if dispute is None:
        return None
    return {
        "reason": dispute.reason, "stage": dispute.stage, "opened_at": iso(dispute.opened_at),
        "note": dispute.note, "closed_at": iso(dispute.closed_at),
        "claim": None if dispute.claim is None else str(dispute.claim), "offer": dispute.offer,
        "offer_amount": None if dispute.offer_amount is None else str(dispute.offer_amount),
        "offered_at": iso(dispute.offered_at), "accepted_at": iso(dispute.accepted_at),
        "returned_at": iso(dispute.returned_at), "return_tracking": dispute.return_tracking,
    }


def cancel_request_record(request: CancelRequest | None) -> dict[str, Any] | None:
    if request is None:
        return None
    return {
        "reason": request.reason, "requested_at": iso(request.requested_at),
        "note": request.note, "report_seller": request.report_seller,
    }


def to_record(order: Order) -> dict[str, Any]:
    """The order as stored (its id is the TinyDB document id, not a field)."""
    return {
        "order_no": order.order_no, "item": order.item, "qty": order.qty,
        "price": str(order.price), "currency": order.currency, "seller": order.seller,
        "status": str(order.status), "payment_method": order.payment_method,
        "processing_days": order.processing_days, "extension_days": order.extension_days,
        "protection_days": order.protection_days, "tracking": order.tracking,
        "protection_extension_days": order.protection_extension_days,
        "placed_at": iso(order.placed_at), "paid_at": iso(order.paid_at),
        "shipped_at": iso(order.shipped_at), "received_at": iso(order.received_at),
        "cancel_request": cancel_request_record(order.cancel_request),
        "refund": refund_record(order.refund),
        "dispute": dispute_record(order.dispute),
        "events": [event_record(e) for e in order.events],
        # Always written: a save keeps the stored keys it does not write (storage.Repository.save).
        "page_deadlines": page_record(order),
    }


def page_record(order: Order) -> dict[str, str | None]:
    return {kind: iso(at) for kind, at in order.page_deadlines.items()}


_EVENT_KEYS = frozenset({"at", "kind", "by"})


def from_record(order_id: int, r: dict[str, Any]) -> Order:
    refund = r.get("refund")
    dispute = r.get("dispute")
    request = r.get("cancel_request")
    return Order(
        id=order_id, order_no=r.get("order_no"), item=r["item"], qty=r.get("qty", 1),
        price=amount(r["price"]), currency=r["currency"], seller=r.get("seller"),
        status=Status(r["status"]), payment_method=r.get("payment_method"),
        processing_days=r.get("processing_days"), extension_days=r.get("extension_days", 0),
        protection_days=r.get("protection_days"), tracking=r.get("tracking"),
        protection_extension_days=r.get("protection_extension_days", 0),
        placed_at=instant(r["placed_at"]), paid_at=instant(r.get("paid_at")),
        shipped_at=instant(r.get("shipped_at")), received_at=instant(r.get("received_at")),
        cancel_request=None if request is None else CancelRequest(
            request["reason"], instant(request["requested_at"]), request.get("note"),
            bool(request.get("report_seller")),
        ),
        refund=None if refund is None else Refund(
            amount(refund["amount"]), refund["currency"], refund.get("method"), refund["status"],
            instant(refund["started_at"]), instant(refund["eta_from"]), instant(refund["eta_to"]),
            instant(refund.get("received_at")),
        ),
        dispute=None if dispute is None else Dispute(
            dispute["reason"], dispute["stage"], instant(dispute["opened_at"]),
            dispute.get("note"), instant(dispute.get("closed_at")),
            claim=_decimal(dispute.get("claim")), offer=dispute.get("offer"),
            offer_amount=_decimal(dispute.get("offer_amount")), offered_at=instant(dispute.get("offered_at")),
            accepted_at=instant(dispute.get("accepted_at")), returned_at=instant(dispute.get("returned_at")),
            return_tracking=dispute.get("return_tracking"),
        ),
        events=tuple(
            Event(instant(e["at"]), e["kind"], e.get("by"),
                  {k: v for k, v in e.items() if k not in _EVENT_KEYS})
            for e in _events(r.get("events", []))
        ),
        page_deadlines={kind: instant(at) for kind, at in dict(r.get("page_deadlines") or {}).items()},
    )


def _events(events: Any) -> list[dict[str, Any]]:
    if type(events) is not list or not all(type(e) is dict for e in events):
        raise TypeError("its events are not a list of objects")
    return events


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def order_json(order: Order, deadlines: dict[str, datetime | None]) -> dict[str, Any]:
    """The `--json` shape of one order, as the contract gives it, built from the Order itself
    (never copied from the stored record: a storage key a migration renames must not rename
    a public one). The refund, dispute, request and events share their shapes with the
    stored record today (the *_record functions); a migration that renames one of those
    keys must give the public shape its own function first."""
    return {
        "id": order.id, "order_no": order.order_no, "item": order.item, "qty": order.qty,
        "price": str(order.price), "currency": order.currency, "seller": order.seller,
        "status": str(order.status), "payment_method": order.payment_method,
        "placed_at": iso(order.placed_at),
        "deadlines": {kind: iso(at) for kind, at in deadlines.items()},
        "refund": refund_record(order.refund),
        "dispute": dispute_record(order.dispute),
        "events": [event_record(e) for e in order.events],
        "cancel_request": cancel_request_record(order.cancel_request),
        "processing_days": order.processing_days, "extension_days": order.extension_days,
        "protection_days": order.protection_days,
        "protection_extension_days": order.protection_extension_days, "tracking": order.tracking,
        "paid_at": iso(order.paid_at), "shipped_at": iso(order.shipped_at),
        "received_at": iso(order.received_at),
        # Those of `deadlines` read off the order page.
        "page_deadlines": page_record(order),
    }
