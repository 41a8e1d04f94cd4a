"""Bare `aliorder`: today's view of what is overdue and what falls due soon."""

from __future__ import annotations

from typing import Any

from . import output
from .order import _print_actions, action_lines
from .output import DEADLINE_SHORT, _count, _text, countdown, local, shorten


# Which commands deal with each deadline, best first; only those allowed now are shown.
DEALS_WITH = {
    "pay_by": ("pay", "cancel"), "seller_reply_by": ("seller approve", "seller reject"),
    "ship_by": ("ship", "extend", "cancel"), "protection_ends": ("dispute open", "receive", "contact"),
    "refund_from": ("refund received",), "refund_by": ("refund received", "contact"),
    "refund_overdue": ("refund received", "contact"), "cancel_opens": ("cancel",),
    "dispute_reply_by": ("dispute offer", "dispute escalate"),
    "dispute_escalates": ("dispute accept", "dispute escalate"), "return_by": ("dispute returned",),
}


def today(view: Any, allowed: Any) -> None:
    """Bare `aliorder`: what is overdue, what falls due within the warning horizon, and for
    each the commands that deal with it. `allowed(order)`: the actions taken for it now."""
    out = output.console()
    now = view.now
    days = view.horizon.total_seconds() / 86400
    horizon = f"{days:g} day{'' if days == 1 else 's'}"
    out.print(_text(f"Today, {local(now)}: {_count(view.orders, 'order')} in aliorder.", "bold"))
    if not view.overdue and not view.coming:
        out.print(_text(f"Nothing is overdue, and nothing falls due within {horizon}."))
    for title, rows, style in (("Overdue", view.overdue, "red bold"),
                               (f"Within {horizon}", view.coming, "yellow bold")):
        if not rows:
            continue
        out.print(_text(title, style))
        for row, order in rows:
            passed = row.due <= now
            out.print(_text(f"  Order {order.id} ({shorten(order.item, 30)}): {DEADLINE_SHORT[row.kind]}, "
                            f"{countdown(row.due, now)}"))
            if order.status is not row.order.status:
                from ..domain import Action

                actions = [Action("tick")]
            elif row.kind == "cancel_opens" and not passed:
                command = f"aliorder cancel {order.id}"
                out.print(_text(f"    from {local(row.due)}: {command}"))
                continue
            else:
                offered: dict[str, Any] = {}
                for a in allowed(order):
                    offered.setdefault(a.verb, a)  # the first of a verb's forms (an offer of a refund)
                actions = [offered[v] for v in DEALS_WITH.get(row.kind, ()) if v in offered]
                if not actions:  # a deadline no command is listed for (a dispute's): all allowed now
                    actions = [a for a in allowed(order) if a.verb != "contact"] or list(allowed(order))
            _print_actions(action_lines(order, actions), "    ")
    out.print(_text("aliorder deadlines lists them all; aliorder --help the commands.", "dim"))
