"""`aliorder import`: the exporters' files onto orders, again and again, forward only.

The importers (`aliorder.importers`) read a file into plain records; here each record
becomes an order in the state the file shows: its status from the file's words, and
the events that status implies, `"by": "import"`, `"estimated": true` where the file
gave no time. No time rule is applied here: the next `tick` applies what fell due since,
dated as always. The whole import is one locked write, and none when nothing changed.
"""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

from . import import_again, records
from .import_report import FileReport, ImportReport, Skipped
from .domain import CancelRequest, Dispute, Event, Order, Status
from .errors import BadInput
from .when import typed
from .importers import BadRow, Cell, Found, Source, group, read_source, recognise, text
from .importers import values
from .importers.values import Ambiguous, BadValue

BY = "import"

# The platform's words for an order's state, in the languages and codes the exporters
# copy, and the exporters' own enums. Keys are normalised by `_words`.
STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.AWAITING_PAYMENT: (
        "awaiting payment", "to pay", "unpaid", "pending payment", "waiting for payment",
        "wait buyer pay", "place order success",
        "zahlung ausstehend", "warten auf zahlung", "nicht bezahlt", "zu bezahlen", "unbezahlt"),
    Status.AWAITING_SHIPMENT: (
        "awaiting shipment", "to ship", "processing", "paid", "wait seller send goods", "pay success",
        "versand ausstehend", "warten auf versand", "zu versenden", "wird bearbeitet", "bezahlt"),
    Status.CANCELLATION_REQUESTED: (
        "cancellation requested", "in cancel", "cancelling",
        "stornierung beantragt", "stornierung angefordert", "wird storniert"),
    Status.AWAITING_DELIVERY: (
        "awaiting delivery", "shipped", "to receive", "in transit", "wait buyer accept goods",
        "seller part send goods", "partially shipped",
        "lieferung ausstehend", "warten auf lieferung", "versandt", "verschickt", "unterwegs",
        "zu erhalten", "teilweise versandt"),
    Status.DELIVERED: ("delivered", "zugestellt", "geliefert"),
    Status.IN_DISPUTE: (
        "dispute", "in dispute", "in issue", "in frozen", "disputed",
        "streitfall", "im streitfall", "reklamation", "in klärung"),
    Status.COMPLETED: (
        "completed", "finished", "finish", "complete", "refunded",
        "abgeschlossen", "beendet", "erledigt", "erstattet"),
    Status.CANCELLED: (
        "cancelled", "canceled", "closed", "expired", "order closed",
        "storniert", "geschlossen", "abgelaufen", "abgebrochen", "annulliert"),
}


@lru_cache(maxsize=4096)
def _words(text_: str) -> str:
    # Cached: a file repeats a handful of status words on thousands of rows.
    return " ".join(text_.casefold().replace("_", " ").replace("-", " ").split())


def status_table(extra: Mapping[str, str] | None = None) -> dict[str, Status]:
    """Word -> status: the built-in words and the settings file's `[import.statuses]`."""
    table = {_words(word): status for status, words in STATUS_WORDS.items() for word in words}
    table.update({_words(str(s)): s for s in Status})
    for word, status in (extra or {}).items():
        table[_words(word)] = Status(status)
    return table


# --- the events a status implies ------------------------------------------------

