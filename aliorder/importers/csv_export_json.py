"""The "AliExpress CSV Export" extension's JSON backup: a list of orders."""

from __future__ import annotations

from typing import Any, Iterator

from . import BadRow, Cell, Format, Found, Item, Source, order_number, text

NAME = "csv-export-json"
KEYS = frozenset({"orderId", "orderDate", "status", "items", "priceData"})


def recognise(source: Source) -> bool:
    doc = source.document
    return (source.is_json and isinstance(doc, list) and bool(doc) and isinstance(doc[0], dict)
            and KEYS <= doc[0].keys())


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def read(source: Source) -> Iterator[Found | BadRow]:
    import orjson

    for number, order in enumerate(source.document, start=1):
        if not isinstance(order, dict):
            yield BadRow(number, "order", "this entry is not an order")
            continue
        try:
            order_no = order_number(number, "orderId", order.get("orderId"))
        except BadRow as bad:
            yield bad
            continue
        placed = order.get("orderDateTimestampFormat")
        placed_cell = (Cell("orderDateTimestampFormat", placed) if text(placed) is not None
                       else Cell("orderDate", order.get("orderDate")))
        items = []
        for item in order.get("items") or ():
            item = _dict(item)
            items.append(Item(text(item.get("title")), Cell("items.quantity", item.get("quantity")),
                              Cell("items.priceAmount", item.get("priceAmount", item.get("price")))))
        total = _dict(order.get("priceData")).get("total")
        currency = order.get("currency")
        yield Found(
            line=number, order_no=order_no, status=[Cell("status", order.get("status"))],
            placed=placed_cell, items=items,
            total=Cell("priceData.total", total) if text(total) is not None else None,
            currency=Cell("currency", currency) if text(currency) else None,
            seller=text(_dict(order.get("seller")).get("storeName")),
            tracking=text(_dict(order.get("trackingData")).get("trackingNumber")),
            payment_method=text(order.get("paymentMethod")),
            key=orjson.dumps(order).decode(),
        )


FORMAT = Format(NAME, 'the "AliExpress CSV Export" extension\'s JSON backup', read, recognise)
