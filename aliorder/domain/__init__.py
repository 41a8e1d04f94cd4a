"""The order model: statuses, reasons, events, commands and the lifecycle.

Pure: no I/O and no clock. Every instant arrives as an argument, and the
rules that depend on time (when Cancel appears, when protection ends, how long
a refund takes) arrive as a `rules` object from `policy`.

`from aliorder.domain import X` works for every public name; each is loaded
from its module on first use, so TAB completing a reason slug imports only
`slugs` (the light module of names), not the whole lifecycle.

- `slugs`: Status, Rule, reasons, contact channels, payment methods
- `model`: Order, Event, Refund, Dispute, CancelRequest, the `Rules` protocol
- `commands`: what the buyer or a rule says happened (Pay, Cancel, ...)
- `actions`: `Action`, what a buyer may do next, as data
- `table`: the one table of (status, verb): where each verb leads, or its refusal
- `lifecycle`: what each command does (`apply`), `next_actions`, `command_for`
- `deadlines`: the registry of deadline kinds (label, who acts, rule fired, ...)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy_exports

_MODULES = {
    "slugs": ("Status", "FINAL", "SHIPPED", "Rule", "Reason", "CANCEL_REASONS", "DISPUTE_REASONS",
              "CONTACT_CHANNELS", "PAYMENT_METHODS", "method_key"),
    "model": ("Event", "Refund", "Dispute", "CancelRequest", "Order", "Rules"),
    "commands": ("cancel_reason", "dispute_reason", "contact_command", "status_named", "outcome_given", "Pay", "Cancel", "cancel_command", "Extend",
                 "SellerAnswer", "Ship", "Receive", "Contact", "OpenDispute", "open_dispute_command",
                 "EscalateDispute", "ResolveDispute", "WithdrawDispute", "ReceiveRefund", "ApplyRule", "EDITABLE", "Edit", "Note",
                 "SetDeadline", "deadline_command", "DisputeOffer", "offer_command", "AcceptOffer",
                 "ReturnShipped", "ExtendProtection"),
    "table": ("TABLE", "Go", "Refuse", "allowed", "statuses_of", "runs"),
    "lifecycle": ("apply", "next_actions", "command_for", "accepts"),
    "actions": ("Action", "choices"),
    "deadlines": ("DeadlineKind", "KINDS"),
}
__all__, __getattr__, __dir__ = lazy_exports(globals(), _MODULES)


if TYPE_CHECKING:
    from .commands import (EDITABLE, ApplyRule, Cancel, Contact, Edit, EscalateDispute, Extend, Note,
                           OpenDispute, Pay, Receive, ReceiveRefund, ResolveDispute, SellerAnswer,
                           SetDeadline, Ship, WithdrawDispute, deadline_command, DisputeOffer,
                           offer_command, AcceptOffer, ReturnShipped, ExtendProtection,
                           cancel_command, cancel_reason, contact_command, dispute_reason,
                           open_dispute_command, outcome_given, status_named)
    from .actions import Action, choices
    from .deadlines import KINDS, DeadlineKind
    from .lifecycle import accepts, apply, command_for, next_actions
    from .model import CancelRequest, Dispute, Event, Order, Refund, Rules
    from .table import TABLE, Go, Refuse, allowed, runs, statuses_of
    from .slugs import (CANCEL_REASONS, CONTACT_CHANNELS, DISPUTE_REASONS, FINAL, PAYMENT_METHODS,
                        SHIPPED, Reason, Rule, Status, method_key)
