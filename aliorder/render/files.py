"""What the commands of cli/files.py say: import's report and progress bar, export's line,
the sellers' scorecard, the backups' list and restore's line."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..domain.deadlines import KINDS
from ..text import clean
from . import output
from .output import _count, _text, clean_lines, note, rich_console, shorten, when_text, write_lines
from .tables import Column, _fit, _grid, _print_lines

if TYPE_CHECKING:
    from ..services import DeadlineRow, SellerScore


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


def imported(report: Any) -> None:
    out = output.console()
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


def exported(path: Any, rows: list[DeadlineRow]) -> None:
    orders = len({r.order.id for r in rows})
    ringing = sum(1 for r in rows if KINDS[r.kind].who == "you" and KINDS[r.kind].must_do)
    output.console().print(_text(f"Wrote {_count(len(rows), 'deadline')} of {_count(orders, 'order')} "
                          f"to {path}, an alarm on each of the {ringing} that are yours to meet. Import it "
                          "into your calendar; a newer export updates the same events."))


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

    width = output.console().width
    columns, gap = _fit(3, build, width, 12)
    _print_lines(_grid(columns, width, gap))
    if columns[1].head != SELLER_COLUMNS[0][0]:
        output.console().print(_text("; ".join(f"{short}: {means}" for _, short, means in SELLER_COLUMNS) + "."),
                        soft_wrap=False)


# --- backups ----------------------------------------------------------------


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
    write_lines(sys.stdout, clean_lines(lines))  # on a terminal, not a path cut in two


def restored(backup: Any, database: Any) -> None:
    sys.stdout.write(clean(f"Restored {database} from backup {backup.number} ({backup.path}, "
                           f"{_count(backup.orders, 'order')}). The file it replaced is now backup 1: "
                           "aliorder restore 1 undoes this.") + "\n")
