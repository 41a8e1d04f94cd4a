"""Issue 4: the second half of an order's life. Shipping, receipt, purchase
protection, talking to the seller, disputes, drafts to paste, and the timeline
`show` tells, walked through the CLI as a buyer would at chosen instants."""

from __future__ import annotations

import json

import pytest

from aliorder import cli
from tests.conftest import T0, days, hours, printed, refused

PRICE = "12.99"
SHIPPED = T0 + days(3)


def iso(at) -> str:
    return at.isoformat(timespec="seconds")


def shipped_order(run, *place_args: str, protection: int | None = 30, tracking: str | None = "LP00123456789CN",
                  at=SHIPPED) -> str:
    """Placed and paid at T0, shipped at `at`; returns its ID."""
    extra = ["--protection-days", str(protection)] if protection is not None else []
    placed = run.ok("place", "Desk lamp", "--price", PRICE, "--seller", "Shop A", *extra, *place_args,
                    "--json", at=T0).json()
    ref = str(placed["id"])
    run.ok("pay", ref, at=T0)
    run.ok("ship", ref, *(["--tracking", tracking] if tracking else []), at=at)
    return ref


# --- the "done when", literally ------------------------------------------


def test_shipped_on_day_3_with_30_days_a_dispute_is_accepted_on_day_32_and_refused_on_day_34(run, db_path):
    early, late = shipped_order(run), shipped_order(run)
    opened = run.ok("dispute", "open", early, "--reason", "not-received", "--json", at=T0 + days(32)).json()
    assert opened["status"] == "in_dispute"
    assert opened["dispute"]["stage"] == "open"
    assert opened["dispute"]["reason"] == "not-received"
    assert opened["dispute"]["opened_at"] == iso(T0 + days(32))
    refused(run, db_path, "dispute", "open", late, "--reason", "not-received", at=T0 + days(34),
            says=["purchase protection ended on 2027-04-03 10:00", "can no longer be opened",
                  f"aliorder contact {late}"])
    # The same words once tick has completed the order.
    run.ok("tick", at=T0 + days(34))
    assert run.ok("show", late, "--json", at=T0 + days(34)).json()["status"] == "completed"
    refused(run, db_path, "dispute", "open", late, "--reason", "not-received", at=T0 + days(34),
            says=["purchase protection ended on 2027-04-03 10:00"])


@pytest.mark.parametrize("at, allowed", [
    (SHIPPED + days(30) - hours(1), True),
    (SHIPPED + days(30), False),  # protection ends at that instant
])
def test_protection_ends_exactly_protection_days_after_shipping(run, at, allowed):
    ref = shipped_order(run)
    ran = run("dispute", "open", ref, "--reason", "wrong-color", at=at)
    assert ran.exit_code == (0 if allowed else 1), ran.stderr
    if not allowed:
        assert "protection ended" in ran.stderr


def test_a_dispute_opened_escalated_and_resolved_with_a_partial_refund_shows_it_pending(run):
    ref = shipped_order(run, "--pay-with", "paypal")
    run.ok("contact", ref, "--via", "chat", "--note", "asked where the parcel is", at=T0 + days(20))
    run.ok("dispute", "open", ref, "--reason", "not-received", "--note", "tracking stuck", at=T0 + days(25))
    escalated = run.ok("dispute", "escalate", ref, "--json", at=T0 + days(28)).json()
    assert escalated["dispute"]["stage"] == "escalated"
    assert escalated["status"] == "in_dispute"
    resolved_at = T0 + days(31)
    order = run.ok("dispute", "resolve", ref, "--refund", "5", "--json", at=resolved_at).json()
    assert order["status"] == "completed"
    assert order["dispute"]["stage"] == "resolved"
    assert order["dispute"]["closed_at"] == iso(resolved_at)
    assert order["refund"] == {"amount": "5.00", "currency": "USD", "method": "paypal", "status": "pending",
                               "started_at": iso(resolved_at), "eta_from": iso(resolved_at + days(5)),
                               "eta_to": iso(resolved_at + days(20)), "received_at": None}
    assert [e["kind"] for e in order["events"][-2:]] == ["dispute_resolved", "refund_started"]
    assert order["events"][-2]["amount"] == "5.00"

    shown = run.ok("show", ref, at=resolved_at + days(1)).stdout
    assert "Refund of 5.00 USD via paypal: 2027-04-06 to 2027-04-21, expected in 4 d to 19 d." in shown
    assert "not-received, resolved" in shown
    due = run.ok("deadlines", "--json", at=resolved_at + days(1)).json()
    assert [(d["kind"], d["due"]) for d in due] == [("refund_from", iso(resolved_at + days(5))),
                                                    ("refund_by", iso(resolved_at + days(20)))]
    # The refund goes overdue like any other, and tick does not touch the completed order otherwise.
    report = run.ok("tick", "--json", at=resolved_at + days(21)).json()
    assert report["changes"] == []
    assert [(e["kind"], e["at"]) for e in report["events"]] == [("refund_overdue", iso(resolved_at + days(20)))]


