"""The platform's dialogs on a terminal: which question comes after which.

aliorder/cli calls these only when a person can answer (a terminal, no --no-input) and
something the command needs was not given. What may be done, and so what to ask,
is the services' (allowed actions, the extend-or-cancel pop-up, the preview of
what a command would record); how a question is asked is prompts.py's; the words
of summaries are render's. Each dialog returns the command to record, or
raises `Declined` (the buyer said no at a confirmation: nothing recorded, exit 0)
or `Interrupted` (Ctrl-C or Esc: nothing recorded, exit 130).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from . import domain, money, prompts, render, services
from .domain import CANCEL_REASONS, DISPUTE_REASONS, Order
from .errors import Declined, Interrupted


def dialog(ask: Any) -> Any:
    """Ctrl-C between two questions (while aliorder looks something up) is Ctrl-C at a question."""
    import functools

    @functools.wraps(ask)
    def asking(*args: Any, **kw: Any) -> Any:
        try:
            return ask(*args, **kw)
        except KeyboardInterrupt:
            raise Interrupted() from None
    return asking
from .prompts import Choice
from .services import App
from .text import clean


# --- which order ------------------------------------------------------------------

VERB_WORDS = {
    "pay": "be paid", "cancel": "be cancelled", "extend": "get more processing days",
    "seller approve": "have a cancellation request to answer",
    "seller reject": "have a cancellation request to answer", "ship": "be marked shipped",
    "receive": "be marked received", "contact": "need a word with the seller",
    "dispute open": "have a dispute opened", "dispute escalate": "have a dispute to escalate",
    "dispute resolve": "have a dispute to resolve", "dispute withdraw": "have a dispute to withdraw",
    "refund received": "have a refund on its way",
}


@dialog
def choose_order(app: App, verb: str, at: datetime | None, now: datetime) -> str:
    """The ID of one of the orders `verb` is allowed for now, newest first; none: NotAllowed."""
    from .errors import NotAllowed

    orders = services.candidates(app, verb, at)
    if not orders:
        has = services.has_orders(app)
        raise NotAllowed(f"No order can {VERB_WORDS.get(verb, 'take this')} now.",
                         hint="aliorder list shows your orders and their states." if has
                         else "There are no orders yet: record one with aliorder place")
    choices = [Choice(render.order_choice(o, now), str(o.id)) for o in orders]
    return prompts.select("Which order?", choices)


# --- cancel -------------------------------------------------------------------------


@dialog
def cancel(app: App, ref: str, reason: str | None, note: str | None, report_seller: bool | None,
           at: datetime | None, when: datetime, now: datetime) -> Any:
    """The command for `aliorder cancel`: a Cancel, or an Extend chosen at the pop-up."""
    guided = reason is None
    probe = domain.Cancel(reason or "wrong-item", note, bool(report_seller))
    order = _look(app, ref, probe, at, stand_in=guided)
    if guided:
        if services.offers_extension(order, when, app.rules):
            pick = prompts.select(
                f"Order {order.id} is paid, not shipped yet:", [Choice("Extend the processing time", "extend"),
                               Choice("Request cancellation", "cancel")])
            if pick == "extend":
                return domain.Extend(days(order))
        reason = prompts.select("Why cancel?", reason_choices())
    chosen = CANCEL_REASONS[reason] if reason in CANCEL_REASONS else None
    if chosen is not None and chosen.needs_note and not (note and note.strip()):
        note = ask_note("In a few words, why?", required=True)
    if chosen is not None and report_seller is None and chosen.fault == "seller":
        report_seller = prompts.confirm("It is the seller's fault: file a complaint against the seller too?",
                                        default=False)
    command = domain.cancel_command(reason, note, report_seller)
    if guided:
        before, outcome = services.preview(app, ref, command, at)
        _summary(render.cancel_summary(before, outcome, app.rules, now))
        if not prompts.confirm("Record this?", default=True):
            raise Declined()
    return command


def reason_choices() -> list[Choice]:
    """The platform's drop-down in its order, each run of reasons under whose fault they are."""
    from .prompts import Heading

    choices: list[Choice] = []
    last = None
    for r in CANCEL_REASONS.values():
        if r.fault != last:
            choices.append(Heading("  Your own reason (no complaint):" if r.fault == "buyer"
                                   else "  The seller's fault (you may file a complaint):"))
            last = r.fault
        choices.append(Choice(r.label, r.slug))
    return choices


