"""Everything the buyer sees: Rich tables and panels, plain lines, and the JSON shapes.

User text (items, sellers, notes) is shown as `Text`, never as markup, with
control and bidi-override characters removed. Rich is imported only when a
command prints something human.
"""

from __future__ import annotations

import re

import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterable

from . import commandline, records
from .domain import CANCEL_REASONS, DISPUTE_REASONS, Order
from .domain.deadlines import KINDS
from .errors import AliorderError
from .text import clean

if TYPE_CHECKING:
    from rich.console import Console

    from .services import Change, DeadlineRow, Outcome, SellerScore
    from .ticking import DeadlineNews, TickReport

STATUS_STYLE = {
    "awaiting_payment": "yellow", "awaiting_shipment": "cyan", "cancellation_requested": "magenta",
    "awaiting_delivery": "blue", "delivered": "green", "in_dispute": "red bold",
    "completed": "dim green", "cancelled": "dim",
}
# Each deadline kind's words come from its one row in domain/deadlines.py.
DEADLINE_LABEL = {name: kind.label for name, kind in KINDS.items()}

def money(amount: Any, currency: str) -> str:
    """An amount as the buyer reads it (money.shown, loaded by what shows one: not list or
    deadlines in a pipe)."""
    from .money import shown

    return shown(amount, currency)


# --- consoles ---------------------------------------------------------------

_consoles: dict[str, Any] = {}


def console(stream: str = "stdout") -> Console:
    """Where render prints lines: off a terminal plain (aliorder.plain), else Rich's console.
    Build what it prints with `_text`, which matches it."""
    if stream == "stdout" and not is_terminal():
        if "plain" not in _consoles:
            from .plain import Console as PlainConsole

            _consoles["plain"] = PlainConsole(_broken_pipe)
        return _consoles["plain"]  # type: ignore[no-any-return]
    return rich_console(stream)


def rich_console(stream: str = "stdout") -> Console:
    """Rich's console, on a terminal or not: for what only Rich draws (tables, a progress bar)."""
    if stream not in _consoles:
        from rich.console import Console

        # In a pipe or a mail from cron lines are never cut at 80 columns ("in 7 \nd"): soft
        # wrap. On a terminal Rich wraps them at word boundaries to its width, where the
        # terminal itself would cut words ("step i" / "n"). Tables fit the width either way.
        stderr = stream == "stderr"
        made = Console(stderr=stderr, highlight=False,
                       soft_wrap=not (sys.stderr if stderr else sys.stdout).isatty())
        made.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
        _consoles[stream] = made
    return _consoles[stream]


def _broken_pipe() -> None:
    """The reader went away (`show | head -1`): as for plain writes, a BrokenPipeError, which
    the CLI ends with exit 0 (Rich's own handler exits 1)."""
    stdout_to_devnull()
    raise BrokenPipeError


def stdout_to_devnull() -> None:
    """Output can no longer go where stdout went (a reader gone, a full disk): send it to
    /dev/null, so that what is still buffered, and the interpreter's last flush, have
    nowhere to fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stream with no file (a test runner's)
        pass


def reset() -> None:
    """Forget the consoles (the test runner swaps the streams between commands)."""
    _consoles.clear()


def is_terminal() -> bool:
    return sys.stdout.isatty()


# --- times ------------------------------------------------------------------


def local(at: datetime | None) -> str:
    if at is None:
        return "-"
    mine = at.astimezone()
    # What strftime("%Y-%m-%d %H:%M %Z") gives, in half its time (`list` formats every order).
    return f"{mine.isoformat(' ', 'minutes')[:16]} {mine.tzname() or ''}".rstrip()


def span(seconds: float) -> str:
    seconds = int(abs(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{max(minutes, 1)} min"


def countdown(at: datetime, now: datetime, past: str = "ago") -> str:
    seconds = (at - now).total_seconds()
    if abs(seconds) < 60:
        return "now"
    return f"in {span(seconds)}" if seconds > 0 else f"{span(seconds)} {past}"


def when_text(at: datetime | None, now: datetime) -> str:
    if at is None:
        return "-"
    return f"{local(at)} ({countdown(at, now)})"


# --- JSON -------------------------------------------------------------------


def json_out(document: Any) -> None:
    import orjson

    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def json_list_out(documents: Iterable[Any]) -> None:
    """`json_out` of a list, byte for byte, written one element at a time."""
    import orjson

    out = sys.stdout.buffer
    first = True
    for document in documents:
        # orjson's indented array: each element on its own lines, two spaces deeper.
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
        out.write((b"[\n  " if first else b",\n  ") + text)
        first = False
    out.write(b"[]\n" if first else b"\n]\n")
    out.flush()


def order_document(outcome: Outcome) -> dict[str, Any]:
    return records.order_json(outcome.order, outcome.deadlines)


def change_document(change: Change) -> dict[str, Any]:
    return {"id": change.id, "item": change.item, "from": str(change.from_status),
            "to": str(change.to_status), "rule": None if change.rule is None else str(change.rule),
            "at": records.iso(change.at)}


def deadline_document(row: DeadlineRow | DeadlineNews) -> dict[str, Any]:
    return {"id": row.order.id, "item": row.order.item, "kind": row.kind,
            "due": records.iso(row.due), "status": str(row.order.status)}


def tick_document(report: TickReport) -> dict[str, Any]:
    """The same news as the plain report: `events` the refunds that fell overdue in this run,
    `reminders` every overdue refund told (then and weekly), `upcoming` the deadlines told,
    `refunds_expected` when the refunds that a change started (a granted cancellation) come."""
    return {
        "now": records.iso(report.now),
        "changes": [change_document(c) for c in report.changes],
        "refunds_expected": [{"id": c.id, **expected} for c in report.changes
                             if (expected := _refund_expected(report, c))],
        "events": [{"id": r.order.id, "item": r.order.item, "at": records.iso(r.since),
                    "kind": "refund_overdue", "by": "refund_overdue"} for r in report.reminders if r.first],
        "reminders": [{"id": r.order.id, "item": r.order.item, "overdue_since": records.iso(r.since),
                       "first": r.first, "advice": [commandline.line(a) for a in r.advice]}
                      for r in report.reminders],
        "upcoming": [{**deadline_document(w), "last": w.last, "advice": [commandline.line(a) for a in w.advice]}
                     for w in report.warnings],
    }


def _refund_expected(report: TickReport, change: Change) -> dict[str, Any]:
    """A change that started a refund (a granted cancellation) says when it is expected."""
    order = report.orders.get(change.id)
    refund = order.refund if order is not None else None
    if refund is None or refund.started_at != change.at:
        return {}
    return {"amount": str(refund.amount), "currency": refund.currency,
            "eta_from": records.iso(refund.eta_from), "eta_to": records.iso(refund.eta_to)}


def seller_document(score: SellerScore) -> dict[str, Any]:
    return score._asdict()


def reasons_document() -> dict[str, Any]:
    return {
        "cancel": [{"slug": r.slug, "label": r.label, "fault": r.fault, "needs_note": r.needs_note}
                   for r in CANCEL_REASONS.values()],
        "dispute": [{"slug": r.slug, "label": r.label, "needs_note": r.needs_note}
                    for r in DISPUTE_REASONS.values()],
    }


# --- errors -----------------------------------------------------------------


def error(err: AliorderError, now: datetime) -> None:
    message = err.message.replace("{when}", when_text(err.when, now)) if err.when else err.message
    lines = [f"Error: {message}"]
    if err.hint:
        lines.append(err.hint.replace("{when}", local(err.when)) if err.when else err.hint)
    sys.stderr.write("\n".join(clean_lines(lines)) + "\n")


def internal_error(bug: Exception) -> None:
    """A bug reached the top: say so plainly, never with a traceback (unless asked for one)."""
    import os

    if os.environ.get("ALIORDER_DEBUG"):
        import traceback

        traceback.print_exception(bug)
    sys.stderr.write(clean(
        f"Error: aliorder hit an internal error ({type(bug).__name__}: {str(bug)[:300]}). This is a bug in "
        "aliorder, not in what you typed.") + "\n" +
        "Your database is intact: a write is made whole or not at all. Please report the command "
        "you ran; ALIORDER_DEBUG=1 shows the details.\n")


def clean_lines(lines: Iterable[str]) -> list[str]:
    """Each line cleaned; a text of several lines (two ways out, each a command) is split first."""
    return [clean(part) for line in lines for part in line.split("\n")]


def note(message: str) -> None:
    sys.stderr.write(clean(message) + "\n")


# --- one order --------------------------------------------------------------


def _text(value: Any, style: str = "") -> Any:
    return _Text()(clean(value), style=style)


def _Text() -> Any:
    """The Text class of `console()`: plain off a terminal, Rich's on one."""
    if is_terminal():
        from rich.text import Text

        return Text
    from .plain import Text as PlainText

    return PlainText


