"""andrew-melnyk/aliexpress-orders-scrapper: Papa.unparse of one row per product (the
order's number on each; `aliorder.importers.group` makes one order of them); `Currency` is the two letters before the site's `$`, `Price` unit x qty)."""

from __future__ import annotations

from typing import Iterator

from . import BadRow, Cell, Format, Found, Item, Source, numbered_rows, text

NAME = "orders-scrapper"
COLUMNS = ("Order ID", "Order Date", "Status", "Product Title", "Product Link", "Currency", "Price",
           "Store Name", "Store Link")


def recognise(source: Source) -> bool:
    return not source.is_json and tuple(h.strip() for h in source.header()) == COLUMNS


def read(source: Source) -> Iterator[Found | BadRow]:
    for row in numbered_rows(source, COLUMNS, "Order ID"):
        if isinstance(row, BadRow):
            yield row
            continue
        currency = text(row.get("Currency"))
        if currency is not None and len(currency) == 2 and currency.isalpha():
            currency += "$"  # the scrapper keeps "US" of "US $26.70"
        title = text(row.get("Product Title"))
        yield Found(
            line=row.line, order_no=row.order_no, status=[Cell("Status", row.get("Status"))],
            placed=Cell("Order Date", row.get("Order Date")),
            currency=Cell("Currency", currency) if currency else None,
            # One row per product: its price is the product's (unit x qty), the order's the sum.
            items=[Item(title, None, Cell("Price", row.get("Price")) if text(row.get("Price")) else None)],
            seller=text(row.get("Store Name")),
            key="\x1f".join(row.cells),
        )


FORMAT = Format(NAME, "andrew-melnyk/aliexpress-orders-scrapper", read, recognise)
