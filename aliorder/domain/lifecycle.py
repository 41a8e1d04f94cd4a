"""The lifecycle: what each command does to an order, as the table (domain/table.py) allows.

`apply` looks up `TABLE[verb][status]`: a `Go` runs the command's handler here, a
`Refuse` (or a cell that looks further) raises NotAllowed with its way out. What
a handler still checks beyond the status (the Cancel button not there yet, one
dispute per order) refuses with a way out too. `next_actions` lists what the
table and the handlers accept now.

Pure: no I/O and no clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from ..errors import AliorderError, BadInput, NotAllowed
from ..money import shown as money
from .actions import Action
from .commands import (BUILDERS, AcceptOffer, ApplyRule, Cancel, Contact, DisputeOffer, Edit, EscalateDispute,
                       Extend, ExtendProtection, Note, OpenDispute, Pay, Receive, ReceiveRefund, ResolveDispute,
                       ReturnShipped, SellerAnswer, SetDeadline, Ship, WithdrawDispute)
from .model import CancelRequest, Dispute, Event, Order, Refund, Rules
from .slugs import CANCEL_REASONS, DISPUTE_REASONS, Rule, Status
# The table, and what reads it, as lifecycle.NAME too.
from .table import (CANCEL, DISPUTE_ACCEPT, DISPUTE_ESCALATE, DISPUTE_OFFER, DISPUTE_OPEN,
                    DISPUTE_RESOLVE, DISPUTE_RETURNED, DISPUTE_WITHDRAW, DISPUTE_STATES, SELLER_APPROVE,
                    SELLER_REJECT, SHIP, SHOW, STAGES, TABLE, Go, Refuse, _already_received, _cell,
                    _one_dispute, _protection_ended, allowed, runs, statuses_of)

def apply(order: Order, command: Any, at: datetime, rules: Rules) -> Order:
    """The order after `command` happened at `at`, or NotAllowed saying why not and what instead:
    a way out it offers is one taken at `at`, or it names the later moment it is taken from."""
    try:
        return _apply(order, command, at, rules)
    except NotAllowed as refused:
        raise _ways_out_now(refused, order, at, rules) from None


def _ways_out_now(refused: NotAllowed, order: Order, at: datetime, rules: Rules) -> NotAllowed:
    """The refusal with only the ways out taken at `at`; one taken only later (the Cancel button
    not there yet) names that moment; none left: `show` tells what can be done."""
    from .actions import LOOKS

    kept, later = [], None
    for action in refused.way_out:
        if action.verb in LOOKS or action.verb not in BUILDERS:
            kept.append(action)
            continue
        try:
            _apply(order, command_for(action, **_sample_choices(order, action)), at, rules)
        except NotAllowed as not_yet:
            if not_yet.when is not None and not_yet.when > at:
                kept.append(action)
                if refused.when is None:  # else the refusal's words already name the moment
                    later = not_yet.when if later is None else min(later, not_yet.when)
            continue
        except AliorderError:
            pass
        kept.append(action)
    if len(kept) == len(refused.way_out) and later is None:
        return refused
    if not kept:
        refused.way_out, refused.hint_words = (SHOW.about(order.id),), "{do} tells what you can do now."
        return refused
    refused.way_out = tuple(kept)
    if later is not None:
        stem = (refused.hint_words or "").split("{do}")[0].rstrip(": ")
        refused.when = later
        refused.hint_words = f"{stem}, once it is possible, on {{when}}: {{do}}" if stem \
            else "Once it is possible, on {when}: {do}"
    return refused


def _apply(order: Order, command: Any, at: datetime, rules: Rules) -> Order:
    verb = command.verb
    cell = _cell(verb, order)
    if isinstance(cell, Refuse):
        raise cell.error(order, verb, rules)
    if not isinstance(cell, Go):
        raise cell(order, command, rules)
    to = order.status if cell.to is None else cell.to
    if cell.stage is not None:
        assert order.dispute is not None
        order = order._replace(dispute=order.dispute._replace(stage=cell.stage))
    return _HANDLERS[type(command)](order, command, at, rules, to)


# --- next actions ------------------------------------------------------------

# What a buyer may be asked to choose for each verb (None: still to choose); optional
# options are left out. Rules are not here: only the platform applies them.
NEXT = {
    "pay": Action("pay"),
    "cancel": CANCEL,
    "extend": Action("extend", options={"days": None}),
    "seller approve": SELLER_APPROVE,
    "seller reject": SELLER_REJECT,
    "ship": SHIP,
    "receive": Action("receive"),
    "dispute open": DISPUTE_OPEN,
    "dispute escalate": DISPUTE_ESCALATE,
    "dispute resolve": DISPUTE_RESOLVE,
    "dispute resolve --rejected": Action("dispute resolve", options={"rejected": True}),
    "dispute offer": DISPUTE_OFFER,
    "dispute offer --return": Action("dispute offer", options={"return": True}),
    "dispute offer --rejected": Action("dispute offer", options={"rejected": True}),
    "dispute accept": DISPUTE_ACCEPT,
    "dispute returned": DISPUTE_RETURNED,
    "protection extend": Action("protection extend", options={"days": None}),
    "dispute withdraw": DISPUTE_WITHDRAW,
    "refund received": Action("refund received"),
    "contact": Action("contact", options={"via": None}),
}


def next_actions(order: Order, at: datetime, rules: Rules) -> list[Action]:
    """What the buyer may record on `order` at `at`, most likely first: every action returned
    is one `apply` accepts then, once its options still `None` are chosen.

    Give the order as it stands at `at`, caught up with the rules that fell due
    (services.catch_up). Each action is data: `verb`, `order`, `options` (see
    domain.actions); `commandline.line(action)` spells it, and
    `command_for(action, **chosen)` makes the domain command to apply.
    """
    return [action.about(order.id) for action in NEXT.values()
            if runs(action.verb, order) and accepts(order, action.about(order.id), at, rules)]


def command_for(action: Action, **chosen: Any) -> Any:
    """The domain command an action makes, with the options the buyer chose filled in;
    BadInput when one is missing or wrong (an unknown reason, a note it needs)."""
    options = {**action.options, **chosen}
    missing = [name for name, value in options.items() if value is None]
    if missing:
        raise BadInput(f"{action.verb}: choose {', '.join(missing)} first.")
    return BUILDERS[action.verb](options)


def accepts(order: Order, action: Action, at: datetime, rules: Rules) -> bool:
    """Whether `apply` takes the action at `at`, with a plain choice for each option still open."""
    try:
        _apply(order, command_for(action, **_sample_choices(order, action)), at, rules)
    except AliorderError:
        return False
    return True


def _sample_choices(order: Order, action: Action) -> dict[str, Any]:
    plain = {"reason": next(iter(CANCEL_REASONS if action.verb == "cancel" else DISPUTE_REASONS)),
             "via": "chat", "days": 1, "refund": _most(order), "claim": order.price}
    return {name: plain.get(name, "1") for name in action.to_choose}


# --- what each command does ----------------------------------------------------


def _with(order: Order, *events: Event, **changes: Any) -> Order:
    return order._replace(events=order.events + events, **changes)


def _start_refund(order: Order, amount: Decimal, at: datetime, rules: Rules,
                  by: str | None) -> tuple[Refund, Event]:
    """A refund starting now, caused `by` whoever caused the event that starts it."""
    eta_from, eta_to = rules.refund_window(order.payment_method, at)
    refund = Refund(amount, order.currency, order.payment_method, "pending", at, eta_from, eta_to)
    event = Event(at, "refund_started", by, {"amount": str(amount), "currency": order.currency})
    return refund, event


def _pay(order: Order, cmd: Pay, at: datetime, rules: Rules, to: Status) -> Order:
    method = cmd.method or order.payment_method
    return _with(order, Event(at, "paid", "buyer", _some(method=method)),
                 status=to, paid_at=at, payment_method=method)


def _cancel(order: Order, cmd: Cancel, at: datetime, rules: Rules, to: Status) -> Order:
    opens = rules.cancel_opens(order)
    if opens is not None and at < opens:
        checked = "order" if order.status is Status.AWAITING_PAYMENT else "payment"
        again = Action("cancel", order.id, _some(reason=cmd.reason, note=cmd.note,
                                                 report_seller=cmd.report_seller or None))
        raise NotAllowed(
            f"{order.label} cannot be cancelled yet: the Cancel button appears once the "
            f"platform has checked the {checked}, on {{when}}.",
            hint="Try again then: {do}", way_out=[again], when=opens,
        )
    details = _some(reason=cmd.reason, note=cmd.note, report_seller=cmd.report_seller or None)
    if to is Status.CANCELLED:
        return _with(order, Event(at, "cancelled", "buyer", details), status=to)
    request = CancelRequest(cmd.reason, at, cmd.note, cmd.report_seller)
    return _with(order, Event(at, "cancel_requested", "buyer", details), status=to, cancel_request=request,
                 page_deadlines=_restarted(order, "seller_reply_by"))


def _extend(order: Order, cmd: Extend, at: datetime, rules: Rules, to: Status) -> Order:
    if order.processing_days is None:
        raise NotAllowed(
            f"{order.label} has no processing time recorded, so there is no shipping "
            "deadline to extend.",
            hint="Record the one the order page shows: {do}",
            way_out=[Action("edit", order.id, {"processing_days": None})],
        )
    return _with(order, Event(at, "extended", "buyer", {"days": cmd.days}),
                 extension_days=order.extension_days + cmd.days)


def _seller_answer(order: Order, cmd: SellerAnswer, at: datetime, rules: Rules, to: Status) -> Order:
    if not cmd.approve:
        return _with(order, Event(at, "seller_rejected", "seller", _some(note=cmd.note)),
                     status=to, cancel_request=None)
    refund, started = _start_refund(order, order.price, at, rules, "seller")
    return _with(order, Event(at, "seller_approved", "seller", _some(note=cmd.note)), started,
                 status=to, refund=refund)


def _ship(order: Order, cmd: Ship, at: datetime, rules: Rules, to: Status) -> Order:
    return _with(order, Event(at, "shipped", "seller", _some(tracking=cmd.tracking)),
                 status=to, shipped_at=at, tracking=cmd.tracking or order.tracking, cancel_request=None)


def _receive(order: Order, cmd: Receive, at: datetime, rules: Rules, to: Status) -> Order:
    if order.received_at is not None:
        raise _already_received(order)
    return _with(order, Event(at, "received", "buyer"), status=to, received_at=at)


def _contact(order: Order, cmd: Contact, at: datetime, rules: Rules, to: Status) -> Order:
    return _with(order, Event(at, "contacted", "buyer", _some(via=cmd.via, reason=cmd.reason, note=cmd.note)))


def _open_dispute(order: Order, cmd: OpenDispute, at: datetime, rules: Rules, to: Status) -> Order:
    if order.dispute is not None:
        raise _one_dispute(order)
    ends = rules.protection_ends(order)
    if ends is not None and at >= ends:
        raise _protection_ended(order, ends)
    if cmd.claim is not None and cmd.claim > order.price:
        raise BadInput(f"A claim of {money(cmd.claim, order.currency)} is more than the "
                       f"{money(order.price, order.currency)} paid for {order.label}.",
                       hint=f"Claim at most --claim {order.price}.")
    claim = order.price if cmd.claim is None else cmd.claim
    dispute = Dispute(cmd.reason, "open", at, cmd.note, claim=claim)
    details = _some(reason=cmd.reason, note=cmd.note)
    if cmd.claim is not None:
        details.update(claim=str(claim), currency=order.currency)
    return _with(order, Event(at, "dispute_opened", "buyer", details), status=to, dispute=dispute,
                 page_deadlines=_restarted(order, "dispute_reply_by", "return_by"))


def _escalate(order: Order, cmd: EscalateDispute, at: datetime, rules: Rules, to: Status) -> Order:
    # The table moved the dispute to escalated.
    return _with(order, Event(at, "dispute_escalated", "buyer", _some(note=cmd.note)))


def _most(order: Order) -> Decimal:
    """The most a dispute can give back: what was claimed, else what was paid."""
    claim = None if order.dispute is None else order.dispute.claim
    return order.price if claim is None else claim


def _offer(order: Order, cmd: DisputeOffer, at: datetime, rules: Rules, to: Status) -> Order:
    assert order.dispute is not None
    if cmd.amount is not None and cmd.amount > order.price:
        raise BadInput(f"A refund of {money(cmd.amount, order.currency)} is more than the "
                       f"{money(order.price, order.currency)} paid for {order.label}.",
                       hint=f"Give at most --refund {order.price}.")
    amount = order.price if cmd.offer == "return" else cmd.amount
    dispute = order.dispute._replace(offer=cmd.offer, offer_amount=amount, offered_at=at)
    details = _some(offer=cmd.offer, amount=None if amount is None else str(amount),
                    currency=None if amount is None else order.currency)
    return _with(order, Event(at, "dispute_offer", "seller", details), dispute=dispute,
                 page_deadlines=_restarted(order, "dispute_reply_by"))


def _accept(order: Order, cmd: AcceptOffer, at: datetime, rules: Rules, to: Status) -> Order:
    """The table set the stage: resolved (a refund offer), returning, or rejected."""
    dispute = order.dispute
    assert dispute is not None
    event = Event(at, "dispute_accepted", "buyer", {"offer": dispute.offer})
    if dispute.stage == "returning":
        return _with(order, event, dispute=dispute._replace(accepted_at=at))
    closed = dispute._replace(accepted_at=at, closed_at=at)
    if dispute.stage == "rejected":
        return _with(order, event, status=to, dispute=closed)
    assert dispute.offer_amount is not None
    refund, started = _start_refund(order, dispute.offer_amount, at, rules, None)
    return _with(order, event, started, status=to, dispute=closed, refund=refund)


def _returned(order: Order, cmd: ReturnShipped, at: datetime, rules: Rules, to: Status) -> Order:
    assert order.dispute is not None
    dispute = order.dispute._replace(returned_at=at, return_tracking=cmd.tracking)
    return _with(order, Event(at, "return_shipped", "buyer", _some(tracking=cmd.tracking)), dispute=dispute)


def _extend_protection(order: Order, cmd: ExtendProtection, at: datetime, rules: Rules, to: Status) -> Order:
    """Protection ends `days` later: the order page's end, if one was read off it, else the computed one."""
    event = Event(at, "protection_extended", "seller", {"days": cmd.days})
    page = order.page_deadlines.get("protection_ends")
    if page is not None:
        return _with(order, event, page_deadlines={**order.page_deadlines,
                                                   "protection_ends": page + timedelta(days=cmd.days)})
    return _with(order, event, protection_extension_days=order.protection_extension_days + cmd.days)