def _status(status: str) -> Any:
    return _text(status, STATUS_STYLE.get(status, ""))


def recorded(outcome: Outcome, what: str, now: datetime) -> None:
    """After an event command: what happened and what is next."""
    order = outcome.order
    out = console()
    for change in outcome.caught_up:
        out.print(_text(f"First, the platform's rule {change.rule} moved order {change.id} to "
                        f"{change.to_status} on {local(change.at)}."))
    line = _text(f"Order {order.id} ({clean(order.item)}): {what}. Now ")
    line.append(_status(order.status))
    line.append(".")
    out.print(line)
    _next_steps(order, outcome.deadlines, now)


def edited(outcome: Outcome, changes: dict[str, list[Any]], now: datetime) -> None:
    """After edit: each change, old -> new, then the deadlines as they now stand."""
    order = outcome.order
    out = console()
    if not changes:
        out.print(_text(f"Order {order.id} ({clean(order.item)}) already has those values: nothing recorded."))
        return
    out.print(_text(f"Order {order.id} ({clean(order.item)}) corrected: {_changes_text(changes)}."))
    _next_steps(order, outcome.deadlines, now)


def _changes_text(changes: dict[str, list[Any]]) -> str:
    def said(value: Any) -> str:
        return "(none)" if value is None else str(value)
    return ", ".join(f"{name.replace('_', ' ')} {said(old)} -> {said(new)}" for name, (old, new) in changes.items())


def step_words(what: str, at: Any, now: datetime) -> str:
    """An undo step as the buyer reads it: "pay 3 at 14:02" (today), else with the date."""
    if at is None:
        return clean(what)
    if isinstance(at, str):
        at = records.instant(at)
    here, today = at.astimezone(), now.astimezone()
    when = f"{here:%H:%M}" if here.date() == today.date() else local(at)
    return clean(f"{what} at {when}")


def took_back(took: Any, now: datetime) -> None:
    lines = [f"Took back: {step_words(took.what, took.at, now)}."]
    lines += [f"Order {c.id} ({clean(c.item)}): the platform's rule {c.rule} fell due on {local(c.at)}; "
              f"the next aliorder tick applies it again." for c in took.due_again]
    sys.stdout.write("\n".join(clean_lines(lines)) + "\n")


def took_back_document(took: Any) -> dict[str, Any]:
    return {"took_back": took.what, "at": records.iso(took.at),
            "orders": [order_document(o) for o in took.orders], "removed": took.removed,
            "due_again": [change_document(c) for c in took.due_again]}


def forgotten(order: Order) -> None:
    console().print(_text(f"Forgot order {order.id} ({clean(order.item)}, {money(order.price, order.currency)}, "
                          f"{order.status}). aliorder undo brings it back."))


def placed(outcome: Outcome, now: datetime) -> None:
    order = outcome.order
    out = console()
    line = _text(f"Placed order {order.id}: {clean(order.item)} x{order.qty}, {money(order.price, order.currency)}")
    if order.order_no:
        line.append(f" (AliExpress no. {clean(order.order_no)})")
    out.print(line)
    _next_steps(order, outcome.deadlines, now)


