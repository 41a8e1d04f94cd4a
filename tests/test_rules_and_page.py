"""`aliorder rules` and `aliorder deadline ID KIND WHEN` (the order page's own deadlines)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import T0, days, hours, refused


def settings(text: str) -> None:
    Path(os.environ["ALIORDER_CONFIG"]).write_text(text)


def by_name(ran):
    return {rule["name"]: rule for rule in ran.json()}


# --- rules -----------------------------------------------------------------------


def test_rules_lists_every_rule_with_its_value_unit_setting_and_source(run):
    rules = by_name(run.ok("rules", "--json"))
    assert rules["cancel_opens"] == {"name": "cancel_opens", "value": 24, "unit": "hours",
                                     "setting": "cancel_after_hours", "overridden": False,
                                     "source": rules["cancel_opens"]["source"]}
    assert rules["unpaid_timeout"]["value"] == 20 and rules["unpaid_timeout"]["unit"] == "days"
    assert "approximately 20 calendar days" in rules["unpaid_timeout"]["source"]
    assert rules["seller_timeout"]["setting"] == "seller_timeout_days"
    assert rules["protection_end"]["value"] == 60
    assert rules["refund_window"] == {"name": "refund_window", "value": [5, 20], "unit": "days",
                                      "setting": "refund_days.default", "overridden": False,
                                      "source": 'seed: "After 5-20 days"'}
    assert rules["ship_timeout"]["setting"] is None  # counted from the order's processing time
    assert all(rule["source"] for rule in rules.values())
    assert not any(rule["overridden"] for rule in rules.values())


def test_rules_says_what_the_settings_file_overrides(run):
    settings("seller_timeout_days = 2\ncancel_after_hours = 12.5\n[refund_days]\nPayPal = [3, 10]\n")
    rules = by_name(run.ok("rules", "--json"))
    assert rules["seller_timeout"]["value"] == 2 and rules["seller_timeout"]["overridden"] is True
    assert rules["cancel_opens"]["value"] == 12.5 and rules["cancel_opens"]["unit"] == "hours"
    assert rules["refund_window.paypal"]["setting"] == "refund_days.paypal"
    assert rules["refund_window.paypal"]["value"] == [3, 10] and rules["refund_window.paypal"]["overridden"]
    assert rules["refund_window"]["overridden"] is False
    assert rules["unpaid_timeout"]["overridden"] is False
    human = run.ok("rules")
    assert "seller_timeout" in human.stdout and "2 days *" in human.stdout
    assert "set in" in human.stderr


def test_rules_needs_no_database(run, db_path):
    run.ok("rules")
    assert not db_path.exists()


# --- deadline: the order page's own ---------------------------------------------


def shipped(run, item="Lamp", at=T0):
    run.ok("place", item, "--price", "10", at=at)
    oid = run.ok("list", "--json", at=at).json()[0]["id"]
    run.ok("pay", oid, at=at + hours(1))
    run.ok("ship", oid, at=at + days(1))
    return oid


def test_a_deadline_from_the_order_page_wins_in_show_json_and_deadlines(run):
    oid = shipped(run)
    ran = run.ok("deadline", oid, "protection-ends", "2027-05-20T10:00:00+00:00", "--json", at=T0 + days(2))
    doc = ran.json()
    assert doc["deadlines"]["protection_ends"] == "2027-05-20T10:00:00+00:00"
    assert doc["page_deadlines"] == {"protection_ends": "2027-05-20T10:00:00+00:00"}
    assert doc["events"][-1] == {"at": (T0 + days(2)).isoformat(), "kind": "deadline_set", "by": "buyer",
                                 "deadline": "protection_ends", "due": "2027-05-20T10:00:00+00:00"}
    shown = run.ok("show", oid, at=T0 + days(2)).stdout
    assert "2027-05-20 10:00" in shown and "from the order page" in shown
    rows = run.ok("deadlines", "--json", at=T0 + days(2)).json()
    assert [(r["kind"], r["due"]) for r in rows] == [("protection_ends", "2027-05-20T10:00:00+00:00")]


def test_tick_follows_the_page_deadline_for_that_order_only(run):
    page = shipped(run, "Lamp")
    computed = shipped(run, "Cable")
    run.ok("deadline", page, "protection-ends", (T0 + days(90)).isoformat(), at=T0 + days(2))
    # Day 61 plus: the computed protection (60 days after shipping on day 1) is over for
    # Cable; Lamp's page says day 90.
    changes = run.ok("tick", "--json", at=T0 + days(62)).json()["changes"]
    assert [(c["id"], c["to"]) for c in changes] == [(computed, "completed")]
    assert run.ok("show", page, "--json", at=T0 + days(62)).json()["status"] == "awaiting_delivery"
    run.ok("dispute", "open", page, "--reason", "not-received", at=T0 + days(63))
    assert run.ok("show", page, "--json", at=T0 + days(63)).json()["status"] == "in_dispute"


def test_a_page_protection_end_earlier_than_computed_completes_earlier(run):
    oid = shipped(run)
    run.ok("deadline", oid, "protection-ends", (T0 + days(20)).isoformat(), at=T0 + days(2))
    changes = run.ok("tick", "--json", at=T0 + days(21)).json()["changes"]
    assert [(c["id"], c["to"], c["at"]) for c in changes] == [(oid, "completed", (T0 + days(20)).isoformat())]


def test_a_page_pay_by_is_what_tick_cancels_by(run):
    run.ok("place", "Lamp", "--price", "10", at=T0)
    run.ok("deadline", 1, "pay_by", (T0 + days(3)).isoformat(), at=T0 + hours(1))
    assert run.ok("tick", "--json", at=T0 + days(2)).json()["changes"] == []
    changes = run.ok("tick", "--json", at=T0 + days(4)).json()["changes"]
    assert [(c["to"], c["rule"], c["at"]) for c in changes] == [("cancelled", "unpaid_timeout",
                                                                 (T0 + days(3)).isoformat())]


def test_a_page_deadline_that_does_not_run_now_is_kept_but_not_shown(run):
    run.ok("place", "Lamp", "--price", "10", at=T0)
    run.ok("deadline", 1, "ship-by", (T0 + days(9)).isoformat(), at=T0 + hours(1))
    assert run.ok("show", 1, "--json", at=T0 + hours(1)).json()["deadlines"]["ship_by"] is None
    run.ok("pay", 1, at=T0 + hours(2))
    assert run.ok("show", 1, "--json", at=T0 + hours(2)).json()["deadlines"]["ship_by"] == \
        (T0 + days(9)).isoformat()


def test_a_new_cancellation_request_starts_its_own_reply_clock(run):
    run.ok("place", "Lamp", "--price", "10", at=T0)
    run.ok("pay", 1, at=T0 + hours(1))
    run.ok("cancel", 1, "--reason", "wrong-item", at=T0 + days(2))
    run.ok("deadline", 1, "seller-reply-by", (T0 + days(4)).isoformat(), at=T0 + days(2))
    assert run.ok("show", 1, "--json", at=T0 + days(2)).json()["deadlines"]["seller_reply_by"] == \
        (T0 + days(4)).isoformat()
    run.ok("seller", "reject", 1, at=T0 + days(3))
    run.ok("cancel", 1, "--reason", "wrong-item", at=T0 + days(5))
    assert run.ok("show", 1, "--json", at=T0 + days(5)).json()["deadlines"]["seller_reply_by"] == \
        (T0 + days(19)).isoformat()


def test_deadline_refusals(run, db_path):
    oid = shipped(run)
    refused(run, db_path, "deadline", oid, "pay-sometime", "2027-05-01", at=T0 + days(2), code=2,
            says=["'pay-sometime' is not a deadline the order page shows", "protection-ends"])
    refused(run, db_path, "deadline", oid, "protection-ends", "soon", at=T0 + days(2), code=2,
            says=["WHEN 'soon' is not a date"])
    refused(run, db_path, "deadline", oid, "refund-by", "2027-05-01", at=T0 + days(2), code=2,
            says=["not a deadline the order page shows"])
    run.ok("tick", at=T0 + days(70))  # protection over: completed
    refused(run, db_path, "deadline", oid, "protection-ends", "2027-09-01", at=T0 + days(71),
            says=["is completed: nothing more can happen to it", f"aliorder show {oid}"])


def test_a_page_deadline_before_its_clock_started_is_refused(run, db_path):
    """A ship-by before the payment was taken, and tick then cancelled the order on a date
    before it was even paid (its history out of order, a refund overdue at once)."""
    run.ok("place", "Lamp", "--price", "5", at=T0)
    run.ok("pay", "1", at=T0 + days(1))
    refused(run, db_path, "deadline", "1", "ship-by", "2027-02-20", at=T0 + days(2), code=2,
            says=["A ship-by of 2027-02-20 00:00 is before order 1 was paid (2027-03-02 10:00)",
                  "aliorder deadline 1 ship-by WHEN"])
    refused(run, db_path, "deadline", "1", "pay-by", "2027-02-28", at=T0 + days(2), code=2,
            says=["before order 1 was placed"])
    run.ok("deadline", "1", "ship-by", "2027-03-02 11:00", at=T0 + days(2))   # after the payment: fine
    assert run.ok("tick", at=T0 + days(3)).stdout.count("on 2027-03-02 11:00") == 1


def test_rules_on_a_narrow_screen_keep_every_setting_key_whole(run, monkeypatch):
    """At 60 columns the table cut the key the buyer types in the settings file:
    "dispute_reply_timeout_da…"."""
    keys = [rule["setting"] for rule in run.ok("rules", "--json").json() if rule["setting"]]
    monkeypatch.setenv("COLUMNS", "60")
    shown = run.ok("rules").stdout
    assert "\u2026" not in shown
    words = set(shown.split())
    assert all(key in words for key in keys), [key for key in keys if key not in words]
    monkeypatch.setenv("COLUMNS", "120")
    assert run.ok("rules").stdout.split()[:4] == ["Rule", "Value", "Setting", "Source"]
