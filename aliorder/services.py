"""One function per use case: load, apply, save, inside one locked unit of work.

The only place that asks the clock for the time; below here time is an argument.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator, Protocol, Sequence

from . import commandline, domain, policy, records
from .domain.deadlines import KINDS
from .domain import FINAL, Event, Order, Rule, Status
from .errors import BadInput, NotAllowed
from .policy import Rules
from .storage import Database, Index, OrderLine, Repository
from .tuples import Record

if TYPE_CHECKING:
    from .storage import Backup


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc).replace(microsecond=0)


class FixedClock(Record):
    at: datetime

    def now(self) -> datetime:
        return self.at


class App(Record):
    """What every service needs: the database, the clock and the rules."""

    db: Database
    clock: Clock
    rules: Rules = Rules()


class Change(Record):
    """An order's status changed (by a rule, when `rule` is set)."""

    id: int
    item: str
    from_status: str
    to_status: str
    at: datetime
    rule: str | None = None


class Outcome(Record):
    order: Order
    deadlines: dict[str, datetime | None]
    # Rules the platform applied before the command, dated when they fell due.
    caught_up: Sequence[Change] = ()
    # What may be done now (`show`): the domain's Actions, most likely first.
    actions: Sequence[Any] = ()


# --- recording what happened -------------------------------------------------


def place(app: App, *, item: str, price: Decimal, currency: str, qty: int = 1,
          seller: str | None = None, order_no: str | None = None, pay_with: str | None = None,
          processing_days: int | None = None, protection_days: int | None = None,
          at: datetime | None = None) -> Outcome:
    now = app.clock.now()
    when = _check_not_future(at, now)
    if order_no is not None:  # "８１２３" or "8123 4567" as the platform writes it
        from .text import order_number

        order_no = order_number(order_no)
    with app.db.transaction() as repo:
        if order_no is not None and (taken := repo.find_order_no(order_no)) is not None:
            raise BadInput(f"Order number {order_no} is already recorded as order {taken}.",
                           hint=f"aliorder show {taken}")
        order = Order(
            id=repo.next_id(), item=item, price=price, currency=currency, qty=qty,
            seller=seller, order_no=order_no, payment_method=pay_with,
            processing_days=processing_days, protection_days=protection_days,
            placed_at=when, events=(Event(when, "placed"),),
        )
        repo.add(order, _index(order, app.rules, {}))
        _note_index_rules(repo, app.rules)
    return Outcome(order, policy.deadlines(order, app.rules))


def act(app: App, ref: str, command: Any, at: datetime | None = None) -> Outcome:
    """Record one event on an order, after the rules that fell due before it.

    `command` may be a function of the stored order that makes the command, for one that
    depends on the order (a refund amount read in its currency): the order is read once."""
    now = app.clock.now()
    when = _check_not_future(at, now)
    with app.db.transaction() as repo:
        order = repo.get(ref)
        if callable(command):
            command = command(order)
        _, order, caught_up = _attempt(order, command, when, app.rules, at is not None)
        repo.save(order, _index(order, app.rules, repo.index_of(order.id).told))
        _note_index_rules(repo, app.rules)
    return Outcome(order, policy.deadlines(order, app.rules), caught_up)


def edit(app: App, ref: str, changes: dict[str, Any]) -> tuple[Outcome, dict[str, list[Any]]]:
    """Correct what was recorded of an order: (the order, the changes as [old, new]); nothing
    is written when every value is already the order's.

    The rules are not caught up first: a wrong processing time must not cancel the order
    before it is corrected. What the corrected order makes due, the next command or tick applies."""
    if not changes:
        raise BadInput("Say what to correct: edit needs at least one option.",
                       hint=f"For example: aliorder edit {commandline.quoted(ref)} --price 3.50 "
                            "(aliorder edit --help lists them).")
    now = app.clock.now()
    with app.db.transaction() as repo:
        order = repo.get(ref)
        # A value may be a function of the stored order (a price read in its currency).
        changes = {name: value(order) if callable(value) else value for name, value in changes.items()}
        if changes.get("order_no") is not None:
            from .text import order_number

            changes["order_no"] = order_number(changes["order_no"])
        new_no = changes.get("order_no")
        if new_no is not None and new_no != order.order_no \
                and (taken := repo.find_order_no(new_no)) not in (None, order.id):
            raise BadInput(f"Order number {new_no} is already recorded as order {taken}.",
                           hint=f"aliorder show {taken}")
        now = _after_last(order, now, False, app.rules)
        command = domain.Edit(tuple((name, changes[name]) for name in domain.EDITABLE if name in changes))
        edited = domain.apply(order, command, now, app.rules)
        if edited is not order:
            repo.save(edited, _index(edited, app.rules, repo.index_of(edited.id).told))
            _note_index_rules(repo, app.rules)
    made: dict[str, list[Any]] = edited.events[-1].details["changes"] if edited is not order else {}
    return Outcome(edited, policy.deadlines(edited, app.rules)), made