def _deadline_lines(deadlines: dict[str, datetime | None], now: datetime,
                    page: Iterable[str] = ()) -> list[str]:
    """One line per deadline; those of `page` (read off the order page) say so."""
    page = set(page)
    return [f"  {DEADLINE_LABEL[kind]}: {when_text(at, now)}" + (" (from the order page)" if kind in page else "")
            for kind, at in deadlines.items() if at is not None]


def _next_steps(order: Order, deadlines: dict[str, datetime | None], now: datetime) -> None:
    out = console()
    for line in _deadline_lines(deadlines, now, order.page_deadlines):
        out.print(_text(line))
    if order.refund is not None:
        _refund_lines(order, now)


def _refund_lines(order: Order, now: datetime) -> None:
    refund = order.refund
    assert refund is not None
    out = console()
    if refund.status == "received":
        out.print(_text(f"  Refund of {money(refund.amount, refund.currency)} received {local(refund.received_at)}."))
        return
    window = f"{refund.eta_from.astimezone():%Y-%m-%d} to {refund.eta_to.astimezone():%Y-%m-%d}"
    if refund.status == "overdue" or now > refund.eta_to:  # late, whether or not tick has run
        # A dispute is no way out for a cancelled order's refund: the seller (or the platform) is.
        dispute = "" if order.status in ("cancelled", "completed") else " or open a dispute"
        status = f"OVERDUE by {span((now - refund.eta_to).total_seconds())}: contact the seller" \
                 f"{dispute} (aliorder contact {order.id} --via chat)"
        style = "red bold"
    elif now < refund.eta_from:
        status, style = f"expected in {span((refund.eta_from - now).total_seconds())} to " \
                        f"{span((refund.eta_to - now).total_seconds())}", "yellow"
    else:
        status, style = f"due any day now, at the latest {countdown(refund.eta_to, now)}", "yellow"
    via = f" via {refund.method}" if refund.method else ""
    out.print(_text(f"  Refund of {money(refund.amount, refund.currency)}{via}: {window}, {status}.", style))


def order_detail(outcome: Outcome, now: datetime) -> None:
    order = outcome.order
    out = console()
    title = _text(f"Order {order.id}: ", "bold")
    title.append(_text(order.item, "bold"))
    out.print(title)
    facts = [("Status", order.status),
             ("Total", f"{money(order.price, order.currency)} for {_count(order.qty, 'piece')}")]
    for label, value in (("AliExpress no.", order.order_no), ("Seller", order.seller),
                         ("Paid with", order.payment_method), ("Tracking", order.tracking)):
        if value:
            facts.append((label, value))
    facts.append(("Placed", when_text(order.placed_at, now)))
    if order.processing_days is not None:
        extra = f" + {order.extension_days} extended" if order.extension_days else ""
        facts.append(("Processing time", f"{order.processing_days} days{extra}"))
    _facts(facts, STATUS_STYLE.get(order.status, ""))
    open_ones = _deadline_lines(outcome.deadlines, now, order.page_deadlines)
    if open_ones:
        out.print(_text("Deadlines", "bold"))
        for line in open_ones:
            out.print(_text(line))
    if order.refund is not None:
        out.print(_text("Refund", "bold"))
        _refund_lines(order, now)
    if order.dispute is not None:
        d = order.dispute
        out.print(_text("Dispute", "bold"))
        out.print(_text(f"  {d.reason}, {d.stage}, opened {local(d.opened_at)}"
                        + (f": {d.note}" if d.note else "")))
        if d.claim is not None and d.claim != order.price:
            out.print(_text(f"  Claimed: {money(d.claim, order.currency)}"))
        if d.offer is not None:
            offer = {"refund": f"a refund of {money(d.offer_amount or 0, order.currency)}",
                     "return": "a full refund once the item is sent back",
                     "rejected": "no refund (the claim rejected)"}[d.offer]
            accepted = f", accepted {local(d.accepted_at)}" if d.accepted_at else ""
            out.print(_text(f"  The seller offered {offer} on {local(d.offered_at)}{accepted}"))
        if d.returned_at is not None:
            tracking = f" (tracking {d.return_tracking})" if d.return_tracking else ""
            out.print(_text(f"  Returned {local(d.returned_at)}{tracking}"))
    out.print(_text("History", "bold"))
    for event in sorted(order.events, key=lambda e: e.at):  # stable: same-instant events keep their order
        out.print(_text(f"  {local(event.at)}  {event_line(event)}"))
    what_you_can_do(order, outcome.actions)


def _facts(facts: list[tuple[str, Any]], status_style: str) -> None:
    """Label and value, one pair a line, the values aligned: on a terminal a Rich grid, whose
    values wrap under each other; off one plain lines, never cut."""
    if not is_terminal():
        width = max(len(label) for label, _ in facts)
        console().print("\n".join(f"{label.ljust(width)}  {clean(value)}" for label, value in facts))
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for n, (label, value) in enumerate(facts):
        grid.add_row(label, _text(value, status_style if n == 0 else ""))
    console().print(grid)


# Flags kept in an event's details, said in words when set.
FLAG_WORDS = {"report_seller": "complaint filed against the seller"}


def event_line(event: Any) -> str:
    """One line of the timeline: what happened, who or which rule caused it, and its details."""
    text = event.kind.replace("_", " ")
    if event.kind == "edited" and isinstance(event.details.get("changes"), dict):
        return clean(f"edited (by the buyer): {_changes_text(event.details['changes'])}")
    if event.kind == "noted":
        return clean(f"note: {event.details.get('note', '')}")
    if event.by in ("buyer", "seller"):
        text += f" (by the {event.by})"
    elif event.by == "import":
        # An imported event at a time the file did not give: the order date, or the last one known.
        text += " (imported, time estimated)" if event.details.get("estimated") else " (imported)"
    elif event.by:
        text += f" (by rule {event.by})"
    details = [FLAG_WORDS.get(k, k.replace("_", " ")) if isinstance(v, bool) else f"{k.replace('_', ' ')}: {_detail(v)}"
               for k, v in event.details.items() if v is not False and k != "estimated"]
    return clean(f"{text}{': ' + ', '.join(details) if details else ''}")