def test_show_tells_the_whole_story_in_order(run):
    run.ok("place", "Desk lamp", "--price", PRICE, "--seller", "Shop A", "--order-no", "8123456789",
           "--processing-days", "7", "--protection-days", "30", at=T0)
    run.ok("pay", "1", "--method", "card", at=T0 + hours(2))
    run.ok("cancel", "1", "--reason", "out-of-stock", "--report-seller", at=T0 + days(1) + hours(2))
    run.ok("seller", "reject", "1", "--note", "it is back in stock", at=T0 + days(2))
    run.ok("extend", "1", "--days", "3", at=T0 + days(2) + hours(1))
    run.ok("ship", "1", "--tracking", "LP00123456789CN", at=T0 + days(3))
    run.ok("contact", "1", "--via", "email", "--note", "no tracking updates", at=T0 + days(20))
    run.ok("dispute", "open", "1", "--reason", "not-received", at=T0 + days(25))
    run.ok("receive", "1", at=T0 + days(26))
    run.ok("dispute", "withdraw", "1", at=T0 + days(27))
    shown = run.ok("show", "1", at=T0 + days(28)).stdout
    history = shown[shown.index("History"):shown.index("What you can do now")].splitlines()[1:]
    assert [line.strip() for line in history] == [
        "2027-03-01 10:00 UTC  placed",
        "2027-03-01 12:00 UTC  paid (by the buyer): method: card",
        "2027-03-02 12:00 UTC  cancel requested (by the buyer): reason: out-of-stock, "
        "complaint filed against the seller",
        "2027-03-03 10:00 UTC  seller rejected (by the seller): note: it is back in stock",
        "2027-03-03 11:00 UTC  extended (by the buyer): days: 3",
        "2027-03-04 10:00 UTC  shipped (by the seller): tracking: LP00123456789CN",
        "2027-03-21 10:00 UTC  contacted (by the buyer): via: email, note: no tracking updates",
        "2027-03-26 10:00 UTC  dispute opened (by the buyer): reason: not-received",
        "2027-03-27 10:00 UTC  received (by the buyer)",
        "2027-03-28 10:00 UTC  dispute withdrawn (by the buyer)",
    ]
    assert "Tracking         LP00123456789CN" in shown


def test_the_timeline_names_the_rules_that_acted(run):
    run.ok("place", "Desk lamp", "--price", PRICE, at=T0)
    run.ok("pay", "1", at=T0)
    run.ok("cancel", "1", "--reason", "wrong-item", at=T0 + days(1))
    run.ok("tick", at=T0 + days(40))
    shown = run.ok("show", "1", at=T0 + days(40)).stdout
    lines = [line.strip() for line in shown[shown.index("History"):shown.index("What you can do now")]
             .splitlines()[1:]]
    assert lines[-3:] == [
        "2027-03-16 10:00 UTC  cancelled (by rule seller_timeout)",
        "2027-03-16 10:00 UTC  refund started (by rule seller_timeout): amount: 12.99, currency: USD",
        "2027-04-05 10:00 UTC  refund overdue (by rule refund_overdue)",
    ]


# --- shipping, receipt and the end of protection ------------------------------------


