"""The database file's layout: one TinyDB JSON document, one order per line.

    {"meta":{"1":{"schema_version":1}},"orders":{
    "1":{"item":"Lamp",...},
    "2":{"item":"Cable",...}
    }}

Any JSON reader (stock TinyDB, an older aliorder) reads it as the same document
as the compact one-line file aliorder wrote before. aliorder itself splits it
into lines and keeps each order's line as bytes, unparsed, so that no command
holds every parsed order at once; unchanged lines are written back as they were
read. orjson never writes a raw newline (it escapes those in strings), so a
newline only ever ends an order's line.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Union

ORDERS_KEY = b'"orders":{'
CLOSING = b"}}\n"
# `"<id>":<the order's JSON>` then `,` (all lines but the last) and the newline.
_LINE = re.compile(rb'"([0-9]{1,18})":([^\n]*)\n')

Line = Union[bytes, memoryview]  # an order's line, `"<id>":{...}`, without comma or newline


def line(key: str, record: bytes) -> bytes:
    """The line of order `key` whose JSON is `record`."""
    return b'"' + key.encode() + b'":' + record


def value(key: str, text: Line) -> Line:
    """The order's JSON in its line (the line without `"<id>":`)."""
    return text[len(key) + 3:]


class TwiceOver(Exception):
    """The file holds an order's id twice (a hand merge): a JSON reader would keep one."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def split(raw: bytes) -> tuple[bytes, dict[str, Line]] | None:
    """(the other tables as a JSON object, the order lines by id), or None if `raw` is not
    in this layout (then it is read as any JSON document is).

    Only the framing is checked here: each line's JSON is parsed when it is read.
    """
    framed = _frame(raw)
    if framed is None:
        return None
    tables, first = framed
    end = len(raw) - len(CLOSING)
    view = memoryview(raw)
    lines: dict[str, Line] = {}
    at = first + 1
    comma = True
    for match in _LINE.finditer(raw, at, end):
        if match.start() != at or not comma:  # a gap, or a line after the last one
            return None
        stop = match.end(2)
        comma = raw[stop - 1] == 44  # ","
        key = match[1].decode()
        if key in lines:
            raise TwiceOver(key)
        lines[key] = view[at:stop - comma]
        at = stop + 1
    if at != end or (lines and comma):
        return None
    return tables, lines


def _frame(raw: bytes) -> tuple[bytes, int] | None:
    """(the other tables as a JSON object, where the first line ends), if `raw` is framed
    as this layout: a first line that opens the orders, and the closing line."""
    first = raw.find(b"\n")
    if first < 0 or not raw.endswith(CLOSING):
        return None
    tables = head_tables(raw[:first])
    return None if tables is None else (tables, first)


def head_tables(head: bytes) -> bytes | None:
    """The other tables as a JSON object, from the file's first line (without its newline),
    if that line opens the orders as this layout does."""
    if head == b"{" + ORDERS_KEY:
        return b"{}"
    if head.startswith(b"{") and head.endswith(b"," + ORDERS_KEY):
        return head[:-len(ORDERS_KEY) - 1] + b"}"
    return None


def section(raw: bytes) -> tuple[bytes, memoryview] | None:
    """(the other tables as a JSON object, the order lines as the file holds them: every
    byte between the first line and the closing one), without reading any line; None if
    `raw` is not framed as this layout."""
    framed = _frame(raw)
    if framed is None:
        return None
    tables, first = framed
    return tables, memoryview(raw)[first + 1:len(raw) - len(CLOSING)]


def section_digest(lines: Iterable[Line], digest: Any) -> Any:
    """`digest` (a hashlib object) updated with the order lines as `chunks` writes them:
    `section` of the file written holds exactly these bytes."""
    previous = None
    for line in lines:
        if previous is not None:
            digest.update(previous)
            digest.update(b",\n")
        previous = line
    if previous is not None:
        digest.update(previous)
        digest.update(b"\n")
    return digest


def chunks(tables: bytes, lines: dict[str, Line], batch: int = 1024) -> Iterator[bytes]:
    """The file, in pieces of a thousand lines (one whole copy would double the peak memory)."""
    yield (b"{" if tables == b"{}" else tables[:-1] + b",") + ORDERS_KEY + b"\n"
    rows = list(lines.values())
    for start in range(0, len(rows), batch):
        piece = b",\n".join(rows[start:start + batch])
        yield piece + (b",\n" if start + batch < len(rows) else b"\n")
    yield CLOSING


def other_tables(data: dict[str, Any]) -> dict[str, Any]:
    return {name: table for name, table in data.items() if name != "orders"}
