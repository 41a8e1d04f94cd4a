"""Issue 16, "Mistakes are cheap": edit, note and forget, as a buyer runs them."""

from __future__ import annotations

import json

import pytest

from aliorder import cli
from tests.conftest import T0, days, hours, refused


def iso(at) -> str:
    return at.isoformat(timespec="seconds")


LATER = T0 + hours(2)


def placed(run, *args: str, at=T0) -> int:
    return run.ok("place", "Desk lamp", "--price", "35.00", "--seller", "Shop A", *args,
                  "--json", at=at).json()["id"]


# --- edit ---------------------------------------------------------------------


def test_a_wrong_price_is_edited_and_the_history_shows_both(run):
    placed(run)
    order = run.ok("edit", "1", "--price", "3.50", "--json", at=LATER).json()
    assert order["price"] == "3.50"
    assert order["events"][-1] == {"at": iso(LATER), "kind": "edited", "by": "buyer",
                                   "changes": {"price": ["35.00", "3.50"]}}
    said = run.ok("edit", "1", "--item", "Desk lamp, warm white", at=LATER).stdout
    assert "item Desk lamp -> Desk lamp, warm white" in said
    history = run.ok("show", "1", at=LATER).stdout
    assert "edited (by the buyer): price 35.00 -> 3.50" in history
    assert "Total 3.50 USD" in " ".join(history.split())


def test_every_field_can_be_corrected_in_one_edit(run):
    placed(run)
    order = run.ok("edit", "1", "--item", "Lamp", "--price", "30", "--currency", "EUR", "--seller", "Shop B",
                   "--order-no", "8101", "--qty", "2", "--pay-with", "PayPal", "--processing-days", "7",
                   "--protection-days", "90", "--tracking", "LP1", "--json", at=LATER).json()
    assert order["events"][-1]["changes"] == {
        "item": ["Desk lamp", "Lamp"], "price": ["35.00", "30.00"], "currency": ["USD", "EUR"],
        "seller": ["Shop A", "Shop B"], "order_no": [None, "8101"], "qty": [1, 2],
        "payment_method": [None, "paypal"], "processing_days": [None, 7], "protection_days": [None, 90],
        "tracking": [None, "LP1"]}
    assert (order["item"], order["price"], order["currency"], order["seller"], order["order_no"], order["qty"],
            order["payment_method"], order["processing_days"], order["protection_days"], order["tracking"]) == \
        ("Lamp", "30.00", "EUR", "Shop B", "8101", 2, "paypal", 7, 90, "LP1")
    assert run.ok("show", "8101", "--json", at=LATER).json()["id"] == 1


def test_ship_by_follows_a_new_processing_time(run):
    placed(run, "--processing-days", "5")
    run.ok("pay", "1", at=T0)
    order = run.ok("edit", "1", "--processing-days", "10", "--json", at=LATER).json()
    assert order["deadlines"]["ship_by"] == iso(T0 + days(10))
    # Day 7: the old time would have cancelled it; the corrected one has not run out.
    assert run.ok("tick", "--json", at=T0 + days(7)).json()["changes"] == []


def test_a_shorter_processing_time_is_applied_by_the_next_tick_dated_when_it_fell_due(run):
    placed(run, "--processing-days", "10")
    run.ok("pay", "1", at=T0)
    run.ok("edit", "1", "--processing-days", "3", at=T0 + days(5))
    report = run.ok("tick", "--json", at=T0 + days(5)).json()
    assert [(c["to"], c["at"]) for c in report["changes"]] == [("cancelled", iso(T0 + days(3)))]


def test_the_refund_window_follows_a_new_payment_method(run, isolated):
    (isolated / "config.toml").write_text("[refund_days]\npaypal = [3, 10]\ncard = [7, 30]\n")
    placed(run, "--processing-days", "5")
    run.ok("pay", "1", "--method", "card", at=T0)
    run.ok("tick", at=T0 + days(6))  # not shipped in time: cancelled, refund started on day 5
    run.ok("tick", at=T0 + days(16))
    assert run.ok("show", "1", "--json", at=T0 + days(16)).json()["refund"]["eta_to"] == iso(T0 + days(35))
    order = run.ok("edit", "1", "--pay-with", "paypal", "--json", at=T0 + days(16)).json()
    assert (order["refund"]["method"], order["refund"]["eta_from"], order["refund"]["eta_to"]) == \
        ("paypal", iso(T0 + days(8)), iso(T0 + days(15)))
    # Overdue under the new window: the next tick says so.
    report = run.ok("tick", "--json", at=T0 + days(16)).json()
    assert [e["kind"] for e in report["events"]] == ["refund_overdue"]


