"""The platform's time rules and their settings, as pure functions of an instant.

Every duration is exact (a day is 24 hours of real time): the platform's clock
has no daylight-saving shifts, so neither do our deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Callable, Mapping, NamedTuple

from .domain.deadlines import KINDS
from .domain.lifecycle import statuses_of
from .domain.model import Order
from .domain.slugs import Rule, Status, method_key
from .errors import SettingsProblem

DEFAULT_REFUND_DAYS = (5.0, 20.0)


@dataclass(frozen=True)
class Rules:
    """Every rule of the contract with its default; each is a setting."""

    cancel_after_hours: float = 24
    unpaid_timeout_days: float = 20
    seller_timeout_days: float = 14
    protection_days: float = 60
    warning_days: float = 2
    lock_timeout_seconds: float = 10
    # Payment method -> (fewest, most) days a refund takes; "default" for the rest.
    refund_days: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: {"default": DEFAULT_REFUND_DAYS}
    )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "settings") -> Rules:
        known = {f.name for f in fields(cls)}
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
        return cls(**values)

    # -- deadlines of one order (None where the deadline does not apply) ----

    def deadline(self, kind: str, order: Order) -> datetime | None:
        """The instant of deadline `kind` for `order`, None where it does not run: only in the
        statuses the lifecycle table allows its verb (its rule's) from, and only with the data
        it is counted from."""
        verb = KINDS[kind].while_verb
        if verb is not None and order.status not in statuses_of(verb):
            return None
        return _COUNTED[kind](self, order)

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
    if order.shipped_at is None:
        return None
    days = rules.protection_days if order.protection_days is None else order.protection_days
    return order.shipped_at + timedelta(days=days)


def _refund_from(rules: Rules, order: Order) -> datetime | None:
    refund = order.refund
    return refund.eta_from if refund is not None and refund.status == "pending" else None


def _refund_by(rules: Rules, order: Order) -> datetime | None:
    refund = order.refund
    return refund.eta_to if refund is not None and refund.status == "pending" else None


def _refund_overdue(rules: Rules, order: Order) -> datetime | None:
    refund = order.refund
    return refund.eta_to if refund is not None and refund.status == "overdue" else None


# Every kind of deadline (domain/deadlines.py) is counted here; a kind missing fails a test.
_COUNTED: dict[str, Callable[[Rules, Order], datetime | None]] = {
    "cancel_opens": _cancel_opens, "pay_by": _pay_by, "seller_reply_by": _seller_reply_by,
    "ship_by": _ship_by, "protection_ends": _protection_ends, "refund_from": _refund_from,
    "refund_by": _refund_by, "refund_overdue": _refund_overdue,
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


# --- what the platform's clock does on its own -------------------------------


class Due(NamedTuple):
    at: datetime
    rule: Rule


def pending_rules(order: Order, rules: Rules) -> list[Due]:
    """Every rule that will fire for the order as it stands, soonest first."""
    found = [Due(at, kind.rule) for kind in KINDS.values()
             if kind.rule is not None and (at := rules.deadline(kind.name, order)) is not None]
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


class Deadline(NamedTuple):
    kind: str
    due: datetime


def deadlines(order: Order, rules: Rules) -> dict[str, datetime | None]:
    """The order's deadlines as the JSON shape names them."""
    return {kind.name: rules.deadline(kind.name, order) for kind in KINDS.values() if kind.group == "order"}


def open_deadlines(order: Order, now: datetime, rules: Rules) -> list[Deadline]:
    """Deadlines still ahead, or passed and not yet acted on; openings already passed are left out."""
    found = [Deadline(kind.name, at) for kind in KINDS.values()
             if (at := rules.deadline(kind.name, order)) is not None]
    return [d for d in found if not (KINDS[d.kind].opening and d.due <= now)]