def _look(app: App, ref: str, probe: Any, at: datetime | None, stand_in: bool = False) -> Order:
    """The order as it stands, if the probe's command would be taken: else its refusal, before any
    question. A refusal's way out names the command as typed, not the probe's stand-in reason."""
    from .errors import NotAllowed

    try:
        return services.rehearse(app, ref, probe, at)
    except NotAllowed as refused:
        if stand_in:
            refused.way_out = tuple(
                a._replace(options={k: v for k, v in a.options.items() if k not in ("reason", "note")})
                if a.verb == "cancel" else a for a in refused.way_out)
        raise


def _whole(text: str) -> bool:
    """A whole number in the digits 0-9, as the options take it: "²" (AltGr+2 on a German
    keyboard) is a digit to str.isdigit() but no number to int(), which failed inside the
    question's validator; "٣" is refused as `--days ٣` is."""
    return text.isascii() and text.isdigit()


@dialog
def days(order: Order | None = None) -> int:
    """How many more days the seller gets to ship."""
    def check(text: str) -> str | None:
        text = text.strip()
        if not _whole(text) or not 1 <= int(text) <= 365:
            return "Type a whole number of days from 1 to 365."
        return None

    return int(prompts.text("How many more days for the seller to ship?", validate=check).strip())


def ask_note(message: str, required: bool = False) -> str | None:
    def check(text: str) -> str | None:
        if required and not text.strip():
            return "A few words are needed here."
        if len(" ".join(text.split())) > 500:
            return "Keep it under 500 characters."
        return None

    answer = " ".join(clean(prompts.text(message, validate=check,
                                         instruction="" if required else "(Enter skips)")).split())
    return answer or None


def _summary(lines: list[str]) -> None:
    prompts.say()
    for line in lines:
        prompts.say(line)
    prompts.say()


# --- dispute open --------------------------------------------------------------------

# What to gather before opening a dispute, for each reason: the platform decides on proof.
EVIDENCE = {
    "not-received": ["the tracking page, showing where the parcel stopped (a screenshot)",
                     "the chat with the seller about it"],
    "not-as-described": ["photos of the item beside the product page's pictures",
                         "an unboxing video, if you made one", "the chat with the seller"],
    "wrong-color": ["photos showing the colour you got, beside the one you ordered",
                    "an unboxing video, if you made one", "the chat with the seller"],
    "wrong-size": ["photos with a ruler or tape showing the size you got",
                   "an unboxing video, if you made one", "the chat with the seller"],
    "not-working": ["a video showing that it does not work", "photos of the item and its labels",
                    "the chat with the seller"],
    "damaged": ["photos of the damage and of the package it came in",
                "an unboxing video, if you made one", "the chat with the seller"],
    "missing-parts": ["photos of everything that came, and of the package's label",
                      "an unboxing video, if you made one", "the chat with the seller"],
    "counterfeit": ["photos of the logos, labels and serial numbers", "the product page as it was",
                    "the chat with the seller"],
    "other": ["photos or a video of the problem", "the chat with the seller"],
}


@dialog
def dispute_open(app: App, ref: str, reason: str | None, note: str | None, at: datetime | None) -> tuple[Any, bool]:
    """(the OpenDispute to record, whether the dispute was guided: then the draft is offered)."""
    guided = reason is None
    order = _look(app, ref, domain.OpenDispute(reason or "not-received", note), at)
    if not order.seller_contacted:
        prompts.say(f"Sellers often settle when asked: aliorder contact {order.id} --via chat --draft "
                    "writes the message.")
    if not order.seller_contacted and not prompts.confirm(
            "No conversation with the seller is logged. Open a dispute anyway?", default=True):
        raise Declined(f"Nothing recorded. Talk first: aliorder contact {order.id} --via chat --draft")
    if guided:
        reason = prompts.select("What is wrong?", [
            Choice(r.label, r.slug) for r in DISPUTE_REASONS.values()])
    chosen = DISPUTE_REASONS.get(reason) if reason else None
    if chosen is not None and note is None and (guided or chosen.needs_note):
        note = ask_note("Describe the problem in a few words:", required=chosen.needs_note)
    command = domain.open_dispute_command(reason, note)
    if guided:
        lines = ["Before you open it, gather what shows the problem:"]
        lines += [f"  - {what}" for what in EVIDENCE.get(reason, EVIDENCE["other"])]
        lines.append("The seller then has to answer; aliorder show "
                     f"{order.id} keeps the dates.")
        _summary(lines)
        if not prompts.confirm(f"Open the dispute on order {order.id} now?", default=True):
            raise Declined()
    return command, guided


