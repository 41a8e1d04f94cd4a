"""ElMagoCT/aliexpress-parcel-intelligence: its CSV (Finance, Export CSV) and its JSON
export `{"exportedAt", "orders", "items", "parcels", "events"}` (times in epoch ms)."""

from __future__ import annotations

import re
from typing import Any, Iterator

from . import BadRow, Cell, Format, Found, Item, Source, numbered_rows, order_number, text

NAME = "parcel-intelligence"
COLUMNS = ("orderId", "placedAt", "seller", "status", "rawStatus", "currency")
_ITEM = re.compile(r"^\s*(\d+)x (.*)$", re.S)


def recognise(source: Source) -> bool:
    if source.is_json:
        doc = source.document
        return isinstance(doc, dict) and "exportedAt" in doc and isinstance(doc.get("orders"), list)
    header = [h.strip() for h in source.header()]
    return tuple(header[:6]) == COLUMNS and "total" in header


def read(source: Source) -> Iterator[Found | BadRow]:
    return _read_json(source) if source.is_json else _read_csv(source)


def _statuses(status: Any, raw: Any) -> list[Cell]:
    # The enum first; its catch-alls (UNKNOWN, REFUNDED) say less than the site's own words.
    enum, words = Cell("status", status), Cell("rawStatus", raw)
    if text(status) in (None, "UNKNOWN", "REFUNDED") and text(raw) is not None:
        return [words, enum]
    return [enum, words]


def _read_csv(source: Source) -> Iterator[Found | BadRow]:
    for row in numbered_rows(source, (*COLUMNS, "total", "items"), "orderId"):
        if isinstance(row, BadRow):
            yield row
            continue
        items = []
        for part in (text(row.get("items")) or "").split(" | "):
            if (m := _ITEM.match(part)) is not None:
                items.append(Item(m.group(2).strip() or None, Cell("items", m.group(1))))
            elif part.strip():
                items.append(Item(part.strip()))
        tracking = (text(row.get("trackingNos")) or "").split()
        yield Found(
            line=row.line, order_no=row.order_no, status=_statuses(row.get("status"), row.get("rawStatus")),
            placed=Cell("placedAt", row.get("placedAt")),
            total=Cell("total", row.get("total")) if text(row.get("total")) is not None else None,
            currency=Cell("currency", row.get("currency")) if text(row.get("currency")) else None,
            items=items, seller=text(row.get("seller")),
            tracking=tracking[0] if tracking else None,
            key="\x1f".join(row.cells),
        )


def _read_json(source: Source) -> Iterator[Found | BadRow]:
    import orjson

    doc = source.document
    items: dict[str, list[dict[str, Any]]] = {}
    for item in doc.get("items") or ():
        if isinstance(item, dict):
            items.setdefault(str(item.get("orderId")), []).append(item)
    parcels: dict[str, list[dict[str, Any]]] = {}
    for parcel in doc.get("parcels") or ():
        if isinstance(parcel, dict):
            for order_id in parcel.get("orderIds") or ():
                parcels.setdefault(str(order_id), []).append(parcel)
    for number, order in enumerate(doc["orders"], start=1):
        if not isinstance(order, dict):
            yield BadRow(number, "orders", "this entry is not an order")
            continue
        if order.get("platform") not in (None, "aliexpress"):
            continue  # the extension also keeps orders from other shops, captured by hand
        try:
            order_no = order_number(number, "orderId", order.get("orderId"))
        except BadRow as bad:
            yield bad
            continue
        its = items.get(order_no, [])
        sent = [p for p in parcels.get(order_no, []) if p.get("shippedAt")]
        arrived = [p for p in parcels.get(order_no, []) if p.get("deliveredAt")]
        tracking = order.get("trackingNos") or []
        total = order.get("orderTotal")
        yield Found(
            line=number, order_no=order_no,
            status=_statuses(order.get("status"), order.get("rawStatus")),
            placed=Cell("placedAt", order.get("placedAt")),
            total=Cell("orderTotal", total) if total is not None else None,
            currency=Cell("currency", order.get("currency")) if text(order.get("currency")) else None,
            items=[Item(text(i.get("title")), Cell("items.qty", i.get("qty")),
                        Cell("items.unitPrice", i.get("unitPrice")) if i.get("unitPrice") is not None else None)
                   for i in its],
            seller=text(order.get("sellerName")),
            tracking=text(tracking[0]) if isinstance(tracking, list) and tracking else None,
            payment_method=text(order.get("paymentMethod")),
            shipped=Cell("parcels.shippedAt", min(p["shippedAt"] for p in sent)) if sent else None,
            received=Cell("parcels.deliveredAt", max(p["deliveredAt"] for p in arrived)) if arrived else None,
            protection_ends=(Cell("protectionEndsAt", order["protectionEndsAt"])
                             if order.get("protectionEndsAt") else None),
            exported=Cell("exportedAt", doc["exportedAt"]) if doc.get("exportedAt") else None,
            key=orjson.dumps([order, its, sent, arrived]).decode(),
        )


FORMAT = Format(NAME, "ElMagoCT/aliexpress-parcel-intelligence", read, recognise)