PATHS: dict[Status, tuple[str, ...]] = {
    Status.AWAITING_PAYMENT: ("placed",),
    Status.AWAITING_SHIPMENT: ("placed", "paid"),
    Status.CANCELLATION_REQUESTED: ("placed", "paid", "cancel_requested"),
    Status.AWAITING_DELIVERY: ("placed", "paid", "shipped"),
    Status.DELIVERED: ("placed", "paid", "shipped", "received"),
    Status.IN_DISPUTE: ("placed", "paid", "shipped", "dispute_opened"),
    Status.COMPLETED: ("placed", "paid", "shipped", "received", "completed"),
    Status.CANCELLED: ("placed", "cancelled"),
}
# Where an order in each status may still go: anything else in a file is behind it.
AHEAD: dict[Status, frozenset[Status]] = {
    Status.AWAITING_PAYMENT: frozenset(Status) - {Status.AWAITING_PAYMENT},
    Status.AWAITING_SHIPMENT: frozenset({Status.CANCELLATION_REQUESTED, Status.AWAITING_DELIVERY,
                                         Status.DELIVERED, Status.IN_DISPUTE, Status.COMPLETED,
                                         Status.CANCELLED}),
    Status.CANCELLATION_REQUESTED: frozenset({Status.AWAITING_DELIVERY, Status.DELIVERED,
                                              Status.IN_DISPUTE, Status.COMPLETED, Status.CANCELLED}),
    Status.AWAITING_DELIVERY: frozenset({Status.DELIVERED, Status.IN_DISPUTE, Status.COMPLETED}),
    Status.DELIVERED: frozenset({Status.IN_DISPUTE, Status.COMPLETED}),
    Status.IN_DISPUTE: frozenset({Status.COMPLETED}),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
}
FINAL_STATUSES = frozenset({Status.COMPLETED, Status.CANCELLED})
IMPORTED_NOTE = "imported: the exported file does not say why"


@dataclass
class Incoming:
    """One order of a file, as values."""

    line: int
    order_no: str
    status: Status
    item: str = ""
    qty: int = 1
    price: Decimal = Decimal(0)
    currency: str = ""
    placed: datetime | None = None
    times: dict[str, datetime] = field(default_factory=dict)  # paid, shipped, received, from the file
    seller: str | None = None
    tracking: str | None = None
    payment_method: str | None = None
    protection_ends: datetime | None = None
    exported: datetime | None = None  # when the file was written, if it says
    record: dict[str, Any] | None = None
    fingerprint: str = ""


# --- reading a file -------------------------------------------------------------


class NoCurrency(Exception):
    """The file names no currency (order-downloader's files never do)."""

    def __init__(self, line: int):
        self.line = line


@dataclass
class ParsedFile:
    source: Source
    format: str
    orders: list[Found]
    bad: list[BadRow]


def read_file(path: str, fmt: str | None, raw: bytes | None = None) -> ParsedFile:
    """The file's orders as it has them (texts); `convert` makes values of them.
    `raw`: the file's bytes, when read already."""
    source = read_source(path, raw)
    format_ = recognise(source, fmt)
    found: list[Found] = []
    bad: list[BadRow] = []
    for entry in format_.read(source):
        (bad if isinstance(entry, BadRow) else found).append(entry)
    return ParsedFile(source, format_.name, group(found), bad)


def convert(file: ParsedFile, found: Found, currency: str | None, statuses: dict[str, Status],
            now: datetime, fp: str | None = None) -> Incoming:
    """One order of the file as values, or BadRow / BadInput saying which row and why.
    `fp`: its fingerprint, when known already."""
    path = file.source.path
    try:
        incoming = _values(found, file.format, currency, statuses, fp)
        _not_future(found, incoming, now)
        return incoming
    except Ambiguous as unclear:
        raise BadInput(f"{path}:{found.line}: {unclear}; the file does not say which. Nothing was imported.",
                       hint=f"Name it: --currency {unclear.codes[0]} (or another of "
                       f"{', '.join(unclear.codes[:8])}).") from None
    except NoCurrency as none:
        raise BadInput(f"{path}:{none.line}: the file names no currency ({file.format} files "
                       f"{'never do' if file.format == 'order-downloader' else 'may not'}). "
                       "Nothing was imported.",
                       hint="Name it: --currency USD (or the code of the currency you paid in).") from None


def _bad_row(path: str, bad: BadRow, skip_bad: bool, report: "FileReport") -> None:
    if not skip_bad:
        raise BadInput(f"{path}:{bad.line}: {bad.column}: {bad.why}. Nothing was imported.",
                       hint="Correct that row, or import the rest with --skip-bad.")
    report.skipped.append(Skipped(path, bad.line, f"{bad.column}: {bad.why}"))


# A date-only order date is 00:00 local time, up to 14 hours ahead of UTC.
_SLACK = timedelta(hours=14)


def _not_future(found: Found, incoming: Incoming, now: datetime) -> None:
    for kind, at in (("placed", incoming.placed), *incoming.times.items()):
        if at is not None and at > now + _SLACK:
            cell = found.placed if kind == "placed" else getattr(found, kind)
            raise BadRow(found.line, cell.column if cell else kind,
                         f"{typed(at)} is in the future (now is {typed(now)})")