def test_ship_records_the_tracking_number_and_starts_protection(run, db_path):
    run.ok("place", "Desk lamp", "--price", PRICE, at=T0)
    refused(run, db_path, "ship", "1", at=T0 + hours(1), says=["not paid yet", "aliorder pay 1"])
    run.ok("pay", "1", at=T0)
    order = run.ok("ship", "1", "--tracking", "LP1", "--json", at=SHIPPED).json()
    assert order["status"] == "awaiting_delivery"
    assert order["tracking"] == "LP1"
    assert order["shipped_at"] == iso(SHIPPED)
    assert order["events"][-1] == {"at": iso(SHIPPED), "kind": "shipped", "by": "seller", "tracking": "LP1"}
    assert order["deadlines"]["protection_ends"] == iso(SHIPPED + days(60))  # the default
    refused(run, db_path, "ship", "1", at=SHIPPED + days(1), says=["already shipped"])


def test_protection_days_come_from_the_order_else_the_setting_else_60(run, isolated):
    (isolated / "config.toml").write_text("protection_days = 45\n")
    by_setting = shipped_order(run, protection=None)
    by_order = shipped_order(run, protection=20)
    ends = {ref: run.ok("show", ref, "--json", at=SHIPPED).json()["deadlines"]["protection_ends"]
            for ref in (by_setting, by_order)}
    assert ends == {by_setting: iso(SHIPPED + days(45)), by_order: iso(SHIPPED + days(20))}


def test_a_shipment_during_a_cancellation_request_ends_the_request(run):
    run.ok("place", "Desk lamp", "--price", PRICE, at=T0)
    run.ok("pay", "1", at=T0)
    run.ok("cancel", "1", "--reason", "wrong-item", at=T0 + days(1))
    order = run.ok("ship", "1", "--json", at=T0 + days(2)).json()
    assert order["status"] == "awaiting_delivery"
    assert order["deadlines"]["seller_reply_by"] is None
    assert run.ok("tick", "--json", at=T0 + days(20)).json()["changes"] == []


@pytest.mark.parametrize("received", [True, False], ids=["delivered", "never-received"])
def test_tick_completes_an_order_once_protection_ends_without_a_dispute(run, received):
    ref = shipped_order(run)
    if received:
        assert run.ok("receive", ref, "--json", at=T0 + days(10)).json()["status"] == "delivered"
    assert run.ok("tick", "--json", at=SHIPPED + days(30) - hours(1)).json()["changes"] == []
    report = run.ok("tick", "--json", at=SHIPPED + days(45)).json()
    assert report["changes"] == [{"id": int(ref), "item": "Desk lamp",
                                  "from": "delivered" if received else "awaiting_delivery",
                                  "to": "completed", "rule": "protection_end", "at": iso(SHIPPED + days(30))}]
    order = run.ok("show", ref, "--json", at=SHIPPED + days(45)).json()
    assert order["events"][-1] == {"at": iso(SHIPPED + days(30)), "kind": "completed", "by": "protection_end"}
    assert order["deadlines"]["protection_ends"] is None


def test_an_open_dispute_outlives_protection_and_completes_when_it_closes(run):
    ref = shipped_order(run)
    run.ok("dispute", "open", ref, "--reason", "damaged", at=T0 + days(30))
    # Escalated at once: platform staff decide, so no dispute clock of issue 14 runs.
    run.ok("dispute", "escalate", ref, at=T0 + days(31))
    assert run.ok("tick", "--json", at=T0 + days(50)).json()["changes"] == []
    assert run.ok("show", ref, "--json", at=T0 + days(50)).json()["status"] == "in_dispute"
    closed = run.ok("dispute", "resolve", ref, "--rejected", "--json", at=T0 + days(51)).json()
    assert closed["status"] == "completed"
    assert closed["dispute"]["stage"] == "rejected"
    assert closed["refund"] is None
    assert closed["events"][-1] == {"at": iso(T0 + days(51)), "kind": "dispute_resolved", "outcome": "rejected"}


def test_receiving_during_a_dispute_keeps_it_open_and_a_second_receipt_is_refused(run, db_path):
    ref = shipped_order(run)
    run.ok("dispute", "open", ref, "--reason", "not-received", at=T0 + days(20))
    order = run.ok("receive", ref, "--json", at=T0 + days(21)).json()
    assert (order["status"], order["received_at"]) == ("in_dispute", iso(T0 + days(21)))
    refused(run, db_path, "receive", ref, at=T0 + days(22), says=["already marked as received"])