def look(app: App, ref: str) -> Order:
    """The order as stored, before asking the buyer about a command that follows (it reads no more)."""
    return app.db.snapshot(then_act=True).get(ref)


def forget(app: App, ref: str) -> Outcome:
    """Remove an order recorded by mistake (undo brings it back); the order as it was."""
    with app.db.transaction() as repo:
        order = repo.get(ref)
        repo.remove(order.id)
    return Outcome(order, policy.deadlines(order, app.rules))


def rehearse(app: App, ref: str, command: Any, at: datetime | None = None) -> Order:
    """The order as it stands at `at`, if `command` would be allowed then; nothing is written.

    For --draft: a message for an action the platform would refuse would mislead."""
    when = _check_not_future(at, app.clock.now())
    looked = app.db.snapshot(then_act=True).get(ref)  # act, if it follows, reads no more
    if callable(command):  # as for act: a command made from the stored order
        command = command(looked)
    before, _, _ = _attempt(looked, command, when, app.rules, at is not None)
    return before


def _attempt(order: Order, command: Any, when: datetime, rules: Rules,
             at_given: bool = True) -> tuple[Order, Order, list[Change]]:
    """(the order caught up to `when`, the order after `command`, the rules caught up), or why not."""
    when = _after_last(order, when, at_given, rules)
    before, caught_up = catch_up(order, when, rules)
    try:
        after = domain.apply(before, command, when, rules)
    except NotAllowed as refused:
        raise _explain(refused, caught_up) from None
    return before, after, caught_up


def _after_last(order: Order, when: datetime, at_given: bool, rules: Rules) -> datetime:
    """The instant to record an event at, after the order's last one: `when`, or the last
    event's own instant when that is a moment later than the clock (another aliorder recorded
    it while this one waited for the lock: the buyer typed both at the same moment). A clock
    moved back further, or an --at too early, is refused."""
    waited = timedelta(seconds=rules.lock_timeout_seconds + 5)
    if not at_given and when < order.last_event_at <= when + waited:
        return order.last_event_at
    if when < order.last_event_at and not at_given:
        raise BadInput(
            f"The clock says it is {_typed(when)}, before the last event of {order.label} "
            f"({order.events[-1].kind} at {_typed(order.last_event_at)}): has the system "
            "clock moved back? Nothing was written.",
            hint="Check the date and time of this computer, or say when it happened with --at.")
    if when < order.last_event_at:
        raise BadInput(
            f"--at {_typed(when)} is before the last event of {order.label} "
            f"({order.events[-1].kind} at {_typed(order.last_event_at)}).",
            hint="Record events in the order they happened.")
    return when


def _typed(at: datetime) -> str:
    from .when import typed

    return typed(at)


def _check_not_future(at: datetime | None, now: datetime) -> datetime:
    if at is None:
        return now
    if at > now:
        raise BadInput(f"--at {_typed(at)} is in the future (now is {_typed(now)}).",
                       hint="Record only what has already happened; leave --at out for now.")
    return at


def _explain(refused: NotAllowed, caught_up: list[Change]) -> NotAllowed:
    """A refusal after the platform's own rules moved the order: say so first."""
    if not caught_up:
        return refused
    last = caught_up[-1]
    if refused.when == last.at:
        # The refusal already names the moment the rule fell due (protection ended on ...).
        return NotAllowed(f"{refused.message} The platform's rule {last.rule} made order {last.id} "
                          f"{last.to_status} then.", when=refused.when, hint=refused.hint_words,
                          way_out=refused.way_out)
    return NotAllowed(
        f"Order {last.id} was {last.to_status} by the platform's rule {last.rule} on {{when}}, "
        f"so this is no longer possible. ({refused.message.replace('{when}', 'then')})",
        when=last.at, hint="aliorder tick records such changes; aliorder show "
        f"{last.id} tells the rest.")


