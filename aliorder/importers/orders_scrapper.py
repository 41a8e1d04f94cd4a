"""andrew-melnyk/aliexpress-orders-scrapper: Papa.unparse of one row per product (the
order's number on each; `aliorder.importers.group` makes one order of them); `Currency` is the two letters before the site's `$`, `Price` unit x qty)."""

from __future__ import annotations

from typing import Iterator

from . import BadRow, Cell, Format, Found, Item, Source, column_index, order_number, text

NAME = "orders-scrapper"
COLUMNS = ("Order ID", "Order Date", "Status", "Product Title", "Product Link", "Currency", "Price",
           "Store Name", "Store Link")


def recognise(source: Source) -> bool:
    return not source.is_json and tuple(h.strip() for h in source.header()) == COLUMNS


def read(source: Source) -> Iterator[Found | BadRow]:
    at = column_index(source.header(), source, COLUMNS)
    get = lambda row, name: row[at[name]] if at[name] < len(row) else None  # noqa: E731
    for line, row in source.rows():
        try:
            number = order_number(line, "Order ID", get(row, "Order ID"))
        except BadRow as bad:
            yield bad
            continue
        currency = text(get(row, "Currency"))
        if currency is not None and len(currency) == 2 and currency.isalpha():
            currency += "$"  # the scrapper keeps "US" of "US $26.70"
        title = text(get(row, "Product Title"))
        yield Found(
            line=line, order_no=number, status=[Cell("Status", get(row, "Status"))],
            placed=Cell("Order Date", get(row, "Order Date")),
            currency=Cell("Currency", currency) if currency else None,
            # One row per product: its price is the product's (unit x qty), the order's the sum.
            items=[Item(title, None, Cell("Price", get(row, "Price")) if text(get(row, "Price")) else None)],
            seller=text(get(row, "Store Name")),
            key="\x1f".join(row),
        )


FORMAT = Format(NAME, "andrew-melnyk/aliexpress-orders-scrapper", read, recognise)
