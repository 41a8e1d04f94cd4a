"""The registry of deadline kinds: everything every view says about a kind of deadline.

`show`, `deadlines`, tick's warnings, the calendar and `policy` read `KINDS`;
a kind that lacks a field fails tests/test_lifecycle.py, not a view at run time.
The instant of each kind for an order is policy's (`Rules.deadline(kind, order)`).
"""

from __future__ import annotations


from .slugs import Rule
from ..tuples import Record


class DeadlineKind(Record):
    name: str            # the JSON key ("pay_by")
    label: str           # what `show` and tick say ("Pay by (else the platform cancels)")
    short: str           # the deadlines table's terse words, to fit 80 columns
    who: str             # who must act before it: "you" or "seller"
    summary: str         # the calendar event's title, before ": order N (item)"
    opening: bool        # True: only an opening (something becomes possible), not a must-do
    rule: Rule | None    # the platform rule that fires when it passes (None: nothing fires)
    group: str           # where the order's JSON has it: "order" (`deadlines`), "dispute" (also in
                         # `deadlines`, once the order has a dispute) or "refund" (`refund`)
    runs_while: str | None = None  # the lifecycle verb whose allowed statuses it runs in
                                   # (default: its rule's); None with no rule: any status
    warn: bool = False   # tick warns the buyer before it falls
    who_late: str | None = None    # who must act once it has passed, when not `who`
    fired: str = ""      # what its rule did, in the buyer's words (tick's news)
    page: bool = False   # may be read off the order page (`aliorder deadline ID KIND WHEN`)

    @property
    def must_do(self) -> bool:
        return not self.opening

    @property
    def page_name(self) -> str:
        """The spelling `aliorder deadline` takes: pay-by."""
        return self.name.replace("_", "-")

    @property
    def while_verb(self) -> str | None:
        return self.runs_while if self.runs_while is not None else (None if self.rule is None else str(self.rule))


KINDS: dict[str, DeadlineKind] = {k.name: k for k in (
    DeadlineKind("cancel_opens", "Cancel button appears", "Cancel button appears", "you",
                 "Cancel button appears", opening=True, rule=None, group="order", runs_while="cancel"),
    DeadlineKind("pay_by", "Pay by (else the platform cancels)", "Pay, or it is cancelled", "you",
                 "Pay or the platform cancels", opening=False, rule=Rule.UNPAID_TIMEOUT, group="order",
                 warn=True, page=True,
                 fired="it was not paid in time, so the platform cancelled it"),
    DeadlineKind("seller_reply_by", "Seller must answer by (silence grants it)", "Seller must answer",
                 "seller", "Seller must answer the cancellation", opening=False, rule=Rule.SELLER_TIMEOUT,
                 group="order", page=True,
                 fired="the seller did not answer the cancellation request, so it is granted and "
                       "the refund starts"),
    DeadlineKind("ship_by", "Seller must ship by (else cancelled, full refund)", "Seller must ship", "seller",
                 "Seller must ship", opening=False, rule=Rule.SHIP_TIMEOUT, group="order", page=True,
                 fired="the seller did not ship in time, so the platform cancelled it and a full refund starts"),
    DeadlineKind("protection_ends", "Purchase protection ends (last day to dispute)", "Last day to dispute",
                 "you", "Last day to open a dispute", opening=False, rule=Rule.PROTECTION_END,
                 group="order", warn=True, page=True,
                 fired="purchase protection ended, so the order is complete"),
    DeadlineKind("dispute_reply_by", "Seller must answer the dispute by (else a full refund of the claim)",
                 "Seller must answer dispute", "seller", "Seller must answer the dispute", opening=False,
                 rule=Rule.DISPUTE_REPLY_TIMEOUT, group="dispute", page=True,
                 fired="the seller did not answer the dispute in time, so the platform refunds the amount "
                       "claimed"),
    DeadlineKind("dispute_escalates", "Accept the seller's offer or escalate by (else the platform escalates)",
                 "Accept offer or escalate", "you", "Accept the offer or escalate the dispute", opening=False,
                 rule=Rule.DISPUTE_ESCALATION, group="dispute", warn=True,
                 fired="there was no agreement after the seller's answer, so the platform escalated the dispute"),
    DeadlineKind("return_by", "Ship the return by (else the dispute closes without refund)", "Ship the return",
                 "you", "Ship the return to the seller", opening=False, rule=Rule.RETURN_TIMEOUT, group="dispute",
                 warn=True, page=True,
                 fired="the return was not shipped in time, so the dispute closed without a refund"),
    DeadlineKind("refund_from", "Refund expected from", "Refund may arrive", "seller",
                 "Refund may arrive from now on", opening=True, rule=None, group="refund"),
    DeadlineKind("refund_by", "Refund expected by", "Refund due at the latest", "seller",
                 "Refund due at the latest", opening=False, rule=Rule.REFUND_OVERDUE, group="refund",
                 runs_while="refund received", who_late="you", fired="the refund is overdue"),
    DeadlineKind("refund_overdue", "Refund overdue since", "Refund overdue", "you", "Refund overdue",
                 opening=False, rule=None, group="refund"),
)}


def kind_of_rule(rule: Rule) -> DeadlineKind:
    """The deadline whose passing fires `rule`."""
    return next(k for k in KINDS.values() if k.rule == rule)


def page_kind(text: str) -> DeadlineKind | None:
    """The kind a buyer names for `aliorder deadline` (pay-by or pay_by), if it may be set."""
    kind = KINDS.get(text.strip().lower().replace("-", "_"))
    return kind if kind is not None and kind.page else None