def catch_up(order: Order, now: datetime, rules: Rules) -> tuple[Order, list[Change]]:
    """Apply, in time order, every rule that fell due by `now`, each dated when it did."""
    changes: list[Change] = []
    while (due := policy.due(order, now, rules)) is not None:
        before = order.status
        order = domain.apply(order, domain.ApplyRule(due.rule), due.at, rules)
        if order.status is not before:
            changes.append(Change(order.id, order.item, before, order.status, due.at, due.rule))
    return order, changes


# --- tick's index, stored by every write (aliorder/ticking.py) -------------------


def _index(order: Order, rules: Rules, told: dict[str, tuple[datetime, int]] | None = None) -> Index:
    """tick's index for `order`'s record. `ticking` is loaded here, by writes: it imports this
    module, and reads (list, show, deadlines) need none of it."""
    from . import ticking

    return ticking.index(order, rules, told)


def _note_index_rules(repo: Repository, rules: Rules) -> None:
    from . import ticking

    ticking.note_index_rules(repo, rules)


# --- looking ----------------------------------------------------------------


class DeadlineRow(Record):
    order: Order
    kind: str
    due: datetime


def show(app: App, ref: str) -> Outcome:
    order = app.db.snapshot().get(ref)
    return Outcome(order, policy.deadlines(order, app.rules), actions=actions_now(order, app.clock.now(),
                                                                                  app.rules))


def actions_now(order: Order, now: datetime, rules: Rules) -> list[Any]:
    """What the buyer may do with the stored `order` now: `tick` first when the platform's rules
    have moved it since, then each command the platform would take (after those rules)."""
    if now < order.last_event_at:
        return []
    caught, changes = catch_up(order, now, rules)
    return ([domain.Action("tick")] if changes else []) + next_actions(caught, now, rules)


def list_orders(app: App, status: Status | None = None) -> Iterator[Outcome]:
    """The orders, newest first, each with its deadlines, one at a time and none kept (at
    100k orders, all of them take several times the file's size). Every order is decoded
    once first, so that one in a shape aliorder cannot read stops the command before it
    prints anything."""
    repo = app.db.snapshot()
    wanted = [((order.placed_at, order.id), str(order.id)) for order in repo.orders()
              if status is None or order.status is status]
    wanted.sort(reverse=True)
    return (Outcome(order, policy.deadlines(order, app.rules))
            for order in (repo.decode(key) for _, key in wanted))


class Listing(Record):
    """`list` for display: each order's line, read without decoding the rest (ten times
    faster than `list_orders`), and the next deadline of the few orders a screen shows."""

    lines: list[OrderLine]
    repo: Repository
    now: datetime
    rules: Rules

    def next_deadline(self, order_id: int) -> DeadlineRow | None:
        """The order's soonest must-do deadline still open (openings are no deadline)."""
        order = self.repo.decode(str(order_id))
        found = [d for d in policy.open_deadlines(order, self.now, self.rules) if not KINDS[d.kind].opening]
        first = min(found, key=lambda d: d.due, default=None)
        return None if first is None else DeadlineRow(order, first.kind, first.due)


def order_lines(app: App, status: Status | None = None) -> Listing:
    repo = app.db.snapshot()
    lines = [line for line in repo.lines() if status is None or line.status is status]
    lines.sort(key=lambda o: (o.placed_at, o.id), reverse=True)
    return Listing(lines, repo, app.clock.now(), app.rules)


def deadlines(app: App, within_days: float | None = None) -> list[DeadlineRow]:
    return _open_deadlines(app, app.clock.now(), within_days)


def _open_deadlines(app: App, now: datetime, within_days: float | None = None) -> list[DeadlineRow]:
    limit = None if within_days is None else now + timedelta(days=within_days)
    rows = []
    for order in app.db.snapshot().orders():
        if order.status in FINAL and (order.refund is None or order.refund.status == "received"):
            continue
        rows += [DeadlineRow(order, d.kind, d.due) for d in policy.open_deadlines(order, now, app.rules)
                 if limit is None or d.due <= limit]
    rows.sort(key=lambda r: (r.due, r.order.id))
    return rows