def _fingerprint(format_name: str, key: str) -> str:
    return hashlib.blake2b(f"{format_name}\x1d{key}".encode(), digest_size=12).hexdigest()


def _cell_instant(found: Found, cell: Cell | None) -> tuple[datetime, bool] | None:
    if cell is None or text(cell.value) is None and not isinstance(cell.value, (int, float)):
        return None
    try:
        return values.instant(cell.value, found.month_first)
    except BadValue as e:
        raise BadRow(found.line, cell.column, str(e)) from None


def _status(found: Found, statuses: dict[str, Status]) -> Status:
    seen = []
    for cell in found.status:
        word = text(cell.value)
        if word is None:
            continue
        status = statuses.get(_words(word))
        if status is not None:
            return status
        seen.append(word)
    column = found.status[0].column if found.status else "status"
    if not seen:
        raise BadRow(found.line, column, "the status is empty")
    raise BadRow(found.line, column,
                 f"no table maps the status {seen[0]!r} (map it in the settings file: "
                 f"[import.statuses] \"{seen[0]}\" = \"completed\", or another status)")


def _amount(found: Found, cell: Cell, currency: str | None) -> tuple[Decimal, str | None]:
    try:
        value, symbol = values.amount(cell.value)
    except BadValue as e:
        raise BadRow(found.line, cell.column, str(e)) from None
    return value, _currency_of(found, cell, symbol, currency) if symbol else None


def _currency_of(found: Found, cell: Cell, symbol: str, forced: str | None) -> str:
    try:
        return values.currency(symbol)
    except Ambiguous:
        if forced is not None:
            return forced
        column = found.currency
        if column is not None:  # "$" beside a currency column that says which
            return _column_currency(found, column, None)
        raise
    except BadValue as e:
        raise BadRow(found.line, cell.column, str(e)) from None


def _column_currency(found: Found, cell: Cell, forced: str | None) -> str:
    try:
        return values.currency(str(cell.value))
    except Ambiguous:
        if forced is not None:
            return forced
        raise
    except BadValue as e:
        raise BadRow(found.line, cell.column, str(e)) from None


def _qty(found: Found, cell: Cell | None) -> int:
    if cell is None or text(cell.value) is None:
        return 1
    try:
        qty = int(str(cell.value).strip())
    except ValueError:
        raise BadRow(found.line, cell.column, f"{cell.value!r} is not a number of pieces") from None
    if not 0 < qty < 100_000:
        raise BadRow(found.line, cell.column, f"{qty} is not a number of pieces")
    return qty


def fingerprint(format_name: str, found: Found) -> str:
    return _fingerprint(format_name, found.key)


def _values(found: Found, format_name: str, currency: str | None,
            statuses: dict[str, Status], fp: str | None = None) -> Incoming:
    fingerprint = fp if fp is not None else _fingerprint(format_name, found.key)
    if found.record is not None:
        return _own_record(found, fingerprint)
    status = _status(found, statuses)
    placed = _cell_instant(found, found.placed)
    if placed is None:
        column = found.placed.column if found.placed else "order date"
        raise BadRow(found.line, column, "the order date is empty")
    codes: list[str] = []
    if found.currency is not None:
        codes.append(_column_currency(found, found.currency, currency))
    total: Decimal | None = None
    if found.total is not None and text(found.total.value) is not None or (
            found.total is not None and isinstance(found.total.value, (int, float))):
        total, code = _amount(found, found.total, currency)
        if code:
            codes.append(code)
    qty, item_sum = 0, Decimal(0)
    for item in found.items:
        n = _qty(found, item.qty)
        qty += n
        if item.price is not None and (text(item.price.value) is not None or isinstance(item.price.value, (int, float))):
            price, code = _amount(found, item.price, currency)
            item_sum += price * n
            if code:
                codes.append(code)
    if found.qty_total is not None:
        qty = found.qty_total
    price = total if total is not None else item_sum
    if total is None and not any(i.price for i in found.items):
        column = found.total.column if found.total else "price"
        raise BadRow(found.line, column, "the file gives no price for this order")
    if price < 0:
        raise BadRow(found.line, found.total.column if found.total else "price", f"{price} is a negative price")
    code = codes[0] if codes else currency
    if code is None:
        raise NoCurrency(found.line)
    try:
        price = price.quantize(values.minor_unit(code))
    except ArithmeticError:
        raise BadRow(found.line, found.total.column if found.total else "price",
                     f"{price} is not an amount") from None
    titles = [i.title for i in found.items if i.title]
    count = max(found.item_count or 0, len(found.items))
    item = titles[0] if titles else f"AliExpress order {found.order_no}"
    if count > 1:
        item += f" (+{count - 1} more)"
    times = {}
    for kind, cell in (("paid", found.paid), ("shipped", found.shipped), ("received", found.received)):
        got = _cell_instant(found, cell)
        if got is not None:
            times[kind] = got[0]
    ends = _cell_instant(found, found.protection_ends)
    exported = _cell_instant(found, found.exported)
    return Incoming(
        line=found.line, order_no=found.order_no, status=status, item=item, qty=max(qty, 1),
        price=price, currency=code, placed=placed[0], times=times, seller=found.seller,
        tracking=found.tracking, payment_method=found.payment_method,
        protection_ends=ends[0] if ends else None, fingerprint=fingerprint,
        exported=exported[0] if exported else None,
    )


