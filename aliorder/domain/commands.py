"""Commands: what the buyer (or a rule) says happened, checked for sense but not yet applied.

Each is a Record (aliorder.tuples): immutable, and cheap to define, which every `show`
does for all twenty (as frozen dataclasses they cost 8 ms of each start)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable
from decimal import Decimal

from ..errors import BadInput
from .slugs import CANCEL_REASONS, CONTACT_CHANNELS, DISPUTE_REASONS, Reason, Rule, Status
from ..tuples import Record


def cancel_reason(slug: str, note: str | None) -> Reason:
    return _reason(CANCEL_REASONS, "cancellation", slug, note)


def dispute_reason(slug: str, note: str | None) -> Reason:
    return _reason(DISPUTE_REASONS, "dispute", slug, note)


def did_you_mean(typed: str, choices: Iterable[str]) -> str:
    """" Did you mean 'out-of-stock'?" for a typo, as Click says for a command; else ""."""
    from difflib import get_close_matches

    close = get_close_matches(typed.strip().lower(), list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _reason(table: dict[str, Reason], what: str, slug: str, note: str | None) -> Reason:
    reason = table.get(slug)
    if reason is None:
        raise BadInput(
            f"Unknown {what} reason {slug!r}.{did_you_mean(slug, table)}",
            hint=f"Choose one of: {', '.join(table)} (aliorder reasons lists them).",
        )
    if reason.needs_note and not (note and note.strip()):
        raise BadInput(
            f"The {what} reason {slug!r} needs a few words of explanation.",
            hint="Add --note TEXT.",
        )
    return reason



class Pay(Record):
    verb = "pay"

    method: str | None = None


class Cancel(Record):
    verb = "cancel"

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


class Extend(Record):
    verb = "extend"

    days: int


class SellerAnswer(Record):
    approve: bool
    note: str | None = None

    @property
    def verb(self) -> str:
        return "seller approve" if self.approve else "seller reject"


class Ship(Record):
    verb = "ship"

    tracking: str | None = None


class Receive(Record):
    verb = "receive"


class Contact(Record):
    verb = "contact"

    via: str
    note: str | None = None
    reason: str | None = None  # a dispute reason slug: what the conversation was about


class OpenDispute(Record):
    verb = "dispute open"

    reason: str
    note: str | None = None
    claim: Decimal | None = None  # None: the order's total


def open_dispute_command(slug: str, note: str | None, claim: Decimal | None = None) -> OpenDispute:
    dispute_reason(slug, note)
    return OpenDispute(slug, note, claim)


class DisputeOffer(Record):
    """The seller's answer to a dispute: a refund of `amount`, a return (send it back for a
    full refund), or the claim rejected."""

    verb = "dispute offer"

    offer: str  # refund | return | rejected
    amount: Decimal | None = None


def offer_command(refund: Decimal | None, give_back: bool, rejected: bool) -> DisputeOffer:
    """From `dispute offer`'s options: exactly one of --refund AMOUNT, --return, --rejected."""
    if (refund is not None) + bool(give_back) + bool(rejected) != 1:
        raise BadInput("Give exactly one answer of the seller: --refund AMOUNT, --return or --rejected.")
    if refund is not None:
        return DisputeOffer("refund", refund)
    return DisputeOffer("return" if give_back else "rejected")


class AcceptOffer(Record):
    verb = "dispute accept"


class ReturnShipped(Record):
    verb = "dispute returned"

    tracking: str | None = None


class ExtendProtection(Record):
    """The seller agreed to extend purchase protection by `days`."""

    verb = "protection extend"

    days: int


def contact_command(via: str, note: str | None, reason: str | None = None) -> Contact:
    """A conversation with the seller, or BadInput naming the channels (and the reasons)."""
    if via not in CONTACT_CHANNELS:
        raise BadInput(f"--via {via!r} is not a channel.{did_you_mean(via, CONTACT_CHANNELS)}", hint=f"Choose one of: {', '.join(CONTACT_CHANNELS)}.")
    if reason is not None:
        dispute_reason(reason, note)
    return Contact(via, note, reason)