def _detail(value: Any) -> Any:
    """An event detail as the buyer reads it: a stored instant (a deadline's due, a file's
    export time) in the local zone, as every time in `show`; anything else as it is."""
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and value[10] == "T":
        try:
            at = datetime.fromisoformat(value)
        except ValueError:
            return value
        if at.tzinfo is not None:
            return local(at)
    return value


# --- drafts -----------------------------------------------------------------


def draft(order: Order, kind: str, reason: Any, note_text: str | None, then: str, as_json: bool,
          ends: datetime | None = None) -> None:
    """A message to paste, alone on stdout (so `| pbcopy` takes just it); the rest on stderr.
    `reason`: the reason (contact, dispute), the seller's offer (offer), or the days (extension)."""
    from . import drafts

    if kind == "dispute":
        text = drafts.dispute_message(order, reason, note_text)
    elif kind == "offer":
        text = drafts.offer_answer(order, reason.offer, reason.amount, note_text)
    elif kind == "extension":
        text = drafts.extension_request(order, reason, ends, note_text)
    else:
        text = drafts.contact_message(order, reason, note_text)
    text = "\n".join(clean(line) for line in text.split("\n"))
    if as_json:
        json_out({"id": order.id, "draft": kind, "text": text})
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    note(f"Draft only: nothing was recorded. Record it once done: {then}")


def draft_text(order: Order, kind: str, reason: Any, note_text: str | None) -> None:
    """The dispute message after a guided dispute, framed, to copy from the screen."""
    from . import drafts

    text = drafts.dispute_message(order, reason, note_text) if kind == "dispute" else \
        drafts.contact_message(order, reason, note_text)
    out = console()
    out.print(_text("Paste this into the dispute:", "bold"))
    out.print()
    for line in text.split("\n"):
        out.print(_text(line))
    out.print()


# --- many orders ------------------------------------------------------------

SCREENFUL = 20  # rows when the terminal's height is unknown
ITEM_WIDTH = 40
URGENT = timedelta(days=2)

# Who has to act before each deadline: the buyer, or the seller (else a rule acts).
WHO = {name: kind.who for name, kind in KINDS.items()}


def shorten(text: Any, width: int = ITEM_WIDTH) -> str:
    """Cut a long name at a word boundary, marked with an ellipsis."""
    text = clean(text)
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if (space := cut.rfind(" ")) >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-/") + "\u2026"


def short_date(at: datetime, now: datetime) -> str:
    """The local date, the year only when it is not this one, and how long ago or ahead."""
    day = at.astimezone()
    shown = f"{day:%d %b}" if day.year == now.astimezone().year else f"{day:%d %b %Y}"
    return f"{shown}, {countdown(at, now)}"


def _screenful() -> int:
    height = console().size.height
    return max(5, height - 4) if height else SCREENFUL


# --- tables that fit the terminal ---------------------------------------------
# Each table is laid out at the most generous level that fits the terminal's width: its
# item (or seller) column takes what is left, shortened with an ellipsis; the others get
# terser level by level (countdowns, dates, words). No column is dropped, and each row
# stays one line.

GAP = 2  # spaces between columns


class Column:
    def __init__(self, head: str, cells: list[Any], right: bool = False, flex: bool = False,
                 styles: list[str] | None = None, cap: int = 1000):
        self.head, self.cells, self.right, self.flex, self.cap = head, cells, right, flex, cap
        self.styles = styles or [""] * len(cells)

    @property
    def width(self) -> int:
        widest = max(len(self.head), *(len(str(c)) for c in self.cells)) if self.cells else len(self.head)
        return min(widest, self.cap)


def _grid(columns: list[Column], width: int, gap: int = GAP) -> list[Any]:
    """The header and one line per row, each at most `width` wide (the flexible column
    shortened with an ellipsis; it is never narrower than 4)."""
    Text = _Text()
    fixed = sum(c.width for c in columns if not c.flex) + gap * (len(columns) - 1)
    widths = [max(4, min(c.width, width - fixed)) if c.flex else c.width for c in columns]
    lines = []
    for row in range(-1, len(columns[0].cells)):
        line = Text()
        for n, (column, w) in enumerate(zip(columns, widths)):
            value = column.head if row < 0 else str(column.cells[row])
            if column.flex:
                value = shorten(value, w)
            cell = value.rjust(w) if column.right else value.ljust(w) if n < len(columns) - 1 else value
            line.append(cell, style="bold" if row < 0 else column.styles[row])
            if n < len(columns) - 1:
                line.append(" " * gap)
        line.rstrip()
        lines.append(line)
    return lines


def _fit(levels: int, build: Any, width: int, room: int) -> tuple[list[Column], int]:
    """The columns of the first level (0 = most generous) that leaves the flexible column
    `room` characters at `width`, and the gap between columns (one space at the last
    level, which is used when none fits)."""
    for level in range(levels):
        columns = build(level)
        gap = GAP if level < levels - 1 else 1
        fixed = sum(c.width for c in columns if not c.flex) + gap * (len(columns) - 1)
        flex = max((c.width for c in columns if c.flex), default=0)
        if width - fixed >= min(room, flex):
            break
    return columns, gap


def _print_lines(lines: list[Any]) -> None:
    out = console()
    for line in lines:
        out.print(line)


def _unit(seconds: float, tiny: bool) -> str:
    """The largest whole unit of a span: "1 d", "5 h", "12 min" (tiny: "1d", "5h", "12m")."""
    seconds = int(abs(seconds))
    for size, name, short in ((86400, "d", "d"), (3600, "h", "h"), (60, "min", "m")):
        if seconds >= size:
            return f"{seconds // size}{short}" if tiny else f"{seconds // size} {name}"
    return "1m" if tiny else "1 min"