def _resolve(order: Order, cmd: ResolveDispute, at: datetime, rules: Rules, to: Status) -> Order:
    assert order.dispute is not None
    # The outcome, not the table, says whether the claim was resolved or rejected.
    order = order._replace(dispute=order.dispute._replace(stage="resolved"))
    if cmd.refund is None:
        dispute = order.dispute._replace(stage="rejected", closed_at=at)
        return _with(order, Event(at, "dispute_resolved", None, {"outcome": "rejected"}),
                     status=to, dispute=dispute)
    if cmd.refund > order.price:
        raise BadInput(f"A refund of {money(cmd.refund, order.currency)} is more than the "
                       f"{money(order.price, order.currency)} paid for {order.label}.",
                       hint=f"Give at most --refund {order.price}.")
    refund, started = _start_refund(order, cmd.refund, at, rules, None)
    dispute = order.dispute._replace(stage="resolved", closed_at=at)
    resolved = Event(at, "dispute_resolved", None,
                     {"outcome": "refund", "amount": str(cmd.refund), "currency": order.currency})
    return _with(order, resolved, started, status=to, dispute=dispute, refund=refund)


def _withdraw(order: Order, cmd: WithdrawDispute, at: datetime, rules: Rules, to: Status) -> Order:
    assert order.dispute is not None
    dispute = order.dispute._replace(closed_at=at)  # withdrawn: the table said
    return _with(order, Event(at, "dispute_withdrawn", "buyer"), status=to, dispute=dispute)


