"""aliorder's own `list --json`: a list of orders, for moving orders between databases."""

from __future__ import annotations

from typing import Iterator

from . import BadRow, Cell, Format, Found, Source, text

NAME = "aliorder"
KEYS = frozenset({"id", "item", "price", "currency", "status", "placed_at", "events"})


def recognise(source: Source) -> bool:
    doc = source.document
    if source.is_json and doc == []:
        return True  # `list --json` of a database with no orders
    return (source.is_json and isinstance(doc, list) and bool(doc) and isinstance(doc[0], dict)
            and KEYS <= doc[0].keys())


def read(source: Source) -> Iterator[Found | BadRow]:
    import orjson

    for number, order in enumerate(source.document, start=1):
        if not isinstance(order, dict) or not KEYS <= order.keys():
            yield BadRow(number, "order", "this entry is not an aliorder order")
            continue
        order_no = text(order.get("order_no"))
        key = orjson.dumps(order, option=orjson.OPT_SORT_KEYS).decode()
        yield Found(line=number, order_no=order_no or "", status=[Cell("status", order.get("status"))],
                    placed=Cell("placed_at", order.get("placed_at")), record=order, key=key)


FORMAT = Format(NAME, "aliorder list --json", read, recognise)