def _own_record(found: Found, fingerprint: str) -> Incoming:
    record = found.record or {}
    try:
        order = records.from_record(0, record)
        if not order.events:
            raise ValueError("it has no events")
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as e:
        raise BadRow(found.line, "order", f"not an aliorder order ({type(e).__name__}: {e})") from None
    return Incoming(line=found.line, order_no=found.order_no, status=order.status, item=order.item,
                    placed=order.placed_at, record=record, fingerprint=fingerprint,
                    price=order.price, currency=order.currency)


# --- orders from the file ---------------------------------------------------------


def _event(at: datetime, kind: str, estimated: bool, **details: Any) -> Event:
    if estimated:
        details["estimated"] = True
    return Event(at, kind, BY, {k: v for k, v in details.items() if v is not None})


def _advance(order: Order, incoming: Incoming, kinds: Iterable[str]) -> Order:
    """The order with the events of `kinds` added, each at the file's time or estimated, and
    what the order did not know yet that the newer file gives (a payment method, a tracking
    number, the seller): forward only, a value already known is kept."""
    events, changes = _steps(order, incoming, kinds)
    for name in ("payment_method", "tracking", "seller"):
        given = getattr(incoming, name)
        if given and getattr(order, name) is None and changes.get(name) is None:
            changes[name] = given
    return order._replace(events=events, status=incoming.status, **changes)


def _steps(order: Order, incoming: Incoming, kinds: Iterable[str]) -> tuple[tuple[Event, ...], dict[str, Any]]:
    """The events of `kinds` after the order's own, and the fields they set."""
    events = list(order.events)
    changes: dict[str, Any] = {}
    last = order.last_event_at
    for kind in kinds:
        given = incoming.times.get(kind)
        at = max(given, last) if given is not None else last
        estimated = given is None or given < last
        if kind == "placed":
            at, estimated = order.placed_at, False
        elif kind == "paid":
            changes["paid_at"] = at
            changes["payment_method"] = order.payment_method or incoming.payment_method
        elif kind == "shipped":
            changes["shipped_at"] = at
            changes["tracking"] = order.tracking or incoming.tracking
        elif kind == "received":
            changes["received_at"] = at
        elif kind == "dispute_opened":
            changes["dispute"] = Dispute("other", "open", at, IMPORTED_NOTE)
        elif kind == "cancel_requested":
            changes["cancel_request"] = CancelRequest("other", at, IMPORTED_NOTE)
        elif kind == "completed" and order.dispute is not None and order.dispute.closed_at is None:
            changes["dispute"] = order.dispute._replace(stage="resolved", closed_at=at)
        details = {"tracking": incoming.tracking} if kind == "shipped" and incoming.tracking else {}
        events.append(_event(at, kind, estimated, **details))
        last = at
    return tuple(events), changes


