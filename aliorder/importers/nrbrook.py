"""nrbrook/AliExpress-Order-Export: its orders file aliexpress_orders_*.csv (csv.DictWriter,
one row per order; the header is an empty line when nothing was exported)."""

from __future__ import annotations

import json
from typing import Any, Iterator

from . import BadRow, Cell, Format, Found, Item, Source, column_index, order_number, text

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
    at = column_index(source.header(), source, COLUMNS)
    get = lambda row, name: row[at[name]] if name in at and at[name] < len(row) else None  # noqa: E731
    for line, row in source.rows():
        try:
            number = order_number(line, "order_id", get(row, "order_id"))
        except BadRow as bad:
            yield bad
            continue
        detail = _json(get(row, "detail_json"))
        lines = _dict_get(_json(get(row, "list_json")), "orderLines")
        created = _find(detail, "orderCreatTime")
        pay_time = _find(detail, "payTime")
        qty = None
        if isinstance(lines, list) and lines:
            try:
                qty = sum(int(line_.get("quantity", 1)) for line_ in lines if isinstance(line_, dict))
            except (TypeError, ValueError):
                qty = None
        count = text(get(row, "order_line_count"))
        title = text(get(row, "order_title"))
        yield Found(
            line=line, order_no=number, status=[Cell("status", get(row, "status"))],
            placed=(Cell("detail_json.orderCreatTime", created) if created is not None
                    else Cell("order_date", get(row, "order_date"))),
            total=Cell("total_price_text", get(row, "total_price_text")),
            currency=Cell("currency", get(row, "currency")) if text(get(row, "currency")) else None,
            items=[Item(title)] if title else [],
            item_count=int(count) if count and count.isdigit() else None,
            qty_total=qty,
            seller=text(get(row, "store_name")),
            payment_method=text(get(row, "payment_method")) or text(_find(detail, "paymentMethod")),
            paid=Cell("detail_json.payTime", pay_time) if pay_time is not None else None,
            key="\x1f".join(row),
        )


def _dict_get(doc: Any, key: str) -> Any:
    return doc.get(key) if isinstance(doc, dict) else None


FORMAT = Format(NAME, "nrbrook/AliExpress-Order-Export", read, recognise)