def future_deadlines(app: App) -> tuple[datetime, list[DeadlineRow], str]:
    """The deadlines still ahead, for a calendar (what is already overdue is left out), and
    the database's calendar id, made and kept the first time (one write, once)."""
    now = app.clock.now()  # once: the rows and the cut-off must agree on the instant
    rows = [r for r in _open_deadlines(app, now) if r.due > now]
    calendar_id = app.db.snapshot().calendar_id()
    if calendar_id is None and rows:
        with app.db.transaction() as repo:
            calendar_id = repo.calendar_id(make=True)
    return now, rows, calendar_id or "none"


class SellerScore(Record):
    seller: str
    orders: int = 0
    requests: int = 0
    approved: int = 0
    rejected: int = 0
    silent: int = 0
    complaints: int = 0
    refunds_overdue: int = 0
    disputes: int = 0
    not_shipped: int = 0  # cancelled by the platform because the seller did not ship in time


def sellers(app: App) -> list[SellerScore]:
    """Each seller's record, from the local history."""
    counts: dict[str, Counter[str]] = {}
    for order in app.db.snapshot().orders():
        count = counts.setdefault(order.seller or "(unknown seller)", Counter())
        count["orders"] += 1
        kinds = Counter(e.kind for e in order.events)
        count["requests"] += kinds["cancel_requested"]
        count["approved"] += kinds["seller_approved"]
        count["rejected"] += kinds["seller_rejected"]
        count["silent"] += sum(1 for e in order.events
                               if e.kind == "cancelled" and e.by == Rule.SELLER_TIMEOUT)
        count["complaints"] += sum(1 for e in order.events
                                   if e.kind in ("cancel_requested", "cancelled")
                                   and e.details.get("report_seller"))
        count["refunds_overdue"] += kinds["refund_overdue"]
        count["not_shipped"] += sum(1 for e in order.events
                                    if e.kind == "cancelled" and e.by == Rule.SHIP_TIMEOUT)
        count["disputes"] += kinds["dispute_opened"]
    scores = [SellerScore(name, **count) for name, count in counts.items()]
    return sorted(scores, key=lambda s: (-s.orders, s.seller.casefold()))


# --- backups -----------------------------------------------------------------


def backups(app: App) -> "list[Backup]":
    """The kept generations of the database file, newest first."""
    from .storage import list_backups

    return list_backups(app.db.file)


def restore(app: App, number: int) -> "Backup":
    """Go back to backup `number`; the file it replaces is kept as backup 1."""
    from .storage import restore_backup

    return restore_backup(app.db.file, number, app.db.what, app.db.at)


# --- what to ask, and what may be done now (the questions are prompts.py's) ------------------

def allowed(order: Order, verb: str, now: datetime, rules: Rules) -> bool:
    """Whether the platform would take `verb` for `order` (its rules caught up to `now`)."""
    return any(action.verb == verb for action in domain.next_actions(order, now, rules))


def _worth_offering(order: Order, action: Any) -> bool:
    """Not a chat with the seller about an order that is over and owes no refund."""
    return not (action.verb == "contact" and order.status in FINAL
                and (order.refund is None or order.refund.status == "received"))


def worth_offering(order: Order, verb: str, now: datetime, rules: Rules) -> bool:
    """`allowed`, less what means nothing for that order (see `next_actions`)."""
    return any(a.verb == verb for a in next_actions(order, now, rules))


def next_actions(order: Order, now: datetime, rules: Rules) -> list[Any]:
    """The domain's next actions for `order` now (`order` caught up to `now`), less a chat with
    the seller about an order that is over and owes no refund."""
    return [a for a in domain.next_actions(order, now, rules) if _worth_offering(order, a)]


def candidates(app: App, verb: str, at: datetime | None = None) -> list[Order]:
    """The orders for which `verb` is allowed now (rules caught up), newest first: the
    choices offered when an event command is given no ID."""
    when = _check_not_future(at, app.clock.now())
    found = []
    for order in app.db.snapshot().orders():
        if when < order.last_event_at:
            continue
        caught, _ = catch_up(order, when, app.rules)
        if worth_offering(caught, verb, when, app.rules):
            found.append(caught)
    found.sort(key=lambda o: (o.placed_at, o.id), reverse=True)
    return found


