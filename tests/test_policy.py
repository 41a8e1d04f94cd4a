"""The platform's time rules at chosen instants: just before, exactly at, and just after each deadline."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from aliorder import domain, policy
from aliorder.domain import Cancel, Extend, OpenDispute, Order, Pay, Rule, SellerAnswer, Ship, Status
from aliorder.errors import NotAllowed, SettingsProblem
from aliorder.policy import Rules
from tests.conftest import T0, days, hours

RULES = Rules()
SECOND = timedelta(seconds=1)
PAID = T0 + hours(2)
ASKED = PAID + days(2)
SHIPPED_AT = T0 + days(3)


def fresh(**fields) -> Order:
    return Order(id=4, item="Lamp", price=Decimal("12.99"), currency="USD", placed_at=T0,
                 events=(domain.Event(T0, "placed"),), **fields)


def paid(rules: Rules = RULES, **fields) -> Order:
    return domain.apply(fresh(**fields), Pay("card"), PAID, rules)


def requested(rules: Rules = RULES, **fields) -> Order:
    return domain.apply(paid(rules, **fields), Cancel("out-of-stock"), ASKED, rules)


def shipped(rules: Rules = RULES, **fields) -> Order:
    return domain.apply(paid(rules, **fields), Ship(), SHIPPED_AT, rules)


def refunding(rules: Rules = RULES, **fields) -> Order:
    return domain.apply(requested(rules, **fields), SellerAnswer(True), ASKED + days(1), rules)


# (name, the order, the rule, when it falls due, the rules in force)
DEADLINES = [
    ("unpaid after 20 days", fresh, Rule.UNPAID_TIMEOUT, T0 + days(20), RULES),
    ("unpaid after 7 days, as set", fresh, Rule.UNPAID_TIMEOUT, T0 + days(7),
     Rules(unpaid_timeout_days=7)),
    ("seller silent 14 days", requested, Rule.SELLER_TIMEOUT, ASKED + days(14), RULES),
    ("seller silent 2 days, as set", requested, Rule.SELLER_TIMEOUT, ASKED + days(2),
     Rules(seller_timeout_days=2)),
    ("not shipped within processing time", lambda r: paid(r, processing_days=7),
     Rule.SHIP_TIMEOUT, PAID + days(7), RULES),
    ("not shipped within processing + extension",
     lambda r: domain.apply(paid(r, processing_days=7), Extend(5), PAID + days(1), r),
     Rule.SHIP_TIMEOUT, PAID + days(12), RULES),
    ("ship timeout while a cancel request waits", lambda r: requested(r, processing_days=3),
     Rule.SHIP_TIMEOUT, PAID + days(3), RULES),
    ("protection ends after 60 days", shipped, Rule.PROTECTION_END, SHIPPED_AT + days(60), RULES),
    ("protection as recorded on the order", lambda r: shipped(r, protection_days=15),
     Rule.PROTECTION_END, SHIPPED_AT + days(15), RULES),
    ("protection as set", shipped, Rule.PROTECTION_END, SHIPPED_AT + days(30),
     Rules(protection_days=30)),
    ("protection after receipt", lambda r: domain.apply(shipped(r), domain.Receive(), SHIPPED_AT + days(9), r),
     Rule.PROTECTION_END, SHIPPED_AT + days(60), RULES),
    ("refund overdue after 20 days", refunding, Rule.REFUND_OVERDUE, ASKED + days(21), RULES),
    ("refund overdue by the method's window", refunding, Rule.REFUND_OVERDUE, ASKED + days(11),
     Rules(refund_days={"card": (3, 10), "default": (5, 20)})),
]


@pytest.mark.parametrize(("name", "make", "rule", "due_at", "rules"), DEADLINES, ids=[d[0] for d in DEADLINES])
def test_a_rule_falls_due_exactly_at_its_deadline(name, make, rule, due_at, rules):
    order = make() if make is fresh else make(rules)
    assert policy.due(order, due_at - SECOND, rules) is None
    assert policy.due(order, due_at, rules) == (due_at, rule)
    assert policy.due(order, due_at + days(400), rules) == (due_at, rule)
    assert policy.next_due(order, rules) == (due_at, rule)


def test_nothing_is_ever_due_for_a_paid_order_without_processing_time_or_a_final_one():
    assert policy.pending_rules(paid(), RULES) == []
    cancelled = domain.apply(fresh(), Cancel("wrong-item"), T0 + hours(24), RULES)
    assert policy.pending_rules(cancelled, RULES) == []
    assert policy.due(cancelled, T0 + days(1000), RULES) is None


def test_in_dispute_protection_does_not_end_the_order():
    disputed = domain.apply(shipped(), OpenDispute("not-received"), SHIPPED_AT + days(5), RULES)
    # Escalated: platform staff decide, so no dispute clock runs either (issue 14's rules).
    disputed = domain.apply(disputed, domain.EscalateDispute(), SHIPPED_AT + days(6), RULES)
    assert policy.pending_rules(disputed, RULES) == []


def test_pending_rules_are_soonest_first_and_a_tie_puts_the_status_change_first():
    both = requested(processing_days=20)  # seller reply by ASKED+14d, ship by PAID+20d
    assert [d.rule for d in policy.pending_rules(both, RULES)] == [Rule.SELLER_TIMEOUT, Rule.SHIP_TIMEOUT]
    early = requested(processing_days=3)
    assert [d.rule for d in policy.pending_rules(early, RULES)] == [Rule.SHIP_TIMEOUT, Rule.SELLER_TIMEOUT]
    # A refund falling overdue at the very instant the order is cancelled by a rule.
    tied = paid(processing_days=5)._replace(
        refund=domain.Refund(Decimal("1.00"), "USD", "card", "pending", T0, T0, PAID + days(5)))
    assert [d.rule for d in policy.pending_rules(tied, RULES)] == [Rule.SHIP_TIMEOUT, Rule.REFUND_OVERDUE]


# --- the Cancel button --------------------------------------------------------


@pytest.mark.parametrize(("make", "opens", "after"), [
    (fresh, T0 + hours(24), Status.CANCELLED),
    (paid, PAID + hours(24), Status.CANCELLATION_REQUESTED),
], ids=["unpaid: 24 h after place", "paid: 24 h after pay"])
def test_cancel_is_refused_until_24_hours_after_the_check_then_allowed(make, opens, after):
    order = make()
    assert RULES.cancel_opens(order) == opens
    with pytest.raises(NotAllowed) as refused:
        domain.apply(order, Cancel("wrong-item"), opens - SECOND, RULES)
    assert refused.value.when == opens
    assert "{when}" in refused.value.message and "cannot be cancelled yet" in refused.value.message
    assert refused.value.hint == "Try again then: aliorder cancel 4 --reason wrong-item"
    assert domain.apply(order, Cancel("wrong-item"), opens, RULES).status is after
    assert domain.apply(order, Cancel("wrong-item"), opens + days(3), RULES).status is after


def test_the_cancel_button_follows_the_setting():
    rules = Rules(cancel_after_hours=2)
    assert rules.cancel_opens(fresh()) == T0 + hours(2)
    assert domain.apply(fresh(), Cancel("duplicate"), T0 + hours(2), rules).status is Status.CANCELLED


# --- deadlines as the buyer sees them -------------------------------------------


@pytest.mark.parametrize(("make", "expected"), [
    (fresh, {"cancel_opens": T0 + hours(24), "pay_by": T0 + days(20)}),
    (lambda: paid(processing_days=7), {"cancel_opens": PAID + hours(24), "ship_by": PAID + days(7)}),
    (lambda: requested(processing_days=7), {"seller_reply_by": ASKED + days(14), "ship_by": PAID + days(7)}),
    (shipped, {"protection_ends": SHIPPED_AT + days(60)}),
    (refunding, {}),
], ids=["unpaid", "paid", "cancel requested", "shipped", "cancelled"])
def test_deadlines_name_every_key_and_fill_the_ones_that_apply(make, expected):
    found = policy.deadlines(make(), RULES)
    assert list(found) == ["cancel_opens", "pay_by", "seller_reply_by", "ship_by", "protection_ends"]
    assert {k: v for k, v in found.items() if v is not None} == expected


def test_open_deadlines_leave_out_openings_already_passed():
    order = fresh()
    kinds = lambda now: [d.kind for d in policy.open_deadlines(order, now, RULES)]  # noqa: E731
    assert kinds(T0 + hours(24) - SECOND) == ["cancel_opens", "pay_by"]
    assert kinds(T0 + hours(24)) == ["pay_by"]
    # A buyer's deadline that passed stays open until a rule acts on it.
    assert kinds(T0 + days(21)) == ["pay_by"]


def test_refund_windows_from_pending_to_overdue():
    order = refunding()
    start = ASKED + days(1)
    at = lambda now: {d.kind: d.due for d in policy.open_deadlines(order, now, RULES)}  # noqa: E731
    assert at(start) == {"refund_from": start + days(5), "refund_by": start + days(20)}
    assert at(start + days(5) - SECOND) == {"refund_from": start + days(5), "refund_by": start + days(20)}
    assert at(start + days(5)) == {"refund_by": start + days(20)}
    overdue = domain.apply(order, domain.ApplyRule(Rule.REFUND_OVERDUE), start + days(20), RULES)
    assert {d.kind: d.due for d in policy.open_deadlines(overdue, start + days(30), RULES)} == {
        "refund_overdue": start + days(20)}
    received = domain.apply(order, domain.ReceiveRefund(), start + days(6), RULES)
    assert policy.open_deadlines(received, start + days(6), RULES) == []


@pytest.mark.parametrize(("method", "low", "high"), [
    ("card", 3, 10), ("paypal", 1, 2), (None, 5, 20), ("bank-transfer", 5, 20)])
def test_refund_window_per_payment_method_with_default_for_the_rest(method, low, high):
    rules = Rules.from_mapping({"refund_days": {"card": [3, 10], "paypal": [1, 2]}})
    assert rules.refund_window(method, T0) == (T0 + days(low), T0 + days(high))


def test_every_duration_is_exact_hours_of_real_time():
    rules = Rules()
    order = requested(processing_days=9)
    assert rules.seller_reply_by(order) - ASKED == timedelta(hours=336)
    assert rules.pay_by(fresh()) - T0 == timedelta(hours=480)
    assert rules.ship_by(order) - PAID == timedelta(hours=216)
    assert rules.cancel_opens(fresh()) - T0 == timedelta(hours=24)


# --- settings -------------------------------------------------------------------


def test_from_mapping_overrides_only_what_is_given():
    rules = Rules.from_mapping({"unpaid_timeout_days": 7, "seller_timeout_days": 2,
                                "cancel_after_hours": 12.5})
    assert (rules.unpaid_timeout_days, rules.seller_timeout_days, rules.cancel_after_hours) == (7, 2, 12.5)
    assert (rules.protection_days, rules.warning_days) == (60, 2)
    assert rules.refund_days == {"default": (5.0, 20.0)}
    assert Rules.from_mapping({}) == Rules()


def test_a_refund_default_can_be_set():
    rules = Rules.from_mapping({"refund_days": {"default": [7, 30]}})
    assert rules.refund_window("card", T0) == (T0 + days(7), T0 + days(30))


@pytest.mark.parametrize(("data", "words"), [
    ({"unpaid_timeout": 7}, "unknown setting unpaid_timeout"),
    ({"unpaid_timeout_days": 0}, "unpaid_timeout_days must be a positive number"),
    ({"unpaid_timeout_days": -7}, "must be a positive number"),
    ({"seller_timeout_days": "2"}, "seller_timeout_days must be a positive number, not '2'"),
    ({"protection_days": True}, "must be a positive number"),
    ({"warning_days": float("nan")}, "must be a positive number"),
    ({"cancel_after_hours": float("inf")}, "must be a positive number"),
    ({"refund_days": [5, 20]}, "refund_days must be a table"),
    ({"refund_days": {"card": [5]}}, "refund_days.card must be [fewest, most]"),
    ({"refund_days": {"card": [20, 5]}}, "the fewest days 20 exceed the most 5"),
    ({"refund_days": {"card": ["5", 20]}}, "refund_days.card must be a positive number"),
])
def test_bad_settings_are_refused_naming_the_source_and_the_setting(data, words):
    with pytest.raises(SettingsProblem) as refused:
        Rules.from_mapping(data, source="/home/me/.config/aliorder/config.toml")
    assert refused.value.exit_code == 2
    assert refused.value.message.startswith("/home/me/.config/aliorder/config.toml: ")
    assert words in refused.value.message