def _refund_received(order: Order, cmd: ReceiveRefund, at: datetime, rules: Rules, to: Status) -> Order:
    refund = order.refund
    if refund is None:
        raise NotAllowed(f"{order.label} has no refund on its way.",
                         hint="{do} tells its state.", way_out=[SHOW.about(order.id)])
    if refund.status == "received":
        raise NotAllowed(f"The refund of {order.label} was already received.", when=refund.received_at)
    if at < refund.started_at:
        raise BadInput(f"The refund of {order.label} started after that moment.")
    return _with(order, Event(at, "refund_received", "buyer",
                              {"amount": str(refund.amount), "currency": refund.currency}),
                 refund=refund._replace(status="received", received_at=at))


# --- what each platform rule does ------------------------------------------------


def _unpaid_timeout(order: Order, rule: Rule, at: datetime, rules: Rules, to: Status) -> Order:
    return _with(order, Event(at, "cancelled", rule), status=to)


def _cancelled_with_refund(order: Order, rule: Rule, at: datetime, rules: Rules, to: Status) -> Order:
    refund, started = _start_refund(order, order.price, at, rules, rule)
    return _with(order, Event(at, "cancelled", rule), started, status=to, refund=refund)


def _protection_end(order: Order, rule: Rule, at: datetime, rules: Rules, to: Status) -> Order:
    return _with(order, Event(at, "completed", rule), status=to)