def countdown_at(at: datetime, now: datetime, level: int, past: str = "overdue") -> str:
    """A countdown, shorter level by level: "in 1 d 23 h", "in 1 d", "1d"; "2 d overdue",
    "2 d late", "2d late"."""
    seconds = (at - now).total_seconds()
    if level == 0 or abs(seconds) < 60:
        return countdown(at, now, past)
    shown = _unit(seconds, tiny=level >= 2)
    if seconds > 0:
        return f"in {shown}" if level == 1 else shown
    return f"{shown} late"


# The statuses in a buyer's words; narrow, the words of the site's own tabs.
STATUS_WORDS = {status: status.replace("_", " ") for status in STATUS_STYLE}
STATUS_SHORT = {"awaiting_payment": "to pay", "awaiting_shipment": "to ship",
                "cancellation_requested": "cancel asked", "awaiting_delivery": "shipped",
                "delivered": "delivered", "in_dispute": "in dispute", "completed": "completed",
                "cancelled": "cancelled"}
# The deadline kinds in the fewest words, for a narrow terminal (else the registry's short).
DEADLINE_TINY = {"cancel_opens": "Cancel opens", "pay_by": "Pay", "seller_reply_by": "Seller answers",
                 "ship_by": "Seller ships", "protection_ends": "Dispute ends", "refund_from": "Refund may come",
                 "refund_by": "Refund due", "refund_overdue": "Refund late",
                 "dispute_reply_by": "Seller answers", "dispute_escalates": "Accept or escalate",
                 "return_by": "Ship return"}


# One word each, for the narrowest `list`.
DEADLINE_ONE_WORD = {"cancel_opens": "Cancel", "pay_by": "Pay", "seller_reply_by": "Answer", "ship_by": "Ship",
                     "protection_ends": "Dispute", "refund_from": "Refund", "refund_by": "Refund",
                     "refund_overdue": "Refund", "dispute_reply_by": "Answer", "dispute_escalates": "Escalates",
                     "return_by": "Return"}


def _status_of(status: Any, level: int) -> str:
    if level == 1 and str(status) == "cancellation_requested":
        return "cancel requested"
    return (STATUS_WORDS if level < 2 else STATUS_SHORT).get(str(status), str(status))


def order_list(listing: Any, now: datetime, show_all: bool, status: Any = None) -> None:
    """The orders, newest first; `status`: the one --status asked for."""
    orders = listing.lines
    if not orders and status is not None:
        note(f"No order is {STATUS_WORDS.get(str(status), status)}. aliorder list shows them all.")
        return
    if not orders:
        note("No orders yet. Record one: aliorder place (it asks what you ordered)" if commandline.dialogs
             else 'No orders yet. Record one, with your item and its total: '
                  'aliorder place "USB-C cable" --price 3.50')
        return
    if not is_terminal():
        # Pipes get one plain tab-separated line per order, fast, for any number of orders.
        lines = [f"{o.id}\t{o.status}\t{o.price}\t{o.currency}\t{local(o.placed_at)}\t{clean(o.item)}"
                 for o in orders]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    shown = orders if show_all else orders[:_screenful()]
    nexts = [listing.next_deadline(o.id) for o in shown]

    def build(level: int) -> list[Column]:
        dates = [short_date(o.placed_at, now) if level == 0 else _day_month(o.placed_at, now) for o in shown]
        labels = DEADLINE_SHORT if level < 1 else DEADLINE_TINY if level < 3 else DEADLINE_ONE_WORD
        next_cells = ["-" if d is None else f"{labels[d.kind]}{',' if level < 3 else ''} "
                      f"{countdown_at(d.due, now, min(max(level, 1), 2))}" for d in nexts]
        return [Column("ID", [o.id for o in shown], right=True),
                Column("Item", [clean(o.item) for o in shown], flex=True, cap=ITEM_WIDTH),
                Column("Total", [o.price for o in shown], right=True),
                Column("", [o.currency for o in shown]),
                Column("Status", [_status_of(o.status, level) for o in shown],
                       styles=[STATUS_STYLE.get(str(o.status), "") for o in shown]),
                Column("Placed", dates),
                Column("Next deadline", next_cells, styles=[_urgency(d.due - now) if d else "" for d in nexts])]

    width = console().width
    columns, gap = _fit(4, build, width, 12)
    _print_lines(_grid(columns, width, gap))
    if len(shown) < len(orders):
        note(f"{len(orders) - len(shown)} older orders not shown: aliorder list --all")


def _day_month(at: datetime, now: datetime) -> str:
    day = at.astimezone()
    return f"{day:%d %b}" if day.year == now.astimezone().year else f"{day:%b %Y}"


def _urgency(left: timedelta) -> str:
    return "red bold" if left.total_seconds() < 0 else "yellow bold" if left < URGENT \
        else "yellow" if left < 3 * URGENT else "green"


# The table's terse "what", to fit 80 columns; `show` and the calendar say the rest.
DEADLINE_SHORT = {name: kind.short for name, kind in KINDS.items()}


def deadline_what(row: DeadlineRow, now: datetime, short: bool = False) -> str:
    """What the deadline means for the buyer, and once it has passed, what to do
    (`short`: the table's terse words; the way out is then said below the table)."""
    labels = DEADLINE_SHORT if short else DEADLINE_LABEL
    kind = KINDS[row.kind]
    if row.due > now or kind.opening:
        return labels[row.kind]
    if kind.group == "refund":
        return DEADLINE_SHORT["refund_overdue"] if short else \
            f"Refund overdue: aliorder contact {row.order.id} --via chat"
    return f"{labels[row.kind]}: passed"


