"""Disputes, purchase protection's extensions and refunds: dispute open, dispute escalate, dispute
resolve, dispute offer, dispute accept, dispute returned, protection extend, dispute withdraw,
refund received."""

# No `from __future__ import annotations` here: Typer would `eval` every
# parameter's annotation on every run, TAB presses included (~5 ms).
from typing import Any, Optional

import typer

from .. import completion
from . import dispute_app, protection_app, refund_app
from .common import (
    reason_option,
    AT,
    DRAFT,
    EVENT_ID,
    ID_ARG,
    JSON,
    NOTE,
    _act,
    _asking,
    _at,
    _draft,
    _missing,
    _optional_text,
    _order,
    _session,
)


@dispute_app.command("open")
def dispute_open(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    reason: Optional[str] = reason_option(completion.dispute_reasons),
    note: Optional[str] = NOTE,
    claim: Optional[str] = typer.Option(None, "--claim", metavar="AMOUNT",
                                        help="The amount claimed (default: the order's total)."),
    draft: bool = DRAFT,
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Open a dispute, only before purchase protection ends; --draft writes the message.

    Example: aliorder dispute open 3 --reason not-received --note "tracking stuck since May 2"
    """
    from .. import domain

    note = _optional_text(note, "--note")
    if draft or not _asking(ctx):
        if ref is None:
            raise _missing(ctx, "ref")
        if reason is None:
            raise _missing(ctx, "reason", domain.DISPUTE_REASONS)
        command = _claimed(domain.open_dispute_command(reason, note), claim)
        if draft:
            _draft(ctx, ref, command, at, "dispute", domain.DISPUTE_REASONS[reason], note,
                   f"aliorder dispute open {ref} --reason {reason}", as_json)
            return
        _act(ctx, ref, command, at, as_json, f"dispute opened ({reason})")
        return
    from .. import guided

    if reason is not None:
        domain.dispute_reason(reason, "-")  # an unknown reason is told before any question
    ref = _order(ctx, ref, "dispute open", at)
    # Ask only about a dispute the platform would take; ask on stderr, as stdout may be --json.
    command, offer = guided.dispute_open(_session(ctx).services(), ref, reason, note, _at(at))
    outcome = _act(ctx, ref, _claimed(command, claim), at, as_json, f"dispute opened ({command.reason})")
    if offer and not as_json and guided.offer_draft():
        from .. import render

        render.draft_text(outcome.order, "dispute", domain.DISPUTE_REASONS[command.reason], command.note)


def _claimed(command: Any, claim: Optional[str]) -> Any:
    """The dispute with the amount claimed, read in the order's currency (so: made from the order)."""
    if claim is None:
        return command

    def claimed(order: Any) -> Any:
        from .. import money

        return command._replace(claim=money.amount(claim, order.currency, "--claim"))
    return claimed


@dispute_app.command("escalate")
def dispute_escalate(ctx: typer.Context, ref: Optional[str] = EVENT_ID, note: Optional[str] = NOTE,
                     at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """No agreement with the seller: platform staff step in.

    Example: aliorder dispute escalate 3
    """
    from ..domain import EscalateDispute

    _act(ctx, ref, EscalateDispute(_optional_text(note, "--note")), at, as_json, "dispute escalated")


@dispute_app.command("resolve")
def dispute_resolve(
    ctx: typer.Context,
    ref: Optional[str] = EVENT_ID,
    refund: Optional[str] = typer.Option(None, "--refund", metavar="AMOUNT", help="The refund granted."),
    rejected: bool = typer.Option(False, "--rejected", help="The claim was rejected: no refund."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record the outcome of a dispute; a refund starts its ETA clock.

    Example: aliorder dispute resolve 3 --refund 2.00
    """
    from .. import money
    from ..domain import ResolveDispute, outcome_given

    if ref is None and not _asking(ctx):
        raise _missing(ctx, "ref")  # first, as when ID was required
    outcome_given(refund, rejected)

    def resolution(order: Any) -> Any:  # the refund is read in the order's currency
        return ResolveDispute(None if refund is None else money.amount(refund, order.currency, "--refund"))

    _act(ctx, ref, resolution, at, as_json, "dispute resolved")


@dispute_app.command("offer")
def dispute_offer(
    ctx: typer.Context,
    ref: str = ID_ARG,
    refund: Optional[str] = typer.Option(None, "--refund", metavar="AMOUNT", help="The seller offers this refund."),
    give_back: bool = typer.Option(False, "--return", help="The seller asks for the item back, for a full refund."),
    rejected: bool = typer.Option(False, "--rejected", help="The seller rejects the claim."),
    draft: bool = DRAFT,
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """Record the seller's answer to a dispute; --draft writes your reply to it.

    Example: aliorder dispute offer 3 --refund 5.00
    """
    from .. import domain, money

    domain.offer_command(None if refund is None else refund, give_back, rejected)  # exactly one

    def offer(order: Any) -> Any:  # the refund is read in the order's currency
        amount = None if refund is None else money.amount(refund, order.currency, "--refund")
        return domain.offer_command(amount, give_back, rejected)

    if draft:
        flag = f"--refund {refund}" if refund is not None else "--return" if give_back else "--rejected"
        _draft(ctx, ref, offer, at, "offer", None, None, f"aliorder dispute offer {ref} {flag}", as_json)
        return
    def offered(order: Any) -> str:  # as read in the order's currency: "3.00 EUR", not "3"
        return f"the seller offered a refund of {money.shown(order.dispute.offer_amount, order.currency)}"

    what = offered if refund is not None else \
        "the seller asked for the item back" if give_back else "the seller rejected the claim"
    _act(ctx, ref, offer, at, as_json, what)


@dispute_app.command("accept")
def dispute_accept(ctx: typer.Context, ref: str = ID_ARG, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """Accept the seller's offer: a refund starts, or you send the item back.

    Example: aliorder dispute accept 3
    """
    from ..domain import AcceptOffer

    _act(ctx, ref, AcceptOffer(), at, as_json, "offer accepted")


@dispute_app.command("returned")
def dispute_returned(
    ctx: typer.Context,
    ref: str = ID_ARG,
    tracking: Optional[str] = typer.Option(None, "--tracking", metavar="NO", help="The return parcel's number."),
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """You shipped the return; the refund follows once the seller has it.

    Example: aliorder dispute returned 3 --tracking RR123456789CN
    """
    from ..domain import ReturnShipped

    _act(ctx, ref, ReturnShipped(_optional_text(tracking, "--tracking")), at, as_json, "return shipped")


@protection_app.command("extend")
def protection_extend(
    ctx: typer.Context,
    ref: str = ID_ARG,
    days: int = typer.Option(..., "--days", metavar="N", min=1, max=365,
                             help="How many days longer protection runs."),
    draft: bool = DRAFT,
    at: Optional[str] = AT,
    as_json: bool = JSON,
) -> None:
    """The seller extended purchase protection by N days; --draft writes the request.

    Example: aliorder protection extend 3 --days 15
    """
    from ..domain import ExtendProtection

    command = ExtendProtection(days)
    if draft:
        _draft(ctx, ref, command, at, "extension", days, None,
               f"aliorder protection extend {ref} --days {days}", as_json)
        return
    _act(ctx, ref, command, at, as_json, f"purchase protection extended by {days} days")


@dispute_app.command("withdraw")
def dispute_withdraw(ctx: typer.Context, ref: Optional[str] = EVENT_ID, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The buyer closes the dispute; the order is then completed.

    Example: aliorder dispute withdraw 3
    """
    from ..domain import WithdrawDispute

    _act(ctx, ref, WithdrawDispute(), at, as_json, "dispute withdrawn")


@refund_app.command("received")
def refund_received(ctx: typer.Context, ref: Optional[str] = EVENT_ID, at: Optional[str] = AT, as_json: bool = JSON) -> None:
    """The refund's money arrived.

    Example: aliorder refund received 3
    """
    from ..domain import ReceiveRefund

    _act(ctx, ref, ReceiveRefund(), at, as_json, "refund received")