def _refund_overdue(order: Order, rule: Rule, at: datetime, rules: Rules, to: Status) -> Order:
    if order.refund is None or order.refund.status != "pending":
        raise NotAllowed(f"{order.label} has no pending refund.")
    return _with(order, Event(at, "refund_overdue", rule),
                 refund=order.refund._replace(status="overdue"))


def _dispute_reply_timeout(order: Order, rule: Rule, at: datetime, rules: Rules, to: Status) -> Order:
    """The seller did not answer: the platform refunds the amount claimed, in full."""
    assert order.dispute is not None
    amount = _most(order)
    refund, started = _start_refund(order, amount, at, rules, rule)
    resolved = Event(at, "dispute_resolved", rule, {"outcome": "refund", "amount": str(amount),
                                                     "currency": order.currency})
    return _with(order, resolved, started, status=to, refund=refund,
                 dispute=order.dispute._replace(closed_at=at))


def _dispute_escalation(order: Order, rule: Rule, at: datetime, rules: Rules, to: Status) -> Order:
    return _with(order, Event(at, "dispute_escalated", rule))


def _return_timeout(order: Order, rule: Rule, at: datetime, rules: Rules, to: Status) -> Order:
    """The return was not shipped in time: the dispute closes without a refund."""
    assert order.dispute is not None
    return _with(order, Event(at, "dispute_resolved", rule, {"outcome": "rejected"}), status=to,
                 dispute=order.dispute._replace(closed_at=at))


