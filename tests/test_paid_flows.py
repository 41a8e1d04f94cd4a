"""Issue 3: paid orders. Cancellation requests, the seller's answer or silence,
extensions of the processing time, refunds with their ETA windows, and the
seller scorecard, walked through the CLI as a buyer would at chosen instants."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from aliorder import cli
from tests.conftest import T0, days, hours, printed, refused, run_process

PRICE = "12.99"


def iso(at) -> str:
    return at.isoformat(timespec="seconds")


def paid_order(run, *place_args: str, at=T0, method: str | None = None) -> int:
    """Place and pay an order at `at`; returns its ID."""
    order = run.ok("place", "Desk lamp", "--price", PRICE, "--seller", "Shop A", *place_args,
                   "--json", at=at).json()
    pay = ["pay", str(order["id"])] + (["--method", method] if method else [])
    run.ok(*pay, at=at)
    return order["id"]


# --- the "done when", literally ------------------------------------------

REQUEST = T0 + days(1)  # pay on day 0, wait a day, request cancellation


def test_silence_grants_the_request_at_day_14_and_the_refund_is_overdue_after_day_34(run, db_path):
    paid_order(run, method="paypal")
    asked = run.ok("cancel", "1", "--reason", "out-of-stock", "--report-seller", "--json", at=REQUEST).json()
    assert asked["status"] == "cancellation_requested"
    assert asked["deadlines"]["seller_reply_by"] == iso(REQUEST + days(14))
    assert asked["cancel_request"]["report_seller"] is True
    assert asked["events"][-1] == {"at": iso(REQUEST), "kind": "cancel_requested", "by": "buyer",
                                   "reason": "out-of-stock", "report_seller": True}

    quiet = run.ok("tick", at=REQUEST + days(13))
    assert quiet.stdout == ""
    assert run.ok("show", "1", "--json", at=REQUEST + days(13)).json() == asked

    report = run.ok("tick", "--json", at=REQUEST + days(15)).json()
    assert report["changes"] == [{"id": 1, "item": "Desk lamp", "from": "cancellation_requested",
                                  "to": "cancelled", "rule": "seller_timeout",
                                  "at": iso(REQUEST + days(14))}]
    order = run.ok("show", "1", "--json", at=REQUEST + days(15)).json()
    assert order["status"] == "cancelled"
    assert order["refund"] == {"amount": PRICE, "currency": "USD", "method": "paypal", "status": "pending",
                               "started_at": iso(REQUEST + days(14)), "eta_from": iso(REQUEST + days(19)),
                               "eta_to": iso(REQUEST + days(34)), "received_at": None}
    kinds = [(e["kind"], e.get("by")) for e in order["events"]]
    assert kinds[-2:] == [("cancelled", "seller_timeout"), ("refund_started", "seller_timeout")]

    # Until day 34 the refund is merely pending; the deadlines show its window.
    assert run.ok("tick", "--json", at=REQUEST + days(33)).json()["events"] == []
    due = run.ok("deadlines", "--json", at=REQUEST + days(33)).json()
    assert [(d["kind"], d["due"]) for d in due] == [("refund_by", iso(REQUEST + days(34)))]

    late = run.ok("tick", "--json", at=REQUEST + days(35)).json()
    assert late["changes"] == []
    assert [(e["id"], e["kind"], e["by"], e["at"]) for e in late["events"]] == [
        (1, "refund_overdue", "refund_overdue", iso(REQUEST + days(34)))]
    assert run.ok("show", "1", "--json", at=REQUEST + days(35)).json()["refund"]["status"] == "overdue"
    due = run.ok("deadlines", "--json", at=REQUEST + days(40)).json()
    assert due == [{"id": 1, "item": "Desk lamp", "kind": "refund_overdue",
                    "due": iso(REQUEST + days(34)), "status": "cancelled"}]
    human = run.ok("show", "1", at=REQUEST + days(40)).stdout
    assert "OVERDUE by 6 d" in human
    # A second tick reports nothing new.
    assert run.ok("tick", "--json", at=REQUEST + days(41)).json()["events"] == []

    got = run.ok("refund", "received", "1", "--json", at=REQUEST + days(42)).json()
    assert got["refund"]["status"] == "received"
    assert got["refund"]["received_at"] == iso(REQUEST + days(42))
    assert run.ok("deadlines", "--json", at=REQUEST + days(43)).json() == []
    refused(run, db_path, "refund", "received", "1", at=REQUEST + days(44), says=["already received"])


@pytest.mark.parametrize("after, granted", [
    (days(14) - hours(1), False),
    (days(14), True),
    (days(30), True),
])
def test_silence_grants_the_request_exactly_14_days_after_it(run, after, granted):
    paid_order(run)
    run.ok("cancel", "1", "--reason", "refuses-to-ship", "--no-report-seller", at=REQUEST)
    report = run.ok("tick", "--json", at=REQUEST + after).json()
    expected = [{"id": 1, "item": "Desk lamp", "from": "cancellation_requested", "to": "cancelled",
                 "rule": "seller_timeout", "at": iso(REQUEST + days(14))}] if granted else []
    assert report["changes"] == expected


def test_seller_approval_cancels_and_starts_the_refund_then(run, db_path):
    paid_order(run, method="card")
    run.ok("cancel", "1", "--reason", "wrong-item", at=REQUEST)
    answered = REQUEST + days(3)
    out = run.ok("seller", "approve", "1", "--note", "sorry", at=answered)
    assert "the seller approved. Now cancelled." in out.stdout
    assert "Refund of 12.99 USD via card" in out.stdout
    order = run.ok("show", "1", "--json", at=answered).json()
    assert order["status"] == "cancelled"
    assert order["refund"]["status"] == "pending"
    assert (order["refund"]["started_at"], order["refund"]["eta_from"], order["refund"]["eta_to"]) == (
        iso(answered), iso(answered + days(5)), iso(answered + days(20)))
    assert order["events"][-2]["kind"] == "seller_approved"
    assert order["events"][-2]["by"] == "seller" and order["events"][-2]["note"] == "sorry"
    # The reply deadline died with the request: silence no longer fires.
    assert run.ok("tick", "--json", at=REQUEST + days(15)).json()["changes"] == []
    refused(run, db_path, "seller", "reject", "1", at=REQUEST + days(16),
            says=["Order 1 is cancelled", "nothing more can happen"])


def test_seller_rejection_returns_the_order_and_the_old_reply_deadline_never_fires(run):
    paid_order(run)
    run.ok("cancel", "1", "--reason", "out-of-stock", "--no-report-seller", at=REQUEST)
    back = run.ok("seller", "reject", "1", "--note", "already packed", "--json", at=REQUEST + days(2)).json()
    assert back["status"] == "awaiting_shipment"
    assert back["deadlines"]["seller_reply_by"] is None
    assert back["cancel_request"] is None
    assert back["events"][-1] == {"at": iso(REQUEST + days(2)), "kind": "seller_rejected", "by": "seller",
                                  "note": "already packed"}
    assert run.ok("tick", at=REQUEST + days(15)).stdout == ""
    assert run.ok("show", "1", "--json", at=REQUEST + days(15)).json() == back
    assert run.ok("deadlines", "--json", at=REQUEST + days(15)).json() == []
    # After a rejection the buyer may ask again; the new request has its own clock.
    again = run.ok("cancel", "1", "--reason", "out-of-stock", "--no-report-seller", "--json",
                   at=REQUEST + days(16)).json()
    assert again["deadlines"]["seller_reply_by"] == iso(REQUEST + days(30))


# --- refusals: exit 1, the way out, the file unchanged ------------------------------


def test_a_second_request_while_one_is_pending_is_refused_saying_what_to_do(run, db_path):
    paid_order(run)
    run.ok("cancel", "1", "--reason", "out-of-stock", "--no-report-seller", at=REQUEST)
    refused(run, db_path, "cancel", "1", "--reason", "wrong-item", at=REQUEST + days(2),
            says=["already has a cancellation request", "2027-03-16 10:00",
                  "Record the answer:\n  aliorder seller approve 1\n  aliorder seller reject 1\n"])


def test_a_request_after_shipping_is_refused_pointing_at_disputes(run, db_path):
    paid_order(run)
    run.ok("ship", "1", "--tracking", "LP123", at=T0 + days(2))
    refused(run, db_path, "cancel", "1", "--reason", "wrong-item", at=T0 + days(3),
            says=["is shipped", "can no longer be cancelled", "aliorder dispute open 1"])


def test_a_request_before_the_cancel_button_appears_is_refused_saying_when(run, db_path):
    paid_order(run, at=T0)
    refused(run, db_path, "cancel", "1", "--reason", "wrong-item", at=T0 + hours(23),
            says=["cannot be cancelled yet", "checked the payment", "2027-03-02 10:00"])
    assert run("cancel", "1", "--reason", "wrong-item", at=T0 + hours(24)).exit_code == 0


@pytest.mark.parametrize("args, says", [
    (["seller", "approve", "1"], ["no cancellation request to answer", "aliorder cancel 1"]),
    (["seller", "reject", "1"], ["no cancellation request to answer"]),
    (["refund", "received", "1"], ["no refund on its way"]),
])
def test_answers_and_refunds_without_a_request_are_refused(run, db_path, args, says):
    paid_order(run)
    refused(run, db_path, *args, at=REQUEST, says=says)


def test_the_other_reason_needs_a_note_and_a_buyers_reason_cannot_report_the_seller(run, db_path):
    paid_order(run)
    before = db_path.read_bytes()
    no_note = run("cancel", "1", "--reason", "other", at=REQUEST)
    assert no_note.exit_code == 2 and "--note" in no_note.stderr
    blame = run("cancel", "1", "--reason", "duplicate", "--report-seller", at=REQUEST)
    assert blame.exit_code == 2
    assert "seller's fault" in blame.stderr and "out-of-stock" in blame.stderr
    assert db_path.read_bytes() == before
    noted = run.ok("cancel", "1", "--reason", "other", "--note", "found it cheaper", "--json", at=REQUEST).json()
    assert noted["cancel_request"]["note"] == "found it cheaper"


# --- --report-seller: asked only of a person at a terminal ---------------------------


def test_without_a_terminal_the_buyer_is_never_asked_about_a_complaint(run):
    paid_order(run)
    ran = run.ok("cancel", "1", "--reason", "out-of-stock", "--json", input="y\n", at=REQUEST)
    assert ran.json()["cancel_request"]["report_seller"] is False
    assert "complaint" not in ran.stdout + ran.stderr


def test_cron_like_process_with_no_terminal_cancels_without_a_question(run):
    paid_order(run, at=datetime.now(timezone.utc).replace(microsecond=0) - days(3))
    done = run_process("cancel", "1", "--reason", "no-contact", "--json", input="y\n")
    assert done.returncode == 0, done.stderr
    assert "complaint" not in done.stdout + done.stderr
    assert '"report_seller": false' in done.stdout


@pytest.mark.parametrize("answer, reported", [("y\n", True), ("n\n", False), ("\n", False)])
def test_at_a_terminal_a_sellers_fault_asks_whether_to_file_a_complaint(run, monkeypatch, answer, reported):
    paid_order(run)
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    ran = run.ok("cancel", "1", "--reason", "out-of-stock", input=answer, at=REQUEST)
    assert "file a complaint against the seller" in ran.stderr
    order = run.ok("show", "1", "--json", at=REQUEST).json()
    assert order["cancel_request"]["report_seller"] is reported


def test_at_a_terminal_the_question_keeps_off_stdout_so_json_stays_one_document(run, monkeypatch):
    paid_order(run)
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    ran = run.ok("cancel", "1", "--reason", "out-of-stock", "--json", input="y\n", at=REQUEST)
    assert json.loads(printed(ran, "y\n"))["cancel_request"]["report_seller"] is True
    assert "file a complaint" in ran.stderr


@pytest.mark.parametrize("shipped", [False, True], ids=["before-the-button", "after-shipping"])
def test_at_a_terminal_a_refused_request_is_refused_before_any_question(run, db_path, monkeypatch, shipped):
    paid_order(run)
    if shipped:
        run.ok("ship", "1", at=T0 + hours(2))
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    said = refused(run, db_path, "cancel", "1", "--reason", "out-of-stock", at=T0 + hours(3),
                   says=["is shipped" if shipped else "cannot be cancelled yet"])
    assert "complaint" not in said


@pytest.mark.parametrize("args", [
    ["--reason", "out-of-stock", "--report-seller"],
    ["--reason", "out-of-stock", "--no-report-seller"],
    ["--reason", "wrong-item"],  # the buyer's own fault: no complaint to file
])
def test_at_a_terminal_no_question_when_the_answer_is_given_or_moot(run, monkeypatch, args):
    paid_order(run)
    monkeypatch.setattr(cli, "stdin_is_terminal", lambda: True)
    ran = run.ok("cancel", "1", *args, at=REQUEST)
    assert "complaint" not in ran.stdout + ran.stderr


# --- processing time, ship_timeout and extend -----------------------------------------


def test_extend_is_refused_without_a_processing_time(run, db_path):
    paid_order(run)
    refused(run, db_path, "extend", "1", "--days", "5", at=REQUEST,
            says=["no processing time recorded", "--processing-days"])


def test_extend_moves_ship_by_in_show_and_deadlines_and_ship_timeout_follows_it(run, db_path):
    paid_order(run, "--processing-days", "7", method="paypal")
    shown = run.ok("show", "1", "--json", at=REQUEST).json()
    assert shown["deadlines"]["ship_by"] == iso(T0 + days(7))
    out = run.ok("extend", "1", "--days", "5", "--json", at=T0 + days(6)).json()
    assert out["deadlines"]["ship_by"] == iso(T0 + days(12))
    assert out["extension_days"] == 5
    assert out["events"][-1] == {"at": iso(T0 + days(6)), "kind": "extended", "by": "buyer", "days": 5}

    human = run.ok("show", "1", at=T0 + days(6)).stdout
    assert "7 days + 5 extended" in human
    assert "Seller must ship by (else cancelled, full refund): 2027-03-13 10:00" in human
    rows = run.ok("deadlines", "--json", at=T0 + days(6)).json()
    assert [(r["kind"], r["due"]) for r in rows] == [("ship_by", iso(T0 + days(12)))]

    # The old deadline (day 7) no longer fires; the new one (day 12) does, with a full refund.
    assert run.ok("tick", "--json", at=T0 + days(8)).json()["changes"] == []
    report = run.ok("tick", "--json", at=T0 + days(12) + hours(1)).json()
    assert report["changes"] == [{"id": 1, "item": "Desk lamp", "from": "awaiting_shipment", "to": "cancelled",
                                  "rule": "ship_timeout", "at": iso(T0 + days(12))}]
    refund = run.ok("show", "1", "--json", at=T0 + days(13)).json()["refund"]
    assert (refund["amount"], refund["method"], refund["eta_from"], refund["eta_to"]) == (
        PRICE, "paypal", iso(T0 + days(17)), iso(T0 + days(32)))
    refused(run, db_path, "extend", "1", "--days", "5", at=T0 + days(13), says=["is cancelled"])


@pytest.mark.parametrize("at, shipped", [(T0 + days(7) - hours(1), True), (T0 + days(7), False)])
def test_a_shipment_counts_only_before_the_processing_time_runs_out(run, at, shipped):
    paid_order(run, "--processing-days", "7")
    ran = run("ship", "1", at=at)
    if shipped:
        assert ran.exit_code == 0, ran.stderr
    else:
        assert ran.exit_code == 1
        assert "rule ship_timeout" in ran.stderr
        report = run.ok("tick", "--json", at=at).json()
        assert [(c["rule"], c["at"]) for c in report["changes"]] == [("ship_timeout", iso(T0 + days(7)))]


def test_a_processing_time_ending_before_the_sellers_reply_deadline_cancels_first(run):
    paid_order(run, "--processing-days", "5")
    run.ok("cancel", "1", "--reason", "out-of-stock", "--no-report-seller", at=REQUEST)
    report = run.ok("tick", "--json", at=REQUEST + days(30)).json()
    assert [(c["from"], c["rule"], c["at"]) for c in report["changes"]] == [
        ("cancellation_requested", "ship_timeout", iso(T0 + days(5)))]
    order = run.ok("show", "1", "--json", at=REQUEST + days(30)).json()
    assert order["refund"]["started_at"] == iso(T0 + days(5))
    assert [e["kind"] for e in order["events"]].count("cancelled") == 1


@pytest.mark.parametrize("after, status", [(days(20) - hours(1), "pending"), (days(20), "overdue")])
def test_a_refund_falls_overdue_exactly_at_the_end_of_its_window(run, after, status):
    paid_order(run)
    run.ok("cancel", "1", "--reason", "wrong-item", at=REQUEST)
    run.ok("seller", "approve", "1", at=REQUEST)
    run.ok("tick", at=REQUEST + after)
    assert run.ok("show", "1", "--json", at=REQUEST + after).json()["refund"]["status"] == status


def test_extend_is_refused_while_a_cancellation_request_waits(run, db_path):
    paid_order(run, "--processing-days", "7")
    run.ok("cancel", "1", "--reason", "wrong-item", at=REQUEST)
    refused(run, db_path, "extend", "1", "--days", "3", at=REQUEST + hours(1),
            says=["cancellation request waiting", "aliorder seller reject 1"])


def test_a_late_extend_is_refused_once_the_platform_has_cancelled(run, db_path):
    paid_order(run, "--processing-days", "7")
    refused(run, db_path, "extend", "1", "--days", "3", at=T0 + days(8),
            says=["rule ship_timeout", "2027-03-08 10:00"])


# --- refund windows per payment method ------------------------------------------------

REFUND_SETTINGS = """\
[refund_days]
paypal = [3, 10]
card = [7, 15]
"""


@pytest.mark.parametrize("place_args, method, window, shown_method", [
    ([], "paypal", (3, 10), "paypal"),
    (["--pay-with", "card"], None, (7, 15), "card"),
    (["--pay-with", "card"], "PayPal", (3, 10), "paypal"),  # what was really paid with wins
    ([], "balance", (5, 20), "balance"),  # a method without a setting takes the default
    ([], None, (5, 20), None),
])
def test_refund_window_follows_the_payment_method_settings(run, isolated, place_args, method, window,
                                                           shown_method):
    (isolated / "config.toml").write_text(REFUND_SETTINGS)
    paid_order(run, *place_args, method=method)
    run.ok("cancel", "1", "--reason", "wrong-item", at=REQUEST)
    refund = run.ok("seller", "approve", "1", "--json", at=REQUEST + days(1)).json()["refund"]
    start = REQUEST + days(1)
    assert (refund["method"], refund["eta_from"], refund["eta_to"]) == (
        shown_method, iso(start + days(window[0])), iso(start + days(window[1])))


def test_a_refund_setting_matches_the_method_however_it_is_capitalised(run, isolated):
    (isolated / "config.toml").write_text('[refund_days]\nPayPal = [3, 10]\n"Apple Pay" = [1, 4]\n')
    paid_order(run, method="paypal")
    paid_order(run, method="Apple Pay")
    for ref, window in (("1", (3, 10)), ("2", (1, 4))):
        run.ok("cancel", ref, "--reason", "wrong-item", at=REQUEST)
        refund = run.ok("seller", "approve", ref, "--json", at=REQUEST).json()["refund"]
        assert (refund["eta_from"], refund["eta_to"]) == (iso(REQUEST + days(window[0])),
                                                          iso(REQUEST + days(window[1])))


def test_the_default_window_itself_is_a_setting(run, isolated):
    (isolated / "config.toml").write_text("[refund_days]\ndefault = [1, 2]\n")
    paid_order(run)
    run.ok("cancel", "1", "--reason", "wrong-item", at=REQUEST)
    refund = run.ok("seller", "approve", "1", "--json", at=REQUEST).json()["refund"]
    assert (refund["eta_from"], refund["eta_to"]) == (iso(REQUEST + days(1)), iso(REQUEST + days(2)))


def test_a_bad_refund_window_setting_is_a_usage_error_naming_it(run, isolated, db_path):
    (isolated / "config.toml").write_text("[refund_days]\npaypal = [10, 3]\n")
    ran = run("place", "Lamp", "--price", "1")
    assert ran.exit_code == 2
    assert "refund_days.paypal" in ran.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("now, says", [
    (REQUEST + days(1), "2027-03-08 to 2027-03-23, expected in 5 d to 20 d"),
    (REQUEST + days(10), "2027-03-08 to 2027-03-23, due any day now, at the latest in 11 d"),
    (REQUEST + days(22) + hours(5), "2027-03-08 to 2027-03-23, OVERDUE by 1 d 5 h"),
])
def test_show_prints_the_refund_eta_as_a_date_range_and_a_countdown(run, now, says):
    paid_order(run, method="card")
    run.ok("cancel", "1", "--reason", "wrong-item", at=REQUEST)
    run.ok("seller", "approve", "1", at=REQUEST + days(1))
    run.ok("tick", at=now)
    shown = run.ok("show", "1", at=now).stdout
    assert "Refund of 12.99 USD via card: " + says in shown


# --- a tick long after several deadlines --------------------------------------------


def test_one_tick_long_after_many_deadlines_applies_each_exactly_once(run, db_path):
    run.ok("place", "Unpaid", "--price", "1", at=T0)                                   # 1: unpaid_timeout day 20
    silent = paid_order(run, at=T0)                                                    # 2: seller_timeout day 15
    run.ok("cancel", str(silent), "--reason", "no-contact", "--report-seller", at=REQUEST)
    late = paid_order(run, "--processing-days", "5", at=T0)                            # 3: ship_timeout day 5
    shipped = paid_order(run, "--protection-days", "30", at=T0)                        # 4: protection_end day 32
    run.ok("ship", str(shipped), at=T0 + days(2))

    report = run.ok("tick", "--json", at=T0 + days(200)).json()
    assert [(c["id"], c["rule"], c["at"]) for c in report["changes"]] == [
        (late, "ship_timeout", iso(T0 + days(5))),
        (silent, "seller_timeout", iso(REQUEST + days(14))),
        (1, "unpaid_timeout", iso(T0 + days(20))),
        (shipped, "protection_end", iso(T0 + days(32))),
    ]
    assert sorted((e["id"], e["at"]) for e in report["events"]) == [
        (silent, iso(REQUEST + days(34))), (late, iso(T0 + days(25)))]
    before = db_path.read_bytes()
    again = run.ok("tick", "--json", at=T0 + days(201)).json()
    assert (again["changes"], again["events"]) == ([], [])
    assert run.ok("tick", at=T0 + days(202)).stdout == ""
    assert db_path.read_bytes() == before
    for order_id in (1, silent, late, shipped):
        events = run.ok("show", str(order_id), "--json", at=T0 + days(202)).json()["events"]
        kinds = [e["kind"] for e in events]
        assert len(kinds) == len(set(kinds)), kinds  # no rule applied twice


# --- the seller scorecard --------------------------------------------------------


def _history(run) -> None:
    """Shop A: an approval with a complaint, a silence whose refund went overdue, a rejection.
    Shop B: an unpaid order cancelled with a complaint, and a dispute."""
    def order(seller: str) -> str:
        placed = run.ok("place", "Thing", "--price", "5", "--seller", seller, "--json", at=T0).json()
        return str(placed["id"])

    a1, a2, a3, b1, b2 = (order(s) for s in ("Shop A", "Shop A", "Shop A", "Shop B", "Shop B"))
    for paid in (a1, a2, a3, b2):
        run.ok("pay", paid, at=T0)
    run.ok("cancel", a1, "--reason", "out-of-stock", "--report-seller", at=REQUEST)
    run.ok("seller", "approve", a1, at=REQUEST + days(1))
    run.ok("refund", "received", a1, at=REQUEST + days(6))
    run.ok("cancel", a2, "--reason", "refuses-to-ship", "--no-report-seller", at=REQUEST)
    run.ok("cancel", a3, "--reason", "wrong-item", at=REQUEST)
    run.ok("seller", "reject", a3, at=REQUEST + days(2))
    run.ok("cancel", b1, "--reason", "no-contact", "--report-seller", at=REQUEST)
    run.ok("ship", b2, at=T0 + days(2))
    run.ok("dispute", "open", b2, "--reason", "not-received", at=T0 + days(20))
    run.ok("dispute", "escalate", b2, at=T0 + days(21))  # platform staff decide: no dispute clock runs
    run.ok("tick", at=T0 + days(60))  # a2: granted by silence on day 15, refund overdue on day 35


def test_sellers_scorecard_counts_each_sellers_record(run):
    _history(run)
    scores = run.ok("sellers", "--json", at=T0 + days(60)).json()
    assert scores == [
        {"seller": "Shop A", "orders": 3, "requests": 3, "approved": 1, "rejected": 1, "silent": 1,
         "complaints": 1, "refunds_overdue": 1, "disputes": 0, "not_shipped": 0},
        {"seller": "Shop B", "orders": 2, "requests": 0, "approved": 0, "rejected": 0, "silent": 0,
         "complaints": 1, "refunds_overdue": 0, "disputes": 1, "not_shipped": 0},
    ]


def test_sellers_table_for_people(run):
    _history(run)
    lines = run.ok("sellers", at=T0 + days(60)).stdout.splitlines()
    header = lines[0]
    for head in ("Seller", "Orders", "Cancel requests", "Approved", "Rejected", "Silent", "Not shipped",
                 "Complaints", "Refunds overdue", "Disputes"):
        assert head in header
    assert lines[1].split() == ["Shop", "A", "3", "3", "1", "1", "1", "0", "1", "1", "0"]
    assert lines[2].split() == ["Shop", "B", "2", "0", "0", "0", "0", "0", "1", "0", "1"]


def test_sellers_with_no_orders_says_so(run):
    ran = run.ok("sellers")
    assert ran.stdout == ""
    assert "No orders yet" in ran.stderr
    assert run.ok("sellers", "--json").json() == []
