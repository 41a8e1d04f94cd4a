"""Readers of the files that buyers' order exporters write: one small module per format.

Each reader recognises its format (from a CSV header or a JSON document's keys) and
turns the file into plain `Found` records, one per AliExpress order number, holding
the file's own text: order number, items, totals, currency, dates and status words.
Nothing here knows aliorder's statuses, events or deadlines; `aliorder.imports`
maps the records onto orders. `values` turns the texts into amounts and instants.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import BadInput
from ..tuples import Record


class Cell(Record):
    """One value as the file has it, and the column (or JSON key) it came from."""

    column: str
    value: Any


@dataclass
class Item:
    title: str | None
    qty: Cell | None = None
    price: Cell | None = None  # the price of one piece


@dataclass
class Found:
    """One order as the file shows it: texts, not yet values."""

    line: int                     # where the order starts in the file (1 = the first line)
    order_no: str
    status: list[Cell]            # the status words, best first
    placed: Cell | None
    total: Cell | None = None     # the order's total (summary row, total column)
    currency: Cell | None = None  # a code or symbol column, when the file has one
    items: list[Item] = field(default_factory=list)
    seller: str | None = None
    tracking: str | None = None
    payment_method: str | None = None
    paid: Cell | None = None
    shipped: Cell | None = None
    received: Cell | None = None
    protection_ends: Cell | None = None
    exported: Cell | None = None  # when the file was written (parcel-intelligence's exportedAt)
    month_first: bool = False     # 8/3/2025 is August 3 (the exporter writes M/D/YYYY)
    item_count: int | None = None  # items the file counts but does not list
    qty_total: int | None = None   # pieces the file counts without listing them
    record: dict[str, Any] | None = None  # the aliorder format: the order's own JSON
    key: str = ""                 # the order's rows as read: same key, same order


class BadRow(Exception):
    """A row that cannot be read: where it is, which field, and why."""

    def __init__(self, line: int, column: str, why: str):
        super().__init__(why)
        self.line, self.column, self.why = line, column, why


@dataclass(frozen=True)
class Format:
    name: str
    written_by: str
    read: Callable[["Source"], Iterator[Found]]
    recognise: Callable[["Source"], bool]


@dataclass
class Source:
    """A file's text, decoded, with its first line and (when JSON) its parsed document."""

    path: str
    text: str
    document: Any = None
    is_json: bool = False

    @property
    def first_line(self) -> str:
        end = self.text.find("\n")
        return (self.text if end < 0 else self.text[:end]).rstrip("\r")

    def header(self) -> list[str]:
        return next(csv.reader([self.first_line], delimiter=self.delimiter()), [])

    def delimiter(self) -> str:
        first = self.first_line
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each CSV row after the header, with the line it starts on."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter())
        line = 1
        next(reader, None)
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if "".join(row).strip():  # not every cell blank
                yield line, row


def read_source(path: str, raw: bytes | None = None) -> Source:
    """The file decoded (UTF-8, with or without BOM); JSON parsed when it is JSON.
    `raw`: its bytes, when `read_bytes` read them already."""
    if raw is None:
        raw = read_bytes(path)
    return decode(path, raw)


def read_bytes(path: str) -> bytes:
    """The file's bytes, or BadInput saying why it cannot be read."""
    if not path.strip():
        raise BadInput("An empty file name names no file.", hint="Give the path of the exporter's file.")
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(f"There is no file {path}.", hint="Give the path of the exporter's file.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not an exported file.") from None
    except OSError as e:
        raise BadInput(f"The file {path} cannot be read: {e.strerror}.") from None
    except ValueError:  # a NUL in the name, say
        raise BadInput(f"{path!r} is not a file name.", hint="Give the path of the exporter's file.") from None
    return raw


def decode(path: str, raw: bytes) -> Source:
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = raw[:e.start].count(b"\n") + 1
            raise BadInput(f"{path}:{line}: the file is not UTF-8 text (byte {e.start}).",
                           hint="Save it again as UTF-8 (every exporter named in the README writes UTF-8).") from None
    if not raw:
        raise BadInput(f"The file {path} is empty: there is nothing in it to import.",
                       hint="Export your orders again; the exporter may have stopped before writing.")
    source = Source(path, text)
    stripped = text.lstrip()
    if stripped[:1] in ("[", "{"):
        import orjson

        try:
            source.document = orjson.loads(stripped)
            source.is_json = True
        except orjson.JSONDecodeError:
            pass
    return source