def preview(app: App, ref: str, command: Any, at: datetime | None = None) -> tuple[Order, Outcome]:
    """(the order as it stands, the outcome `command` would have); nothing is written.
    Refused as the command itself would be."""
    when = _check_not_future(at, app.clock.now())
    looked = app.db.snapshot(then_act=True).get(ref)  # act, if it follows, reads no more
    before, after, caught_up = _attempt(looked, command, when, app.rules, at is not None)
    return before, Outcome(after, policy.deadlines(after, app.rules), caught_up)


def offers_extension(order: Order, now: datetime, rules: Rules) -> bool:
    """The platform's pop-up before a cancellation request: a paid, unshipped order with a
    processing time may be kept instead, with more days for the seller."""
    return order.status is Status.AWAITING_SHIPMENT and order.processing_days is not None \
        and allowed(order, "extend", now, rules)


def last_currency(app: App) -> str | None:
    """The currency of the newest order, the default when `place` asks for one."""
    newest = None
    for key, rec in app.db.snapshot().records():
        mark = (rec.get("placed_at") or "", int(key))
        if newest is None or mark > newest[0]:
            newest = (mark, rec.get("currency"))
    return None if newest is None else newest[1]


def has_orders(app: App) -> bool:
    return bool(app.db.snapshot().ids())


class Today(Record):
    now: datetime
    overdue: list[tuple[DeadlineRow, Order]]  # each with the order caught up to now
    coming: list[tuple[DeadlineRow, Order]]
    orders: int
    horizon: timedelta


def today(app: App) -> Today:
    """What is overdue and what falls within the warning horizon, for bare `aliorder`."""
    now = app.clock.now()
    rows = _open_deadlines(app, now, app.rules.warning.total_seconds() / 86400)
    caught: dict[int, Order] = {}
    overdue, coming = [], []
    for row in rows:
        if row.order.id not in caught:
            caught[row.order.id] = catch_up(row.order, now, app.rules)[0]
        (overdue if row.due <= now else coming).append((row, caught[row.order.id]))
    return Today(now, overdue, coming, len(app.db.snapshot().ids()), app.rules.warning)


# --- undo --------------------------------------------------------------------


class TookBack(Record):
    """What undo took back: the step's words and instant, the orders it put back or changed
    (as they are now), the ids it removed, and the rules now due again for those orders."""

    what: str
    at: datetime | None
    orders: list[Outcome]
    removed: list[int]
    due_again: list[Change]


def last_change(app: App) -> Any:
    """The newest step of the undo journal (`storage.journal.Step`), before asking about it;
    None when there is nothing to undo. The transaction that may follow reads no more."""
    from .storage import journal

    return journal.last(app.db.snapshot(then_act=True).stored)


def undo(app: App, expected: int | None = None) -> TookBack:
    """Take back the newest change the buyer can see; `expected`: the step the buyer was asked
    about (another command may have written since). Tick's index is made again for the orders
    put back; a rule due for them again is left to the next tick, and said."""
    from .storage import journal

    now = app.clock.now()
    with app.db.transaction(journaled=False) as repo:
        step = journal.last(repo.stored)
        if step is None:
            raise NotAllowed("There is nothing to undo: the undo journal is empty.",
                             hint="aliorder list shows the orders; aliorder edit --help how to correct one.")
        if expected is not None and step.seq != expected:
            raise NotAllowed(f"The database changed while you were asked: its newest change is now "
                             f"{step.what}. Nothing was taken back.", hint="Run aliorder undo again.")
        present, removed = journal.take_back(repo.stored, step)
        repo.changed = True
        outcomes, due_again = [], []
        for key in sorted(present, key=int):
            order = repo.decode(key)
            repo.save(order, _index(order, app.rules, repo.index_of(order.id).told))
            outcomes.append(Outcome(order, policy.deadlines(order, app.rules)))
            then = order  # what the next tick will do to it; not done here
            while (due := policy.due(then, now, app.rules)) is not None:
                was = then.status
                then = domain.apply(then, domain.ApplyRule(due.rule), due.at, app.rules)
                due_again.append(Change(order.id, order.item, was, then.status, due.at, due.rule))
        _note_index_rules(repo, app.rules)
    return TookBack(step.what, records.instant(step.at), outcomes, sorted(map(int, removed)), due_again)