def offer_draft() -> bool:
    """Asked after the dispute was recorded: Ctrl-C or Esc here is "no" (the write stands, exit 0)."""
    try:
        return prompts.confirm("Show a message to paste into the dispute for the seller?", default=True)
    except (Interrupted, KeyboardInterrupt):
        prompts.say()
        return False


# --- place ------------------------------------------------------------------------------


@dialog
def place(app: App, item: str | None, price: str | None, currency: str | None, seller: str | None,
          order_no: str | None, processing_days: int | None, text_value: Any) -> dict[str, Any]:
    """The values `place` lacks, asked; the full dialog (with the optional ones and a confirmation)
    when not even the item was given."""
    full = item is None

    def required_text(name: str) -> Any:
        def check(text: str) -> str | None:
            try:
                text_value(text, name)
            except Exception as bad:  # BadInput: its message is the reason
                return getattr(bad, "message", str(bad))
            return None
        return check

    if item is None:
        item = prompts.text("What did you order?", validate=required_text("ITEM"))
    item = text_value(item, "ITEM")
    given = None if currency is None else money.currency_code(currency)

    def problem(text: str, code: str | None) -> str | None:
        try:
            money.priced(text, code, "the price", "the currency")
        except Exception as bad:  # BadInput: its message is the reason
            return getattr(bad, "message", str(bad))
        return None

    if price is None:
        price = prompts.text("The order's total, what you pay (like 12.99):",
                             validate=lambda text: problem(text, given))
    names_one = not re.fullmatch(r"[\d\s.,]+", price.strip())  # "€4.50", "5 EUR"
    if given is None and full and not names_one:
        default = services.last_currency(app) or "USD"

        def check_currency(text: str) -> str | None:
            try:
                code = money.currency_code(text)
            except Exception as bad:
                return getattr(bad, "message", str(bad))
            return problem(price, code)
        given = money.currency_code(prompts.text("Currency (ISO 4217 code):", default=default,
                                                 validate=check_currency))
    amount, code = money.priced(price, given)
    values: dict[str, Any] = {"item": item, "price": amount, "currency": code}
    if full:
        if seller is None:
            seller = prompts.text("The store's name:", instruction="(Enter skips)").strip() or None
        if order_no is None:
            order_no = prompts.text("The AliExpress order number:", instruction="(Enter skips)").strip() or None
        if processing_days is None:
            def check_days(text: str) -> str | None:
                text = text.strip()
                if text and (not _whole(text) or not 1 <= int(text) <= 365):
                    return "Type a whole number of days from 1 to 365, or nothing."
                return None
            answer = prompts.text("The processing time in days, as the order page shows it:",
                                  validate=check_days, instruction="(Enter skips)").strip()
            processing_days = int(answer) if answer else None
    values.update(seller=None if seller is None else text_value(seller, "--seller"),
                  order_no=None if order_no is None else text_value(order_no, "--order-no"),
                  processing_days=processing_days)
    if full:
        _summary(render.place_summary(values))
        if not prompts.confirm("Record this order?", default=True):
            raise Declined()
    return values


# --- contact, pay -------------------------------------------------------------------------


@dialog
def channel() -> str:
    from .domain import CONTACT_CHANNELS

    return prompts.select("How did you talk to the seller?", [Choice(c, c) for c in CONTACT_CHANNELS])


@dialog
def method() -> str | None:
    from .domain import PAYMENT_METHODS

    choices = [Choice("skip: not said", None, numbered=False)]
    choices += [Choice(m, m) for m in PAYMENT_METHODS]
    return prompts.select("How did you pay? (it sets the refund time)", choices, default=0)
