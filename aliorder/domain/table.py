"""The lifecycle table: (status, verb) -> where it leads, or the refusal and its way out.

`TABLE[verb][status]` is a `Go` (allowed: the status it leads to) or a `Refuse`
(the words, and the way out as actions). A verb is a buyer's command ("pay",
"seller approve", "dispute open", ...) or a platform rule ("unpaid_timeout").
`lifecycle.apply` reads it, and so do the deadlines (a rule's deadline runs only in
the statuses its row allows: `runs`) and `next_actions`.

Data and the few functions that read it, apart from what the commands do
(`lifecycle`): `list` and `deadlines` need the table, not the commands.

Pure: no I/O and no clock.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, Callable, Union

from ..errors import NotAllowed
from .actions import Action
from .model import Order, Rules
from .slugs import FINAL, Rule, Status
from ..tuples import Record

S = Status


class Go(Record):
    """Allowed: the order moves to `to` (None: its status stays); in STAGES, the dispute
    moves to `stage` (None: the handler says, from what the command says)."""

    to: Status | None = None
    stage: str | None = None


class Refuse(Record):
    """Not allowed in this status. In `words`: {o} the order ("Order 7"), {s} its status,
    {v} the verb, {when} the instant of the deadline `when` names; in `hint`, {do} is where
    the way out goes, spelled as a command line by the CLI."""

    words: str
    hint: str | None = None
    way_out: tuple[Action, ...] = ()
    when: str | None = None  # a deadline kind (policy's name), for {when}

    def error(self, order: Order, verb: str, rules: Rules) -> NotAllowed:
        stage = None if order.dispute is None else order.dispute.stage
        words = self.words.format(o=order.label, s=order.status, v=verb, when="{when}", stage=stage)
        when = None if self.when is None else rules.deadline(self.when, order)
        return NotAllowed(words, hint=self.hint, when=when,
                          way_out=[a.about(order.id) for a in self.way_out])


# A cell that must look further than the status to say why not.
Special = Callable[[Order, Any, Rules], NotAllowed]
Cell = Union[Go, Refuse, Special]

# The ways out, as actions of no order yet (`about(id)` fills it in).
SHOW = Action("show")
PAY = Action("pay")
CANCEL = Action("cancel", options={"reason": None})
SHIP = Action("ship")
SELLER_APPROVE, SELLER_REJECT = Action("seller approve"), Action("seller reject")
CONTACT_CHAT = Action("contact", options={"via": "chat"})
DISPUTE_OPEN = Action("dispute open", options={"reason": None})
DISPUTE_ESCALATE = Action("dispute escalate")
DISPUTE_RESOLVE = Action("dispute resolve", options={"refund": None})
DISPUTE_WITHDRAW = Action("dispute withdraw")
DISPUTE_OFFER = Action("dispute offer", options={"refund": None})
DISPUTE_ACCEPT = Action("dispute accept")
DISPUTE_RETURNED = Action("dispute returned")
EXTEND = Action("extend", options={"days": None})

FINISHED = Refuse("{o} is {s}: nothing more can happen to it.", "{do} tells its story.", (SHOW,))
NOT_PAID = "Record the payment first: {do}"


def _row(allowed: dict[Status, Status | None], refusals: dict[Status, Cell] | None = None,
         otherwise: Cell | None = None) -> dict[Status, Cell]:
    """One verb's row: Go where allowed, else its refusal for that status, else `otherwise`,
    and for a finished order (cancelled, completed) the word that nothing more can happen."""
    row: dict[Status, Cell] = {}
    for status in Status:
        if status in allowed:
            row[status] = Go(allowed[status])
        elif refusals and status in refusals:
            row[status] = refusals[status]
        elif status in FINAL:
            row[status] = FINISHED
        else:
            assert otherwise is not None, status
            row[status] = otherwise
    return row


def _everywhere() -> dict[Status, Status | None]:
    return {s: None for s in Status}


def _rule_row(allowed: dict[Status, Status | None]) -> dict[Status, Cell]:
    refused = Refuse("{o} is {s}: rule {v} does not apply.")
    return {s: Go(allowed[s]) if s in allowed else refused for s in Status}


def _dispute_refused(otherwise: Refuse, escalated: Refuse | None = None) -> Special:
    """Opening a dispute: once one was closed, or protection has ended, that is why, whatever
    the status says; else `otherwise` (`escalated`, when the open one already is)."""
    def refusal(order: Order, command: Any, rules: Rules) -> NotAllowed:
        closed = _dispute_closed(order, rules)
        if closed is not None:
            return closed
        stage = None if order.dispute is None else order.dispute.stage
        cell = escalated if escalated is not None and stage == "escalated" else otherwise
        return cell.error(order, command.verb, rules)
    return refusal


_SHIPPED_ALREADY = Refuse("{o} is {s}: it was already shipped.", "{do} tells when.", (SHOW,))
_ANSWER = "Record the seller's answer: {do}"
_CANCEL_INSTEAD = "Before shipping, cancel instead: {do}"
_SETTLE = "Settle the dispute: {do}"


def _no_dispute(to: Status | None) -> dict[Status, Cell]:
    """A dispute verb: in dispute, it leads `to` (STAGES says more); where there is no dispute:
    open one once shipped, cancel before."""
    words = "{o} is {s}: it has no open dispute."
    return _row({S.IN_DISPUTE: to}, {
        S.AWAITING_PAYMENT: Refuse(words, _CANCEL_INSTEAD, (CANCEL,)),
        S.AWAITING_SHIPMENT: Refuse(words, _CANCEL_INSTEAD, (CANCEL,)),
        S.CANCELLATION_REQUESTED: Refuse(words, _ANSWER, (SELLER_APPROVE, SELLER_REJECT))},
        Refuse(words, "Open one first: {do}", (DISPUTE_OPEN,)))


def _no_request() -> dict[Status, Cell]:
    """The seller's answer where no cancellation was requested."""
    words = "{o} is {s}: there is no cancellation request to answer."
    return _row({S.CANCELLATION_REQUESTED: None}, {
        S.AWAITING_DELIVERY: Refuse(words, "It has shipped; if something is wrong: {do}", (DISPUTE_OPEN,)),
        S.DELIVERED: Refuse(words, "It has shipped; if something is wrong: {do}", (DISPUTE_OPEN,)),
        S.IN_DISPUTE: Refuse(words, _SETTLE, (DISPUTE_RESOLVE, DISPUTE_WITHDRAW))},
        Refuse(words, "Request one first: {do}", (CANCEL,)))

