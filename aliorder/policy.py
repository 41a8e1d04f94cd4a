"""The platform's time rules and their settings, as pure functions of an instant.

Every duration is exact (a day is 24 hours of real time): the platform's clock
has no daylight-saving shifts, so neither do our deadlines.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any, Callable, Iterable, Mapping

from .domain.deadlines import KINDS
from .domain.table import runs, statuses_of
from .domain.model import Order
from .domain.slugs import Rule, Status, method_key
from .errors import SettingsProblem
from .tuples import Record

DEFAULT_REFUND_DAYS = (5.0, 20.0)


class Setting(Record):
    """A setting that is a platform rule: its name as `aliorder rules` lists it, its unit
    (that of the setting's value) and where the default comes from."""

    rule: str
    unit: str
    source: str


class Rules(Record):
    """Every rule of the contract with its default; each is a setting (its `Setting` in the
    field's annotation: `settings()` reads them)."""

    cancel_after_hours: Annotated[float, Setting(
        "cancel_opens", "hours",
        "both seeds: the Cancel button appears 24 h after the payment data were checked")] = 24
    unpaid_timeout_days: Annotated[float, Setting(
        "unpaid_timeout", "days",
        'seed: "approximately 20 calendar days", as most public guides say; the other seed says 1 week')] = 20
    seller_timeout_days: Annotated[float, Setting(
        "seller_timeout", "days", 'seed: "after 2 weeks"; some guides say 48 hours since 2020')] = 14
    protection_days: Annotated[float, Setting(
        "protection_end", "days",
        'purchase protection is "individual for each order"; 60 days after shipping by default')] = 60
    dispute_reply_timeout_days: Annotated[float, Setting(
        "dispute_reply_timeout", "days", 'help-page copies: "5 days, otherwise automatic refund"')] = 5
    dispute_escalation_days: Annotated[float, Setting(
        "dispute_escalation", "days",
        "guides since 2017: automatic escalation after 7 days without agreement")] = 7
    return_timeout_days: Annotated[float, Setting(
        "return_timeout", "days",
        'help-page copies: "within 10 days, otherwise payment goes to the seller"')] = 10
    warning_days: Annotated[float, Setting(
        "warning", "days", "aliorder: how far ahead tick warns of your deadlines")] = 2
    lock_timeout_seconds: float = 10
    # Payment method -> (fewest, most) days a refund takes; "default" for the rest. Never
    # changed in place (the default is shared): from_mapping makes a new one.
    refund_days: Annotated[Mapping[str, tuple[float, float]], Setting(
        "refund_window", "days", 'seed: "After 5-20 days"')] = {"default": DEFAULT_REFUND_DAYS}
    # The setting keys the settings file gave (dotted for a table: refund_days.paypal).
    given: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "settings") -> "Rules":
        known = set(cls._fields) - {"given"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SettingsProblem(f"{source}: unknown setting {', '.join(unknown)}.",
                                  hint=f"Known settings: {', '.join(sorted(known))}.")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name == "refund_days":
                values[name] = _refund_days(value, source)
            else:
                values[name] = _positive(value, f"{source}: {name}")
        given = {name for name in data if name != "refund_days"}
        given |= {f"refund_days.{method_key(m)}" for m in data.get("refund_days", {})}
        return cls(**values, given=frozenset(given))

    # -- deadlines of one order (None where the deadline does not apply) ----

    def deadline(self, kind: str, order: Order) -> datetime | None:
        """The instant of deadline `kind` for `order`, None where it does not run: only in the
        statuses the lifecycle table allows its verb (its rule's) from, and only with the data
        it is counted from."""
        verb = KINDS[kind].while_verb
        if verb is not None and not runs(verb, order):
            return None
        return _counted_at(self, kind, order)

    def cancel_opens(self, order: Order) -> datetime | None:
        return self.deadline("cancel_opens", order)

    def pay_by(self, order: Order) -> datetime | None:
        return self.deadline("pay_by", order)

    def seller_reply_by(self, order: Order) -> datetime | None:
        return self.deadline("seller_reply_by", order)

    def ship_by(self, order: Order) -> datetime | None:
        return self.deadline("ship_by", order)

    def protection_ends(self, order: Order) -> datetime | None:
        """When protection ends (or ended), whatever the status: a completed order's refusal
        to open a dispute names it."""
        return _protection_ends(self, order)

    def refund_window(self, method: str | None, start: datetime) -> tuple[datetime, datetime]:
        low, high = self.refund_days.get(method or "default", self.refund_days["default"])
        return start + timedelta(days=low), start + timedelta(days=high)

    @property
    def warning(self) -> timedelta:
        return timedelta(days=self.warning_days)


# -- how each kind of deadline is counted, before the lifecycle says whether it runs ----


def _counted_at(rules: Rules, kind: str, order: Order) -> datetime | None:
    page = order.page_deadlines.get(kind)  # read off the order page: it wins
    return page if page is not None else _COUNTED[kind](rules, order)


@lru_cache(maxsize=None)
def _running_in(status: Status) -> tuple[str, ...]:
    """The deadline kinds that run in `status` (in KINDS' order), for an order with no open
    dispute: the table's row for each kind's verb, looked up once per status."""
    return tuple(k.name for k in KINDS.values() if k.while_verb is None or status in statuses_of(k.while_verb))


def _running(order: Order) -> Iterable[str]:
    """The deadline kinds that run for `order` as it stands: what `Rules.deadline` checks,
    kind by kind (an open dispute's state narrows its verbs further: table.STAGES)."""
    if order.dispute is not None and order.dispute.active:
        return [k.name for k in KINDS.values() if k.while_verb is None or runs(k.while_verb, order)]
    return _running_in(order.status)



def _cancel_opens(rules: Rules, order: Order) -> datetime | None:
    # After the platform checked the payment data: the order's, or the payment's once paid.
    start = order.placed_at if order.status is Status.AWAITING_PAYMENT else order.paid_at
    return None if start is None else start + timedelta(hours=rules.cancel_after_hours)


def _pay_by(rules: Rules, order: Order) -> datetime | None:
    return order.placed_at + timedelta(days=rules.unpaid_timeout_days)


def _seller_reply_by(rules: Rules, order: Order) -> datetime | None:
    if order.cancel_request is None:
        return None
    return order.cancel_request.requested_at + timedelta(days=rules.seller_timeout_days)


def _ship_by(rules: Rules, order: Order) -> datetime | None:
    if order.processing_days is None or order.paid_at is None:
        return None
    return order.paid_at + timedelta(days=order.processing_days + order.extension_days)


def _protection_ends(rules: Rules, order: Order) -> datetime | None:
    if (page := order.page_deadlines.get("protection_ends")) is not None:
        return page
    if order.shipped_at is None:
        return None
    days = rules.protection_days if order.protection_days is None else order.protection_days
    return order.shipped_at + timedelta(days=days + order.protection_extension_days)


def _refund_from(rules: Rules, order: Order) -> datetime | None:
    refund = order.refund
    return refund.eta_from if refund is not None and refund.status == "pending" else None


def _refund_by(rules: Rules, order: Order) -> datetime | None:
    refund = order.refund
    return refund.eta_to if refund is not None and refund.status == "pending" else None


def _refund_overdue(rules: Rules, order: Order) -> datetime | None:
    refund = order.refund
    return refund.eta_to if refund is not None and refund.status == "overdue" else None


def _dispute_reply_by(rules: Rules, order: Order) -> datetime | None:
    dispute = order.dispute
    return None if dispute is None else dispute.opened_at + timedelta(days=rules.dispute_reply_timeout_days)


def _dispute_escalates(rules: Rules, order: Order) -> datetime | None:
    dispute = order.dispute
    if dispute is None or dispute.offered_at is None:
        return None
    return dispute.offered_at + timedelta(days=rules.dispute_escalation_days)


def _return_by(rules: Rules, order: Order) -> datetime | None:
    dispute = order.dispute
    if dispute is None or dispute.accepted_at is None or dispute.returned_at is not None:
        return None
    return dispute.accepted_at + timedelta(days=rules.return_timeout_days)


# Every kind of deadline (domain/deadlines.py) is counted here; a kind missing fails a test.
_COUNTED: dict[str, Callable[[Rules, Order], datetime | None]] = {
    "cancel_opens": _cancel_opens, "pay_by": _pay_by, "seller_reply_by": _seller_reply_by,
    "ship_by": _ship_by, "protection_ends": _protection_ends, "refund_from": _refund_from,
    "refund_by": _refund_by, "refund_overdue": _refund_overdue,
    "dispute_reply_by": _dispute_reply_by, "dispute_escalates": _dispute_escalates, "return_by": _return_by,
}


def _positive(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 100_000:
        raise SettingsProblem(f"{name} must be a positive number, not {value!r}.")
    return value


def _refund_days(value: Any, source: str) -> dict[str, tuple[float, float]]:
    if not isinstance(value, Mapping):
        raise SettingsProblem(f"{source}: refund_days must be a table of method = [fewest, most].")
    windows = {"default": DEFAULT_REFUND_DAYS}
    for method, pair in value.items():
        name = f"{source}: refund_days.{method}"
        if not isinstance(pair, list) or len(pair) != 2:
            raise SettingsProblem(f"{name} must be [fewest, most] days, like [5, 20].")
        low, high = (_positive(v, name) for v in pair)
        if low > high:
            raise SettingsProblem(f"{name}: the fewest days {low} exceed the most {high}.")
        windows[method_key(method)] = (low, high)
    return windows


# --- the rules as `aliorder rules` lists them ----------------------------------


class RuleLine(Record):
    name: str
    value: Any            # as in the setting: a number, or [fewest, most] for a refund window
    unit: str
    setting: str | None   # its key in the settings file (dotted for a table)
    source: str
    overridden: bool


# A rule with no setting of its own: counted from what the order says.
_PER_ORDER = [RuleLine("ship_timeout", None, "days", None,
                       'the order\'s processing time (--processing-days of place or edit, plus extend), counted from '
                       'payment; seed: "extend the processing of the order"; guides: usually 5-7 days', False)]


@lru_cache(maxsize=None)
def settings() -> dict[str, Setting]:
    """The fields of Rules that are platform rules, with their Setting, in their order."""
    from typing import get_type_hints

    hints = get_type_hints(Rules, include_extras=True)
    return {name: hints[name].__metadata__[0] for name in Rules._fields
            if isinstance(getattr(hints[name], "__metadata__", (None,))[0], Setting)}


def listing(rules: Rules) -> list[RuleLine]:
    """Every rule with its value, unit, setting, source and whether the settings file overrides it."""
    lines: list[RuleLine] = []
    for name, meta in settings().items():
        if name == "refund_days":
            for method, (low, high) in rules.refund_days.items():
                key = f"refund_days.{method}"
                lines.append(RuleLine(f"{meta.rule}.{method}" if method != "default" else meta.rule,
                                      [_number(low), _number(high)], meta.unit, key, meta.source,
                                      key in rules.given))
            continue
        lines.append(RuleLine(meta.rule, _number(getattr(rules, name)), meta.unit, name,
                              meta.source, name in rules.given))
        if meta.rule == "unpaid_timeout":
            lines += _PER_ORDER
    return lines


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# --- what the platform's clock does on its own -------------------------------


class Due(Record):
    at: datetime
    rule: Rule


def pending_rules(order: Order, rules: Rules) -> list[Due]:
    """Every rule that will fire for the order as it stands, soonest first."""
    found = [Due(at, rule) for name in _running(order)
             if (rule := KINDS[name].rule) is not None and (at := _counted_at(rules, name, order)) is not None]
    # On a tie, a status change goes before a refund falling overdue.
    found.sort(key=lambda d: (d.at, d.rule is Rule.REFUND_OVERDUE))
    return found


def next_due(order: Order, rules: Rules) -> Due | None:
    found = pending_rules(order, rules)
    return found[0] if found else None


def due(order: Order, now: datetime, rules: Rules) -> Due | None:
    """The first rule that has fallen due for the order by `now`, if any."""
    first = next_due(order, rules)
    return first if first is not None and first.at <= now else None


# --- the buyer's view: which deadlines are open ------------------------------

# The deadlines tick warns the buyer of before they fall.
BUYER_DEADLINES = frozenset(k.name for k in KINDS.values() if k.warn)


class Deadline(Record):
    kind: str
    due: datetime


def deadlines(order: Order, rules: Rules) -> dict[str, datetime | None]:
    """The order's deadlines as the JSON shape names them: the contract's five, and the
    dispute's clocks once the order has a dispute."""
    groups = ("order", "dispute") if order.dispute is not None else ("order",)
    running = _running(order)
    return {kind.name: _counted_at(rules, kind.name, order) if kind.name in running else None
            for kind in KINDS.values() if kind.group in groups}


def open_deadlines(order: Order, now: datetime, rules: Rules) -> list[Deadline]:
    """Deadlines still ahead, or passed and not yet acted on; openings already passed are left out."""
    found = [Deadline(name, at) for name in _running(order) if (at := _counted_at(rules, name, order)) is not None]
    return [d for d in found if not (KINDS[d.kind].opening and d.due <= now)]
