"""Commands: what the buyer (or a rule) says happened, checked for sense but not yet applied."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import BadInput
from .slugs import CANCEL_REASONS, DISPUTE_REASONS, Reason, Rule


def cancel_reason(slug: str, note: str | None) -> Reason:
    return _reason(CANCEL_REASONS, "cancellation", slug, note)


def dispute_reason(slug: str, note: str | None) -> Reason:
    return _reason(DISPUTE_REASONS, "dispute", slug, note)


def _reason(table: dict[str, Reason], what: str, slug: str, note: str | None) -> Reason:
    reason = table.get(slug)
    if reason is None:
        raise BadInput(
            f"Unknown {what} reason {slug!r}.",
            hint=f"Choose one of: {', '.join(table)} (aliorder reasons lists them).",
        )
    if reason.needs_note and not (note and note.strip()):
        raise BadInput(
            f"The {what} reason {slug!r} needs a few words of explanation.",
            hint="Add --note TEXT.",
        )
    return reason



@dataclass(frozen=True)
class Pay:
    method: str | None = None


@dataclass(frozen=True)
class Cancel:
    reason: str
    note: str | None = None
    report_seller: bool = False


def cancel_command(slug: str, note: str | None, report_seller: bool | None) -> Cancel:
    """A cancellation from the buyer's words, or BadInput naming what is wrong."""
    reason = cancel_reason(slug, note)
    if report_seller and reason.fault != "seller":
        raise BadInput(
            f"--report-seller goes with a reason that is the seller's fault; {slug!r} is yours, "
            "so the platform files no complaint.",
            hint="Leave --report-seller out, or choose: "
                 + ", ".join(r.slug for r in CANCEL_REASONS.values() if r.fault == "seller"))
    return Cancel(slug, note, bool(report_seller))


@dataclass(frozen=True)
class Extend:
    days: int


@dataclass(frozen=True)
class SellerAnswer:
    approve: bool
    note: str | None = None


@dataclass(frozen=True)
class Ship:
    tracking: str | None = None


@dataclass(frozen=True)
class Receive:
    pass


@dataclass(frozen=True)
class Contact:
    via: str
    note: str | None = None
    reason: str | None = None  # a dispute reason slug: what the conversation was about


@dataclass(frozen=True)
class OpenDispute:
    reason: str
    note: str | None = None


def open_dispute_command(slug: str, note: str | None) -> OpenDispute:
    dispute_reason(slug, note)
    return OpenDispute(slug, note)


@dataclass(frozen=True)
class EscalateDispute:
    note: str | None = None


@dataclass(frozen=True)
class ResolveDispute:
    refund: Decimal | None  # None: the claim was rejected


@dataclass(frozen=True)
class WithdrawDispute:
    pass


@dataclass(frozen=True)
class ReceiveRefund:
    pass


@dataclass(frozen=True)
class ApplyRule:
    rule: Rule


# What `edit` may correct: the order's fields, in the order `edit --help` lists them.
EDITABLE = ("item", "price", "currency", "seller", "order_no", "qty", "payment_method",
            "processing_days", "protection_days", "tracking")


@dataclass(frozen=True)
class Edit:
    """A correction of what was recorded: (field, new value) pairs, fields from EDITABLE."""

    changes: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Note:
    text: str