def test_receive_before_shipping_is_refused(run, db_path):
    run.ok("place", "Desk lamp", "--price", PRICE, at=T0)
    run.ok("pay", "1", at=T0)
    refused(run, db_path, "receive", "1", at=T0 + days(1), says=["not been shipped", "aliorder ship 1"])


# --- disputes: reasons, stages, outcomes, refusals ----------------------------------


@pytest.mark.parametrize("status_args", [[], ["pay"]], ids=["unpaid", "paid"])
def test_a_dispute_before_shipping_is_refused_pointing_at_cancel(run, db_path, status_args):
    run.ok("place", "Desk lamp", "--price", PRICE, at=T0)
    if status_args:
        run.ok("pay", "1", at=T0)
    refused(run, db_path, "dispute", "open", "1", "--reason", "not-received", at=T0 + days(2),
            says=["only once it has shipped", "aliorder cancel 1"])


def test_dispute_reasons_come_from_the_prepared_list(run, db_path):
    slugs = [r["slug"] for r in run.ok("reasons", "--json").json()["dispute"]]
    assert {"not-received", "not-as-described", "wrong-color", "not-working"} <= set(slugs)
    ref = shipped_order(run)
    bad = refused(run, db_path, "dispute", "open", ref, "--reason", "broken", at=T0 + days(5), code=2,
                  says=["Unknown dispute reason 'broken'"])
    assert all(slug in bad for slug in slugs)
    refused(run, db_path, "dispute", "open", ref, "--reason", "other", at=T0 + days(5), code=2,
            says=["needs a few words", "--note"])
    table = run.ok("reasons").stdout
    assert "Dispute reasons" in table and "not-as-described" in table


def test_one_dispute_per_order(run, db_path):
    ref = shipped_order(run)
    run.ok("dispute", "open", ref, "--reason", "not-working", at=T0 + days(10))
    refused(run, db_path, "dispute", "open", ref, "--reason", "damaged", at=T0 + days(11),
            says=["already has an open dispute", f"aliorder dispute escalate {ref}"])
    withdrawn = run.ok("dispute", "withdraw", ref, "--json", at=T0 + days(12)).json()
    assert withdrawn["status"] == "completed"
    assert withdrawn["dispute"]["stage"] == "withdrawn"
    assert withdrawn["events"][-1] == {"at": iso(T0 + days(12)), "kind": "dispute_withdrawn", "by": "buyer"}
    refused(run, db_path, "dispute", "open", ref, "--reason", "damaged", at=T0 + days(13),
            says=["already had a dispute (withdrawn)", "one dispute per order"])


def test_escalation_happens_once_and_only_in_a_dispute(run, db_path):
    ref = shipped_order(run)
    refused(run, db_path, "dispute", "escalate", ref, at=T0 + days(9),
            says=["has no open dispute", f"aliorder dispute open {ref}"])
    run.ok("dispute", "open", ref, "--reason", "not-working", at=T0 + days(10))
    run.ok("dispute", "escalate", ref, at=T0 + days(11))
    refused(run, db_path, "dispute", "escalate", ref, at=T0 + days(12),
            says=["already escalated", f"aliorder dispute resolve {ref}"])
    # An escalated dispute can still be withdrawn or resolved.
    assert run.ok("dispute", "withdraw", ref, "--json", at=T0 + days(13)).json()["status"] == "completed"


@pytest.mark.parametrize("args, says", [
    (["--refund", "12.99"], None),  # a full refund: exactly what was paid
    (["--refund", "13.00"], "more than the 12.99 USD paid"),
    (["--refund", "0"], None),
    (["--refund", "-1"], None),
    (["--refund", "lots"], None),
    ([], "exactly one outcome"),
    (["--refund", "5", "--rejected"], "exactly one outcome"),
])
def test_resolve_takes_one_outcome_and_never_more_than_was_paid(run, db_path, args, says):
    ref = shipped_order(run)
    run.ok("dispute", "open", ref, "--reason", "not-as-described", at=T0 + days(10))
    before = db_path.read_bytes()
    ran = run("dispute", "resolve", ref, *args, at=T0 + days(11))
    if args == ["--refund", "12.99"]:
        assert ran.exit_code == 0
        assert run.ok("show", ref, "--json", at=T0 + days(11)).json()["refund"]["amount"] == PRICE
        return
    assert ran.exit_code == 2, ran.stderr
    assert "Traceback" not in ran.stderr
    if says:
        assert says in ran.stderr
    assert db_path.read_bytes() == before