def formats() -> dict[str, Format]:
    """Every format, in the order recognition tries them."""
    from . import (aliorder_json, csv_export, csv_export_json, nrbrook, order_downloader,
                   orders_scrapper, parcel_intelligence)

    found = [csv_export.FORMAT, csv_export_json.FORMAT, nrbrook.FORMAT,
             parcel_intelligence.FORMAT, orders_scrapper.FORMAT, order_downloader.FORMAT,
             aliorder_json.FORMAT]
    return {f.name: f for f in found}


def recognise(source: Source, forced: str | None = None) -> Format:
    known = formats()
    if forced is not None:
        if forced not in known:
            raise BadInput(f"--format {forced!r} is not a format aliorder reads.",
                           hint=f"Choose one of: {', '.join(known)}.")
        return known[forced]
    for fmt in known.values():
        if fmt.recognise(source):
            return fmt
    if source.is_json:
        doc = source.document
        seen = (f"a JSON list whose first entry has the keys {', '.join(list(doc[0])[:8])}"
                if isinstance(doc, list) and doc and isinstance(doc[0], dict)
                else f"a JSON document with the keys {', '.join(list(doc)[:8])}" if isinstance(doc, dict)
                else "a JSON document of another shape")
    else:
        header = source.first_line
        seen = f"the header {header[:160]!r}" if header.strip() else "an empty first line"
    raise BadInput(f"{source.path}: the format cannot be recognised: it starts with {seen}.",
                   hint=f"aliorder reads the files of: {', '.join(known)}; name one with --format.")


def group(found: Iterable[Found]) -> list[Found]:
    """One record per AliExpress order number, first appearance first: the rows of an order
    spread over a file (one row per product, wherever they are) become one order with all
    of their items. The order-level fields (status, dates, total, currency, ...) come from
    the order's first row that has them; a row repeated exactly adds nothing."""
    merged: dict[str, Found] = {}
    keys: dict[str, set[str]] = {}
    for entry in found:
        first = merged.get(entry.order_no)
        if first is None:
            merged[entry.order_no] = entry
            keys[entry.order_no] = {entry.key}
            continue
        if entry.key in keys[entry.order_no]:
            continue
        keys[entry.order_no].add(entry.key)
        _merge(first, entry)
    return list(merged.values())


def _merge(into: Found, other: Found) -> None:
    into.items.extend(other.items)
    into.key += "\x1d" + other.key
    if not into.status or all(text(c.value) is None for c in into.status):
        into.status = other.status
    for name in ("placed", "total", "currency", "seller", "tracking", "payment_method", "paid",
                 "shipped", "received", "protection_ends", "qty_total", "exported"):
        mine = getattr(into, name)
        if mine is None or isinstance(mine, Cell) and text(mine.value) is None \
                and not isinstance(mine.value, (int, float)):
            theirs = getattr(other, name)
            if theirs is not None:
                setattr(into, name, theirs)
    if other.item_count is not None:
        into.item_count = max(into.item_count or 0, other.item_count)


def text(value: Any) -> str | None:
    """A cell's text, or None when empty (or the "undefined" a JavaScript exporter writes)."""
    if value is None:
        return None
    value = str(value).strip()
    return None if value in ("", "undefined", "null", "NaN") else value


def column_index(header: list[str], source: Source, wanted: Iterable[str]) -> dict[str, int]:
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [name for name in wanted if name not in index]
    if missing:
        raise BadInput(f"{source.path}:1: the header lacks the column(s) {', '.join(missing)}.",
                       hint="Export the file again with the exporter's full set of columns.")
    return index


class Row(Record):
    """One CSV row whose order number was read: its line, its cells, and the number."""

    line: int
    cells: list[str]
    order_no: str
    at: dict[str, int]

    def get(self, name: str) -> Any:
        """The cell of column `name`, None where the row is short or the column absent."""
        i = self.at.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else None


def numbered_rows(source: Source, wanted: Iterable[str], number_column: str) -> Iterator[Row | BadRow]:
    """The rows of a CSV file with the columns `wanted`, each with its order number read
    from `number_column`; a row without a readable number comes as its BadRow."""
    at = column_index(source.header(), source, wanted)
    for line, cells in source.rows():
        i = at[number_column]
        try:
            number = order_number(line, number_column, cells[i] if i < len(cells) else None)
        except BadRow as bad:
            yield bad
            continue
        yield Row(line, cells, number, at)


def order_number(line: int, column: str, value: Any) -> str:
    number = text(value)
    if number is None:
        raise BadRow(line, column, "the order number is empty")
    from ..text import order_number

    number = order_number(number)  # "８１２３" and "8123 4567" as the platform writes them
    if not (number.isascii() and number.isdigit()) or len(number) > 30:
        raise BadRow(line, column, f"{number[:40]!r} is not an AliExpress order number")
    return number