def new_order(order_id: int, incoming: Incoming) -> Order:
    if incoming.record is not None:
        return records.from_record(order_id, incoming.record)
    assert incoming.placed is not None
    fields = dict(id=order_id, item=incoming.item, price=incoming.price, currency=incoming.currency,
                  placed_at=incoming.placed, qty=incoming.qty, order_no=incoming.order_no or None,
                  seller=incoming.seller, payment_method=incoming.payment_method,
                  tracking=incoming.tracking)
    kinds = PATHS[incoming.status]
    if incoming.status is Status.CANCELLED and "paid" in incoming.times:
        kinds = ("placed", "paid", "cancelled")
    # _steps reads only these of the order it starts from (a whole Order costs more to make).
    start = SimpleNamespace(events=(), last_event_at=incoming.placed, placed_at=incoming.placed,
                            payment_method=incoming.payment_method, tracking=incoming.tracking,
                            dispute=None)
    events, changes = _steps(start, incoming, kinds)  # type: ignore[arg-type]
    order = Order(**{**fields, **changes}, status=incoming.status, events=events)
    return _page_deadline(order, incoming)[1] or order


def _page_deadline(order: Order, incoming: Incoming, forward: bool = True) -> tuple[str, Order | None]:
    """The file's own protection end (parcel-intelligence's protectionEndsAt) as the order's
    order-page deadline, the same one `aliorder deadline ID protection-ends WHEN` records:
    ("set", the order with it) | ("same", None) when the file gives none or the order has it |
    ("kept", None) when the order's own is newer than the file's.

    Which is newer: a file that says when it was written (`exportedAt`) replaces a deadline
    an import set from a file written before it, or one the buyer set before it was written;
    a file that does not say replaces only a deadline an earlier import set, and only when it
    moves the order forward (`forward`). So an older export never moves a deadline back, and
    what the buyer typed from the order page stays until a file written after it says otherwise.
    """
    if incoming.protection_ends is None:
        return "same", None
    from .domain import deadline_command

    command = deadline_command("protection-ends", incoming.protection_ends)
    current = order.page_deadlines.get(command.kind)
    if current == command.due:
        return "same", None
    if current is not None and not _file_is_newer(order, command.kind, incoming, forward):
        return "kept", None
    details: dict[str, Any] = {"deadline": command.kind, "due": records.iso(command.due)}
    if incoming.exported is not None:
        details["file_exported"] = records.iso(incoming.exported)
    event = _event(order.last_event_at, "deadline_set", True, **details)
    return "set", order._replace(events=order.events + (event,),
                                 page_deadlines={**order.page_deadlines, command.kind: command.due})


def _file_is_newer(order: Order, kind: str, incoming: Incoming, forward: bool) -> bool:
    """Whether the file saw the order page after whatever set the order's deadline `kind`."""
    source = next((e for e in reversed(order.events)
                   if e.kind == "deadline_set" and e.details.get("deadline") == kind), None)
    if source is None:  # a deadline no event tells of: the file's is the one we know about
        return True
    if source.by == BY:
        said = records.instant(source.details.get("file_exported"))
        if incoming.exported is not None:
            return said is None or incoming.exported > said
        return said is None and forward
    # Set by the buyer (`aliorder deadline`), at the instant they gave.
    return incoming.exported is not None and incoming.exported > source.at


def moved(order: Order, incoming: Incoming) -> tuple[str, Order | None]:
    """("updated", the order moved forward) | ("unchanged", None) | ("kept", None)."""
    if incoming.record is not None:
        mine = [records.event_record(e) for e in order.events]
        theirs = list(incoming.record.get("events") or ())
        if theirs == mine:
            return "unchanged", None
        if len(theirs) > len(mine) and theirs[:len(mine)] == mine:
            return "updated", records.from_record(order.id, incoming.record)
        return "kept", None
    if incoming.status is order.status:
        if order.status in FINAL_STATUSES:
            return "unchanged", None
        what, page = _page_deadline(order, incoming, forward=False)
        return {"set": ("updated", page), "same": ("unchanged", None)}.get(what, ("kept", None))
    if incoming.status not in AHEAD[order.status]:
        return "kept", None
    have = {e.kind for e in order.events}
    if order.status is Status.IN_DISPUTE:
        kinds = ["completed"]
    elif order.status is Status.CANCELLATION_REQUESTED and incoming.status is Status.CANCELLED:
        kinds = ["cancelled"]
    else:
        kinds = [k for k in PATHS[incoming.status] if k not in have]
    after = _advance(order, incoming, kinds)
    return "updated", _page_deadline(after, incoming)[1] or after


