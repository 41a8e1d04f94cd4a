"""The tables that fit the terminal (`list` and `deadlines`: plain lines in a pipe; the
sellers' scorecard uses them too), and the tables of `reasons` and `rules`."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .. import commandline
from ..domain import CANCEL_REASONS, DISPUTE_REASONS
from ..domain.deadlines import KINDS
from ..text import clean
from . import output
from .output import DEADLINE_LABEL, DEADLINE_SHORT, ITEM_WIDTH, STATUS_STYLE, _Text, _text, cells, countdown, \
    local, note, rich_console, shorten, span

if TYPE_CHECKING:
    from ..services import DeadlineRow


SCREENFUL = 20  # rows when the terminal's height is unknown
URGENT = timedelta(days=2)


def short_date(at: datetime, now: datetime) -> str:
    """The local date, the year only when it is not this one, and how long ago or ahead."""
    day = at.astimezone()
    shown = f"{day:%d %b}" if day.year == now.astimezone().year else f"{day:%d %b %Y}"
    return f"{shown}, {countdown(at, now)}"


def _screenful() -> int:
    height = output.console().size.height
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
        widest = max(cells(self.head), *(cells(str(c)) for c in self.cells)) if self.cells else cells(self.head)
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
            pad = " " * (w - cells(value))  # in columns: str.ljust counts a CJK character as one
            cell = pad + value if column.right else value + pad if n < len(columns) - 1 else value
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
    out = output.console()
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
    if not output.is_terminal():
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

    width = output.console().width
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
    if not output.is_terminal():
        lines = [f"{local(r.due)}\t{countdown(r.due, now, 'overdue')}\t{r.order.id}\t"
                 f"{deadline_who(r, now)}\t{clean(r.order.item)}\t{deadline_what(r, now)}" for r in rows]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    must = [r for r in rows if not KINDS[r.kind].opening]
    openings = [r for r in rows if KINDS[r.kind].opening]
    width = output.console().width
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
        output.console().print(_text(line, "bold"))


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


def rules_table(lines: list[Any], settings_file: Any) -> None:
    """Every rule, its value and where it comes from; `*` marks what the settings file changed."""
    from rich.table import Table
    from rich.text import Text

    def value_of(line: Any) -> str:
        if line.value is None:
            value = "per order"
        elif isinstance(line.value, list):
            value = f"{line.value[0]}-{line.value[1]} {line.unit}"
        else:
            value = f"{line.value} {line.unit}"
        return value + (" *" if line.overridden else "")

    console = rich_console()
    rows = [(line.name, value_of(line), line.setting or "-", clean(line.source)) for line in lines]
    fixed = sum(max(len(row[n]) for row in rows) for n in range(3)) + 3
    if console.width < fixed + 16:
        # Too narrow for the table: the setting's key was cut ("dispute_reply_timeout_da…"), and
        # it is what the buyer types in the settings file. One rule a paragraph instead.
        for name, value, setting, source in rows:
            console.print(Text(f"{name}: {value}", style="bold"))
            console.print(Text(f"  setting: {setting}"))
            console.print(Text(f"  source: {source}"))
    else:
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("Rule", no_wrap=True)
        table.add_column("Value", no_wrap=True, justify="right")
        table.add_column("Setting", no_wrap=True)
        table.add_column("Source")
        for name, value, setting, source in rows:
            table.add_row(name, value, setting, Text(source))
        console.print(table)
    if any(line.overridden for line in lines):
        note(f"* set in {settings_file}")