def status_named(text: str) -> Status:
    """The status a buyer typed (for list --status), or BadInput listing them."""
    try:
        return Status(text)
    except ValueError:
        raise BadInput(f"--status {text!r} is not a status.{did_you_mean(text, [str(s) for s in Status])}",
                       hint=f"Choose one of: {', '.join(Status)}.") from None


class EscalateDispute(Record):
    verb = "dispute escalate"

    note: str | None = None


class ResolveDispute(Record):
    verb = "dispute resolve"

    refund: Decimal | None  # None: the claim was rejected


def outcome_given(refund: object | None, rejected: bool) -> None:
    """A dispute's outcome is exactly one of a refund or a rejection, else BadInput."""
    if (refund is None) == (not rejected):
        raise BadInput("Give exactly one outcome: --refund AMOUNT or --rejected.")


class WithdrawDispute(Record):
    verb = "dispute withdraw"


class ReceiveRefund(Record):
    verb = "refund received"


class ApplyRule(Record):
    """A platform rule that fell due; its verb is the rule's name."""

    rule: Rule

    @property
    def verb(self) -> str:
        return str(self.rule)





# What `edit` may correct: the order's fields, in the order `edit --help` lists them.
EDITABLE = ("item", "price", "currency", "seller", "order_no", "qty", "payment_method",
            "processing_days", "protection_days", "tracking")


class Edit(Record):
    """A correction of what was recorded: (field, new value) pairs, fields from EDITABLE."""

    verb = "edit"

    changes: tuple[tuple[str, Any], ...]


class Note(Record):
    verb = "note"

    text: str



class SetDeadline(Record):
    """A deadline read off the order page: it wins over the computed one for this order.
    `kind` is a registry name (domain/deadlines.py) whose `page` is set: "protection_ends"."""

    verb = "deadline"

    kind: str
    due: datetime


def deadline_command(kind: str, due: datetime) -> SetDeadline:
    """`aliorder deadline ID KIND WHEN` from the buyer's words (pay-by or pay_by), or BadInput
    listing the kinds an order page shows."""
    from .deadlines import KINDS, page_kind

    found = page_kind(kind)
    if found is None:
        raise BadInput(f"{kind!r} is not a deadline the order page shows.",
                       hint="Choose one of: " + ", ".join(k.page_name for k in KINDS.values() if k.page) + ".")
    return SetDeadline(found.name, due)


def _amount(value: object | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _resolution(options: dict) -> ResolveDispute:
    outcome_given(options.get("refund"), bool(options.get("rejected")))
    return ResolveDispute(None if options.get("rejected") else Decimal(str(options["refund"])))


# Each verb a buyer may type, and the command it makes from its options (all chosen).
BUILDERS = {
    "pay": lambda o: Pay(o.get("method")),
    "cancel": lambda o: cancel_command(o["reason"], o.get("note"), o.get("report_seller")),
    "extend": lambda o: Extend(int(o["days"])),
    "seller approve": lambda o: SellerAnswer(True, o.get("note")),
    "seller reject": lambda o: SellerAnswer(False, o.get("note")),
    "ship": lambda o: Ship(o.get("tracking")),
    "receive": lambda o: Receive(),
    "contact": lambda o: contact_command(o["via"], o.get("note"), o.get("reason")),
    "dispute open": lambda o: open_dispute_command(o["reason"], o.get("note"), _amount(o.get("claim"))),
    "dispute offer": lambda o: offer_command(_amount(o.get("refund")), bool(o.get("return")),
                                             bool(o.get("rejected"))),
    "dispute accept": lambda o: AcceptOffer(),
    "dispute returned": lambda o: ReturnShipped(o.get("tracking")),
    "protection extend": lambda o: ExtendProtection(int(o["days"])),
    "dispute escalate": lambda o: EscalateDispute(o.get("note")),
    "dispute resolve": _resolution,
    "dispute withdraw": lambda o: WithdrawDispute(),
    "refund received": lambda o: ReceiveRefund(),
    "deadline": lambda o: deadline_command(o["kind"], o["when"]),
}