def test_a_closed_dispute_takes_no_more_outcomes(run, db_path):
    ref = shipped_order(run)
    run.ok("dispute", "open", ref, "--reason", "not-as-described", at=T0 + days(10))
    run.ok("dispute", "resolve", ref, "--refund", "2.50", at=T0 + days(11))
    for args in (["resolve", ref, "--rejected"], ["withdraw", ref], ["escalate", ref]):
        refused(run, db_path, "dispute", *args, at=T0 + days(12), says=["is completed"])


# --- contact: talk first, dispute second ----------------------------------------


def test_contact_logs_the_channel_the_topic_and_the_note(run, db_path):
    ref = shipped_order(run)
    chat = run.ok("contact", ref, "--via", "chat", "--note", "where is it?", "--json", at=T0 + days(9)).json()
    assert chat["events"][-1] == {"at": iso(T0 + days(9)), "kind": "contacted", "by": "buyer",
                                  "via": "chat", "note": "where is it?"}
    assert chat["status"] == "awaiting_delivery"
    mail = run.ok("contact", ref, "--via", "email", "--reason", "not-received", "--json", at=T0 + days(10)).json()
    assert mail["events"][-1] == {"at": iso(T0 + days(10)), "kind": "contacted", "by": "buyer",
                                  "via": "email", "reason": "not-received"}
    refused(run, db_path, "contact", ref, "--via", "phone", at=T0 + days(11), code=2,
            says=["--via 'phone' is not a channel", "chat, email"])
    refused(run, db_path, "contact", ref, "--via", "chat", "--reason", "nope", at=T0 + days(11), code=2,
            says=["Unknown dispute reason"])


@pytest.mark.parametrize("answer, opened", [("n\n", False), ("y\n", True), ("\n", True)])
def test_at_a_terminal_a_dispute_without_contact_asks_first(run, db_path, monkeypatch, answer, opened):
    ref = shipped_order(run)
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    before = db_path.read_bytes()
    ran = run("dispute", "open", ref, "--reason", "not-received", "--json", input=answer, at=T0 + days(10))
    assert ran.exit_code == 0
    assert "No conversation with the seller is logged" in ran.stderr
    status = run.ok("show", ref, "--json", at=T0 + days(10)).json()["status"]
    assert status == ("in_dispute" if opened else "awaiting_delivery")
    if opened:
        assert json.loads(printed(ran, answer))["status"] == "in_dispute"  # the question kept off stdout
    else:
        assert printed(ran, answer) == ""
        assert f"Nothing recorded. Talk first: aliorder contact {ref} --via chat --draft" in ran.stderr
        assert db_path.read_bytes() == before


@pytest.mark.parametrize("at, says", [(T0 + days(2), "only once it has shipped"),
                                      (T0 + days(40), "protection ended")])
def test_at_a_terminal_a_refused_dispute_is_refused_before_any_question(run, db_path, monkeypatch, at, says):
    run.ok("place", "Desk lamp", "--price", PRICE, "--protection-days", "30", at=T0)
    run.ok("pay", "1", at=T0)
    if at > SHIPPED:
        run.ok("ship", "1", at=SHIPPED)
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    said = refused(run, db_path, "dispute", "open", "1", "--reason", "not-received", at=at, says=[says])
    assert "No conversation" not in said


def test_at_a_terminal_no_question_once_the_seller_was_contacted(run, monkeypatch):
    ref = shipped_order(run)
    run.ok("contact", ref, "--via", "chat", at=T0 + days(9))
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    ran = run.ok("dispute", "open", ref, "--reason", "not-received", at=T0 + days(10))
    assert "No conversation" not in ran.stdout + ran.stderr
    assert "Now in_dispute" in ran.stdout


def test_without_a_terminal_a_dispute_without_contact_just_opens(run):
    ref = shipped_order(run)
    ran = run.ok("dispute", "open", ref, "--reason", "not-received", "--json", input="n\n", at=T0 + days(10))
    assert ran.json()["status"] == "in_dispute"
    assert "No conversation" not in ran.stdout + ran.stderr


