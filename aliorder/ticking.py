"""tick: the platform's rules applied as they fall due, and the news told once.

Each order's record keeps tick's index (when its next rule falls due, when tick next has
news of it) and what tick told; every write that changes an order stores its new index
(`index`), so tick reads only the orders whose moment has come.

News, for cron: each change once; a coming deadline someone must act on at most twice
(when it enters the warning horizon and within 24 hours), each with the commands that
deal with it; an overdue refund when it becomes overdue, then weekly. What was told is
remembered in the same write as the rules applied; a tick with no news writes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from . import policy
from .domain import Event, Order, Rule
from .domain.actions import Action
from .policy import Rules
from .services import App, Change, DeadlineRow, catch_up
from .storage import Index
from .tuples import Record

if TYPE_CHECKING:
    from .storage import Repository


# --- tick's index and what it told ---------------------------------------------

# Bump when what `index` computes changes: every order is then indexed again once.
INDEX_VERSION = 2
# Settings that change no deadline and no warning: changing them re-indexes nothing.
NOT_DEADLINE_SETTINGS = frozenset({"lock_timeout_seconds"})
DAY = timedelta(hours=24)
WEEK = timedelta(days=7)


def index_key(rules: Rules) -> str:
    """What the stored index depends on: the index code, and the settings that move deadlines."""
    values = []
    for name, value in zip(rules._fields, rules):
        if name not in NOT_DEADLINE_SETTINGS and name != "given":  # which keys the file set moves nothing
            values.append((name, sorted(value.items()) if isinstance(value, dict) else value))
    return f"v{INDEX_VERSION} {values!r}"


def index(order: Order, rules: Rules, told: dict[str, tuple[datetime, int]] | None = None) -> Index:
    """The bookkeeping stored beside an order: when its next rule falls due, and when tick
    next has something to tell of it, given what it has told (`told`; None: nothing yet)."""
    first = policy.next_due(order, rules)
    news = [at for at in (_next_news(order, rules, told or {})) if at is not None]
    return Index(first.at if first else None, min(news) if news else None, told)


def note_index_rules(repo: Repository, rules: Rules) -> None:
    """A record indexed under other rules than tick last ran with makes the next tick reindex all."""
    if repo.index_key() not in (None, index_key(rules)):
        repo.set_index_key(None)


# What tick warns of before it falls: a deadline someone must act on, the buyer's own, and
# the seller's ship-by, while the buyer may still extend or cancel.
WARNED = policy.BUYER_DEADLINES | {"ship_by"}


def _stages(rules: Rules) -> list[timedelta]:
    """How long before a deadline tick tells of it: the warning horizon, then 24 hours."""
    return sorted({rules.warning, DAY} if rules.warning > DAY else {rules.warning}, reverse=True)


def _told_stage(told: dict[str, tuple[datetime, int]], kind: str, due: datetime) -> int:
    about, n = told.get(kind, (None, 0))
    return n if about == due else 0  # a deadline that moved is a new one


def _next_news(order: Order, rules: Rules, told: dict[str, tuple[datetime, int]]) -> list[datetime]:
    """The instants at which tick will next have news of `order` to tell."""
    found = []
    stages = _stages(rules)
    for d in policy.open_deadlines(order, order.placed_at, rules):
        if d.kind in WARNED:
            n = _told_stage(told, d.kind, d.due)
            if n < len(stages):
                found.append(d.due - stages[n])
    refund = order.refund
    if refund is not None and refund.status == "overdue":
        last, _ = told.get("refund_overdue", (refund.eta_to, 0))
        found.append(last + WEEK)
    return found


# --- the platform's clock ----------------------------------------------------


class DeadlineNews(Record):
    """News of a deadline: it entered the warning horizon, or is within 24 hours (`last`)."""

    order: Order
    kind: str
    due: datetime
    last: bool
    advice: list[Action]


class Reminder(Record):
    """An overdue refund, told when it became overdue and then once a week."""

    order: Order
    since: datetime
    first: bool
    advice: list[Action]


class TickReport(Record):
    now: datetime
    changes: list[Change]
    reminders: list[Reminder]
    warnings: list[DeadlineNews]
    # The change's order as the rules left it (a granted cancellation's refund), by id.
    orders: dict[int, Order] = {}  # never changed after it is made: one shared empty default

    @property
    def events(self) -> list[tuple[int, str, Event]]:
        """The refunds that fell overdue in this run, as (id, item, the event)."""
        return [(r.order.id, r.order.item, next(e for e in reversed(r.order.events) if e.by == Rule.REFUND_OVERDUE))
                for r in self.reminders if r.first]

    @property
    def upcoming(self) -> list[DeadlineRow]:
        return [DeadlineRow(w.order, w.kind, w.due) for w in self.warnings]


def tick(app: App, quiet: bool = False) -> TickReport:
    """Apply every rule that has fallen due, each dated when it fell due, and tell what is
    news: each change once, each deadline at most twice before it falls, an overdue refund
    once a week. What was told is remembered in the same write; `quiet` tells (and so
    remembers) no coming deadline. Idempotent: a second run tells and writes nothing."""
    now = app.clock.now()
    rules = app.rules
    changes: list[Change] = []
    reminders: list[Reminder] = []
    warnings: list[DeadlineNews] = []
    changed_orders: dict[int, Order] = {}
    key = index_key(rules)
    with app.db.transaction() as repo:
        keys, stale = repo.due_keys(now, key)
        for k in keys:
            order, kept = repo.entry(k)
            told = dict(kept.told or {})
            before = len(order.events)
            order, changed = catch_up(order, now, rules)
            changes += changed
            if changed:
                changed_orders[order.id] = order
            overdue_now = any(e.by == Rule.REFUND_OVERDUE for e in order.events[before:])
            if (reminder := _refund_news(order, now, rules, told, overdue_now)) is not None:
                reminders.append(reminder)
            if not quiet:
                warnings += _deadline_news(order, now, rules, told)
            fresh = index(order, rules, told)
            if len(order.events) != before or stale or fresh != kept or not kept.known:
                repo.save(order, fresh)
        if stale and keys:  # no orders: nothing to note, and no file to create
            repo.set_index_key(key)
    changes.sort(key=lambda c: (c.at, c.id))
    reminders.sort(key=lambda r: (r.since, r.order.id))
    warnings.sort(key=lambda w: (w.due, w.order.id))
    return TickReport(now, changes, reminders, warnings, changed_orders)


def _refund_news(order: Order, now: datetime, rules: Rules, told: dict[str, tuple[datetime, int]],
                 overdue_now: bool) -> Reminder | None:
    refund = order.refund
    if refund is None or refund.status != "overdue":
        return None
    last = told.get("refund_overdue")
    if not overdue_now and last is not None and now < last[0] + WEEK:
        return None
    told["refund_overdue"] = (now, (last[1] if last else 0) + 1)
    return Reminder(order, refund.eta_to, overdue_now, _advice(order, "refund_overdue", now, rules))


def _deadline_news(order: Order, now: datetime, rules: Rules,
                   told: dict[str, tuple[datetime, int]]) -> list[DeadlineNews]:
    stages = _stages(rules)
    news = []
    for d in policy.open_deadlines(order, now, rules):
        if d.kind not in WARNED or d.due <= now:
            continue
        reached = sum(1 for before in stages if d.due - before <= now)
        if reached <= _told_stage(told, d.kind, d.due):
            continue
        advice = _advice(order, d.kind, now, rules)
        if not advice:
            continue  # nothing the buyer can do about it now: no news for them
        told[d.kind] = (d.due, reached)
        news.append(DeadlineNews(order, d.kind, d.due, reached == len(stages), advice))
    return news


# The actions that deal with each deadline tick warns of, most useful first, with plain
# choices filled in so that the command runs as suggested (render spells them).
def dealing_with(order: Order, kind: str) -> list[Action]:
    complaint = "not-received" if order.received_at is None else "not-as-described"
    return {
        "pay_by": [Action("pay")],
        "ship_by": [Action("extend", options={"days": 7}),
                    Action("cancel", options={"reason": "refuses-to-ship"})],
        "protection_ends": [Action("dispute open", options={"reason": complaint}),
                            Action("protection extend", options={"days": 30}),
                            Action("contact", options={"via": "chat"})],
        "dispute_escalates": [Action("dispute accept"), Action("dispute escalate")],
        "return_by": [Action("dispute returned")],
        "refund_overdue": [Action("contact", options={"via": "chat"}),
                           Action("dispute open", options={"reason": "not-received"})],
    }.get(kind, [])


def _advice(order: Order, kind: str, now: datetime, rules: Rules) -> list[Action]:
    """The actions that deal with deadline `kind` of `order`, each one the program accepts
    for that order at `now` (the lifecycle's own test: `accepts`)."""
    from .domain import lifecycle

    found = []
    for action in dealing_with(order, kind):
        action = action.about(order.id)
        try:
            ok = lifecycle.runs(action.verb, order) and lifecycle.accepts(order, action, now, rules)
        except KeyError:  # a verb this version's lifecycle does not have
            ok = False
        if ok:
            found.append(action)
    return found
