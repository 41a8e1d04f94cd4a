"""The platform's time rules and their settings, as pure functions of an instant.

Every duration is exact (a day is 24 hours of real time): the platform's clock
has no daylight-saving shifts, so neither do our deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Mapping, NamedTuple

from .domain import SHIPPED, Order, Rule, Status, method_key
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

    def cancel_opens(self, order: Order) -> datetime | None:
        if order.status is Status.AWAITING_PAYMENT:
            return order.placed_at + timedelta(hours=self.cancel_after_hours)
        if order.status is Status.AWAITING_SHIPMENT and order.paid_at is not None:
            return order.paid_at + timedelta(hours=self.cancel_after_hours)
        return None

    def pay_by(self, order: Order) -> datetime | None:
        if order.status is not Status.AWAITING_PAYMENT:
            return None
        return order.placed_at + timedelta(days=self.unpaid_timeout_days)

    def seller_reply_by(self, order: Order) -> datetime | None:
        if order.status is not Status.CANCELLATION_REQUESTED or order.cancel_request is None:
            return None
        return order.cancel_request.requested_at + timedelta(days=self.seller_timeout_days)

    def ship_by(self, order: Order) -> datetime | None:
        waiting = order.status in (Status.AWAITING_SHIPMENT, Status.CANCELLATION_REQUESTED)
        if not waiting or order.processing_days is None or order.paid_at is None:
            return None
        return order.paid_at + timedelta(days=order.processing_days + order.extension_days)

    def protection_ends(self, order: Order) -> datetime | None:
        if order.shipped_at is None:
            return None
        days = self.protection_days if order.protection_days is None else order.protection_days
        return order.shipped_at + timedelta(days=days)

    def refund_window(self, method: str | None, start: datetime) -> tuple[datetime, datetime]:
        low, high = self.refund_days.get(method or "default", self.refund_days["default"])
        return start + timedelta(days=low), start + timedelta(days=high)

    @property
    def warning(self) -> timedelta:
        return timedelta(days=self.warning_days)


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
    found: list[Due] = []
    if (pay_by := rules.pay_by(order)) is not None:
        found.append(Due(pay_by, Rule.UNPAID_TIMEOUT))
    if (reply_by := rules.seller_reply_by(order)) is not None:
        found.append(Due(reply_by, Rule.SELLER_TIMEOUT))
    if (ship_by := rules.ship_by(order)) is not None:
        found.append(Due(ship_by, Rule.SHIP_TIMEOUT))
    if order.status in SHIPPED and (ends := rules.protection_ends(order)) is not None:
        found.append(Due(ends, Rule.PROTECTION_END))
    if order.refund is not None and order.refund.status == "pending":
        found.append(Due(order.refund.eta_to, Rule.REFUND_OVERDUE))
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

BUYER_DEADLINES = frozenset({"pay_by", "protection_ends"})


class Deadline(NamedTuple):
    kind: str
    due: datetime


def deadlines(order: Order, rules: Rules) -> dict[str, datetime | None]:
    """The order's deadlines as the JSON shape names them."""
    protection = rules.protection_ends(order) if order.status in SHIPPED else None
    return {
        "cancel_opens": rules.cancel_opens(order),
        "pay_by": rules.pay_by(order),
        "seller_reply_by": rules.seller_reply_by(order),
        "ship_by": rules.ship_by(order),
        "protection_ends": protection,
    }


def open_deadlines(order: Order, now: datetime, rules: Rules) -> list[Deadline]:
    """Deadlines still ahead, or passed and not yet acted on; openings already passed are left out."""
    found = [Deadline(kind, at) for kind, at in deadlines(order, rules).items() if at is not None]
    refund = order.refund
    if refund is not None and refund.status == "pending":
        found.append(Deadline("refund_from", refund.eta_from))
        found.append(Deadline("refund_by", refund.eta_to))
    elif refund is not None and refund.status == "overdue":
        found.append(Deadline("refund_overdue", refund.eta_to))
    openings = {"cancel_opens", "refund_from"}
    return [d for d in found if not (d.kind in openings and d.due <= now)]
