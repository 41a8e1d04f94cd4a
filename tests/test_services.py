"""The use cases over an in-memory database and a fixed clock: place, act, tick, list, show, deadlines."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from aliorder import services, ticking
from aliorder.domain import Cancel, Extend, Pay, Receive, Rule, SellerAnswer, Ship, Status
from aliorder.errors import BadInput, NotAllowed, UnknownOrder
from aliorder.policy import Rules
from aliorder.services import App, FixedClock
from aliorder.storage import Database
from tests.memory_file import MemoryFile
from tests.conftest import T0, days, hours


class Shop:
    """One in-memory database, used at whatever instant each step happens."""

    def __init__(self, rules: Rules | None = None):
        self.file = MemoryFile()
        self.db = Database(self.file)
        self.rules = rules or Rules()

    def at(self, now: datetime, rules: Rules | None = None) -> App:
        return App(self.db, FixedClock(now), rules or self.rules)

    def place(self, item="Lamp", price="12.99", now=T0, **kw):
        return services.place(self.at(now), item=item, price=Decimal(price), currency="USD", **kw).order

    def act(self, ref, command, now, at=None):
        return services.act(self.at(now), str(ref), command, at).order

    def show(self, ref):
        return services.show(self.at(T0), str(ref)).order

    def raw(self) -> bytes:
        return self.file._raw


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_place_numbers_orders_and_returns_their_deadlines(shop):
    first = services.place(shop.at(T0), item="Lamp", price=Decimal("12.99"), currency="USD",
                           seller="Shop A", order_no="8170001", qty=2, pay_with="paypal",
                           processing_days=7, protection_days=30)
    assert first.order.id == 1
    assert first.deadlines["pay_by"] == T0 + days(20)
    assert first.deadlines["cancel_opens"] == T0 + hours(24)
    second = shop.place("Cable", now=T0 + hours(1))
    assert second.id == 2
    stored = shop.show("8170001")
    assert (stored.id, stored.item, stored.qty, stored.seller, stored.payment_method,
            stored.processing_days, stored.protection_days, stored.price) == (
        1, "Lamp", 2, "Shop A", "paypal", 7, 30, Decimal("12.99"))
    assert [(e.at, e.kind) for e in stored.events] == [(T0, "placed")]


def test_place_backfilled_keeps_the_given_instant_and_refuses_the_future(shop):
    assert shop.place(now=T0, at=T0 - days(3)).placed_at == T0 - days(3)
    before = shop.raw()
    with pytest.raises(BadInput, match="in the future"):
        services.place(shop.at(T0), item="X", price=Decimal(1), currency="USD", at=T0 + hours(1))
    assert shop.raw() == before


def test_a_duplicate_order_number_is_refused_and_nothing_is_written(shop):
    shop.place(order_no="8170001")
    before = shop.raw()
    with pytest.raises(BadInput) as refused:
        shop.place("Other", order_no="8170001")
    assert "already recorded as order 1" in refused.value.message
    assert refused.value.hint == "aliorder show 1"
    assert shop.raw() == before


def test_an_unknown_order_lists_the_ids_that_exist(shop):
    with pytest.raises(UnknownOrder) as refused:
        shop.act(1, Pay(), T0)
    assert "no orders yet" in refused.value.hint
    for _ in range(3):
        shop.place()
    with pytest.raises(UnknownOrder) as refused:
        shop.show("9")
    assert refused.value.hint == "Orders that exist: 1, 2, 3 (aliorder list shows them)."


def test_act_refuses_a_time_before_the_last_event_or_in_the_future(shop):
    shop.place()
    shop.act(1, Pay(), T0 + hours(5))
    before = shop.raw()
    with pytest.raises(BadInput) as refused:
        shop.act(1, Cancel("wrong-item"), T0 + days(3), at=T0 + hours(4))
    assert "is before the last event of Order 1 (paid at 2027-03-01 15:00)" in refused.value.message
    with pytest.raises(BadInput, match="in the future"):
        shop.act(1, Cancel("wrong-item"), T0 + days(3), at=T0 + days(4))
    assert shop.raw() == before
    # The same instant as the last event is allowed.
    assert shop.act(1, Ship(), T0 + days(3), at=T0 + hours(5)).status is Status.AWAITING_DELIVERY


def test_a_refused_command_writes_nothing(shop):
    shop.place()
    before = shop.raw()
    with pytest.raises(NotAllowed) as refused:
        shop.act(1, Cancel("wrong-item"), T0 + hours(23))
    assert refused.value.when == T0 + hours(24)
    assert shop.raw() == before
    assert shop.act(1, Cancel("wrong-item"), T0 + hours(24)).status is Status.CANCELLED


def test_a_command_after_a_rule_fell_due_says_the_rule_came_first(shop):
    shop.place()
    before = shop.raw()
    with pytest.raises(NotAllowed) as refused:
        shop.act(1, Pay(), T0 + days(25))
    assert "cancelled by the platform's rule unpaid_timeout" in refused.value.message
    assert refused.value.when == T0 + days(20)
    assert shop.raw() == before


def test_a_command_records_first_the_rules_that_fell_due_before_it(shop):
    shop.place(protection_days=10)
    shop.act(1, Pay(), T0 + hours(1))
    shop.act(1, Ship(), T0 + days(1))
    outcome = services.act(shop.at(T0 + days(30)), "1", services.domain.Contact("chat"), T0 + days(20))
    assert [(c.id, c.to_status, c.rule, c.at) for c in outcome.caught_up] == [
        (1, Status.COMPLETED, Rule.PROTECTION_END, T0 + days(11))]
    assert [(e.kind, e.at) for e in shop.show(1).events[-2:]] == [
        ("completed", T0 + days(11)), ("contacted", T0 + days(20))]


# --- tick ----------------------------------------------------------------------


def _rule_events(order):
    return [(e.kind, e.by, e.at) for e in order.events if e.by in set(Rule)]


def test_tick_is_silent_early_warns_near_and_cancels_at_day_20(shop):
    shop.place()
    early = ticking.tick(shop.at(T0 + days(17)))
    assert (early.changes, early.upcoming) == ([], [])
    near = ticking.tick(shop.at(T0 + days(19)))
    assert near.changes == []
    assert [(r.order.id, r.kind, r.due) for r in near.upcoming] == [(1, "pay_by", T0 + days(20))]
    just_before = ticking.tick(shop.at(T0 + days(20) - hours(1) / 3600))
    assert just_before.changes == []
    on_time = ticking.tick(shop.at(T0 + days(20)))
    assert [(c.id, c.from_status, c.to_status, c.rule, c.at) for c in on_time.changes] == [
        (1, Status.AWAITING_PAYMENT, Status.CANCELLED, Rule.UNPAID_TIMEOUT, T0 + days(20))]


def test_tick_is_idempotent(shop):
    shop.place()
    shop.place("Cable", now=T0 + days(1))
    first = ticking.tick(shop.at(T0 + days(45)))
    assert len(first.changes) == 2
    after_first = shop.raw()
    second = ticking.tick(shop.at(T0 + days(45)))
    later = ticking.tick(shop.at(T0 + days(90)))
    assert (second.changes, later.changes) == ([], [])
    assert shop.raw() == after_first
    assert _rule_events(shop.show(1)) == [("cancelled", "unpaid_timeout", T0 + days(20))]


def test_tick_long_after_several_deadlines_applies_each_once_dated_when_due(shop):
    shop.place("Unpaid")                                                 # 1
    shop.place("Silent seller", processing_days=30)                       # 2
    shop.act(2, Pay("card"), T0 + hours(1))
    shop.act(2, Cancel("out-of-stock"), T0 + days(2))
    shop.place("Shipped", protection_days=10)                             # 3
    shop.act(3, Pay(), T0 + hours(2))
    shop.act(3, Ship(), T0 + days(1))
    shop.act(3, Receive(), T0 + days(4))
    shop.place("Never shipped", processing_days=5)                        # 4
    shop.act(4, Pay(), T0 + hours(3))
    shop.act(4, Extend(2), T0 + days(1))

    report = ticking.tick(shop.at(T0 + days(100)))

    assert [(c.id, c.to_status, c.rule, c.at) for c in report.changes] == [
        (4, Status.CANCELLED, Rule.SHIP_TIMEOUT, T0 + hours(3) + days(7)),
        (3, Status.COMPLETED, Rule.PROTECTION_END, T0 + days(11)),
        (2, Status.CANCELLED, Rule.SELLER_TIMEOUT, T0 + days(16)),
        (1, Status.CANCELLED, Rule.UNPAID_TIMEOUT, T0 + days(20)),
    ]
    # Each refund started by a rule falls overdue 20 days later, once.
    assert [(oid, e.kind, e.at) for oid, _item, e in report.events] == [
        (4, "refund_overdue", T0 + hours(3) + days(27)),
        (2, "refund_overdue", T0 + days(36)),
    ]  # soonest first, like the changes
    assert _rule_events(shop.show(2)) == [
        ("cancelled", "seller_timeout", T0 + days(16)),
        ("refund_started", "seller_timeout", T0 + days(16)),
        ("refund_overdue", "refund_overdue", T0 + days(36))]
    assert shop.show(2).refund.status == "overdue"
    assert _rule_events(shop.show(3)) == [("completed", "protection_end", T0 + days(11))]
    again = ticking.tick(shop.at(T0 + days(200)))
    assert (again.changes, again.events) == ([], [])


def test_tick_follows_a_changed_setting_on_its_next_run(shop):
    shop.place()
    assert ticking.tick(shop.at(T0 + days(8))).changes == []
    seven = Rules(unpaid_timeout_days=7)
    report = ticking.tick(shop.at(T0 + days(8), seven))
    assert [(c.rule, c.at) for c in report.changes] == [(Rule.UNPAID_TIMEOUT, T0 + days(7))]


def test_tick_after_a_settings_change_and_back_still_finds_what_is_due(shop):
    ticking.tick(shop.at(T0))  # the defaults have been seen by tick
    longer = Rules(unpaid_timeout_days=30)
    services.place(shop.at(T0, longer), item="Lamp", price=Decimal(1), currency="USD")
    # The buyer goes back to the defaults before cron ran under the longer setting.
    report = ticking.tick(shop.at(T0 + days(25)))
    assert [(c.id, c.rule, c.at) for c in report.changes] == [(1, Rule.UNPAID_TIMEOUT, T0 + days(20))]


def test_tick_on_orders_placed_and_acted_on_between_runs(shop):
    ticking.tick(shop.at(T0))
    shop.place(processing_days=3)
    shop.act(1, Pay(), T0 + hours(1))
    assert ticking.tick(shop.at(T0 + days(2))).changes == []
    shop.act(1, Extend(5), T0 + days(2))
    assert ticking.tick(shop.at(T0 + days(4))).changes == []  # the extension moved ship-by
    report = ticking.tick(shop.at(T0 + days(9)))
    assert [(c.rule, c.at) for c in report.changes] == [(Rule.SHIP_TIMEOUT, T0 + hours(1) + days(8))]


# --- looking -------------------------------------------------------------------


def test_list_is_newest_first_and_filters_by_status(shop):
    shop.place("Old", now=T0, at=T0 - days(2))
    shop.place("New", now=T0)
    shop.place("Middle", now=T0, at=T0 - days(1))
    shop.act(2, Pay(), T0)
    assert [o.order.item for o in services.list_orders(shop.at(T0))] == ["New", "Middle", "Old"]
    assert [o.order.item for o in services.list_orders(shop.at(T0), Status.AWAITING_PAYMENT)] == ["Middle", "Old"]
    assert list(services.list_orders(shop.at(T0), Status.IN_DISPUTE)) == []


def test_show_finds_an_order_by_its_number_or_its_order_number(shop):
    shop.place(order_no="3051234567890123")
    shop.place("Cable")
    assert services.show(shop.at(T0), "3051234567890123").order.id == 1
    assert services.show(shop.at(T0), " 2 ").order.item == "Cable"
    outcome = services.show(shop.at(T0), "1")
    assert outcome.deadlines["pay_by"] == T0 + days(20)


def test_deadlines_are_soonest_first_across_orders_and_limited_by_within(shop):
    shop.place("A", processing_days=10)
    shop.act(1, Pay(), T0 + hours(1))
    shop.place("B")
    shop.place("C")
    shop.act(3, Cancel("duplicate"), T0 + days(1))
    rows = services.deadlines(shop.at(T0 + hours(2)))
    assert [(r.order.id, r.kind, r.due) for r in rows] == [
        (2, "cancel_opens", T0 + hours(24)),
        (1, "cancel_opens", T0 + hours(25)),
        (1, "ship_by", T0 + hours(1) + days(10)),
        (2, "pay_by", T0 + days(20)),
    ]
    within = services.deadlines(shop.at(T0 + hours(2)), within_days=1)
    assert [(r.order.id, r.kind) for r in within] == [(2, "cancel_opens"), (1, "cancel_opens")]
    later = services.deadlines(shop.at(T0 + days(2)))
    assert [r.kind for r in later] == ["ship_by", "pay_by"]


def test_deadlines_show_a_refund_until_it_is_received(shop):
    shop.place()
    shop.act(1, Pay(), T0)
    shop.act(1, Cancel("out-of-stock"), T0 + days(1))
    shop.act(1, SellerAnswer(True), T0 + days(2))
    rows = services.deadlines(shop.at(T0 + days(3)))
    assert [(r.kind, r.due) for r in rows] == [("refund_from", T0 + days(7)), ("refund_by", T0 + days(22))]
    shop.act(1, services.domain.ReceiveRefund(), T0 + days(8))
    assert services.deadlines(shop.at(T0 + days(9))) == []


# --- a laptop asleep catches up exactly like one that ticked all along ---------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from aliorder import domain  # noqa: E402
from aliorder.errors import AliorderError  # noqa: E402

STEPS = st.lists(st.tuples(
    st.integers(min_value=0, max_value=2),                     # which order
    st.sampled_from(["pay", "cancel", "extend", "approve", "reject", "ship", "receive",
                     "dispute", "withdraw", "refund"]),
    st.integers(min_value=0, max_value=24 * 40),                # hours since the previous step
), max_size=14)


def _command(name: str):
    return {"pay": Pay("card"), "cancel": Cancel("no-contact"), "extend": Extend(2),
            "approve": SellerAnswer(True), "reject": SellerAnswer(False), "ship": Ship(),
            "receive": Receive(), "dispute": domain.OpenDispute("not-received"),
            "withdraw": domain.WithdrawDispute(), "refund": domain.ReceiveRefund()}[name]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_ticking_all_along_or_recording_everything_later_gives_the_same_history(steps):
    eager, asleep = Shop(), Shop()
    for shop in (eager, asleep):
        shop.place("A", processing_days=4, protection_days=10)
        shop.place("B", processing_days=15)
        shop.place("C")
    now = T0
    for which, name, gap in steps:
        now += hours(gap)
        ticking.tick(eager.at(now))
        outcomes = []
        for shop in (eager, asleep):
            try:
                if shop is eager:
                    shop.act(which + 1, _command(name), now)
                else:  # recorded long afterwards, backdated with --at
                    shop.act(which + 1, _command(name), T0 + days(1000), at=now)
                outcomes.append("done")
            except AliorderError as refused:
                outcomes.append(type(refused).__name__)
        assert outcomes[0] == outcomes[1], (name, outcomes)
    end = now + days(200)
    for shop in (eager, asleep):
        ticking.tick(shop.at(end))
        settled = shop.raw()
        assert ticking.tick(shop.at(end)).changes == []
        assert shop.raw() == settled
    for ref in (1, 2, 3):
        a, b = eager.show(ref), asleep.show(ref)
        assert a.events == b.events
        assert (a.status, a.refund, a.dispute) == (b.status, b.refund, b.dispute)
        assert [e.at for e in a.events] == sorted(e.at for e in a.events)
        assert services.policy.due(a, end, eager.rules) is None