def _overdue_advice(rows: list[DeadlineRow], now: datetime) -> list[str]:
    """Below the table, the way out for each deadline already passed."""
    advice = []
    for row in rows:
        if row.due > now:
            break
        where = f"Order {row.order.id} ({shorten(row.order.item, 30)})"
        if KINDS[row.kind].group == "refund":
            advice.append(f"{where}: the refund is {span((now - row.due).total_seconds())} late. Ask the "
                          f"seller: aliorder contact {row.order.id} --via chat")
        else:
            advice.append(f"{where}: {DEADLINE_LABEL[row.kind]} has passed; aliorder tick records "
                          "what the platform did.")
    return advice


def deadline_who(row: DeadlineRow, now: datetime) -> str:
    kind = KINDS[row.kind]
    return kind.who_late if kind.who_late is not None and row.due <= now else kind.who


def deadline_table(rows: list[DeadlineRow], now: datetime) -> None:
    """Soonest first, so the top row is what to see to first; the openings (the Cancel
    button appearing, a refund that may arrive: nothing anyone must do) apart below.
    A pipe gets plain lines, soonest first."""
    if not rows:
        note("No open deadlines.")
        return
    if not is_terminal():
        lines = [f"{local(r.due)}\t{countdown(r.due, now, 'overdue')}\t{r.order.id}\t"
                 f"{deadline_who(r, now)}\t{clean(r.order.item)}\t{deadline_what(r, now)}" for r in rows]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    must = [r for r in rows if not KINDS[r.kind].opening]
    openings = [r for r in rows if KINDS[r.kind].opening]
    width = console().width
    everything = must + openings

    def build(level: int) -> list[Column]:
        labels = DEADLINE_SHORT if level < 2 else DEADLINE_TINY
        what = [labels[r.kind] if r.due > now or KINDS[r.kind].opening else
                ("Refund overdue" if KINDS[r.kind].group == "refund" and level < 2 else
                 labels["refund_overdue"] if KINDS[r.kind].group == "refund" else f"{labels[r.kind]}: passed")
                for r in everything]
        due = [f"{r.due.astimezone():%a %d %b %H:%M}" if level == 0 else
               f"{r.due.astimezone():%d %b %H:%M}" if level == 1 else f"{r.due.astimezone():%d %b}"
               for r in everything]
        return [Column("When", [countdown_at(r.due, now, level) for r in everything], right=True,
                       styles=[_urgency(r.due - now) for r in everything]),
                Column("Who", [deadline_who(r, now) for r in everything]),
                Column("ID", [r.order.id for r in everything], right=True),
                Column("Item", [clean(r.order.item) for r in everything], flex=True, cap=30),
                Column("What", what),
                Column("Due", due)]

    columns, gap = _fit(3, build, width, 16)
    lines = _grid(columns, width, gap)
    head, body = lines[0], lines[1:]
    _print_lines([head, *body[:len(must)]])
    if openings:
        _print_lines([_text("Openings (nothing you must do):", "bold"), *body[len(must):]])
    for line in _overdue_advice(rows, now):
        console().print(_text(line, "bold"))


# Why the platform's clock moved an order, in the buyer's words.
RULE_WHY = {str(kind.rule): kind.fired for kind in KINDS.values() if kind.rule is not None}


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


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
    if not is_terminal():  # cron's mail: whole lines
        sys.stdout.write("\n".join(clean_lines([head, *lines])) + "\n")
        return
    out = console()  # a terminal: Rich wraps the words at its width; a command stays whole
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


def reasons_table() -> None:
    from rich.table import Table

    for title, table_of in (("Cancellation reasons (for --reason of aliorder cancel)", CANCEL_REASONS),
                            ("Dispute reasons (for --reason of aliorder dispute open)", DISPUTE_REASONS)):
        table = Table(title=title, title_justify="left", box=None, header_style="bold")
        table.add_column("Slug")
        table.add_column("Label")
        table.add_column("Whose fault")
        for r in table_of.values():
            label = r.label + (" (needs --note)" if r.needs_note else "")
            table.add_row(r.slug, label, r.fault)
        rich_console().print(table)


def rule_document(line: Any) -> dict[str, Any]:
    return {"name": line.name, "value": line.value, "unit": line.unit, "setting": line.setting,
            "source": line.source, "overridden": line.overridden}


def rules_table(lines: list[Any], settings_file: Any) -> None:
    """Every rule, its value and where it comes from; `*` marks what the settings file changed."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Value", no_wrap=True, justify="right")
    table.add_column("Setting", no_wrap=True)
    table.add_column("Source")
    for line in lines:
        if line.value is None:
            value = "per order"
        elif isinstance(line.value, list):
            value = f"{line.value[0]}-{line.value[1]} {line.unit}"
        else:
            value = f"{line.value} {line.unit}"
        table.add_row(line.name, value + (" *" if line.overridden else ""), line.setting or "-",
                      Text(clean(line.source)))
    rich_console().print(table)
    if any(line.overridden for line in lines):
        note(f"* set in {settings_file}")


def exported(path: Any, rows: list[DeadlineRow]) -> None:
    orders = len({r.order.id for r in rows})
    ringing = sum(1 for r in rows if KINDS[r.kind].who == "you" and KINDS[r.kind].must_do)
    console().print(_text(f"Wrote {_count(len(rows), 'deadline')} of {_count(orders, 'order')} "
                          f"to {path}, an alarm on each of the {ringing} that are yours to meet. Import it "
                          "into your calendar; a newer export updates the same events."))


# --- import -------------------------------------------------------------------


class _ImportProgress:
    """A progress bar on stderr while a large file's orders are matched and recorded."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def advance(self, done: int, total: int) -> None:
        if total < 2000 or done % 200 and done != total:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=rich_console("stderr"), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Importing orders", total=total)
        self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def import_progress() -> _ImportProgress | None:
    """A progress bar, only where a person watches (stderr a terminal)."""
    return _ImportProgress() if sys.stderr.isatty() else None


def _import_file_document(report: Any) -> dict[str, Any]:
    return {"file": report.file, "format": report.format, "new": report.new, "updated": report.updated,
            "unchanged": report.unchanged, "kept": report.kept,
            "skipped": [{"file": s.file, "line": s.line, "why": s.why} for s in report.skipped]}