# The lifecycle. Rows in the order a buyer meets them; `next_actions` keeps this order.
TABLE: dict[str, dict[Status, Cell]] = {
    "pay": _row({S.AWAITING_PAYMENT: S.AWAITING_SHIPMENT}, otherwise=Refuse(
        "{o} is {s}: it was already paid.", "{do} tells when and what comes next.", (SHOW,))),
    "cancel": _row(
        {S.AWAITING_PAYMENT: S.CANCELLED, S.AWAITING_SHIPMENT: S.CANCELLATION_REQUESTED},
        {S.CANCELLATION_REQUESTED: Refuse(
            "{o} already has a cancellation request waiting for the seller, who has until {when} "
            "to answer; silence grants it then.", "Record the answer: {do}",
            (SELLER_APPROVE, SELLER_REJECT), when="seller_reply_by"),
         S.IN_DISPUTE: Refuse("{o} is in dispute: it can no longer be cancelled.",
                              _SETTLE, (DISPUTE_RESOLVE, DISPUTE_WITHDRAW))},
        Refuse("{o} is shipped: it can no longer be cancelled.", "Open a dispute instead: {do}",
               (DISPUTE_OPEN,))),
    "extend": _row(
        {S.AWAITING_SHIPMENT: None},
        {S.AWAITING_PAYMENT: Refuse("{o} is not paid yet: the processing time starts with the payment.",
                                    NOT_PAID, (PAY,)),
         S.CANCELLATION_REQUESTED: Refuse("{o} has a cancellation request waiting for the seller.",
                                          "Wait for the answer, or record it: {do}", (SELLER_REJECT,))},
        Refuse("{o} is {s}: it has already shipped, so there is no processing time left to extend.",
               "If it does not arrive, talk to the seller: {do}", (CONTACT_CHAT,))),
    "seller approve": {**_no_request(), S.CANCELLATION_REQUESTED: Go(S.CANCELLED)},
    "seller reject": {**_no_request(), S.CANCELLATION_REQUESTED: Go(S.AWAITING_SHIPMENT)},
    "ship": _row(
        {S.AWAITING_SHIPMENT: S.AWAITING_DELIVERY, S.CANCELLATION_REQUESTED: S.AWAITING_DELIVERY},
        {S.AWAITING_PAYMENT: Refuse("{o} is not paid yet, so it cannot have been shipped.",
                                    NOT_PAID, (PAY,))},
        _SHIPPED_ALREADY),
    "receive": _row(
        {S.AWAITING_DELIVERY: S.DELIVERED, S.IN_DISPUTE: None},  # in dispute: the dispute stays open
        {S.DELIVERED: Refuse("{o} was already marked as received.", "{do} tells when.", (SHOW,)),
         S.AWAITING_PAYMENT: Refuse("{o} is {s}: it has not been shipped yet.", NOT_PAID, (PAY,))},
        Refuse("{o} is {s}: it has not been shipped yet.", "Record the shipment first: {do}", (SHIP,))),
    "contact": _row(_everywhere()),
    "dispute open": _row(
        {S.AWAITING_DELIVERY: S.IN_DISPUTE, S.DELIVERED: S.IN_DISPUTE},
        {S.IN_DISPUTE: _dispute_refused(Refuse(
            "{o} already has an open dispute: one dispute per order.", "Take it further: {do}",
            (DISPUTE_ESCALATE,)), escalated=Refuse(
            "{o} already has an open dispute: one dispute per order.", "Record the outcome: {do}",
            (DISPUTE_RESOLVE,))),
         S.COMPLETED: _dispute_refused(FINISHED), S.CANCELLED: _dispute_refused(FINISHED),
         S.CANCELLATION_REQUESTED: Refuse("{o} is {s}: a dispute can be opened only once it has shipped.",
                                          _ANSWER, (SELLER_APPROVE, SELLER_REJECT))},
        Refuse("{o} is {s}: a dispute can be opened only once it has shipped.",
               "Before shipping, cancel instead: {do}", (CANCEL,))),
    "dispute offer": _no_dispute(None),
    "dispute accept": _no_dispute(None),  # the offer decides: STAGES
    "dispute returned": _no_dispute(None),
    "dispute escalate": _no_dispute(None),
    "dispute resolve": _no_dispute(S.COMPLETED),
    "dispute withdraw": _no_dispute(S.COMPLETED),
    "protection extend": _row(
        {S.AWAITING_DELIVERY: None, S.DELIVERED: None},
        {S.AWAITING_PAYMENT: Refuse("{o} is not paid yet: purchase protection starts when it ships.",
                                    NOT_PAID, (PAY,)),
         S.AWAITING_SHIPMENT: Refuse("{o} has not shipped yet: purchase protection starts when it ships.",
                                     "If it is late, talk to the seller: {do}", (CONTACT_CHAT,)),
         S.CANCELLATION_REQUESTED: Refuse("{o} has not shipped yet: purchase protection starts when it ships.",
                                          _ANSWER, (SELLER_APPROVE, SELLER_REJECT))},
        Refuse("{o} is in dispute: the dispute's own clocks run now, not purchase protection.",
               "{do} tells them.", (SHOW,))),
    "refund received": _row(_everywhere()),
    # Corrections of what was recorded, in any status.
    "edit": _row(_everywhere()),
    "note": _row(_everywhere()),
    # A deadline read off the order page; a finished order has none left.
    "deadline": _row({s: None for s in Status if s not in FINAL}),
    # The platform's rules.
    Rule.UNPAID_TIMEOUT: _rule_row({S.AWAITING_PAYMENT: S.CANCELLED}),
    Rule.SHIP_TIMEOUT: _rule_row({S.AWAITING_SHIPMENT: S.CANCELLED, S.CANCELLATION_REQUESTED: S.CANCELLED}),
    Rule.SELLER_TIMEOUT: _rule_row({S.CANCELLATION_REQUESTED: S.CANCELLED}),
    Rule.PROTECTION_END: _rule_row({S.AWAITING_DELIVERY: S.COMPLETED, S.DELIVERED: S.COMPLETED}),
    Rule.REFUND_OVERDUE: _rule_row(_everywhere()),
    Rule.DISPUTE_REPLY_TIMEOUT: _rule_row({S.IN_DISPUTE: S.COMPLETED}),
    Rule.DISPUTE_ESCALATION: _rule_row({S.IN_DISPUTE: None}),
    Rule.RETURN_TIMEOUT: _rule_row({S.IN_DISPUTE: S.COMPLETED}),
}

