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
    width = len(header)
    i_no, i_date, i_status, i_store = at["Order Id"], at["Order date"], at["Order Status"], at["Store Name"]
    i_title, i_total = at["Item title"], at[TOTAL]
    i_cur, i_track, i_pay = at.get("Currency"), at.get("Tracking number"), at.get("Payment method")
    i_price, i_qty = at.get("Item price"), at.get("Item quantity")
    orders: dict[str, Found] = {}
    numbers: dict[str, str] = {}  # the cell as written -> the order number it gives
    for line, row in source.rows():
        if len(row) < width:
            row = row + [""] * (width - len(row))
        raw = row[i_no]
        number = numbers.get(raw)
        if number is None:
            try:
                number = numbers[raw] = order_number(line, "Order Id", raw)
            except BadRow as bad:
                yield bad
                continue
        found = orders.get(number)
        if found is None:
            cur = row[i_cur] if i_cur is not None else ""
            found = orders[number] = Found(
                line=line, order_no=number, status=[Cell("Order Status", row[i_status])],
                placed=Cell("Order date", row[i_date]),
                currency=Cell("Currency", cur) if cur.strip() else None,
                seller=text(row[i_store]),
            )
        found.key += "\x1e" + "\x1f".join(row)
        if found.tracking is None and i_track is not None:
            found.tracking = text(row[i_track])
        if found.payment_method is None and i_pay is not None:
            found.payment_method = text(row[i_pay])
        title = row[i_title].strip()
        if title:
            found.items.append(Item(title, Cell("Item quantity", row[i_qty]) if i_qty is not None else None,
                                    Cell("Item price", row[i_price]) if i_price is not None else None))
        elif row[i_total].strip():
            found.total = Cell(TOTAL, row[i_total])  # the summary row
    yield from orders.values()


FORMAT = Format(NAME, 'the "AliExpress CSV Export" browser extension', read, recognise)