def import_document(report: Any) -> dict[str, Any]:
    """The contract's object, for one file or many: `new`, `updated`, `kept` and `unchanged`
    over all the files, each order counted once (new before updated before kept before
    unchanged: an order the first file added and the second moved is new), `skipped` of every
    file, `format` the files' common one or their formats joined by "+", and `files` with
    the per-file objects."""
    files = [_import_file_document(f) for f in report.files]
    for document in files:
        document["dry_run"] = report.dry_run
    placed: set[int] = set()
    buckets: dict[str, list[int]] = {"new": [], "updated": [], "kept": []}
    for bucket in buckets:
        for file in report.files:
            for order_id in getattr(file, bucket):
                if order_id not in placed:
                    placed.add(order_id)
                    buckets[bucket].append(order_id)
    unchanged = {i for file in report.files for i in file.unchanged_ids} - placed
    formats = list(dict.fromkeys(f.format for f in report.files))
    document: dict[str, Any] = {"format": "+".join(formats), **buckets, "unchanged": len(unchanged),
                                "skipped": [s for f in files for s in f["skipped"]],
                                "dry_run": report.dry_run}
    if len(files) == 1:
        return {"file": files[0]["file"], **document}
    document["files"] = files
    return document


def imported(report: Any) -> None:
    out = console()
    verb = "Would import" if report.dry_run else "Imported"
    for file in report.files:
        for skipped in file.skipped:
            out.print(_text(f"Skipped {skipped.file}:{skipped.line}: {skipped.why}."))
        for order_id, order_no, item, what, before, after in file.changes:
            if what == "kept":
                out.print(_text(f"Kept order {order_id} ({order_no}) as {before}: aliorder knows more "
                                f"than the file, which says {after}."))
        out.print(_text(f"{verb} {file.file} ({file.format}): {len(file.new)} new, {len(file.updated)} "
                        f"updated, {file.unchanged} unchanged, {len(file.skipped)} skipped."))
        changes = [c for c in file.changes if c[3] != "kept"]
        if report.dry_run and changes:
            from rich.table import Table
            from rich.text import Text

            table = Table(box=None, pad_edge=False, show_edge=False)
            for name in ("ID", "AliExpress no.", "Item", "Change", "Status"):
                table.add_column(name, overflow="fold" if name == "Item" else "ellipsis",
                                 max_width=40 if name == "Item" else None)
            for order_id, order_no, item, what, before, after in changes:
                table.add_row(str(order_id), Text(clean(order_no)), Text(clean(shorten(item))), what,
                              f"{before} -> {after}" if before else after)
            rich_console().print(table)
    due = sum(f.due for f in report.files)
    if due:
        out.print(_text(f"{_count(due, 'order')} had a platform rule fall due since the file's dates "
                        "(an unpaid order's 20 days, protection's end): aliorder tick applies "
                        "them, dated when they fell due."))
    if report.dry_run:
        out.print(_text("Nothing was written (--dry-run)."))


# The scorecard's columns: (full heading, short heading, what the short one means).
SELLER_COLUMNS = (("Orders", "Ord", "orders"), ("Cancel requests", "Req", "cancellation requests"),
                  ("Approved", "OK", "approved"), ("Rejected", "Rej", "rejected"),
                  ("Silent", "Sil", "silent until the request was granted"),
                  ("Not shipped", "NoSh", "not shipped in time"), ("Complaints", "Cmp", "complaints"),
                  ("Refunds overdue", "Late", "refunds overdue"), ("Disputes", "Dsp", "disputes"))


def seller_table(scores: list[SellerScore]) -> None:
    if not scores:
        note("No orders yet.")
        return
    values = [(s.orders, s.requests, s.approved, s.rejected, s.silent, s.not_shipped, s.complaints,
               s.refunds_overdue, s.disputes) for s in scores]

    def build(level: int) -> list[Column]:
        return [Column("Seller", [clean(s.seller) for s in scores], flex=True),
                *(Column(full if level == 0 else short, [v[n] for v in values], right=True)
                  for n, (full, short, _) in enumerate(SELLER_COLUMNS))]

    width = console().width
    columns, gap = _fit(3, build, width, 12)
    _print_lines(_grid(columns, width, gap))
    if columns[1].head != SELLER_COLUMNS[0][0]:
        console().print(_text("; ".join(f"{short}: {means}" for _, short, means in SELLER_COLUMNS) + "."),
                        soft_wrap=False)


# --- backups ----------------------------------------------------------------


def backup_document(backup: Any) -> dict[str, Any]:
    return {"number": backup.number, "path": str(backup.path),
            "written_at": records.iso(backup.written_at), "orders": backup.orders,
            "problem": backup.problem, "changed": backup.changed}


def backup_list(backups: list[Any], now: datetime) -> None:
    """Plain lines: one per kept generation, and how to go back to it."""
    lines = []
    for b in backups:
        if b.problem == "missing":
            lines.append(f"{b.number}  {b.path}  (none yet)")
        elif b.problem is not None:
            lines.append(f"{b.number}  {b.path}  written {when_text(b.written_at, now)}: {b.problem}")
        else:
            lines.append(f"{b.number}  {b.path}  written {when_text(b.written_at, now)}, "
                         f"{_count(b.orders, 'order')}"
                         + (f"; what came after it: {b.changed}" if b.changed else ""))
    if any(b.problem is None for b in backups):
        good = next(b.number for b in backups if b.problem is None)
        lines.append(f"Go back to one with its number, like: aliorder restore {good} "
                     "(the current file becomes backup 1).")
    sys.stdout.write("\n".join(clean_lines(lines)) + "\n")


def restored(backup: Any, database: Any) -> None:
    sys.stdout.write(clean(f"Restored {database} from backup {backup.number} ({backup.path}, "
                           f"{_count(backup.orders, 'order')}). The file it replaced is now backup 1: "
                           "aliorder restore 1 undoes this.") + "\n")


# --- what can be done now, and the guided dialogs' words ------------------------------------------