# --- the service ---------------------------------------------------------------------


def import_files(app: Any, paths: list[str], fmt: str | None = None, currency: str | None = None,
                 dry_run: bool = False, skip_bad: bool = False,
                 statuses: Mapping[str, str] | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 raws: list[bytes] | None = None, file_keys: list[str] | None = None) -> ImportReport:
    """Import every file in one locked write (none when nothing changed, or `dry_run`).
    `raws`, `file_keys`: the files' bytes and their import_again.file_key, when the caller
    has them (the CLI, which first asks import_again.answer: files that nothing changed
    since the last import are answered there, without this module)."""
    from .services import _index, _note_index_rules

    if currency is not None:
        from .money import currency_code

        currency = currency_code(currency)
    table = status_table(statuses)
    now = app.clock.now()
    raws = raws if raws is not None else import_again.read_all(paths)
    if file_keys is None and raws is not None:
        file_keys = [import_again.file_key(raw, fmt) for raw in raws]
    parsed = [read_file(p, fmt, raws[i] if raws is not None else None) for i, p in enumerate(paths)]
    total = sum(len(p.orders) for p in parsed)
    done = 0
    reports = []
    unit = app.db.snapshot() if dry_run else None
    with (_nothing(unit) if dry_run else app.db.transaction()) as repo:
        # What a scan of the stored orders finds, by id: kept up to date as orders are
        # written, so that what importing the files again would find can be told at the end.
        summaries = {key: _summary(rec) for key, rec in repo.records()}
        by_number, marks = _scan(summaries.items())
        next_id = repo.next_id()
        fingerprints: list[list[str]] = []
        for file in parsed:
            path = file.source.path
            report = FileReport(path, file.format)
            for bad in file.bad:
                _bad_row(path, bad, skip_bad, report)
            fresh: list[Incoming] = []
            seen: set[str] = set()
            fingerprints.append(fps := [])
            for found in file.orders:
                done += 1
                if progress is not None:
                    progress(done, total)
                fp = fingerprint(file.format, found)
                fps.append(fp)
                key = _find(by_number, found, fp)
                if key is not None and marks.get(key) == fp:
                    report.unchanged += 1  # the same rows as last time, and nothing happened since
                    report.unchanged_ids.append(int(key))
                    continue
                try:
                    incoming = convert(file, found, currency, table, now, fp)
                except BadRow as bad:
                    _bad_row(path, bad, skip_bad, report)
                    continue
                if key is None and incoming.record is not None and not incoming.order_no:
                    key = by_number.get(_same(incoming.record))
                if key is None:
                    ident = incoming.order_no or incoming.fingerprint
                    if ident not in seen:
                        seen.add(ident)
                        fresh.append(incoming)
                    continue
                order = repo.decode(key)
                what, after = moved(order, incoming)
                if what == "unchanged":
                    report.unchanged += 1
                    report.unchanged_ids.append(order.id)
                    continue
                if what == "kept":
                    said = str(incoming.status)
                    if incoming.status is order.status and incoming.protection_ends is not None:
                        said += f" with buyer protection ending {typed(incoming.protection_ends)}"
                    if order.id not in report.kept:
                        report.kept.append(order.id)
                        report.changes.append((order.id, order.order_no or "", order.item, "kept",
                                               str(order.status), said))
                    continue
                assert after is not None
                index = _index(after, app.rules, repo.index_of(after.id).told)
                report.due += _is_due(index, now)
                repo.save(after, index, extra={"imported": _stamp(incoming, after)})
                summaries[key] = _written(after, incoming)
                marks.pop(key, None)
                report.updated.append(after.id)
                report.changes.append((after.id, after.order_no or "", after.item, "updated",
                                       str(order.status), str(after.status)))
            fresh.sort(key=lambda i: (i.placed or datetime.min, i.order_no))
            for incoming in fresh:
                order = new_order(next_id, incoming)
                next_id += 1
                index = _index(order, app.rules, {})
                report.due += _is_due(index, now)
                repo.add(order, index, extra={"imported": _stamp(incoming, order)})
                key = str(order.id)
                summaries[key] = _written(order, incoming)
                if incoming.order_no:
                    by_number[incoming.order_no] = key
                by_number["\x00" + incoming.fingerprint] = key
                report.new.append(order.id)
                report.changes.append((order.id, order.order_no or "", order.item, "new", None,
                                       str(order.status)))
            reports.append(report)
        if not dry_run and repo.changed:
            _note_index_rules(repo, app.rules)
            if file_keys is not None:
                _record_again(repo, parsed, fingerprints, summaries, file_keys)
    return ImportReport(reports, dry_run)