# Inside a dispute: STAGES[verb][state] for the verbs a dispute's state decides, once the
# status (in_dispute) allowed them. A state is the dispute's stage, finer where it matters
# (model.Dispute.state): open, offered:refund, offered:return, offered:rejected, escalated,
# returning (the return agreed, not yet shipped), returned (shipped back).
DISPUTE_STATES = ("open", "offered:refund", "offered:return", "offered:rejected", "escalated",
                  "returning", "returned")
_OFFERED = ("offered:refund", "offered:return", "offered:rejected")
_STAFF = Refuse("{o}: the dispute is escalated: platform staff decide now.", "Record their decision: {do}",
                (DISPUTE_RESOLVE,))
_BACK = Refuse("{o}: the item is on its way back to the seller.",
               "Record the refund once it is granted: {do}", (DISPUTE_RESOLVE,))
_SHIP_BACK = "Record that you shipped it back: {do}"
_NOT_APPLY = Refuse("{o}: the dispute is {stage}: rule {v} does not apply.")


def _stages(cells: dict[str, Cell], otherwise: Cell | None = None) -> dict[str, Cell]:
    row = {}
    for state in DISPUTE_STATES:
        cell = cells.get(state, otherwise)
        assert cell is not None, state
        row[state] = cell
    return row


STAGES: dict[str, dict[str, Cell]] = {
    "dispute offer": _stages({
        "open": Go(stage="offered"), **{o: Go(stage="offered") for o in _OFFERED},  # a new answer replaces
        "escalated": _STAFF,
        "returning": Refuse("{o}: a return was agreed, so the seller has answered.", _SHIP_BACK,
                            (DISPUTE_RETURNED,)),
        "returned": _BACK}),
    "dispute accept": _stages({
        "open": Refuse("{o}: the seller has not answered the dispute yet.", "Record the seller's answer first: {do}",
                       (DISPUTE_OFFER,)),
        "offered:refund": Go(S.COMPLETED, "resolved"),
        "offered:return": Go(None, "returning"),
        "offered:rejected": Go(S.COMPLETED, "rejected"),
        "escalated": _STAFF,
        "returning": Refuse("{o}: the return offer was already accepted.", _SHIP_BACK, (DISPUTE_RETURNED,)),
        "returned": _BACK}),
    "dispute returned": _stages({
        "open": Refuse("{o}: no return was agreed in the dispute.", "Record the seller's answer first: {do}",
                       (DISPUTE_OFFER,)),
        "offered:return": Refuse("{o}: the seller offered a return, but you have not accepted it yet.",
                                 "Accept it first: {do}", (DISPUTE_ACCEPT,)),
        "offered:refund": Refuse("{o}: no return was agreed in the dispute.", "Accept or escalate: {do}",
                                 (DISPUTE_ACCEPT, DISPUTE_ESCALATE)),
        "offered:rejected": Refuse("{o}: no return was agreed in the dispute.", "Accept or escalate: {do}",
                                   (DISPUTE_ACCEPT, DISPUTE_ESCALATE)),
        "escalated": _STAFF,
        "returning": Go(),
        "returned": Refuse("{o}: the return was already shipped.", "{do} tells when.", (SHOW,))}),
    "dispute escalate": _stages({
        "escalated": Refuse("{o}: the dispute is already escalated.", "Record the outcome: {do}",
                            (DISPUTE_RESOLVE,))}, Go(stage="escalated")),
    "dispute resolve": _stages({}, Go(S.COMPLETED)),  # resolved, or rejected: the outcome says
    "dispute withdraw": _stages({}, Go(S.COMPLETED, "withdrawn")),
    Rule.DISPUTE_REPLY_TIMEOUT: _stages({"open": Go(S.COMPLETED, "resolved")}, _NOT_APPLY),
    Rule.DISPUTE_ESCALATION: _stages({o: Go(stage="escalated") for o in _OFFERED}, _NOT_APPLY),
    Rule.RETURN_TIMEOUT: _stages({"returning": Go(S.COMPLETED, "rejected")}, _NOT_APPLY),
}