# What each action records, in the buyer's words, beside the command to type.
ACTION_WORDS = {
    "pay": "record the payment",
    "cancel": "cancel it, or ask the seller to (asks why)",
    "extend": "give the seller more days to ship (asks how many)",
    "seller approve": "the seller agreed to cancel",
    "seller reject": "the seller refused to cancel",
    "ship": "the seller shipped it",
    "receive": "it arrived",
    "contact": "log a talk with the seller (--draft)",
    "dispute open": "open a dispute (asks why)",
    "dispute escalate": "no agreement: platform staff step in",
    "dispute resolve": "the dispute ended with a refund",
    "dispute reject": "the dispute ended with no refund",
    "dispute withdraw": "you close the dispute",
    "refund received": "the refund's money arrived",
    "tick": "record what the platform's rules did to it",
    "dispute offer": "the seller offered a refund",
    "dispute offer --return": "the seller asked for the item back, for a full refund",
    "dispute offer --rejected": "the seller rejected the claim",
    "dispute accept": "you accept the seller's offer",
    "dispute returned": "you shipped the item back",
    "protection extend": "the seller extended purchase protection",
}
def filled(order: Order, action: Any) -> Any:
    """The action with the values a suggestion gives for this order: a refund still to choose
    is the order's total; a protection extension the usual 15 days."""
    options = dict(action.options)
    if action.verb in ("dispute resolve", "dispute offer") and options.get("refund", 0) is None:
        options["refund"] = order.price
    if action.verb == "protection extend" and options.get("days", 0) is None:
        options["days"] = 15  # what sellers usually grant; the buyer types what was agreed
    return action._replace(options=options)


def action_lines(order: Order, actions: Iterable[Any]) -> list[tuple[str, str, list[str]]]:
    """(command line, what it does, the lines naming what is still to choose) for each action:
    on a terminal what aliorder asks for is left out; off one, the command runs as printed
    or names the choices left (commandline.spell)."""
    lines = []
    for action in actions:
        action = filled(order, action)
        options = action.options
        key = action.verb
        if action.verb == "dispute resolve" and options.get("rejected"):
            key = "dispute reject"
        elif action.verb == "dispute offer" and (options.get("return") or options.get("rejected")):
            key = "dispute offer --return" if options.get("return") else "dispute offer --rejected"
        first, *notes = commandline.spell(action)
        what = ACTION_WORDS.get(key, "")
        if not commandline.dialogs:  # off a terminal nothing is asked: the line under it says what goes there
            what = re.sub(r" \(asks [^)]*\)", "", what)
        lines.append((first, what, notes))
    return lines


def _print_actions(lines: list[tuple[str, str, list[str]]], indent: str = "  ") -> None:
    out = console()
    width = max((len(c) for c, _, _ in lines), default=0)
    for command, what, notes in lines:
        out.print(_text(f"{indent}{command.ljust(width)}  {what}".rstrip()), soft_wrap=True)
        for note in notes:
            out.print(_text(f"{indent}    {note}"), soft_wrap=True)


def what_you_can_do(order: Order, actions: list[Any]) -> None:
    out = console()
    out.print(_text("What you can do now", "bold"))
    lines = action_lines(order, actions)
    if not lines:
        out.print(_text("  Nothing more: this order is over."))
        return
    _print_actions(lines)


def order_choice(order: Order, now: datetime) -> str:
    """One order in a list to choose from: its ID, item, state and total."""
    return clean(f"Order {order.id}: {shorten(order.item, 24)}, {order.status}, "
                 f"{money(order.price, order.currency)}")


def cancel_summary(before: Order, outcome: Outcome, rules: Any, now: datetime) -> list[str]:
    """What a cancellation will record, and what happens next with its deadlines."""
    after = outcome.order
    event = after.events[-1]
    reason = CANCEL_REASONS[event.details["reason"]]
    fault = "your own reason" if reason.fault == "buyer" else "the seller's fault"
    said = f'"{reason.label}' + (f': {event.details["note"]}"' if event.details.get("note") else '"')
    paid = before.paid_at is not None
    what = "A cancellation request to the seller" if paid else "The cancellation"
    complaint = ""
    if reason.fault == "seller":
        complaint = ", with a complaint against the seller" if event.details.get("report_seller") \
            else ", without a complaint against the seller"
    lines = [f"About to record, for order {after.id} ({shorten(after.item, 40)}):",
             f"  {what}: {said} ({fault}){complaint}.", "What happens next:"]
    if not paid:
        lines.append("  - The order is cancelled at once. Nothing was paid, so no refund is due.")
        return clean_lines(lines)
    reply_by = outcome.deadlines.get("seller_reply_by") or now
    eta_from, eta_to = rules.refund_window(after.payment_method, reply_by)
    low, high = (eta_from - reply_by).days, (eta_to - reply_by).days
    lines.append(f"  - The seller has until {when_text(reply_by, now)} to answer. When they do: "
                 f"aliorder seller approve {after.id}, or aliorder seller reject {after.id}.")
    lines.append(f"  - If they approve, or say nothing by then, the order is cancelled and the refund of "
                 f"{money(after.price, after.currency)} starts; it takes {low} to {high} days.")
    ship_by = outcome.deadlines.get("ship_by")
    if ship_by is not None:
        lines.append(f"  - If the seller ships it first, the request lapses. Not shipped by "
                     f"{when_text(ship_by, now)}: the platform cancels it with a full refund.")
    return clean_lines(lines)


def place_summary(values: dict[str, Any]) -> list[str]:
    lines = ["About to record a new order:",
             f"  {values['item']}, {money(values['price'], values['currency'])}"]
    for label, key in (("Seller", "seller"), ("AliExpress no.", "order_no")):
        if values.get(key):
            lines.append(f"  {label}: {values[key]}")
    if values.get("processing_days"):
        lines.append(f"  Processing time: {values['processing_days']} days from payment")
    return clean_lines(lines)


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
    out = console()
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
                from .domain import Action

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
