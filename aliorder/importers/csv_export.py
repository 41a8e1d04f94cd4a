"""The "AliExpress CSV Export" browser extension: every field quoted, a UTF-8 BOM, one row
per item, then one summary row per order carrying the totals."""

from __future__ import annotations

from typing import Iterator

from . import BadRow, Cell, Format, Found, Item, Source, column_index, order_number, text

NAME = "csv-export"
COLUMNS = ("Order Id", "Order date", "Order Status", "Order detail url", "Store Name")
TOTAL = "Total price"


def recognise(source: Source) -> bool:
    if source.is_json:
        return False
    header = [h.strip() for h in source.header()]
    return header[:5] == list(COLUMNS) and TOTAL in header


def read(source: Source) -> Iterator[Found | BadRow]:
    header = source.header()
    at = column_index(header, source, (*COLUMNS, TOTAL, "Item title"))
    get = lambda row, name: row[at[name]] if name in at and at[name] < len(row) else None  # noqa: E731
    orders: dict[str, Found] = {}
    for line, row in source.rows():
        try:
            number = order_number(line, "Order Id", get(row, "Order Id"))
        except BadRow as bad:
            yield bad
            continue
        found = orders.get(number)
        if found is None:
            found = orders[number] = Found(
                line=line, order_no=number,
                status=[Cell("Order Status", get(row, "Order Status"))],
                placed=Cell("Order date", get(row, "Order date")),
                currency=Cell("Currency", get(row, "Currency")) if text(get(row, "Currency")) else None,
                seller=text(get(row, "Store Name")),
            )
        found.key += "\x1e" + "\x1f".join(row)
        found.tracking = found.tracking or text(get(row, "Tracking number"))
        found.payment_method = found.payment_method or text(get(row, "Payment method"))
        title = text(get(row, "Item title"))
        if title is not None:
            found.items.append(Item(title, Cell("Item quantity", get(row, "Item quantity")),
                                    Cell("Item price", get(row, "Item price"))))
        elif text(get(row, TOTAL)) is not None:
            found.total = Cell(TOTAL, get(row, TOTAL))  # the summary row
    yield from orders.values()


FORMAT = Format(NAME, 'the "AliExpress CSV Export" browser extension', read, recognise)
