"""tick's report: the news of a run, for cron's mail or a terminal."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .. import commandline
from ..domain.deadlines import KINDS
from ..text import clean
from . import output
from .documents import _refund_expected
from .order import filled
from .output import DEADLINE_LABEL, _count, _text, clean_lines, countdown, local, money, span

if TYPE_CHECKING:
    from ..domain import Order
    from ..ticking import TickReport


# Why the platform's clock moved an order, in the buyer's words.
RULE_WHY = {str(kind.rule): kind.fired for kind in KINDS.values() if kind.rule is not None}


def _or(advice: list[Any], order: Order | None = None) -> str:
    """The ways out, each a command line of its own (commandline.lines)."""
    if order is not None:
        advice = [filled(order, a) for a in advice]
    text = commandline.lines(advice, indent="    ")
    return text if text.startswith("\n") else " " + text  # one inline after "...:", several below


def tick_report(report: TickReport) -> None:
    """One plain paragraph for cron's mail, of news only; nothing at all on a quiet day."""
    lines = []
    for c in report.changes:
        line = (f"Order {c.id} ({clean(c.item)}): {c.from_status} -> {c.to_status} on {local(c.at)}: "
                f"{RULE_WHY.get(str(c.rule), 'a rule fell due')} (rule {c.rule}).")
        if (expected := _refund_expected(report, c)):
            refund = report.orders[c.id].refund
            assert refund is not None
            line += (f" The refund of {money(refund.amount, refund.currency)} is expected "
                     f"{_day(refund.eta_from)} to {_day(refund.eta_to)}; once it arrives: "
                     f"aliorder refund received {c.id}")
        lines.append(line)
    for r in report.reminders:
        late = span((report.now - r.since).total_seconds())
        said = "is overdue" if r.first else f"is still overdue, {late} late"
        refund = r.order.refund
        amount = f" of {money(refund.amount, refund.currency)}" if refund is not None else ""
        lines.append(f"Order {r.order.id} ({clean(r.order.item)}): the refund{amount} {said} (due "
                     f"{local(r.since)}). Ask the seller:{_or(r.advice, r.order)}")
    for w in report.warnings:
        lines.append(f"Order {w.order.id} ({clean(w.order.item)}): {DEADLINE_LABEL[w.kind]} "
                     f"{local(w.due)} ({countdown(w.due, report.now)}). {TICK_ADVICE[w.kind]}:"
                     f"{_or(w.advice, w.order)}")
    if not lines:
        return
    news = [_count(len({c.id for c in report.changes}), "order") + " changed" if report.changes else "",
            _count(len(report.reminders), "refund") + " overdue" if report.reminders else "",
            _count(len(report.warnings), "deadline") + " coming" if report.warnings else ""]
    head = f"aliorder tick, {local(report.now)}: {', '.join(n for n in news if n)}."
    if not output.is_terminal():  # cron's mail: whole lines
        sys.stdout.write("\n".join(clean_lines([head, *lines])) + "\n")
        return
    out = output.console()  # a terminal: Rich wraps the words at its width; a command stays whole
    for line in clean_lines([head, *lines]):
        out.print(_text(line), soft_wrap=line.startswith("    aliorder "))


# What tick's warning asks of the buyer, before the commands that do it.
TICK_ADVICE = {
    "pay_by": "Pay it, or the platform cancels it",
    "ship_by": "If it cannot wait, give the seller more time or ask to cancel",
    "protection_ends": "If anything is wrong, open a dispute before then, or ask the seller to extend "
                       "the protection",
    "dispute_escalates": "Accept the seller's offer, or else the platform escalates the dispute",
    "return_by": "Ship the item back before then, or the dispute closes without a refund",
}


def _day(at: datetime) -> str:
    return f"{at.astimezone():%Y-%m-%d}"