# Every rule's effect; a rule missing here fails tests/test_lifecycle.py, not a tick.
RULE_EFFECTS = {
    Rule.UNPAID_TIMEOUT: _unpaid_timeout,
    Rule.SHIP_TIMEOUT: _cancelled_with_refund,
    Rule.SELLER_TIMEOUT: _cancelled_with_refund,
    Rule.PROTECTION_END: _protection_end,
    Rule.REFUND_OVERDUE: _refund_overdue,
    Rule.DISPUTE_REPLY_TIMEOUT: _dispute_reply_timeout,
    Rule.DISPUTE_ESCALATION: _dispute_escalation,
    Rule.RETURN_TIMEOUT: _return_timeout,
}


def _rule(order: Order, cmd: ApplyRule, at: datetime, rules: Rules, to: Status) -> Order:
    return RULE_EFFECTS[cmd.rule](order, cmd.rule, at, rules, to)


def _stored(value: Any) -> Any:
    """A field's value as the database and the `edited` event write it (money as a string)."""
    return str(value) if isinstance(value, Decimal) else value


def _edit(order: Order, cmd: Edit, at: datetime, rules: Rules, to: Status) -> Order:
    """The order with its fields corrected, and an `edited` event with each change as [old, new];
    the deadlines follow, being computed from the fields. Nothing differs: the order as it is."""
    changed = {name: new for name, new in cmd.changes if _stored(getattr(order, name)) != _stored(new)}
    if not changed:
        return order
    event = Event(at, "edited", "buyer",
                  {"changes": {name: [_stored(getattr(order, name)), _stored(new)]
                               for name, new in changed.items()}})
    refund = order.refund
    if refund is not None and refund.status != "received":
        # A refund on its way follows the order: its window after a new method, a full
        # refund's amount after a new total, its currency after a new currency.
        if "payment_method" in changed:
            method = changed["payment_method"]
            eta_from, eta_to = rules.refund_window(method, refund.started_at)
            status = "pending" if refund.status == "overdue" and eta_to > at else refund.status
            refund = refund._replace(method=method, eta_from=eta_from, eta_to=eta_to,
                                     status=status)
        amount = changed.get("price", refund.amount) if refund.amount == order.price else refund.amount
        refund = refund._replace(amount=amount, currency=changed.get("currency", refund.currency))
    return _with(order, event, refund=refund, **changed)


