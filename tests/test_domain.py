"""The transition table, command by command and status by status (domain.apply, pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aliorder import domain
from aliorder.domain import (Cancel, Contact, EscalateDispute, Extend, OpenDispute, Order, Pay,
                             Receive, ReceiveRefund, ResolveDispute, Rule, SellerAnswer, Ship,
                             Status, WithdrawDispute)
from aliorder.errors import BadInput, NotAllowed
from aliorder.policy import Rules
from tests.conftest import T0, days, hours

RULES = Rules()
LATER = T0 + days(3)  # when the command under test happens: after every setup step


def fresh(**fields) -> Order:
    return Order(id=7, item="Lamp", price=Decimal("12.99"), currency="USD", placed_at=T0,
                 processing_days=10, events=(domain.Event(T0, "placed"),), **fields)


def act(order: Order, command, at) -> Order:
    return domain.apply(order, command, at, RULES)


# How to bring an order into each status, step by step.
PATHS = {
    Status.AWAITING_PAYMENT: [],
    Status.AWAITING_SHIPMENT: [(Pay("card"), hours(1))],
    Status.CANCELLATION_REQUESTED: [(Pay("card"), hours(1)), (Cancel("out-of-stock"), hours(25))],
    Status.AWAITING_DELIVERY: [(Pay("card"), hours(1)), (Ship("LP1"), hours(30))],
    Status.DELIVERED: [(Pay("card"), hours(1)), (Ship("LP1"), hours(30)), (Receive(), hours(40))],
    Status.IN_DISPUTE: [(Pay("card"), hours(1)), (Ship("LP1"), hours(30)),
                        (OpenDispute("not-received"), hours(40))],
    Status.COMPLETED: [(Pay("card"), hours(1)), (Ship("LP1"), hours(30)),
                       (OpenDispute("not-received"), hours(40)), (WithdrawDispute(), hours(41))],
    Status.CANCELLED: [(Cancel("wrong-item"), hours(24))],
}


def order_in(status: Status) -> Order:
    order = fresh()
    for command, offset in PATHS[status]:
        order = act(order, command, T0 + offset)
    assert order.status is status
    return order


def test_every_status_can_be_reached():
    assert set(PATHS) == set(Status)


COMMANDS = {
    "pay": Pay("paypal"),
    "cancel": Cancel("wrong-item"),
    "extend": Extend(3),
    "approve": SellerAnswer(True),
    "reject": SellerAnswer(False, "already packed"),
    "ship": Ship("LP2"),
    "receive": Receive(),
    "contact": Contact("chat", "where is it?"),
    "dispute": OpenDispute("not-received"),
    "escalate": EscalateDispute(),
    "resolve-refund": ResolveDispute(Decimal("5.00")),
    "resolve-rejected": ResolveDispute(None),
    "withdraw": WithdrawDispute(),
    "refund-received": ReceiveRefund(),
}

S = Status
# (status, command) -> (status after, [(kind, by) of the events added]); anything absent is refused.
ALLOWED = {
    (S.AWAITING_PAYMENT, "pay"): (S.AWAITING_SHIPMENT, [("paid", "buyer")]),
    (S.AWAITING_PAYMENT, "cancel"): (S.CANCELLED, [("cancelled", "buyer")]),
    (S.AWAITING_SHIPMENT, "cancel"): (S.CANCELLATION_REQUESTED, [("cancel_requested", "buyer")]),
    (S.AWAITING_SHIPMENT, "extend"): (S.AWAITING_SHIPMENT, [("extended", "buyer")]),
    (S.AWAITING_SHIPMENT, "ship"): (S.AWAITING_DELIVERY, [("shipped", "seller")]),
    (S.CANCELLATION_REQUESTED, "approve"): (S.CANCELLED, [("seller_approved", "seller"),
                                                          ("refund_started", "seller")]),
    (S.CANCELLATION_REQUESTED, "reject"): (S.AWAITING_SHIPMENT, [("seller_rejected", "seller")]),
    (S.CANCELLATION_REQUESTED, "ship"): (S.AWAITING_DELIVERY, [("shipped", "seller")]),
    (S.AWAITING_DELIVERY, "receive"): (S.DELIVERED, [("received", "buyer")]),
    (S.AWAITING_DELIVERY, "dispute"): (S.IN_DISPUTE, [("dispute_opened", "buyer")]),
    (S.DELIVERED, "dispute"): (S.IN_DISPUTE, [("dispute_opened", "buyer")]),
    (S.IN_DISPUTE, "receive"): (S.IN_DISPUTE, [("received", "buyer")]),
    (S.IN_DISPUTE, "escalate"): (S.IN_DISPUTE, [("dispute_escalated", "buyer")]),
    (S.IN_DISPUTE, "resolve-refund"): (S.COMPLETED, [("dispute_resolved", None), ("refund_started", None)]),
    (S.IN_DISPUTE, "resolve-rejected"): (S.COMPLETED, [("dispute_resolved", None)]),
    (S.IN_DISPUTE, "withdraw"): (S.COMPLETED, [("dispute_withdrawn", "buyer")]),
    **{(status, "contact"): (status, [("contacted", "buyer")]) for status in Status},
}

# The words a refusal may use to name each state to a buyer.
STATE_WORDS = {
    S.AWAITING_PAYMENT: ("awaiting_payment", "not paid"),
    S.AWAITING_SHIPMENT: ("awaiting_shipment", "paid"),
    S.CANCELLATION_REQUESTED: ("cancellation_requested", "cancellation request"),
    S.AWAITING_DELIVERY: ("awaiting_delivery", "shipped"),
    S.DELIVERED: ("delivered", "received", "shipped"),
    S.IN_DISPUTE: ("in_dispute", "in dispute", "open dispute"),
    S.COMPLETED: ("completed", "already had a dispute"),
    S.CANCELLED: ("cancelled",),
}

TABLE = [(status, name) for status in Status for name in COMMANDS]


@pytest.mark.parametrize(("status", "name"), [k for k in TABLE if k in ALLOWED],
                         ids=lambda v: str(v))
def test_an_allowed_command_moves_the_order_and_records_who_did_it(status, name):
    before = order_in(status)
    after = act(before, COMMANDS[name], LATER)
    expected_status, expected_events = ALLOWED[(status, name)]
    assert after.status is expected_status
    added = after.events[len(before.events):]
    assert [(e.kind, e.by) for e in added] == expected_events
    assert all(e.at == LATER for e in added)
    assert before.events == after.events[:len(before.events)]  # history is only appended to


@pytest.mark.parametrize(("status", "name"), [k for k in TABLE if k not in ALLOWED],
                         ids=lambda v: str(v))
def test_a_refused_command_names_the_order_its_state_and_the_way_out(status, name):
    order = order_in(status)
    with pytest.raises(NotAllowed) as refused:
        act(order, COMMANDS[name], LATER)
    err = refused.value
    assert err.exit_code == 1
    assert "Order 7" in err.message
    # A refund refusal names the refund's state, not the order's.
    words = ("no refund",) if name == "refund-received" else STATE_WORDS[status]
    assert any(word in err.message for word in words), err.message
    assert err.hint and "aliorder " in err.hint and "7" in err.hint, (err.message, err.hint)


def test_paying_keeps_the_method_chosen_at_place_unless_another_is_given():
    assert act(fresh(payment_method="card"), Pay(), T0).payment_method == "card"
    paid = act(fresh(payment_method="card"), Pay("paypal"), T0 + hours(2))
    assert (paid.payment_method, paid.paid_at) == ("paypal", T0 + hours(2))
    assert paid.events[-1].details == {"method": "paypal"}


def test_a_cancellation_request_keeps_reason_note_and_complaint():
    paid = order_in(Status.AWAITING_SHIPMENT)
    asked = act(paid, Cancel("out-of-stock", "seller said so", True), LATER)
    assert asked.cancel_request == domain.CancelRequest("out-of-stock", LATER, "seller said so", True)
    assert asked.events[-1].details == {"reason": "out-of-stock", "note": "seller said so",
                                        "report_seller": True}


def test_the_seller_approving_refunds_the_whole_price_by_the_method_paid():
    approved = act(order_in(Status.CANCELLATION_REQUESTED), SellerAnswer(True), LATER)
    refund = approved.refund
    assert (refund.amount, refund.currency, refund.method, refund.status) == (
        Decimal("12.99"), "USD", "card", "pending")
    assert (refund.started_at, refund.eta_from, refund.eta_to) == (LATER, LATER + days(5), LATER + days(20))


def test_the_seller_rejecting_clears_the_request_and_cancel_can_be_asked_again():
    rejected = act(order_in(Status.CANCELLATION_REQUESTED), SellerAnswer(False), LATER)
    assert rejected.cancel_request is None
    again = act(rejected, Cancel("no-contact"), LATER + hours(1))
    assert again.status is Status.CANCELLATION_REQUESTED


def test_extend_adds_days_and_needs_a_processing_time():
    paid = order_in(Status.AWAITING_SHIPMENT)
    twice = act(act(paid, Extend(3), LATER), Extend(4), LATER)
    assert twice.extension_days == 7
    no_time = act(fresh()._replace(processing_days=None), Pay(), T0)
    with pytest.raises(NotAllowed) as refused:
        act(no_time, Extend(3), LATER)
    assert "no processing time" in refused.value.message
    assert "--processing-days" in refused.value.hint


def test_receiving_twice_is_refused_even_during_a_dispute():
    received_then_disputed = act(order_in(Status.DELIVERED), OpenDispute("not-working"), LATER)
    with pytest.raises(NotAllowed, match="already marked as received"):
        act(received_then_disputed, Receive(), LATER)


def test_one_dispute_per_order():
    delivered = order_in(Status.DELIVERED)
    disputed = act(delivered, OpenDispute("not-working"), LATER)
    # Back in a shipped state with a closed dispute: a second one is refused.
    closed = disputed._replace(status=Status.DELIVERED)
    with pytest.raises(NotAllowed, match="one dispute per order"):
        act(closed, OpenDispute("damaged"), LATER)


def test_escalating_twice_is_refused_with_the_next_step():
    escalated = act(order_in(Status.IN_DISPUTE), EscalateDispute(), LATER)
    assert escalated.dispute.stage == "escalated"
    with pytest.raises(NotAllowed) as refused:
        act(escalated, EscalateDispute(), LATER)
    assert "already escalated" in refused.value.message
    assert "dispute resolve 7" in refused.value.hint


@pytest.mark.parametrize(("command", "stage", "refund"), [
    (ResolveDispute(Decimal("5.00")), "resolved", Decimal("5.00")),
    (ResolveDispute(None), "rejected", None),
    (WithdrawDispute(), "withdrawn", None),
])
def test_closing_a_dispute_completes_the_order(command, stage, refund):
    closed = act(order_in(Status.IN_DISPUTE), command, LATER)
    assert (closed.status, closed.dispute.stage, closed.dispute.closed_at) == (Status.COMPLETED, stage, LATER)
    assert (closed.refund.amount if closed.refund else None) == refund


def test_a_dispute_refund_cannot_exceed_the_price():
    with pytest.raises(BadInput) as refused:
        act(order_in(Status.IN_DISPUTE), ResolveDispute(Decimal("13.00")), LATER)
    assert "--refund 12.99" in refused.value.hint


def test_a_refund_is_received_once_and_not_before_it_started():
    approved = act(order_in(Status.CANCELLATION_REQUESTED), SellerAnswer(True), LATER)
    with pytest.raises(BadInput, match="started after"):
        act(approved, ReceiveRefund(), LATER - hours(1))
    received = act(approved, ReceiveRefund(), LATER + days(6))
    assert (received.refund.status, received.refund.received_at) == ("received", LATER + days(6))
    assert received.events[-1].kind == "refund_received"
    with pytest.raises(NotAllowed, match="already received"):
        act(received, ReceiveRefund(), LATER + days(7))


# --- rules: what the platform does on its own ---------------------------------

RULE_ALLOWED = {
    Rule.UNPAID_TIMEOUT: {S.AWAITING_PAYMENT: S.CANCELLED},
    Rule.SHIP_TIMEOUT: {S.AWAITING_SHIPMENT: S.CANCELLED, S.CANCELLATION_REQUESTED: S.CANCELLED},
    Rule.SELLER_TIMEOUT: {S.CANCELLATION_REQUESTED: S.CANCELLED},
    Rule.PROTECTION_END: {S.AWAITING_DELIVERY: S.COMPLETED, S.DELIVERED: S.COMPLETED},
}


@pytest.mark.parametrize(("rule", "status"), [(r, s) for r in RULE_ALLOWED for s in Status],
                         ids=lambda v: str(v))
def test_a_rule_applies_only_where_the_table_says_and_signs_its_event(rule, status):
    order = order_in(status)
    command = domain.ApplyRule(rule)
    if status not in RULE_ALLOWED[rule]:
        with pytest.raises(NotAllowed):
            act(order, command, LATER)
        return
    after = act(order, command, LATER)
    assert after.status is RULE_ALLOWED[rule][status]
    assert after.events[len(order.events)].by == rule
    assert after.events[len(order.events)].at == LATER
    starts_refund = rule in (Rule.SHIP_TIMEOUT, Rule.SELLER_TIMEOUT)
    assert (after.refund is not None) == starts_refund
    if starts_refund:
        assert after.refund.amount == order.price and after.refund.started_at == LATER


def test_refund_overdue_marks_a_pending_refund_and_nothing_else():
    approved = act(order_in(Status.CANCELLATION_REQUESTED), SellerAnswer(True), LATER)
    overdue = act(approved, domain.ApplyRule(Rule.REFUND_OVERDUE), LATER + days(20))
    assert overdue.status is Status.CANCELLED
    assert overdue.refund.status == "overdue"
    assert (overdue.events[-1].kind, overdue.events[-1].by) == ("refund_overdue", Rule.REFUND_OVERDUE)
    with pytest.raises(NotAllowed):
        act(overdue, domain.ApplyRule(Rule.REFUND_OVERDUE), LATER + days(21))


# --- reasons --------------------------------------------------------------------


def test_an_unknown_reason_lists_the_valid_slugs():
    with pytest.raises(BadInput) as refused:
        domain.cancel_command("changed-my-mind", None, None)
    assert "changed-my-mind" in refused.value.message
    for slug in ("wrong-item", "duplicate", "no-contact", "out-of-stock", "refuses-to-ship", "other"):
        assert slug in refused.value.hint


@pytest.mark.parametrize("note", [None, "", "   "])
def test_reason_other_needs_a_note(note):
    with pytest.raises(BadInput) as refused:
        domain.cancel_command("other", note, None)
    assert "--note" in refused.value.hint
    assert domain.cancel_command("other", "found it cheaper", None).note == "found it cheaper"


@pytest.mark.parametrize("slug", ["wrong-item", "duplicate", "other"])
def test_report_seller_is_refused_with_a_reason_that_is_the_buyers_fault(slug):
    with pytest.raises(BadInput) as refused:
        domain.cancel_command(slug, "a note", True)
    assert slug in refused.value.message
    assert "no-contact, out-of-stock, refuses-to-ship" in refused.value.hint


@pytest.mark.parametrize("slug", ["no-contact", "out-of-stock", "refuses-to-ship"])
def test_report_seller_goes_with_a_sellers_fault(slug):
    assert domain.cancel_command(slug, None, True).report_seller is True
    assert domain.cancel_command(slug, None, None).report_seller is False