# What the scan of the stored orders keeps of each: (what finds it: its order number, or
# what it is when it has none; the fingerprint of the rows its last import read, or None;
# whether it is still as that import left it).
Summary = tuple[str, "str | None", bool]


def _summary(rec: Mapping[str, Any]) -> Summary:
    # An order typed without its number: the aliorder format finds it by what it is.
    ident = str(rec["order_no"]) if rec.get("order_no") else _same(rec)
    mark = rec.get("imported")
    if not mark:
        return ident, None, False
    fp, _, stamped = mark.partition(" ")
    # Still as the import left it: the same status and number of events.
    return ident, fp, stamped == f"{rec.get('status')} {len(rec.get('events') or ())}"


def _written(order: Order, incoming: Incoming) -> Summary:
    """The summary of the record `repo.add`/`save` writes for `order` with `_stamp`'s mark."""
    ident = str(order.order_no) if order.order_no else _same(
        {"placed_at": records.iso(order.placed_at), "item": order.item, "price": str(order.price),
         "currency": order.currency})
    return ident, incoming.fingerprint, True


def _scan(summaries: Iterable[tuple[str, Summary]]) -> tuple[dict[str, str], dict[str, str]]:
    """(order number, what an order is, or "\x00" + fingerprint -> the first order with it;
    id -> the fingerprint of an order still as its import left it)."""
    by_number: dict[str, str] = {}
    marks: dict[str, str] = {}
    for key, (ident, fp, still) in summaries:
        by_number.setdefault(ident, key)
        if fp is not None:
            by_number.setdefault("\x00" + fp, key)
            if still:
                marks[key] = fp
    return by_number, marks


def _find(by_number: dict[str, str], found: Found, fp: str) -> str | None:
    key = by_number.get(found.order_no) if found.order_no else None
    return by_number.get("\x00" + fp) if key is None else key


def _record_again(repo: Any, parsed: list[ParsedFile], fingerprints: list[list[str]],
                  summaries: dict[str, Summary], file_keys: list[str]) -> None:
    """Record what importing each file again would find (aliorder.import_again): the same
    scan and look-up as above, over the orders as this write leaves them."""
    lines = repo.stored.lines
    by_number, marks = _scan((key, summaries[key]) for key in lines)
    files: dict[str, tuple[str, list[int]]] = {}
    for file, fps, file_key in zip(parsed, fingerprints, file_keys):
        if file.bad:
            continue
        ids = []
        for found, fp in zip(file.orders, fps):
            key = _find(by_number, found, fp)
            if key is None or marks.get(key) != fp:
                break
            ids.append(int(key))
        else:
            files[file_key] = (file.format, ids)
    import_again.record(repo.meta(), lines.values(), files)
    repo.stored.import_again = bool(files)  # this write keeps the record (others drop it)


def _is_due(index: Any, now: datetime) -> bool:
    return index.next_due is not None and index.next_due <= now


def _same(rec: Mapping[str, Any]) -> str:
    """What tells an order without an order number: when it was placed, what, for how much."""
    return "\x01" + "\x1f".join(str(rec.get(k)) for k in ("placed_at", "item", "price", "currency"))


def _stamp(incoming: Incoming, order: Order) -> str:
    """What the import wrote: the file's rows (hashed), and the state they gave the order."""
    return f"{incoming.fingerprint} {order.status} {len(order.events)}"


class _nothing:
    """A dry run's unit of work: the snapshot, never written."""

    def __init__(self, repo: Any):
        self.repo = repo

    def __enter__(self) -> Any:
        return self.repo

    def __exit__(self, *exc: Any) -> None:
        return None