def _note(order: Order, cmd: Note, at: datetime, rules: Rules, to: Status) -> Order:
    return _with(order, Event(at, "noted", "buyer", {"note": cmd.text}))


def _clock_start(order: Order, kind: str) -> tuple[datetime, str]:
    """When the clock of a page deadline `kind` started for this order, in the buyer's words."""
    request, dispute = order.cancel_request, order.dispute
    started = {"ship_by": (order.paid_at, "paid"),
               "seller_reply_by": (request.requested_at if request else None, "cancellation was requested"),
               "protection_ends": (order.shipped_at, "shipped"),
               "dispute_reply_by": (dispute.opened_at if dispute else None, "dispute was opened"),
               "return_by": (dispute.accepted_at if dispute else None, "offer was accepted")}.get(kind)
    return started if started is not None and started[0] is not None else (order.placed_at, "placed")


def _set_deadline(order: Order, cmd: SetDeadline, at: datetime, rules: Rules, to: Status) -> Order:
    start, what = _clock_start(order, cmd.kind)
    if cmd.due < start:
        # No order page shows it, and tick would date the rule it fires before the events that
        # came first (a ship-by before the payment cancelled an order before it was paid).
        from ..when import typed

        page = cmd.kind.replace("_", "-")
        raise BadInput(f"A {page} of {typed(cmd.due)} is before order {order.id} was {what} "
                       f"({typed(start)}): an order page shows no such deadline.",
                       hint=f"Copy the date and time as the order page shows them: "
                            f"aliorder deadline {order.id} {page} WHEN")
    due = cmd.due.astimezone(timezone.utc).isoformat(timespec="seconds")
    return _with(order, Event(at, "deadline_set", "buyer", {"deadline": cmd.kind, "due": due}),
                 page_deadlines={**order.page_deadlines, cmd.kind: cmd.due})


def _restarted(order: Order, *kinds: str) -> dict[str, datetime]:
    """The page's deadlines without those whose clock starts again now (a new request's reply-by)."""
    return {k: v for k, v in order.page_deadlines.items() if k not in kinds}


_HANDLERS = {
    Pay: _pay, Cancel: _cancel, Extend: _extend, SellerAnswer: _seller_answer, Ship: _ship,
    Receive: _receive, Contact: _contact, OpenDispute: _open_dispute, EscalateDispute: _escalate,
    ResolveDispute: _resolve, WithdrawDispute: _withdraw, ReceiveRefund: _refund_received,
    ApplyRule: _rule, Edit: _edit, Note: _note, SetDeadline: _set_deadline,
    DisputeOffer: _offer, AcceptOffer: _accept, ReturnShipped: _returned, ExtendProtection: _extend_protection,
}


def _some(**details: Any) -> dict[str, Any]:
    return {k: v for k, v in details.items() if v is not None}