# --- drafts to paste ------------------------------------------------------------


def test_a_contact_draft_is_built_from_the_order_and_records_nothing(run, db_path, monkeypatch):
    run.ok("place", "Desk lamp", "--price", PRICE, "--seller", "Shop A", "--order-no", "8123456789", at=T0)
    run.ok("pay", "1", at=T0 + hours(1))
    run.ok("ship", "1", "--tracking", "LP00123456789CN", at=SHIPPED)
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    before = db_path.read_bytes()
    ran = run.ok("contact", "1", "--via", "chat", "--reason", "not-received", "--note", "It was due last week.",
                 "--draft", at=T0 + days(30))
    text = ran.stdout
    assert text.startswith("Hello Shop A,\n\n")
    for fact in ("order no. 8123456789", "Desk lamp (12.99 USD)", "placed on 2027-03-01",
                 "paid on 2027-03-01", "shipped on 2027-03-04 with tracking number LP00123456789CN",
                 "has not reached me yet", "It was due last week.", "Thank you."):
        assert fact in text, fact
    assert "nothing was recorded" in ran.stderr
    assert "aliorder contact 1 --via chat --reason not-received" in ran.stderr
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("setup, asks", [
    ([], "when it will be shipped"),
    ([("cancel", "1", "--reason", "wrong-item")], "approve the cancellation request"),
    ([("ship", "1")], "where the parcel is now"),
    ([("cancel", "1", "--reason", "wrong-item"), ("seller", "approve", "1")], "is expected by 2027-03-22"),
])
def test_a_contact_draft_without_a_reason_asks_what_the_order_needs(run, setup, asks):
    run.ok("place", "Desk lamp", "--price", PRICE, at=T0)
    run.ok("pay", "1", at=T0)
    for args in setup:
        run.ok(*args, at=T0 + days(1))
    text = run.ok("contact", "1", "--via", "email", "--draft", at=T0 + days(2)).stdout
    assert text.startswith("Hello,\n\n")
    assert asks in text


def test_a_dispute_draft_states_the_problem_and_the_ask_and_opens_nothing(run, db_path, monkeypatch):
    ref = shipped_order(run)
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    before = db_path.read_bytes()
    ran = run.ok("dispute", "open", ref, "--reason", "wrong-color", "--note", "I ordered blue.", "--draft",
                 at=T0 + days(12))
    assert "No conversation" not in ran.stdout + ran.stderr  # a draft opens nothing, so there is nothing to confirm
    assert "I am opening a dispute about my order" in ran.stdout
    assert "different colour" in ran.stdout and "I ordered blue." in ran.stdout
    assert "refund of 12.99 USD" in ran.stdout
    assert f"aliorder dispute open {ref} --reason wrong-color" in ran.stderr
    assert db_path.read_bytes() == before
    doc = run.ok("dispute", "open", ref, "--reason", "not-received", "--draft", "--json", at=T0 + days(12)).json()
    assert doc["id"] == int(ref) and doc["draft"] == "dispute"
    assert "full refund of 12.99 USD" in doc["text"]


def test_a_dispute_draft_is_refused_when_the_dispute_would_be(run, db_path):
    ref = shipped_order(run)
    refused(run, db_path, "dispute", "open", ref, "--reason", "not-received", "--draft", at=T0 + days(40),
            says=["purchase protection ended on 2027-04-03 10:00"])
    refused(run, db_path, "contact", "9", "--via", "chat", "--draft", at=T0 + days(40), code=2, says=["9"])


def test_user_text_in_a_draft_cannot_carry_terminal_controls(run):
    run.ok("place", "Lamp\x1b[31m red", "--price", "3", "--seller", "Shop\u202e A", at=T0)
    run.ok("pay", "1", at=T0)
    text = run.ok("contact", "1", "--via", "chat", "--draft", at=T0 + days(1)).stdout
    assert "\x1b" not in text and "\u202e" not in text
    assert "Hello Shop A," in text


def test_every_dispute_reason_has_its_own_words_in_a_draft():
    from aliorder.domain import DISPUTE_REASONS
    from aliorder.drafts import PROBLEMS

    assert set(PROBLEMS) == set(DISPUTE_REASONS)
