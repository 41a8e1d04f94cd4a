"""chriskomus/aliexpress-order-downloader: tab-separated text copied to the clipboard from
the order list page (bulk-order-download.js) or one order's detail page
(order-detail-download.js). One line per item, every line ending in a tab; dates M/D/YYYY;
amounts stripped to digits (no currency anywhere); titles wrapped in quotes that are not
CSV quoting; "undefined" where the page had nothing. The list page's "Copy Header Row"
button copies nothing, so a pasted file may have no header."""

from __future__ import annotations

import re
from typing import Iterator

from . import BadRow, Cell, Format, Found, Item, Source, order_number, text

NAME = "order-downloader"
COLUMNS = ("Order Number", "Order Date", "Subtotal", "Shipping and Tax", "Total Order Amount",
           "Store Name", "Order Status", "Tracking Number", "Tracking Status",
           "Tracking Status Last Updated", "Tracking Link", "Product Title", "Option", "Price",
           "Quantity", "Pieces Per Pack", "Total Quantity", "Landed Cost", "Product URL", "Image URL")
_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$|^NaN/NaN/NaN$")


def _fields(line: str) -> list[str]:
    return line.rstrip("\r\n").split("\t")


def _has_header(source: Source) -> bool:
    return _fields(source.first_line)[:2] == ["Order Number", "Order Date"]


def recognise(source: Source) -> bool:
    if source.is_json:
        return False
    if _has_header(source):
        return True
    first = _fields(source.first_line)
    return len(first) >= len(COLUMNS) and first[0].strip().isdigit() and bool(_DATE.match(first[1].strip()))


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def read(source: Source) -> Iterator[Found | BadRow]:
    lines = source.text.split("\n")
    start = 1 if _has_header(source) else 0
    orders: dict[str, Found] = {}
    for number, raw in enumerate(lines[start:], start=start + 1):
        if not raw.strip():
            continue
        row = [_unquote(f) for f in _fields(raw)]
        row += [""] * (len(COLUMNS) - len(row))
        get = dict(zip(COLUMNS, row)).get
        try:
            order_no = order_number(number, "Order Number", get("Order Number"))
        except BadRow as bad:
            yield bad
            continue
        found = orders.get(order_no)
        if found is None:
            found = orders[order_no] = Found(
                line=number, order_no=order_no, status=[Cell("Order Status", get("Order Status"))],
                placed=Cell("Order Date", get("Order Date")), month_first=True,
                total=Cell("Total Order Amount", get("Total Order Amount")),
                seller=text(get("Store Name")), tracking=text(get("Tracking Number")),
            )
        found.key += "\x1e" + raw
        title = text(get("Product Title"))
        quantity = text(get("Quantity"))
        found.items.append(Item(title, Cell("Quantity", quantity) if quantity else None,
                                Cell("Price", get("Price")) if text(get("Price")) else None))
    yield from orders.values()


FORMAT = Format(NAME, "chriskomus/aliexpress-order-downloader", read, recognise)
