"""aliorder import: every exporter's file, again and again, forward only (CONTRACT.md Part two)."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from .conftest import T0, days, run_process
from .exports import csv_export, nrbrook, order_downloader, orders_scrapper, parcel_csv

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def imported(run, *args: str, at=None):
    ran = run("import", *args, at=at)
    assert ran.exit_code == 0, (ran.stdout, ran.stderr)
    return ran


def order(run, ref) -> dict:
    return run.ok("show", str(ref), "--json").json()


def by_no(run) -> dict[str, dict]:
    return {o["order_no"]: o for o in run.ok("list", "--json").json()}


def kinds(o: dict) -> list[str]:
    return [e["kind"] for e in o["events"]]


# --- each format, from its fixture ------------------------------------------------


def test_csv_export_items_summary_rows_and_bom(run):
    ran = imported(run, fixture("csv-export.csv"))
    assert ran.stdout.strip() == (f"Imported {fixture('csv-export.csv')} (csv-export): "
                                  "5 new, 0 updated, 0 unchanged, 0 skipped.")
    orders = by_no(run)
    two_items = orders["8100000000000001"]
    assert two_items["item"] == "USB-C cable 1m (+1 more)"
    assert two_items["qty"] == 3  # 2 + 1
    assert (two_items["price"], two_items["currency"]) == ("9.99", "USD")  # the summary row, not 2*3.50+2.49
    assert two_items["seller"] == "Shop A Store"
    assert two_items["payment_method"] == "PayPal"
    assert two_items["tracking"] == "LP00123456789012"
    assert two_items["status"] == "completed"
    assert kinds(two_items) == ["placed", "paid", "shipped", "received", "completed"]
    polish = orders["8100000000000003"]
    assert (polish["price"], polish["currency"], polish["status"]) == ("129.46", "PLN", "completed")
    assert polish["placed_at"] == "2025-08-03T00:00:00+00:00"  # "3. Aug 2025", local zone UTC here
    no_summary = orders["8100000000000004"]  # awaiting payment: no summary row, the items' sum
    assert (no_summary["price"], no_summary["currency"], no_summary["qty"]) == ("13.50", "EUR", 3)
    assert orders["8100000000000005"]["status"] == "cancelled"  # Closed
    assert orders["8100000000000002"]["item"] == 'LED strip 5m "warm white"'


def test_csv_export_json_backup(run):
    imported(run, fixture("aliexpress-orders-backup.json"))
    orders = by_no(run)
    camera = orders["8400000000000001"]
    assert (camera["item"], camera["qty"], camera["price"]) == ("Camera strap (+1 more)", 3, "8.40")
    assert (camera["status"], camera["payment_method"], camera["tracking"]) == (
        "awaiting_delivery", "Apple Pay", "AE0001112223")
    german = orders["8400000000000002"]  # no total: the item's price; "12. Mär 2024"
    assert (german["price"], german["currency"], german["status"]) == ("2.99", "EUR", "completed")
    assert german["placed_at"] == "2024-03-12T00:00:00+00:00"


def test_nrbrook_orders_file_pay_time_and_symbols(run):
    imported(run, fixture("aliexpress_orders_2026-11-01_to_2027-02-28.csv"))
    orders = by_no(run)
    hdmi = orders["3001000000000001"]
    assert (hdmi["item"], hdmi["qty"], hdmi["price"], hdmi["currency"]) == (
        "HDMI cable 2m (+1 more)", 3, "12.40", "GBP")
    assert hdmi["placed_at"] == "2026-12-20T14:05:00+00:00"  # orderCreatTime from detail_json
    paid = hdmi["events"][1]
    assert paid == {"at": "2026-12-20T14:07:00+00:00", "kind": "paid", "by": "import"}  # payTime: not estimated
    assert hdmi["events"][2]["estimated"] is True
    assert hdmi["payment_method"] == "Visa"
    assert orders["3001000000000003"]["currency"] == "CHF"
    assert orders["3001000000000003"]["status"] == "awaiting_shipment"
    assert (orders["3001000000000004"]["price"], orders["3001000000000004"]["status"]) == ("50.00", "cancelled")
    disputed = orders["3001000000000005"]
    assert disputed["status"] == "in_dispute" and disputed["dispute"]["stage"] == "open"


def test_nrbrook_empty_header_when_nothing_was_exported(run, db_path):
    assert Path(fixture("aliexpress_orders_empty.csv")).read_bytes() == b"\r\n"
    ran = imported(run, fixture("aliexpress_orders_empty.csv"))
    assert "(nrbrook): 0 new, 0 updated, 0 unchanged, 0 skipped." in ran.stdout
    assert not db_path.exists()  # nothing to write, nothing written


def test_parcel_intelligence_csv(run):
    imported(run, fixture("aliexpress-orders-2027-02-28.csv"))
    orders = by_no(run)
    brakes = orders["5002000000000001"]
    assert (brakes["item"], brakes["qty"], brakes["price"], brakes["tracking"]) == (
        "Brake pad (+1 more)", 3, "14.00", "RB123456789CN")
    assert brakes["placed_at"] == "2027-01-10T08:15:30+00:00"
    assert orders["5002000000000002"]["item"] == 'Sticker "Race"'
    assert orders["5002000000000003"]["status"] == "awaiting_payment"
    assert orders["5002000000000004"]["status"] == "cancelled"  # REFUNDED, the site said Closed
    assert orders["5002000000000005"]["status"] == "completed"  # UNKNOWN, the site said Abgeschlossen


def test_parcel_intelligence_json_epoch_ms_and_parcel_times(run):
    imported(run, fixture("aliexpress-data-2027-02-28.json"))
    orders = by_no(run)
    assert "AMZ-1" not in orders  # the extension's hand-captured orders from other shops
    lube = orders["5002000000000011"]
    assert lube["placed_at"] == "2027-01-03T09:00:00+00:00"
    shipped = [e for e in lube["events"] if e["kind"] == "shipped"][0]
    assert shipped["at"] == "2027-01-05T16:20:00+00:00" and "estimated" not in shipped
    caps = orders["5002000000000012"]
    assert caps["status"] == "delivered" and caps["received_at"] == "2026-12-20T13:30:00+00:00"
    assert (caps["qty"], caps["price"]) == (4, "5.50")


def test_orders_scrapper(run):
    imported(run, fixture("aliexpress_orders_2027-02-28.csv"))
    orders = by_no(run)
    light = orders["8200000000000001"]
    assert (light["item"], light["price"], light["currency"], light["seller"]) == (
        "Bike light, USB rechargeable", "26.70", "USD", "Bike World")
    assert orders["8200000000000003"]["status"] == "awaiting_shipment"  # To ship


def test_order_downloader_needs_currency(run, db_path):
    ran = run("import", fixture("order-detail-8300000000000001.txt"))
    assert ran.exit_code == 2
    assert "names no currency" in ran.stderr and "--currency" in ran.stderr
    assert not db_path.exists()


def test_order_downloader_detail_and_list_layouts(run):
    imported(run, fixture("order-detail-8300000000000001.txt"), "--currency", "USD")
    ran = imported(run, fixture("order-list-paste.txt"), "--currency", "CAD")
    assert "(order-downloader): 2 new" in ran.stdout  # no header line: recognised by its shape
    orders = by_no(run)
    tips = orders["8300000000000001"]
    assert (tips["item"], tips["qty"], tips["price"], tips["tracking"]) == ("Soldering tips", 2, "11.50", "YT2402")
    assert tips["placed_at"] == "2027-02-14T00:00:00+00:00"  # 2/14/2027: M/D/YYYY
    blank = orders["8300000000000002"]  # the list page's image layout: "undefined" everywhere
    assert (blank["item"], blank["qty"], blank["tracking"]) == ("AliExpress order 8300000000000002", 1, None)
    assert orders["8300000000000003"]["placed_at"] == "2027-02-26T00:00:00+00:00"


def test_aliorder_list_json_moves_orders_between_databases(run, tmp_path):
    run.ok("place", "Mug", "--price", "4.00", "--currency", "EUR", at=T0 - days(3))
    run.ok("place", "Pen", "--price", "1.00", "--order-no", "999000111", at=T0 - days(2))
    run.ok("pay", "2", at=T0 - days(1))
    dump = tmp_path / "dump.json"
    dump.write_text(run.ok("list", "--json").stdout)
    other = tmp_path / "other.json"
    ran = imported(run, str(dump))
    assert "(aliorder): 0 new, 0 updated, 2 unchanged" in ran.stdout  # same database: both known
    moved = run("--db", str(other), "import", str(dump))
    assert moved.exit_code == 0 and "(aliorder): 2 new" in moved.stdout
    again = run("--db", str(other), "import", str(dump))
    assert "0 new, 0 updated, 2 unchanged" in again.stdout  # even the order without an order number
    pen = run.ok("--db", str(other), "show", "999000111", "--json").json()
    assert kinds(pen) == ["placed", "paid"] and pen["events"][1]["by"] == "buyer"


# --- the words, the currencies and the dates ---------------------------------------

STATUS_CASES = [
    ("Awaiting payment", "awaiting_payment", ["placed"]),
    ("To pay", "awaiting_payment", ["placed"]),
    ("WAIT_BUYER_PAY", "awaiting_payment", ["placed"]),
    ("Zahlung ausstehend", "awaiting_payment", ["placed"]),
    ("Awaiting shipment", "awaiting_shipment", ["placed", "paid"]),
    ("To ship", "awaiting_shipment", ["placed", "paid"]),
    ("WAIT_SELLER_SEND_GOODS", "awaiting_shipment", ["placed", "paid"]),
    ("IN_CANCEL", "cancellation_requested", ["placed", "paid", "cancel_requested"]),
    ("Awaiting delivery", "awaiting_delivery", ["placed", "paid", "shipped"]),
    ("Shipped", "awaiting_delivery", ["placed", "paid", "shipped"]),
    ("WAIT_BUYER_ACCEPT_GOODS", "awaiting_delivery", ["placed", "paid", "shipped"]),
    ("SELLER_PART_SEND_GOODS", "awaiting_delivery", ["placed", "paid", "shipped"]),
    ("Versandt", "awaiting_delivery", ["placed", "paid", "shipped"]),
    ("DELIVERED", "delivered", ["placed", "paid", "shipped", "received"]),
    ("Completed", "completed", ["placed", "paid", "shipped", "received", "completed"]),
    ("Finished", "completed", ["placed", "paid", "shipped", "received", "completed"]),
    ("FINISH", "completed", ["placed", "paid", "shipped", "received", "completed"]),
    ("Abgeschlossen", "completed", ["placed", "paid", "shipped", "received", "completed"]),
    ("Closed", "cancelled", ["placed", "cancelled"]),
    ("Cancelled", "cancelled", ["placed", "cancelled"]),
    ("Canceled", "cancelled", ["placed", "cancelled"]),
    ("Expired", "cancelled", ["placed", "cancelled"]),
    ("Storniert", "cancelled", ["placed", "cancelled"]),
    ("Dispute", "in_dispute", ["placed", "paid", "shipped", "dispute_opened"]),
    ("In dispute", "in_dispute", ["placed", "paid", "shipped", "dispute_opened"]),
    ("IN_ISSUE", "in_dispute", ["placed", "paid", "shipped", "dispute_opened"]),
    ("IN_FROZEN", "in_dispute", ["placed", "paid", "shipped", "dispute_opened"]),
]


@pytest.mark.parametrize("word, status, events", STATUS_CASES)
def test_status_words_and_the_events_they_imply(run, tmp_path, word, status, events):
    path = csv_export(tmp_path / "x.csv", [dict(status=word)])
    imported(run, str(path))
    o = order(run, 1)
    assert o["status"] == status
    assert kinds(o) == events
    assert all(e["by"] == "import" for e in o["events"])
    assert "estimated" not in o["events"][0]  # the order date is in the file
    assert all(e["estimated"] is True for e in o["events"][1:])  # the rest are not


def test_unknown_status_is_a_bad_row_and_the_settings_file_maps_more(run, tmp_path, db_path):
    path = csv_export(tmp_path / "x.csv", [dict(status="Zakończone")])
    ran = run("import", str(path))
    assert ran.exit_code == 2
    assert f"{path}:2: Order Status: no table maps the status 'Zakończone'" in ran.stderr
    assert "[import.statuses]" in ran.stderr
    assert not db_path.exists()
    Path(os.environ["ALIORDER_CONFIG"]).write_text('[import.statuses]\n"Zakończone" = "completed"\n',
                                                  encoding="utf-8")
    imported(run, str(path))
    assert order(run, 1)["status"] == "completed"
    run.ok("tick")  # the rules still read the same settings file


def test_settings_status_must_be_a_status(run, tmp_path):
    Path(os.environ["ALIORDER_CONFIG"]).write_text('[import.statuses]\n"Fertig" = "done"\n')
    ran = run("import", str(csv_export(tmp_path / "x.csv", [{}])))
    assert ran.exit_code == 2 and "'done' is not a status" in ran.stderr


CURRENCY_CASES = [
    ("US $5.00", "5.00", "USD"), ("€4,50", "4.50", "EUR"), ("CHF 12.00", "12.00", "CHF"),
    ("£3.20", "3.20", "GBP"), ("R$ 50,00", "50.00", "BRL"), ("129,46zł", "129.46", "PLN"),
    ("₽1 234", "1234.00", "RUB"), ("1 234,56 руб.", "1234.56", "RUB"), ("CA$ 7.25", "7.25", "CAD"),
    ("12.99 EUR", "12.99", "EUR"), ("US $1,299.00", "1299.00", "USD"), ("€1.299,00", "1299.00", "EUR"),
    ("JPY 1200", "1200", "JPY"),
]


@pytest.mark.parametrize("text, price, code", CURRENCY_CASES)
def test_currency_codes_and_symbols(run, tmp_path, text, price, code):
    imported(run, str(nrbrook(tmp_path / "n.csv", [dict(total=text, currency="")])))
    o = order(run, 1)
    assert (o["price"], o["currency"]) == (price, code)


@pytest.mark.parametrize("symbol", ["$5.00", "¥120"])
def test_ambiguous_symbol_needs_currency(run, tmp_path, db_path, symbol):
    path = nrbrook(tmp_path / "n.csv", [dict(total=symbol, currency="")])
    ran = run("import", str(path))
    assert ran.exit_code == 2
    assert f"{path}:2:" in ran.stderr and "several currencies" in ran.stderr and "--currency" in ran.stderr
    assert not db_path.exists()
    imported(run, str(path), "--currency", "cad")
    assert order(run, 1)["currency"] == "CAD"


def test_the_cldr_tables_are_what_the_installed_babel_gives():
    """importers/cldr.py spares every import loading a dozen of babel's locales: it must be
    exactly what this babel computes (else run scripts/gen_cldr), used for this babel only."""
    import babel

    from aliorder.importers import cldr, values

    assert values._babel_version() == babel.__version__ == cldr.BABEL
    assert values._tables() is cldr
    assert Path(cldr.__file__).read_text(encoding="utf-8") == values.generated_tables(), "run scripts/gen_cldr"


def _forget_values(values) -> None:
    for cached in (values._tables, values._codes, values._symbols, values._months, values.minor_digits,
                   values.minor_unit, values.currency, values._split_amount, values._amount_text,
                   values._instant_text):
        cached.cache_clear()


def test_with_another_babel_the_values_come_from_babel_itself(monkeypatch):
    from aliorder.importers import cldr, values

    monkeypatch.setattr(cldr, "BABEL", "0.0")
    _forget_values(values)
    try:
        assert values._tables() is None
        assert (values.currency("zł"), values.currency("US $"), values.currency("R$")) == ("PLN", "USD", "BRL")
        assert values.minor_digits("JPY") == 0
        assert values.instant("12. Mär 2024")[0].date().isoformat() == "2024-03-12"
        with pytest.raises(values.Ambiguous):
            values.currency("$")
    finally:
        monkeypatch.undo()
        _forget_values(values)


def test_a_currency_column_settles_the_dollar(run, tmp_path):
    imported(run, str(nrbrook(tmp_path / "n.csv", [dict(total="$5.00", currency="AUD")])))
    assert order(run, 1)["currency"] == "AUD"


DATE_CASES = [
    ("Aug 3, 2025", "2025-08-03T00:00:00+00:00"), ("3. Aug 2025", "2025-08-03T00:00:00+00:00"),
    ("12. Mär 2024", "2024-03-12T00:00:00+00:00"), ("Sep 13, 2026", "2026-09-13T00:00:00+00:00"),
    ("Sept 13, 2026", "2026-09-13T00:00:00+00:00"), ("2025-08-03", "2025-08-03T00:00:00+00:00"),
    ("2025-08-03 14:30:05", "2025-08-03T14:30:05+00:00"), ("Aug 3, 2025 02:15 PM", "2025-08-03T14:15:00+00:00"),
    ("3 août 2025", "2025-08-03T00:00:00+00:00"), ("03.08.2025", "2025-08-03T00:00:00+00:00"),
    ("2025-08-03T10:00:00.000Z", "2025-08-03T10:00:00+00:00"), ("1754215200000", "2025-08-03T10:00:00+00:00"),
]


@pytest.mark.parametrize("text, placed", DATE_CASES)
def test_date_forms(run, tmp_path, text, placed):
    imported(run, str(csv_export(tmp_path / "x.csv", [dict(date=text)])))
    assert order(run, 1)["placed_at"] == placed


def test_month_first_only_where_the_exporter_writes_it(run, tmp_path):
    imported(run, str(order_downloader(tmp_path / "o.txt", [dict(date="8/3/2025")])), "--currency", "USD")
    assert order(run, 1)["placed_at"] == "2025-08-03T00:00:00+00:00"  # August 3, not March 8


def test_a_date_without_time_is_midnight_in_the_local_zone(run, tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    imported(run, str(csv_export(tmp_path / "x.csv", [dict(date="Aug 3, 2025")])))
    assert order(run, 1)["placed_at"] == "2025-08-02T22:00:00+00:00"


def test_epoch_milliseconds_in_json(run, tmp_path):
    doc = json.loads(Path(fixture("aliexpress-data-2027-02-28.json")).read_text())
    doc["orders"] = doc["orders"][:1]
    doc["orders"][0]["placedAt"] = 1754215200000
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    imported(run, str(path))
    assert order(run, 1)["placed_at"] == "2025-08-03T10:00:00+00:00"


# --- again and again -----------------------------------------------------------------


def test_second_import_of_the_same_file_writes_nothing(run, db_path):
    imported(run, fixture("csv-export.csv"))
    before = db_path.read_bytes(), os.stat(db_path).st_ino, os.stat(db_path).st_mtime_ns
    backups = sorted(p.name for p in db_path.parent.iterdir())
    ran = imported(run, fixture("csv-export.csv"), at=T0 + days(1))
    assert ran.stdout.strip().endswith("0 new, 0 updated, 5 unchanged, 0 skipped.")
    assert (db_path.read_bytes(), os.stat(db_path).st_ino, os.stat(db_path).st_mtime_ns) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == backups


def _never_read(monkeypatch):
    from aliorder import imports

    def read_file(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(imports, "read_file", read_file)


def test_the_same_file_again_is_answered_by_what_the_last_import_recorded(run, tmp_path, db_path, monkeypatch):
    """Importing a file again into a database nothing changed since needs neither the file's
    rows nor the orders (aliorder/import_again.py): the answer is the one recorded, and the
    database folder is left as it was."""
    path = csv_export(tmp_path / "a.csv", [dict(no="8100000000000070", status="Awaiting delivery"),
                                           dict(no="8100000000000071", status="Closed")])
    imported(run, str(path))
    before = db_path.read_bytes(), sorted(p.name for p in db_path.parent.iterdir())
    _never_read(monkeypatch)
    ran = imported(run, str(path), at=T0 + days(1))
    assert ran.stdout == f"Imported {path} (csv-export): 0 new, 0 updated, 2 unchanged, 0 skipped.\n"
    doc = run("import", str(path), str(path), "--json", "--dry-run").json()
    assert (doc["new"], doc["updated"], doc["kept"], doc["unchanged"]) == ([], [], [], 2)
    assert (db_path.read_bytes(), sorted(p.name for p in db_path.parent.iterdir())) == before


@pytest.mark.parametrize("wrong", ["currency", "settings"])
def test_the_same_file_again_refuses_what_the_first_import_refuses(run, tmp_path, db_path, monkeypatch, wrong):
    """The answer from the record skips reading the file, not checking what was typed: a
    currency that is none, a settings file that cannot be read, exit 2 as the first time."""
    path = csv_export(tmp_path / "a.csv", [dict(no="8100000000000076", status="Closed")])
    imported(run, str(path))
    before = db_path.read_bytes()
    if wrong == "currency":
        ran = run("import", str(path), "--currency", "XQZ")
        assert "XQZ" in ran.stderr
    else:
        Path(os.environ["ALIORDER_CONFIG"]).write_text("warning_days = -1\n")
        ran = run("import", str(path))
        assert "warning_days" in ran.stderr
    assert ran.exit_code == 2 and ran.stdout == "" and db_path.read_bytes() == before


def test_the_record_is_the_last_writes_only_and_a_copied_database_is_hashed(run, tmp_path, db_path, monkeypatch):
    """Only the import's own write keeps its record: the next write drops it. In the file the
    ID cache vouches for, the record is read from the first line alone; a copy of the file
    (no ID cache vouches for it) has its order lines hashed, and gets the same answer."""
    import shutil

    from aliorder.storage import DatabaseFile

    from aliorder import imports

    path = csv_export(tmp_path / "a.csv", [dict(no="8100000000000075", status="Awaiting delivery")])
    imported(run, str(path))
    assert '"import_again"' in db_path.read_text().split("\n")[0]
    copy = tmp_path / "copy" / "orders.json"
    copy.parent.mkdir()
    shutil.copyfile(db_path, copy)
    read_file, glance = imports.read_file, DatabaseFile.glance
    _never_read(monkeypatch)
    monkeypatch.setattr(DatabaseFile, "glance", lambda self: pytest.fail("the orders were hashed"))
    assert "0 new, 0 updated, 1 unchanged" in imported(run, str(path)).stdout
    monkeypatch.setattr(DatabaseFile, "glance", glance)
    monkeypatch.setenv("ALIORDER_DB", str(copy))
    assert "0 new, 0 updated, 1 unchanged" in imported(run, str(path)).stdout
    monkeypatch.setenv("ALIORDER_DB", str(db_path))
    monkeypatch.setattr(imports, "read_file", read_file)
    run.ok("note", "1", "the seller wrote")
    assert '"import_again"' not in db_path.read_text().split("\n")[0]
    # Read again: the note caught up the rules (delivered long ago: completed), so the file is behind.
    assert "Kept order 1 (8100000000000075) as completed" in imported(run, str(path)).stdout


@pytest.mark.parametrize("change", ["forget", "undo", "hand edit", "one more row"])
def test_the_same_file_after_any_change_is_read_again(run, tmp_path, db_path, change):
    """Whatever changed an order since the import (a command, an undo, a hand edit), or the
    file, the import reads both again: what it recorded is never taken for the answer."""
    rows = [dict(no="8100000000000072", status="Awaiting delivery"), dict(no="8100000000000073", status="Closed")]
    path = csv_export(tmp_path / "a.csv", rows)
    imported(run, str(path))
    if change == "forget":
        run.ok("forget", "1", "--yes")
        expected = "1 new, 0 updated, 1 unchanged"
    elif change == "undo":
        run.ok("undo", "--yes")
        expected = "2 new, 0 updated, 0 unchanged"
    elif change == "hand edit":  # the order received in the file: the import keeps it, ahead
        text = db_path.read_text()
        assert text.count('"status":"awaiting_delivery"') == 1
        db_path.write_text(text.replace('"status":"awaiting_delivery"', '"status":"delivered"'))
        expected = "0 new, 0 updated, 1 unchanged"
    else:
        csv_export(path, [*rows, dict(no="8100000000000074", status="Closed")])
        expected = "1 new, 0 updated, 2 unchanged"
    ran = imported(run, str(path), at=T0 + days(1))
    assert expected in ran.stdout, ran.stdout
    if change == "hand edit":
        assert "Kept order 1 (8100000000000072) as delivered" in ran.stdout


def test_same_orders_from_another_exporter_are_unchanged(run, tmp_path):
    imported(run, str(csv_export(tmp_path / "a.csv", [dict(no="8100000000000077", status="Awaiting delivery")])))
    ran = imported(run, str(orders_scrapper(tmp_path / "b.csv", [dict(no="8100000000000077", status="Awaiting delivery")])))
    assert "0 new, 0 updated, 1 unchanged" in ran.stdout


def test_newer_export_moves_forward_adding_only_missing_events(run, tmp_path, db_path):
    first = csv_export(tmp_path / "a.csv", [dict(no="8100000000000009", status="Awaiting shipment"),
                                            dict(no="8100000000000010", status="Awaiting payment")])
    imported(run, str(first), at=T0)
    run.ok("contact", "1", "--via", "chat", at=T0 + days(1))
    newer = csv_export(tmp_path / "b.csv", [dict(no="8100000000000009", status="Completed"),
                                            dict(no="8100000000000010", status="Awaiting payment"),
                                            dict(no="8100000000000011", status="To ship")])
    ran = imported(run, str(newer), "--json", at=T0 + days(2))
    assert ran.json() == {"file": str(newer), "format": "csv-export", "new": [3], "updated": [1],
                          "unchanged": 1, "kept": [], "skipped": [], "dry_run": False}
    o = order(run, 1)
    assert kinds(o) == ["placed", "paid", "contacted", "shipped", "received", "completed"]
    added = o["events"][3:]
    assert all(e["by"] == "import" and e["estimated"] for e in added)
    assert all(e["at"] == o["events"][2]["at"] for e in added)  # not before what was known


def test_a_newer_export_fills_in_what_the_order_did_not_know_and_keeps_what_it_did(run, tmp_path):
    """Forward only, for the fields too: a payment method, a tracking number the older file
    did not give are taken from the newer one; one the order has is kept."""
    first = nrbrook(tmp_path / "a.csv", [dict(no="8100000000000090", status="Awaiting delivery"),
                                         dict(no="8100000000000091", status="Awaiting delivery", payment="PayPal")])
    imported(run, str(first), at=T0)
    newer = nrbrook(tmp_path / "b.csv", [dict(no="8100000000000090", status="Completed", payment="Visa"),
                                         dict(no="8100000000000091", status="Completed", payment="Visa")])
    assert "0 new, 2 updated" in imported(run, str(newer), at=T0 + days(1)).stdout
    assert order(run, 1)["payment_method"] == "Visa"
    assert order(run, 2)["payment_method"] == "PayPal"


def test_never_backwards_an_order_ahead_is_kept_and_reported(run, tmp_path, db_path):
    path = csv_export(tmp_path / "a.csv", [dict(no="8100000000000012", status="Awaiting delivery", date="Feb 20, 2027")])
    imported(run, str(path))
    run.ok("receive", "1", at=T0 + days(1))
    before = db_path.read_bytes()
    ran = imported(run, str(path), at=T0 + days(2))
    assert "Kept order 1 (8100000000000012) as delivered" in ran.stdout
    assert "0 new, 0 updated, 0 unchanged, 0 skipped." in ran.stdout
    assert db_path.read_bytes() == before
    assert run("import", str(path), "--json", at=T0 + days(2)).json()["kept"] == [1]
    older = csv_export(tmp_path / "b.csv", [dict(no="8100000000000012", status="Awaiting payment", date="Feb 20, 2027")])
    imported(run, str(older), at=T0 + days(2))
    assert order(run, 1)["status"] == "delivered"


def test_a_cancelled_order_is_never_completed_by_a_file(run, tmp_path):
    imported(run, str(csv_export(tmp_path / "a.csv", [dict(no="8100000000000013", status="Closed")])))
    ran = imported(run, str(csv_export(tmp_path / "b.csv", [dict(no="8100000000000013", status="Completed")])))
    assert "Kept order 1" in ran.stdout and order(run, 1)["status"] == "cancelled"


def test_an_order_placed_by_hand_with_its_number_is_moved_forward(run, tmp_path):
    run.ok("place", "Lamp", "--price", "9.00", "--order-no", "8100000000000014", at=T0 - days(5))
    run.ok("pay", "1", at=T0 - days(4))
    ran = imported(run, str(csv_export(tmp_path / "a.csv", [dict(no="8100000000000014", status="Awaiting delivery")])))
    assert "0 new, 1 updated" in ran.stdout
    o = order(run, 1)
    assert kinds(o) == ["placed", "paid", "shipped"] and o["item"] == "Lamp"


# --- dry run, bad rows, bad files ------------------------------------------------------


def test_dry_run_says_what_and_writes_nothing(run, db_path):
    ran = imported(run, fixture("csv-export.csv"), "--dry-run")
    assert "Would import" in ran.stdout and "5 new, 0 updated, 0 unchanged, 0 skipped." in ran.stdout
    assert "USB-C cable 1m (+1 more)" in ran.stdout and "completed" in ran.stdout
    assert "Nothing was written" in ran.stdout
    assert not db_path.exists()
    imported(run, fixture("csv-export.csv"))
    before = db_path.read_bytes()
    json_run = imported(run, fixture("csv-export.csv"), "--dry-run", "--json")
    assert json_run.json()["unchanged"] == 5 and json_run.json()["dry_run"] is True
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("bad, column, words", [
    (dict(price="twelve"), "Item price", "'twelve' is not an amount"),
    (dict(date="someday"), "Order date", "'someday' is not a date"),
    (dict(status="Frobnicated"), "Order Status", "no table maps the status 'Frobnicated'"),
    (dict(qty="many"), "Item quantity", "'many' is not a number of pieces"),
    (dict(no="12ab"), "Order Id", "'12ab' is not an AliExpress order number"),
])
def test_an_unreadable_row_names_file_line_and_field_and_nothing_is_written(run, tmp_path, db_path, bad, column, words):
    run.ok("place", "Existing", "--price", "1.00", at=T0 - days(1))
    before = db_path.read_bytes()
    path = csv_export(tmp_path / "x.csv", [dict(no="8100000000000020"), {"no": "8100000000000021", **bad}])
    ran = run("import", str(path))
    assert ran.exit_code == 2, ran.stdout
    assert f"{path}:3: {column}: {words}" in ran.stderr
    assert "Nothing was imported" in ran.stderr and "--skip-bad" in ran.stderr
    assert "Traceback" not in ran.stderr and ran.stdout == ""
    assert db_path.read_bytes() == before
    skipped = run("import", str(path), "--skip-bad")
    assert skipped.exit_code == 0
    assert f"Skipped {path}:3: {column}: {words}" in skipped.stdout
    assert "1 new, 0 updated, 0 unchanged, 1 skipped." in skipped.stdout
    doc = run("import", str(path), "--skip-bad", "--json").json()
    assert [(s["file"], s["line"]) for s in doc["skipped"]] == [(str(path), 3)]
    assert doc["skipped"][0]["why"].startswith(f"{column}: ") and words in doc["skipped"][0]["why"]
    assert doc["unchanged"] == 1


def test_unknown_format_names_the_header_and_the_formats(run, tmp_path):
    path = tmp_path / "amazon.csv"
    path.write_text("Order ID,Order Date,Title,Item Quantity\n1,2025-01-01,Book,1\n")
    ran = run("import", str(path))
    assert ran.exit_code == 2
    assert "'Order ID,Order Date,Title,Item Quantity'" in ran.stderr
    for name in ("csv-export", "csv-export-json", "nrbrook", "parcel-intelligence", "orders-scrapper",
                 "order-downloader", "aliorder"):
        assert name in ran.stderr
    assert run("import", str(path), "--format", "nope").exit_code == 2


def test_format_forced(run, tmp_path):
    path = orders_scrapper(tmp_path / "x.csv", [{}])
    ran = run("import", str(path), "--format", "csv-export")
    assert ran.exit_code == 2 and "lacks the column" in ran.stderr
    assert "(orders-scrapper): 1 new" in imported(run, str(path), "--format", "orders-scrapper").stdout


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(run, tmp_path, delimiter):
    path = parcel_csv(tmp_path / "p.csv", [{}, dict(no="5002000000000099")], delimiter=delimiter)
    assert "(parcel-intelligence): 2 new" in imported(run, str(path)).stdout


def test_encodings(run, tmp_path, db_path):
    plain = csv_export(tmp_path / "x.csv", [dict(title="Gürtel")], bom=False)
    imported(run, str(plain))
    assert order(run, 1)["item"] == "Gürtel"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(plain.read_bytes().decode("utf-8").replace("8100000000000001", "8100000000000002").encode("latin-1"))
    before = db_path.read_bytes()
    ran = run("import", str(latin))
    assert ran.exit_code == 2 and f"{latin}:2: the file is not UTF-8" in ran.stderr
    assert db_path.read_bytes() == before


def test_missing_file(run):
    ran = run("import", "/nonexistent/orders.csv")
    assert ran.exit_code == 2 and "There is no file /nonexistent/orders.csv" in ran.stderr


def test_several_files_one_write(run, db_path):
    ran = run("import", fixture("csv-export.csv"), fixture("aliexpress_orders_2027-02-28.csv"), "--json")
    assert ran.exit_code == 0
    assert [d["format"] for d in ran.json()["files"]] == ["csv-export", "orders-scrapper"]
    assert ran.json()["format"] == "csv-export+orders-scrapper"
    assert len(run.ok("list", "--json").json()) == 8
    assert not (db_path.parent / "orders.json.2").exists()  # one write: at most one backup


def test_a_bad_second_file_imports_nothing(run, tmp_path, db_path):
    bad = csv_export(tmp_path / "x.csv", [dict(price="?")])
    ran = run("import", fixture("csv-export.csv"), str(bad))
    assert ran.exit_code == 2 and not db_path.exists()


# --- what the other commands then tell -------------------------------------------------


def test_show_marks_estimated_times(run):
    imported(run, fixture("csv-export.csv"))
    shown = run.ok("show", "8100000000000002").stdout
    assert "placed (imported)\n" in shown
    assert "paid (imported, time estimated)" in shown
    assert "shipped (imported, time estimated)" in shown


def test_tick_after_import_treats_old_orders_as_always(run, tmp_path):
    path = csv_export(tmp_path / "x.csv", [
        dict(no="8100000000000030", status="Awaiting payment", date="Jan 10, 2027"),  # 50 days before T0
        dict(no="8100000000000031", status="Completed", date="Jan 10, 2026"),
        dict(no="8100000000000032", status="Awaiting payment", date="Feb 27, 2027"),
    ])
    ran = imported(run, str(path))
    assert "1 order had a platform rule fall due since the file's dates" in ran.stdout
    assert "aliorder tick applies them" in ran.stdout
    assert order(run, 2)["status"] == "awaiting_payment"  # import applies no rule itself
    report = run.ok("tick", "--json").json()
    assert [(c["id"], c["to"], c["rule"], c["at"]) for c in report["changes"]] == [
        (2, "cancelled", "unpaid_timeout", "2027-01-30T00:00:00+00:00")]  # dated at day 20
    again = run.ok("tick", "--json").json()
    assert again["changes"] == []
    rows = run.ok("deadlines", "--json").json()
    assert {r["id"] for r in rows} == {3}  # the completed and the cancelled have nothing open


def test_completed_imported_orders_make_no_noise(run):
    imported(run, fixture("aliexpress_orders_2026-11-01_to_2027-02-28.csv"))
    tick = run.ok("tick", "--json").json()
    assert all(c["id"] != 1 for c in tick["changes"])  # the completed order stays silent


# --- the installed program, as a shell runs it -------------------------------------------


def test_black_box_installed_import(tmp_path):
    db = tmp_path / "bb.json"
    path = csv_export(tmp_path / "x.csv", [dict(no="8100000000000040", date="Aug 3, 2025"),
                                           dict(no="8100000000000041", date="Aug 4, 2025", status="Closed")])
    env = {"ALIORDER_DB": str(db)}
    first = run_process("import", str(path), env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"Imported {path} (csv-export): 2 new, 0 updated, 0 unchanged, 0 skipped.\n"
    before = db.read_bytes(), os.stat(db).st_mtime_ns
    second = run_process("import", str(path), "--json", env=env)
    assert json.loads(second.stdout)["unchanged"] == 2
    assert (db.read_bytes(), os.stat(db).st_mtime_ns) == before
    listed = run_process("list", "--json", env=env)
    assert {o["status"] for o in json.loads(listed.stdout)} == {"completed", "cancelled"}
    bad = run_process("import", str(csv_export(tmp_path / "y.csv", [dict(price="x")])), env=env)
    assert bad.returncode == 2 and "y.csv:2: Item price" in bad.stderr and "Traceback" not in bad.stderr
    assert db.read_bytes() == before[0]


def test_import_has_help_with_example():
    ran = run_process("import", "--help")
    assert ran.returncode == 0 and "Example: aliorder import" in ran.stdout


def test_future_dates_are_bad_rows(run, tmp_path):
    ran = run("import", str(csv_export(tmp_path / "x.csv", [dict(date="Mar 20, 2027")])))
    assert ran.exit_code == 2 and "is in the future" in ran.stderr


def test_now_is_a_fixed_instant():
    assert T0 == datetime(2027, 3, 1, 10, 0, tzinfo=timezone.utc)


def test_progress_bar_on_a_terminal_for_a_large_file(tmp_path):
    """stderr a terminal: a bar while 3,000 orders go in; a pipe (the other tests): none."""
    import pty
    import subprocess

    from .conftest import aliorder_exe

    path = orders_scrapper(tmp_path / "big.csv", [dict(no=str(8200000000000000 + i)) for i in range(3000)])
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*aliorder_exe(), "import", str(path)], stdout=subprocess.PIPE, stderr=follower,
                            env={**os.environ, "ALIORDER_DB": str(tmp_path / "db.json"), "COLUMNS": "100"})
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(leader)
    assert proc.returncode == 0
    assert b"Importing orders" in screen
    assert out.decode().startswith(f"Imported {path} (orders-scrapper): 3000 new")
    assert "Importing" not in out.decode()


def test_protection_ends_from_the_file_is_the_orders_own_deadline(run, tmp_path):
    imported(run, fixture("aliexpress-data-2027-02-28.json"))
    lube = run.ok("show", "5002000000000011", "--json").json()
    assert lube["deadlines"]["protection_ends"] == "2027-03-20T09:00:00+00:00"  # not shipped + 60 days
    assert lube["page_deadlines"] == {"protection_ends": "2027-03-20T09:00:00+00:00"}
    set_ = [e for e in lube["events"] if e["kind"] == "deadline_set"]
    assert set_ == [{"at": set_[0]["at"], "kind": "deadline_set", "by": "import", "estimated": True,
                     "deadline": "protection_ends", "due": "2027-03-20T09:00:00+00:00",
                     "file_exported": "2027-02-28T12:00:00+00:00"}]
    assert "from the order page" in run.ok("show", "5002000000000011").stdout
    rows = [r for r in run.ok("deadlines", "--json").json() if r["kind"] == "protection_ends"]
    assert {r["due"] for r in rows if r["id"] == lube["id"]} == {"2027-03-20T09:00:00+00:00"}
    # A newer export with the protection extended moves the deadline, and only that.
    doc = json.loads(Path(fixture("aliexpress-data-2027-02-28.json")).read_text())
    doc["orders"][0]["protectionEndsAt"] += 10 * 86_400_000
    doc["exportedAt"] = "2027-02-28T13:00:00.000Z"  # a newer export is written later
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(doc))
    ran = imported(run, str(newer), "--json")
    assert ran.json()["updated"] == [lube["id"]] and ran.json()["unchanged"] == 1
    assert order(run, lube["id"])["deadlines"]["protection_ends"] == "2027-03-30T09:00:00+00:00"
    assert imported(run, str(newer), "--json").json()["unchanged"] == 2


def test_an_empty_aliorder_list_imports_nothing(run, tmp_path, db_path):
    empty = tmp_path / "none.json"
    empty.write_text(run.ok("list", "--json").stdout)
    assert "(aliorder): 0 new, 0 updated, 0 unchanged, 0 skipped." in imported(run, str(empty)).stdout
    assert not db_path.exists()


def test_utf16_tab_text_as_excel_saves_it(run, tmp_path):
    path = orders_scrapper(tmp_path / "x.csv", [{}])
    utf16 = tmp_path / "excel.txt"
    utf16.write_text(path.read_text().replace(",", "\t"), encoding="utf-16")
    assert "(orders-scrapper): 1 new" in imported(run, str(utf16)).stdout


# --- one order per order number, whatever the rows; never a deadline back; --json of many --


def test_an_order_over_several_rows_is_one_order_installed(tmp_path):
    """orders-scrapper writes a row per product: the order's rows, wherever they are in the
    file, are one order (item "+N more", qty their sum, price their sum), counted once."""
    db = tmp_path / "bb.json"
    env = {"ALIORDER_DB": str(db), "ALIORDER_CONFIG": str(tmp_path / "none.toml")}
    path = orders_scrapper(tmp_path / "s.csv", [
        dict(no="8100000000000001", status="Completed"),
        dict(no="8100000000000002", status="Awaiting delivery", title="Red gadget", price="12.99"),
        dict(no="8100000000000003", status="Completed"),
        dict(no="8100000000000002", status="Awaiting delivery", title="Red gadget spare", price="3.01")])
    first = run_process("import", str(path), env=env)
    assert first.returncode == 0, first.stderr
    assert "3 new, 0 updated, 0 unchanged, 0 skipped." in first.stdout
    gadget = json.loads(run_process("show", "8100000000000002", "--json", env=env).stdout)
    assert (gadget["id"], gadget["item"], gadget["qty"], gadget["price"], gadget["currency"]) == (
        2, "Red gadget (+1 more)", 2, "16.00", "USD")
    again = json.loads(run_process("import", str(path), "--json", env=env).stdout)
    assert (again["new"], again["updated"], again["unchanged"], again["kept"]) == ([], [], 3, [])
    assert run_process("tick", env=env).returncode == 0  # delivered long ago: completed by the rule
    assert json.loads(run_process("show", "2", "--json", env=env).stdout)["status"] == "completed"
    third = run_process("import", str(path), env=env)
    assert third.stdout.count("Kept order 2 ") == 1, third.stdout
    kept = json.loads(run_process("import", str(path), "--json", env=env).stdout)
    assert (kept["kept"], kept["unchanged"]) == ([2], 2)


def test_rows_of_one_order_apart_in_a_list_paste_are_one_order(run, tmp_path):
    path = order_downloader(tmp_path / "o.txt", [
        dict(no="8300000000000007", title="Tips", price="2.00", qty="3"),
        dict(no="8300000000000008", title="Wire"),
        dict(no="8300000000000007", title="Flux", price="1.50", qty="1")])
    ran = imported(run, str(path), "--currency", "EUR", "--json")
    assert len(ran.json()["new"]) == 2
    tips = by_no(run)["8300000000000007"]
    assert (tips["item"], tips["qty"]) == ("Tips (+1 more)", 4)


def _pi_export(tmp_path, name: str, exported: str, ends: str | None, status: str = "SHIPPED") -> str:
    doc = json.loads(Path(fixture("aliexpress-data-2027-02-28.json")).read_text())
    doc["exportedAt"] = exported
    doc["orders"] = doc["orders"][:1]
    doc["orders"][0]["status"] = status
    doc["orders"][0]["protectionEndsAt"] = (
        int(datetime.fromisoformat(ends).timestamp() * 1000) if ends else None)
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return str(path)


def _protection(run) -> str:
    return [r["due"] for r in run.ok("deadlines", "--json").json() if r["kind"] == "protection_ends"][0]


def test_an_older_export_never_moves_a_deadline_back(run, tmp_path):
    pi1 = _pi_export(tmp_path, "pi1.json", "2027-02-01T12:00:00.000Z", None, status="PAID")
    pi2 = _pi_export(tmp_path, "pi2.json", "2027-02-10T12:00:00.000Z", "2027-03-10T09:00:00+00:00")
    pi3 = _pi_export(tmp_path, "pi3.json", "2027-02-20T12:00:00.000Z", "2027-03-20T09:00:00+00:00")
    imported(run, pi1, at=T0)
    imported(run, pi3, at=T0)
    assert _protection(run) == "2027-03-20T09:00:00+00:00"
    older = imported(run, pi2, at=T0)
    assert "0 new, 0 updated, 0 unchanged, 0 skipped." in older.stdout
    assert "Kept order 1 (5002000000000011) as awaiting_delivery" in older.stdout
    assert "which says awaiting_delivery with buyer protection ending 2027-03-10" in older.stdout
    assert imported(run, pi2, "--json", at=T0).json()["kept"] == [1]
    assert _protection(run) == "2027-03-20T09:00:00+00:00"
    assert imported(run, pi3, "--json", at=T0).json()["unchanged"] == 1


def test_a_deadline_the_buyer_set_stays_until_a_file_written_after_it(run, tmp_path):
    pi3 = _pi_export(tmp_path, "pi3.json", "2027-02-20T12:00:00.000Z", "2027-03-20T09:00:00+00:00")
    imported(run, pi3, at=T0)
    run.ok("deadline", "1", "protection-ends", "2027-03-25T09:00:00+00:00", at=T0)
    assert imported(run, pi3, "--json", at=T0).json()["kept"] == [1]  # written before the buyer's
    assert _protection(run) == "2027-03-25T09:00:00+00:00"
    later = _pi_export(tmp_path, "pi4.json", "2027-03-01T12:00:00.000Z", "2027-03-22T09:00:00+00:00")
    assert imported(run, later, "--json", at=T0 + days(1)).json()["updated"] == [1]
    assert _protection(run) == "2027-03-22T09:00:00+00:00"


def test_show_prints_the_instants_of_event_details_in_the_local_zone(run, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    import time

    time.tzset()
    try:
        imported(run, _pi_export(tmp_path, "pi.json", "2027-02-20T12:00:00.000Z",
                                 "2027-03-20T09:00:00+00:00"), at=T0)
        run.ok("deadline", "1", "ship-by", "2027-03-05T09:00:00+00:00", at=T0)
        shown = run.ok("show", "1").stdout
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert "due: 2027-03-20 10:00 CET, file exported: 2027-02-20 13:00 CET" in shown, shown
    assert "due: 2027-03-05 10:00 CET" in shown
    assert "+00:00" not in shown


def test_json_of_several_files_is_one_object_with_the_files(run, tmp_path):
    a = csv_export(tmp_path / "a.csv", [dict(no="8100000000000050", status="Awaiting shipment"),
                                        dict(no="8100000000000051")])
    b = csv_export(tmp_path / "b.csv", [dict(no="8100000000000050", status="Completed"),
                                        dict(no="8100000000000052")])
    bad = orders_scrapper(tmp_path / "c.csv", [dict(no="8100000000000053"), dict(no="x")])
    ran = imported(run, str(a), str(b), str(bad), "--skip-bad", "--json")
    doc = ran.json()
    assert doc["new"] == [1, 2, 3, 4] and doc["updated"] == [] and doc["kept"] == []
    assert doc["unchanged"] == 0 and doc["format"] == "csv-export+orders-scrapper"
    assert doc["skipped"] == [{"file": str(bad), "line": 3, "why": doc["skipped"][0]["why"]}]
    assert [f["file"] for f in doc["files"]] == [str(a), str(b), str(bad)]
    assert doc["files"][1]["updated"] == [1] and doc["files"][1]["new"] == [3]
    again = imported(run, str(a), str(b), "--json").json()
    assert (again["format"], again["new"], again["updated"], again["unchanged"]) == ("csv-export", [], [], 2)
    assert again["kept"] == [1]  # a.csv says awaiting shipment of the order b.csv completed


def test_nrbrook_line_count_in_other_digits_is_no_internal_error(run, tmp_path):
    """An order_line_count of "²" passed str.isdigit() and failed in int(): exit 4, "a bug in
    aliorder". It is no count, so the order's items say how many there are."""
    import csv

    path = nrbrook(tmp_path / "aliexpress_orders_x.csv", [{"title": "Bike light"}])
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    rows[0]["order_line_count"] = "\u00b2"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        w = csv.DictWriter(handle, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    ran = run("import", str(path), at=T0)
    assert ran.exit_code == 0, ran.stderr
    assert "1 new" in ran.stdout
    assert run.ok("list", "--json", at=T0).json()[0]["item"] == "Bike light"


def test_an_order_number_in_full_width_digits_is_the_one_placed_by_hand(run, tmp_path):
    """The same order, placed by hand as 81234567 and exported as "８１２３４５６７": one order."""
    run.ok("place", "Bike light", "--order-no", "81234567", "--price", "3.50", "--currency", "USD", at=T0 - days(30))
    path = nrbrook(tmp_path / "aliexpress_orders_x.csv",
                   [{"no": "\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17", "title": "Bike light"}])
    ran = run("import", str(path), "--json", at=T0)
    assert ran.exit_code == 0, ran.stderr
    assert ran.json()["new"] == []
    assert [o["order_no"] for o in run.ok("list", "--json", at=T0).json()] == ["81234567"]