def test_an_overdue_refund_is_pending_again_when_the_new_method_gives_it_longer(run, isolated):
    (isolated / "config.toml").write_text("[refund_days]\npaypal = [3, 10]\ncard = [7, 30]\n")
    placed(run, "--processing-days", "5")
    run.ok("pay", "1", "--method", "paypal", at=T0)
    run.ok("tick", at=T0 + days(20))  # cancelled day 5, refund overdue day 15
    assert run.ok("show", "1", "--json", at=T0 + days(20)).json()["refund"]["status"] == "overdue"
    order = run.ok("edit", "1", "--pay-with", "card", "--json", at=T0 + days(20)).json()
    assert (order["refund"]["status"], order["refund"]["eta_to"]) == ("pending", iso(T0 + days(35)))


def test_protection_end_follows_new_protection_days(run):
    placed(run)
    run.ok("pay", "1", at=T0)
    run.ok("ship", "1", at=T0 + days(1))
    order = run.ok("edit", "1", "--protection-days", "90", "--json", at=T0 + days(2)).json()
    assert order["deadlines"]["protection_ends"] == iso(T0 + days(91))


def test_edit_refuses_a_duplicate_order_number_and_writes_nothing(run, db_path):
    placed(run, "--order-no", "8101")
    placed(run)
    refused(run, db_path, "edit", "2", "--order-no", "8101", at=LATER, code=2,
            says=["Order number 8101 is already recorded as order 1"])
    # Its own number again is no duplicate.
    assert "already has those values" in run.ok("edit", "1", "--order-no", "8101", at=LATER).stdout


@pytest.mark.parametrize("args,says", [
    (["--price", "-3"], "positive"),
    (["--price", "abc"], "not an amount"),
    (["--price", "99999999"], "more than any AliExpress order"),
    (["--currency", "XYZ"], "not an ISO 4217"),
    (["--currency", "JPY"], "more decimals than JPY"),  # 35.00 is fine, 35.50 is not
    (["--item", "   "], "must not be empty"),
])
def test_edit_refuses_a_bad_value_like_place_does_and_writes_nothing(run, db_path, args, says):
    run.ok("place", "Lamp", "--price", "35.50", at=T0)
    refused(run, db_path, "edit", "1", *args, at=LATER, code=2, says=[says])


def test_edit_with_no_option_is_a_usage_error(run, db_path):
    placed(run)
    refused(run, db_path, "edit", "1", at=LATER, code=2, says=["at least one option"])


def test_edit_of_an_unknown_order_is_a_usage_error(run, db_path):
    placed(run)
    refused(run, db_path, "edit", "9", "--price", "1", at=LATER, code=2, says=["There is no order '9'"])


def test_an_edit_that_changes_nothing_records_nothing(run, db_path):
    placed(run)
    before = db_path.read_bytes()
    ran = run.ok("edit", "1", "--price", "35", "--seller", "Shop A", at=LATER)
    assert "already has those values: nothing recorded" in ran.stdout
    assert db_path.read_bytes() == before


def test_edit_does_not_apply_a_rule_the_wrong_value_made_due(run):
    """Five processing days typed for fifteen: on day 7 the correction comes first."""
    placed(run, "--processing-days", "5")
    run.ok("pay", "1", at=T0)
    order = run.ok("edit", "1", "--processing-days", "15", "--json", at=T0 + days(7)).json()
    assert order["status"] == "awaiting_shipment"


def test_edit_refuses_when_the_clock_is_before_the_last_event(run, db_path):
    placed(run)
    run.ok("pay", "1", at=T0 + days(1))
    refused(run, db_path, "edit", "1", "--price", "3", at=T0 + hours(1), code=2, says=["system clock"])


# --- note -----------------------------------------------------------------------


def test_a_note_is_kept_in_the_history(run):
    placed(run)
    order = run.ok("note", "1", "seller promised a refund by Friday", "--json", at=LATER).json()
    assert order["events"][-1] == {"at": iso(LATER), "kind": "noted", "by": "buyer",
                                   "note": "seller promised a refund by Friday"}
    assert "note: seller promised a refund by Friday" in run.ok("show", "1", at=LATER).stdout


