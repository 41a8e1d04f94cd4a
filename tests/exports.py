"""Files as the exporters write them, with the quirks of their own code (see tests/fixtures/import/
for one of each): for tests that vary one value, and for the import benchmark's 10,000 orders.

Each writer takes a list of dicts with the keys `no`, `date`, `status`, `title`, `price`, `qty`,
`total`, `currency` (any may be left out) and writes one file the way that exporter does."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

CSV_EXPORT_HEADER = ["Order Id", "Order date", "Order Status", "Order detail url", "Store Name", "Store url",
                     "Currency", "Tracking number", "Tracking link", "Item title", "Item price", "Item quantity",
                     "Item attributes", "Item image url", "Item product link", "Total order net price",
                     "Total Shipping", "Total price adjustments", "Total discount", "Total EU Tax", "Total VAT",
                     "Total price", "Buyer Full Name", "Buyer address", "Buyer Phone Number", "Buyer country",
                     "Buyer region", "Buyer ZIP", "Buyer city", "Payment method"]


def _defaults(i: int, o: dict) -> dict:
    return {"no": str(8100000000000001 + i), "date": "Aug 3, 2025", "status": "Completed",
            "title": f"Item number {i}", "price": "US $3.50", "qty": "1", "currency": "USD", **o}


def csv_export(path: Path, orders: list[dict], bom: bool = True, items: int = 1) -> Path:
    """Every field quoted, a BOM, item rows, then a summary row (none for an unpaid order)."""
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(CSV_EXPORT_HEADER)
    for i, o in enumerate(orders):
        o = _defaults(i, o)
        url = f"https://www.aliexpress.com/p/order/detail.html?orderId={o['no']}"
        base = [o["no"], o["date"], o["status"], url, "Shop A Store", "https://www.aliexpress.com/store/1",
                o["currency"], "LP00123", "https://global.cainiao.com/detail.htm?mailNoList=LP00123"]
        buyer = ["Ann Buyer", "1 Main St", "+1 555 0100", "US", "CA", "90210", "Springfield", "PayPal"]
        for n in range(items):
            w.writerow(base + [o["title"] if n == 0 else f"{o['title']} part {n}", o["price"], o["qty"], "Color: Black",
                               "https://ae01.alicdn.com/kf/S1.jpg", "https://www.aliexpress.com/item/1005001.html"]
                       + [""] * 7 + buyer)
        if "total" in o:
            w.writerow(base + [""] * 6 + [o["total"], "US $0.00", "US $0.00", "US $0.00", "US $0.00", "US $0.00",
                                          o["total"]] + buyer)
    Path(path).write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode())
    return Path(path)


NRBROOK_HEADER = ["order_id", "order_date", "status", "total_price_text", "currency", "store_name", "order_title",
                  "order_titles", "item_image_url", "order_line_count", "payment_method", "shipping_contact_name",
                  "shipping_country_code", "shipping_post_code", "shipping_region_address",
                  "shipping_detail_address", "shipping_phone", "order_detail_url", "invoice_page_url",
                  "invoice_pdf_paths", "list_json", "detail_json", "invoice_info_json"]


def nrbrook(path: Path, orders: list[dict]) -> Path:
    """csv.DictWriter, newline="" (\\r\\n), minimal quoting, ISO order dates, the site's total text."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        w = csv.DictWriter(handle, fieldnames=NRBROOK_HEADER)
        w.writeheader()
        for i, o in enumerate(orders):
            o = {"date": "2025-08-03", "total": "US $3.50", **o}
            o = _defaults(i, o)
            lines = [{"itemTitle": o["title"], "quantity": int(o["qty"])}]
            w.writerow({"order_id": o["no"], "order_date": o["date"], "status": o["status"],
                        "total_price_text": o["total"], "currency": o["currency"], "store_name": "UK Gadgets",
                        "order_title": o["title"], "order_titles": o["title"], "item_image_url": "",
                        "order_line_count": "1", "payment_method": o.get("payment", ""), "shipping_contact_name": "Ann",
                        "shipping_country_code": "GB", "shipping_post_code": "", "shipping_region_address": "",
                        "shipping_detail_address": "", "shipping_phone": "", "order_detail_url": "",
                        "invoice_page_url": "", "invoice_pdf_paths": "[]",
                        "list_json": json.dumps({"orderId": o["no"], "orderLines": lines}),
                        "detail_json": "{}", "invoice_info_json": "[]"})
    return Path(path)


def orders_scrapper(path: Path, orders: list[dict]) -> Path:
    """Papa.unparse: \\r\\n, quotes only where needed; Currency is the "US" before "$"."""
    rows = [["Order ID", "Order Date", "Status", "Product Title", "Product Link", "Currency", "Price",
             "Store Name", "Store Link"]]
    for i, o in enumerate(orders):
        o = _defaults(i, {"price": "3.50", "currency": "US", **o})
        rows.append([o["no"], o["date"], o["status"], o["title"], "https://www.aliexpress.com/item/1.html",
                     o["currency"], o["price"], "Bike World", "https://www.aliexpress.com/store/5505"])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    Path(path).write_text(out.getvalue().rstrip("\r\n"), encoding="utf-8")
    return Path(path)


PARCEL_HEADER = ["orderId", "placedAt", "seller", "status", "rawStatus", "currency", "itemsSubtotal", "shipping",
                 "discount", "tax", "total", "total_USD", "refunded", "trackingNos", "items"]


def parcel_csv(path: Path, orders: list[dict], delimiter: str = ",") -> Path:
    """csvEscape (quotes only around '"', ',' and newlines), rows joined by \\n, ISO times with ms."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    w.writerow(PARCEL_HEADER)
    for i, o in enumerate(orders):
        o = _defaults(i, {"no": str(5002000000000001 + i), "date": "2025-08-03T10:00:00.000Z",
                          "status": "COMPLETED", "price": "3.5", **o})
        w.writerow([o["no"], o["date"], "Moto Parts", o["status"], "Completed", o["currency"], o["price"], "0",
                    "", "", o["price"], o["price"], "", "RB1", f"{o['qty']}x {o['title']}"])
    Path(path).write_text(out.getvalue().rstrip("\n"), encoding="utf-8")
    return Path(path)


OD_HEADER = ["Order Number", "Order Date", "Subtotal", "Shipping and Tax", "Total Order Amount", "Store Name",
             "Order Status", "Tracking Number", "Tracking Status", "Tracking Status Last Updated", "Tracking Link",
             "Product Title", "Option", "Price", "Quantity", "Pieces Per Pack", "Total Quantity", "Landed Cost",
             "Product URL", "Image URL"]


def order_downloader(path: Path, orders: list[dict], header: bool = True) -> Path:
    """The detail page's clipboard text: tabs, a trailing tab, M/D/YYYY, bare amounts, quoted titles."""
    lines = ["\t".join(OD_HEADER) + "\t"] if header else []
    for i, o in enumerate(orders):
        o = _defaults(i, {"date": "8/3/2025", "price": "3.50", **o})
        lines.append("\t".join([o["no"], o["date"], o["price"], "0.00", o["price"], "Tool Shop", o["status"],
                                "YT1", "Delivered", "8/20/2025", "https://t.17track.net/en#nums=YT1",
                                f'"{o["title"]}"', '"Black"', o["price"], o["qty"], "1", o["qty"], o["price"],
                                "https://www.aliexpress.com/item/1.html", "'https://ae01.alicdn.com/kf/z.jpg'"]) + "\t")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