def _cell(verb: str, order: Order) -> Cell:
    """The table's cell for `verb` on `order`: its status's, then its dispute state's."""
    cell = TABLE[verb][order.status]
    if isinstance(cell, Go) and verb in STAGES and order.dispute is not None and order.dispute.active:
        stage_cell = STAGES[verb][order.dispute.state]
        if isinstance(stage_cell, Go):
            return Go(stage_cell.to if stage_cell.to is not None else cell.to, stage_cell.stage)
        return stage_cell
    return cell


def runs(verb: str, order: Order) -> bool:
    """Whether `verb` may start from where `order` stands (status, and dispute state)."""
    return isinstance(_cell(verb, order), Go)


def allowed(verb: str, status: Status) -> bool:
    """Whether the table lets `verb` start from `status` (a handler may still refuse)."""
    return isinstance(TABLE[verb][status], Go)


@lru_cache(maxsize=None)
def statuses_of(verb: str) -> frozenset[Status]:
    """The statuses `verb` may start from: for a rule, those in which its deadline runs.

    Cached: the table is fixed, and policy asks this for every deadline of every order."""
    return frozenset(s for s in Status if allowed(verb, s))


# --- refusals that look beyond the status -------------------------------------


def _one_dispute(order: Order) -> NotAllowed:
    assert order.dispute is not None
    return NotAllowed(f"{order.label} already had a dispute ({order.dispute.stage}): "
                      "the platform allows one dispute per order.",
                      hint="{do} tells how it ended.", way_out=[SHOW.about(order.id)])


def _protection_ended(order: Order, ends: datetime) -> NotAllowed:
    return NotAllowed(f"{order.label}: purchase protection ended on {{when}}, so a dispute "
                      "can no longer be opened.", when=ends,
                      hint="Talk to the seller instead: {do}", way_out=[CONTACT_CHAT.about(order.id)])


def _already_received(order: Order) -> NotAllowed:
    return NotAllowed(f"{order.label} was already marked as received.",
                      hint="{do} tells when.", way_out=[SHOW.about(order.id)])


def _dispute_closed(order: Order, rules: Rules) -> NotAllowed | None:
    """Why a shipped order can have no (more) dispute, whatever its status now."""
    if order.dispute is not None and not order.dispute.active:
        return _one_dispute(order)
    ends = rules.protection_ends(order)
    if order.status is Status.COMPLETED and order.dispute is None and ends is not None:
        return _protection_ended(order, ends)
    return None
