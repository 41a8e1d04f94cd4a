"""The lifecycle commands as a buyer types them: exit codes, words on the screen, JSON, the file on disk."""

from __future__ import annotations

import shlex
import time
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import T0, days, hours

ORDER_KEYS = ["id", "order_no", "item", "qty", "price", "currency", "seller", "status",
              "payment_method", "placed_at", "deadlines", "refund", "dispute", "events"]
DEADLINE_KEYS = ["cancel_opens", "pay_by", "seller_reply_by", "ship_by", "protection_ends"]


def iso(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat()


def at_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- place, pay, cancel, show, list ------------------------------------------------


def test_place_with_every_option_and_find_it_by_its_order_number(run):
    placed = run.ok("place", "USB-C  cable", "--price", "7.00", "--currency", "eur", "--seller", "Shop A",
                    "--order-no", "8170001234567890", "--qty", "2", "--pay-with", "PayPal",
                    "--processing-days", "7", "--protection-days", "30",
                    "--at", "2027-02-27T08:30:00+00:00", "--json").json()
    assert list(placed)[:len(ORDER_KEYS)] == ORDER_KEYS
    assert list(placed["deadlines"]) == DEADLINE_KEYS
    backfilled = datetime(2027, 2, 27, 8, 30, tzinfo=timezone.utc)
    assert {k: placed[k] for k in ORDER_KEYS if k not in ("deadlines", "events")} == {
        "id": 1, "order_no": "8170001234567890", "item": "USB-C cable", "qty": 2, "price": "7.00",
        "currency": "EUR", "seller": "Shop A", "status": "awaiting_payment",
        "payment_method": "paypal", "placed_at": iso(backfilled), "refund": None, "dispute": None}
    assert placed["deadlines"] == {"cancel_opens": iso(backfilled + hours(24)),
                                   "pay_by": iso(backfilled + days(20)),
                                   "seller_reply_by": None, "ship_by": None, "protection_ends": None}
    assert placed["events"] == [{"at": iso(backfilled), "kind": "placed"}]
    assert run.ok("show", "8170001234567890", "--json").json() == placed
    assert run.ok("show", "1", "--json").json() == placed


def test_place_prints_the_id_the_pay_by_deadline_and_when_cancel_appears(run):
    out = run.ok("place", "Lamp", "--price", "12.99", "--seller", "Shop A").stdout
    assert "Placed order 1: Lamp x1, 12.99 USD" in out
    assert "Cancel button appears: 2027-03-02 10:00 UTC (in 1 d)" in out
    assert "Pay by (else the platform cancels): 2027-03-21 10:00 UTC (in 20 d)" in out
    assert "Placed order 2" in run.ok("place", "Cable", "--price", "1").stdout


def test_pay_starts_the_processing_time_and_the_24_hours_to_cancel(run):
    run.ok("place", "Lamp", "--price", "12.99", "--processing-days", "7")
    paid = run.ok("pay", "1", "--method", "card", "--json", at=T0 + hours(3)).json()
    assert paid["status"] == "awaiting_shipment"
    assert paid["payment_method"] == "card"
    assert paid["deadlines"] == {"cancel_opens": iso(T0 + hours(27)), "pay_by": None,
                                 "seller_reply_by": None, "ship_by": iso(T0 + hours(3) + days(7)),
                                 "protection_ends": None}
    assert paid["events"][-1] == {"at": iso(T0 + hours(3)), "kind": "paid", "by": "buyer", "method": "card"}
    words = run("pay", "1", at=T0 + hours(4))
    assert words.exit_code == 1
    assert "Order 1 is awaiting_shipment: it was already paid." in words.stderr


def test_pay_says_what_was_recorded_and_what_comes_next(run):
    run.ok("place", "Lamp", "--price", "12.99", "--processing-days", "7")
    out = run.ok("pay", "1", at=T0 + hours(1)).stdout
    assert "Order 1 (Lamp): paid. Now awaiting_shipment." in out
    assert "Cancel button appears: 2027-03-02 11:00 UTC" in out
    assert "Seller must ship by (else cancelled, full refund): 2027-03-08 11:00 UTC" in out


def test_cancelling_a_paid_order_is_a_request_to_the_seller_after_24_hours(run):
    run.ok("place", "Lamp", "--price", "12.99")
    run.ok("pay", "1", at=T0 + hours(2))
    early = run("cancel", "1", "--reason", "out-of-stock", "--json", at=T0 + hours(25))
    assert early.exit_code == 1 and early.stdout == ""
    assert "Order 1 cannot be cancelled yet" in early.stderr
    assert "checked the payment, on 2027-03-02 12:00 UTC (in 1 h)" in early.stderr
    assert "aliorder cancel 1 --reason out-of-stock" in early.stderr
    asked = run.ok("cancel", "1", "--reason", "out-of-stock", "--report-seller", "--json",
                   at=T0 + hours(26)).json()
    assert asked["status"] == "cancellation_requested"
    assert asked["deadlines"]["seller_reply_by"] == iso(T0 + hours(26) + days(14))
    assert asked["events"][-1] == {"at": iso(T0 + hours(26)), "kind": "cancel_requested", "by": "buyer",
                                   "reason": "out-of-stock", "report_seller": True}


def test_an_unpaid_order_is_cancelled_at_once_with_its_reason_and_note(run):
    run.ok("place", "Lamp", "--price", "12.99")
    out = run.ok("cancel", "1", "--reason", "other", "--note", "found it cheaper", at=T0 + days(2)).stdout
    assert "Order 1 (Lamp): cancellation recorded. Now cancelled." in out
    order = run.ok("show", "1", "--json").json()
    assert order["events"][-1] == {"at": iso(T0 + days(2)), "kind": "cancelled", "by": "buyer",
                                   "reason": "other", "note": "found it cheaper"}
    again = run("cancel", "1", "--reason", "wrong-item", at=T0 + days(3))
    assert again.exit_code == 1
    assert "Order 1 is cancelled: nothing more can happen to it." in again.stderr
    assert "aliorder show 1" in again.stderr


def test_show_tells_state_deadlines_and_history(run):
    run.ok("place", "Lamp", "--price", "12.99", "--seller", "Shop A", "--order-no", "8170001")
    run.ok("pay", "1", "--method", "paypal", at=T0 + hours(1))
    out = run.ok("show", "8170001", at=T0 + hours(2)).stdout
    for words in ("Order 1: Lamp", "awaiting_shipment", "12.99 USD for 1 piece", "AliExpress no.",
                  "8170001", "Shop A", "paypal", "Cancel button appears: 2027-03-02 11:00 UTC (in 23 h)",
                  "2027-03-01 10:00 UTC  placed", "2027-03-01 11:00 UTC  paid"):
        assert words in out, words
    assert "paypal" in out.split("11:00 UTC  paid")[1]


def test_list_is_newest_first_filters_by_status_and_has_a_json_list(run):
    run.ok("place", "Old", "--price", "1", "--at", "2027-02-20")
    run.ok("place", "New", "--price", "2")
    run.ok("place", "Middle", "--price", "3", "--at", "2027-02-25")
    run.ok("pay", "2")
    listed = run.ok("list").stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == ["2", "3", "1"]
    assert listed[0].split("\t")[:4] == ["2", "awaiting_shipment", "2.00", "USD"]
    assert listed[0].endswith("\tNew")
    waiting = run.ok("list", "--status", "awaiting_payment", "--json").json()
    assert [o["item"] for o in waiting] == ["Middle", "Old"]
    assert all(list(o)[:len(ORDER_KEYS)] == ORDER_KEYS for o in waiting)
    assert run.ok("list", "--status", "in_dispute", "--json").json() == []
    none = run.ok("list", "--status", "in_dispute")
    assert none.stdout == "" and none.stderr == "No order is in dispute. aliorder list shows them all.\n"


def test_list_on_an_empty_database_says_how_to_start(run, db_path):
    empty = run.ok("list")
    assert empty.stdout == ""
    assert "No orders yet" in empty.stderr and "aliorder place" in empty.stderr
    assert run.ok("list", "--json").json() == []
    assert not db_path.exists()


def test_reasons_json_has_the_contracts_slugs_labels_and_faults(run):
    doc = run.ok("reasons", "--json").json()
    assert [(r["slug"], r["fault"], r["needs_note"]) for r in doc["cancel"]] == [
        ("wrong-item", "buyer", False), ("duplicate", "buyer", False), ("no-contact", "seller", False),
        ("out-of-stock", "seller", False), ("refuses-to-ship", "seller", False), ("other", "buyer", True)]
    assert doc["cancel"][0]["label"] == "I ordered the wrong item"
    assert doc["cancel"][3]["label"] == ("Not available from seller: the supplier said the items "
                                         "are out of stock")
    dispute_slugs = [r["slug"] for r in doc["dispute"]]
    for slug in ("not-received", "not-as-described", "wrong-color", "not-working"):
        assert slug in dispute_slugs
    assert all(set(r) >= {"slug", "label", "needs_note"} for r in doc["dispute"])
    human = run.ok("reasons").stdout
    assert "wrong-item" in human and "I ordered the wrong item" in human and "(needs --note)" in human


def test_tick_json_lists_every_status_change_as_the_contract_gives_it(run):
    run.ok("place", "Lamp", "--price", "12.99")
    run.ok("place", "Cable", "--price", "3.50", "--processing-days", "5")
    run.ok("pay", "2", at=T0 + hours(1))
    quiet = run.ok("tick", "--json", at=T0 + days(3)).json()
    assert quiet["changes"] == []
    report = run.ok("tick", "--json", at=T0 + days(21)).json()
    assert [{k: c[k] for k in ("id", "from", "to", "rule", "at")} for c in report["changes"]] == [
        {"id": 2, "from": "awaiting_shipment", "to": "cancelled", "rule": "ship_timeout",
         "at": iso(T0 + hours(1) + days(5))},
        {"id": 1, "from": "awaiting_payment", "to": "cancelled", "rule": "unpaid_timeout",
         "at": iso(T0 + days(20))}]
    cable = run.ok("show", "2", "--json").json()
    assert cable["refund"]["status"] == "pending"
    assert cable["refund"]["started_at"] == iso(T0 + hours(1) + days(5))
    assert run.ok("tick", "--json", at=T0 + days(22)).json()["changes"] == []


def test_tick_prints_nothing_when_nothing_changed_and_nothing_is_near(run):
    assert run.ok("tick").stdout == ""
    run.ok("place", "Lamp", "--price", "12.99")
    assert run.ok("tick", at=T0 + days(1)).stdout == ""
    changed = run.ok("tick", at=T0 + days(22)).stdout
    line = next(line for line in changed.splitlines() if line.startswith("Order 1 (Lamp)"))
    for words in ("cancelled", "2027-03-21 10:00 UTC", "unpaid_timeout"):
        assert words in line
    assert run.ok("tick", at=T0 + days(23)).stdout == ""


# --- settings ----------------------------------------------------------------------


def test_settings_override_the_rules(run, isolated):
    (isolated / "config.toml").write_text("unpaid_timeout_days = 7\nseller_timeout_days = 2\n"
                                          "cancel_after_hours = 12\n")
    placed = run.ok("place", "Lamp", "--price", "12.99", "--json").json()
    assert placed["deadlines"]["pay_by"] == iso(T0 + days(7))
    assert placed["deadlines"]["cancel_opens"] == iso(T0 + hours(12))
    run.ok("place", "Cable", "--price", "1")
    run.ok("pay", "2", at=T0 + hours(1))
    asked = run.ok("cancel", "2", "--reason", "no-contact", "--json", at=T0 + hours(13)).json()
    assert asked["deadlines"]["seller_reply_by"] == iso(T0 + hours(13) + days(2))
    report = run.ok("tick", "--json", at=T0 + days(8)).json()
    assert [(c["id"], c["rule"], c["at"]) for c in report["changes"]] == [
        (2, "seller_timeout", iso(T0 + hours(13) + days(2))), (1, "unpaid_timeout", iso(T0 + days(7)))]


@pytest.mark.parametrize(("content", "words"), [
    (b"unpaid_timeout_days = \n", "is not valid TOML"),
    (b"unpaid_timeout_days = 7\nunpaid_timeout_days = 8\n", "is not valid TOML"),
    (b"unpaid_timeout = 7\n", "unknown setting unpaid_timeout"),
    (b"unpaid_timeout_days = 0\n", "unpaid_timeout_days must be a positive number"),
    (b"seller_timeout_days = \"two\"\n", "seller_timeout_days must be a positive number"),
    (b"[refund_days]\ncard = [20, 5]\n", "exceed the most"),
    (b"unpaid_timeout_days = 7 # \xff\n", "is not valid TOML"),
], ids=["syntax", "twice", "unknown", "zero", "text", "window", "not utf-8"])
def test_a_bad_settings_file_exits_2_naming_the_file_and_writes_nothing(run, isolated, db_path, content, words):
    run.ok("place", "Lamp", "--price", "12.99")
    before = db_path.read_bytes()
    settings = isolated / "config.toml"
    settings.write_bytes(content)
    for args in (("place", "Cable", "--price", "1", "--json"), ("tick", "--json"),
                 ("pay", "1", "--json"), ("list", "--json")):
        ran = run(*args, at=T0 + days(30))
        assert ran.exit_code == 2, args
        assert ran.stdout == ""
        assert str(settings) in ran.stderr and words in ran.stderr, ran.stderr
        assert "Traceback" not in ran.stderr
    assert db_path.read_bytes() == before


def test_an_unreadable_settings_path_is_named(run, isolated, monkeypatch):
    monkeypatch.setenv("ALIORDER_CONFIG", str(isolated))  # a folder
    ran = run("list")
    assert ran.exit_code == 2
    assert f"The settings file {isolated} cannot be read" in ran.stderr


# --- input checks: exit 2, the problem and the way out, nothing written ---------------

BAD_PLACE = [
    (["--price", "0"], "--price must be a positive amount, not '0'", "--price 12.99"),
    (["--price", "-1"], "--price must be a positive amount, not '-1'", "--price 12.99"),
    (["--price", "abc"], "--price 'abc' is not an amount", "--price 12.99"),
    (["--price", "NaN"], "--price 'NaN' is not an amount", "--price 12.99"),
    (["--price", "inf"], "--price 'inf' is not an amount", "--price 12.99"),
    (["--price", "1e3"], "--price '1e3' is not an amount", "--price 12.99"),
    (["--price", "12.999"], "has more decimals than USD has (2)", "at most 2 decimals"),
    (["--price", "1.5", "--currency", "JPY"], "has more decimals than JPY has (0)", "whole number of JPY"),
    (["--price", "10000000"], "more than any AliExpress order", "Check the amount"),
    (["--price", "1", "--currency", "XYZ"], "'XYZ' is not an ISO 4217 currency code", "USD, EUR"),
    (["--price", "1", "--at", "2027-03-01T10:00:01+00:00"], "is in the future", "leave --at out"),
    (["--price", "1", "--at", "tomorrow"], "--at 'tomorrow' is not a date or date-time", "ISO-8601"),
    (["--price", "1", "--at", "2027-13-01"], "--at '2027-13-01' is not a date", "ISO-8601"),
    (["--price", "1", "--at", "10:00"], "--at '10:00' is not a date", "ISO-8601"),
    (["--price", "1", "--qty", "0"], "--qty", "1<=x"),
    (["--price", "1", "--processing-days", "0"], "--processing-days", "1<=x"),
]


@pytest.mark.parametrize(("extra", "problem", "way_out"), BAD_PLACE, ids=[" ".join(b[0]) for b in BAD_PLACE])
@pytest.mark.parametrize("existing", [False, True], ids=["no database yet", "with an order"])
def test_a_bad_place_exits_2_says_why_and_writes_nothing(run, db_path, extra, problem, way_out, existing):
    if existing:
        run.ok("place", "Lamp", "--price", "12.99", at=T0 - hours(1))
        before = db_path.read_bytes()
    ran = run("place", "Cable", *extra, "--json")
    assert ran.exit_code == 2
    assert ran.stdout == ""
    assert problem in ran.stderr and way_out in ran.stderr, ran.stderr
    if existing:
        assert db_path.read_bytes() == before
    else:
        assert not db_path.exists()


def test_a_currency_in_lower_case_is_fine(run):
    assert run.ok("place", "Lamp", "--price", "12.99", "--currency", "usd", "--json").json()["currency"] == "USD"
    assert run.ok("place", "Lamp", "--price", "1200", "--currency", "jpy", "--json").json()["price"] == "1200"
    assert run.ok("place", "Lamp", "--price", "12.5", "--json").json()["price"] == "12.50"


BAD_ON_AN_ORDER = [
    (["pay", "9"], "There is no order '9'", "Orders that exist: 1, 2"),
    (["show", "9"], "There is no order '9'", "Orders that exist: 1, 2"),
    (["cancel", "817000999", "--reason", "wrong-item"], "There is no order '817000999'", "Orders that exist: 1, 2"),
    (["cancel", "1", "--reason", "changed-my-mind"], "Unknown cancellation reason 'changed-my-mind'",
     "wrong-item, duplicate, no-contact, out-of-stock, refuses-to-ship, other"),
    (["cancel", "1", "--reason", "other"], "needs a few words of explanation", "Add --note TEXT"),
    (["cancel", "1", "--reason", "wrong-item", "--report-seller"], "'wrong-item' is yours",
     "no-contact, out-of-stock, refuses-to-ship"),
    (["pay", "1", "--at", "2027-03-01T08:59:59+00:00"],
     "is before the last event of Order 1 (placed at 2027-03-01 09:00)", "in the order they happened"),
    (["pay", "1", "--at", "2027-03-03"], "is in the future", "leave --at out"),
    (["pay", "1", "--at", "tomorrow"], "--at 'tomorrow' is not a date or date-time", "ISO-8601"),
    (["pay", "1", "--at", "2027-13-01"], "--at '2027-13-01' is not a date or date-time", "ISO-8601"),
    (["place", "Other", "--price", "1", "--order-no", "8170001"],
     "Order number 8170001 is already recorded as order 1", "aliorder show 1"),
    (["place", "  ", "--price", "1"], "ITEM must not be empty", "Give a few words"),
    (["list", "--status", "shipped"], "--status 'shipped' is not a status",
     "awaiting_payment, awaiting_shipment, cancellation_requested, awaiting_delivery"),
]


@pytest.mark.parametrize(("args", "problem", "way_out"), BAD_ON_AN_ORDER,
                         ids=[" ".join(b[0]) for b in BAD_ON_AN_ORDER])
def test_a_bad_value_on_an_existing_database_exits_2_and_leaves_it_byte_for_byte(
        run, db_path, args, problem, way_out):
    run.ok("place", "Lamp", "--price", "12.99", "--order-no", "8170001", at=T0 - hours(1))
    run.ok("place", "Cable", "--price", "1", at=T0 - hours(1))
    before = db_path.read_bytes()
    ran = run(*args, "--json", at=T0 + days(1))
    assert ran.exit_code == 2
    assert ran.stdout == ""
    assert problem in ran.stderr and way_out in ran.stderr, ran.stderr
    assert db_path.read_bytes() == before


def test_an_unknown_order_on_an_empty_database_says_how_to_start_and_creates_nothing(run, db_path):
    for args in (("pay", "1"), ("show", "1"), ("cancel", "1", "--reason", "wrong-item")):
        ran = run(*args)
        assert ran.exit_code == 2
        assert "There is no order '1'" in ran.stderr and "no orders yet" in ran.stderr
    assert not db_path.exists()


def test_a_refusal_exits_1_and_writes_nothing(run, db_path):
    run.ok("place", "Lamp", "--price", "12.99")
    before = db_path.read_bytes()
    ran = run("pay", "1", "--json", at=T0 + days(21))
    assert ran.exit_code == 1 and ran.stdout == ""
    assert "cancelled by the platform's rule unpaid_timeout on 2027-03-21 10:00 UTC" in ran.stderr
    assert db_path.read_bytes() == before


# --- time zones --------------------------------------------------------------------


def to_berlin(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()


@pytest.fixture
def berlin(monkeypatch):
    to_berlin(monkeypatch)
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_a_naive_at_is_local_time_even_when_the_zone_changed_since_the_last_one(run, monkeypatch):
    in_utc = run.ok("place", "Cup", "--price", "1", "--at", "2027-03-01T10:00", "--json").json()
    assert in_utc["placed_at"] == "2027-03-01T10:00:00+00:00"
    to_berlin(monkeypatch)
    placed = run.ok("place", "Lamp", "--price", "12.99", "--at", "2027-03-01T10:00", "--json").json()
    assert placed["placed_at"] == "2027-03-01T09:00:00+00:00"
    dated = run.ok("place", "Cable", "--price", "1", "--at", "2027-03-01", "--json").json()
    assert dated["placed_at"] == "2027-02-28T23:00:00+00:00"
    aware = run.ok("place", "Mug", "--price", "1", "--at", "2027-03-01T10:00:00+00:00", "--json").json()
    assert aware["placed_at"] == "2027-03-01T10:00:00+00:00"
    # Shown back in the local zone.
    assert "Placed  2027-03-01 10:00 CET" in run.ok("show", "2").stdout
    refused = run("cancel", "2", "--reason", "wrong-item", at=T0 + hours(10))
    assert "on 2027-03-02 10:00 CET (in 13 h)" in refused.stderr


def test_a_14_day_rule_across_the_dst_change_is_336_hours(run, berlin):
    now = datetime(2027, 4, 20, tzinfo=timezone.utc)
    run.ok("place", "Lamp", "--price", "12.99", "--at", "2027-03-20T10:00", at=now)
    run.ok("pay", "1", "--at", "2027-03-20T11:00", at=now)
    asked = run.ok("cancel", "1", "--reason", "no-contact", "--at", "2027-03-21T12:00", "--json", at=now).json()
    requested = at_iso(asked["events"][-1]["at"])
    reply_by = at_iso(asked["deadlines"]["seller_reply_by"])
    assert requested == datetime(2027, 3, 21, 11, 0, tzinfo=timezone.utc)
    assert reply_by - requested == timedelta(hours=336)
    # On the wall clock the summer hour shows: 12:00 CET becomes 13:00 CEST.
    assert "Seller must answer by (silence grants it): 2027-04-04 13:00 CEST" in run.ok("show", "1", at=now).stdout
    report = run.ok("tick", "--json", at=now).json()
    assert [(c["rule"], c["at"]) for c in report["changes"]] == [("seller_timeout", "2027-04-04T11:00:00+00:00")]


def test_the_try_again_command_keeps_the_note_and_the_complaint_so_it_works_as_typed(run):
    run.ok("place", "Lamp", "--price", "12.99")
    early = run("cancel", "1", "--reason", "other", "--note", "seller's price doubled", at=T0 + hours(2))
    assert early.exit_code == 1
    assert "Try again then: aliorder cancel 1 --reason other --note 'seller'\"'\"'s price doubled'" in early.stderr
    run.ok("place", "Cable", "--price", "1")
    early = run("cancel", "2", "--reason", "no-contact", "--report-seller", at=T0 + hours(2))
    assert "Try again then: aliorder cancel 2 --reason no-contact --report-seller" in early.stderr
    retyped = shlex.split(early.stderr.split("Try again then: ")[1].strip())
    assert run.ok(*retyped[1:], at=T0 + hours(24)).exit_code == 0
