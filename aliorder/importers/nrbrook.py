"""nrbrook/AliExpress-Order-Export: its orders file aliexpress_orders_*.csv (csv.DictWriter,
one row per order; the header is an empty line when nothing was exported)."""

from __future__ import annotations

import json
from typing import Any, Iterator

from . import BadRow, Cell, Format, Found, Item, Source, numbered_rows, text

NAME = "nrbrook"
COLUMNS = ("order_id", "order_date", "status", "total_price_text", "currency", "store_name", "order_title")


def recognise(source: Source) -> bool:
    if source.is_json:
        return False
    if not source.text.strip():
        return True  # what it writes when no order was in the range: just an empty header line
    return tuple(h.strip() for h in source.header()[:7]) == COLUMNS


def _json(value: str | None) -> Any:
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None


def _find(doc: Any, key: str) -> Any:
    """The first value under `key` anywhere in a nested JSON document."""
    if isinstance(doc, dict):
        if text(doc.get(key)) is not None:
            return doc[key]
        for value in doc.values():
            if (found := _find(value, key)) is not None:
                return found
    elif isinstance(doc, list):
        for value in doc:
            if (found := _find(value, key)) is not None:
                return found
    return None


def read(source: Source) -> Iterator[Found | BadRow]:
    if not source.text.strip():
        return
    for row in numbered_rows(source, COLUMNS, "order_id"):
        if isinstance(row, BadRow):
            yield row
            continue
        detail = _json(row.get("detail_json"))
        lines = _dict_get(_json(row.get("list_json")), "orderLines")
        created = _find(detail, "orderCreatTime")
        pay_time = _find(detail, "payTime")
        qty = None
        if isinstance(lines, list) and lines:
            try:
                qty = sum(int(line_.get("quantity", 1)) for line_ in lines if isinstance(line_, dict))
            except (TypeError, ValueError):
                qty = None
        count = text(row.get("order_line_count"))
        title = text(row.get("order_title"))
        yield Found(
            line=row.line, order_no=row.order_no, status=[Cell("status", row.get("status"))],
            placed=(Cell("detail_json.orderCreatTime", created) if created is not None
                    else Cell("order_date", row.get("order_date"))),
            total=Cell("total_price_text", row.get("total_price_text")),
            currency=Cell("currency", row.get("currency")) if text(row.get("currency")) else None,
            items=[Item(title)] if title else [],
            item_count=int(count) if count and count.isascii() and count.isdigit() else None,
            qty_total=qty,
            seller=text(row.get("store_name")),
            payment_method=text(row.get("payment_method")) or text(_find(detail, "paymentMethod")),
            paid=Cell("detail_json.payTime", pay_time) if pay_time is not None else None,
            key="\x1f".join(row.cells),
        )


def _dict_get(doc: Any, key: str) -> Any:
    return doc.get(key) if isinstance(doc, dict) else None


FORMAT = Format(NAME, "nrbrook/AliExpress-Order-Export", read, recognise)