def test_a_note_goes_on_any_order_even_a_closed_one(run):
    placed(run)
    run.ok("cancel", "1", "--reason", "duplicate", at=T0 + days(2))
    assert run.ok("note", "1", "placed it twice", at=T0 + days(3)).exit_code == 0


def test_an_empty_note_is_a_usage_error(run, db_path):
    placed(run)
    refused(run, db_path, "note", "1", "  ", at=LATER, code=2, says=["TEXT must not be empty"])


def test_an_empty_note_shows_a_note_to_type_not_a_way_out_that_is_refused(run):
    """It said "or leave TEXT out", and `aliorder note 1` is "Missing argument 'TEXT'"."""
    placed(run)
    ran = run("note", "1", "  ", at=LATER)
    assert "leave TEXT out" not in ran.stderr
    assert 'aliorder note 3 "seller promised a refund by Friday"' in ran.stderr
    assert "or leave --seller out" in run("edit", "1", "--seller", " ", at=LATER).stderr


def test_a_note_text_reaches_the_terminal_without_its_controls(run):
    placed(run)
    run.ok("note", "1", "evil \x1b[31mred\x1b[0m", at=LATER)
    shown = run.ok("show", "1", at=LATER).stdout
    assert "\x1b" not in shown and "note: evil" in shown


# --- forget ---------------------------------------------------------------------


def test_an_order_placed_twice_is_forgotten(run, db_path):
    placed(run)
    placed(run)
    said = run.ok("forget", "2", "--yes", at=LATER).stdout
    assert "Forgot order 2 (Desk lamp, 35.00 USD, awaiting_payment)" in said
    assert [o["id"] for o in run.ok("list", "--json", at=LATER).json()] == [1]
    refused(run, db_path, "show", "2", at=LATER, code=2, says=["There is no order '2'"])


def test_forget_json_prints_the_order_as_it_was(run):
    placed(run)
    assert run.ok("forget", "1", "--yes", "--json", at=LATER).json()["item"] == "Desk lamp"


def test_forget_needs_yes_off_a_terminal(run, db_path):
    placed(run)
    refused(run, db_path, "forget", "1", at=LATER, code=2, says=["needs --yes", "aliorder forget 1 --yes"])


def test_forget_asks_on_a_terminal(run, db_path, monkeypatch):
    placed(run)
    monkeypatch.setattr(cli, "on_terminal", lambda: True)
    before = db_path.read_bytes()
    kept = run("forget", "1", at=LATER, input="n\n")
    assert kept.exit_code == 0 and "Forget order 1 (Desk lamp, awaiting_payment)?" in kept.stderr
    assert db_path.read_bytes() == before
    gone = run("forget", "1", at=LATER, input="y\n")
    assert gone.exit_code == 0 and "Forgot order 1" in gone.stdout
    assert run.ok("list", "--json", at=LATER).json() == []


def test_the_terminal_test_needs_both_ends_and_no_opt_out(monkeypatch):
    class Tty:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

    monkeypatch.setattr(cli.sys, "stdin", Tty(True))
    monkeypatch.setattr(cli.sys, "stdout", Tty(True))
    monkeypatch.delenv("ALIORDER_NO_INPUT", raising=False)
    assert cli.on_terminal()
    monkeypatch.setenv("ALIORDER_NO_INPUT", "1")
    assert not cli.on_terminal()
    monkeypatch.delenv("ALIORDER_NO_INPUT")
    monkeypatch.setattr(cli.sys, "stdout", Tty(False))
    assert not cli.on_terminal()


def test_a_forgotten_orders_id_is_not_given_again(run):
    placed(run)
    placed(run)
    run.ok("forget", "2", "--yes", at=LATER)
    assert placed(run, at=LATER) == 3


def test_forget_of_an_unknown_order_writes_nothing(run, db_path):
    placed(run)
    refused(run, db_path, "forget", "7", "--yes", at=LATER, code=2, says=["There is no order '7'"])


def test_the_id_cache_forgets_the_order_too(run, db_path):
    from aliorder import idcache

    placed(run)
    placed(run, "--order-no", "8102")
    run.ok("forget", "2", "--yes", at=LATER)
    lines = idcache.read(db_path)
    assert lines is not None and lines.startswith("1\t") and "8102" not in lines
