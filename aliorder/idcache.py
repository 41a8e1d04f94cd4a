"""The order IDs that TAB offers, kept beside the database so a TAB press need not parse it.

Parsing a 10,000-order database takes longer than a whole TAB press may, so
every write also leaves `.orders.json.ids` beside the file: one line per order
(id, AliExpress order number, item), headed by the identity (inode, size,
modification time) of the database file it was made from. TAB trusts it only
while that identity still matches; otherwise it parses the database itself. It
is a cache: losing it costs one slow TAB, never an order.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable

# Version 2: written only by a write that checked every record of the file it describes
# (storage's Repository.check_every_order), so a cache that matches vouches for the file.
# Version 3: and by a write that drops an import's record of what importing again finds
# unless it is that import's (storage.schema.IMPORT_AGAIN): a version-2 writer kept it.
MAGIC = "aliorder-ids 3"


def cache_path(database: Path) -> Path:
    return database.parent / f".{database.name}.ids"


def identity(stat: os.stat_result) -> str:
    """Which file this is, and which version of it: every aliorder write makes a new inode."""
    return f"{stat.st_ino} {stat.st_size} {stat.st_mtime_ns}"


def _field(value: Any) -> str:
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if text.isprintable():  # holds no tab, newline or terminal control: the common case, fast
        return text
    # The rest has its whitespace collapsed and its terminal controls and bidi overrides
    # dropped: TAB shows these lines in the buyer's terminal.
    from .text import clean

    return clean(" ".join(text.split()))


def line(key: str, doc: dict[str, Any]) -> str:
    """An order's line: id, order number and item, tab-separated."""
    return f"{key}\t{_field(doc.get('order_no'))}\t{_field(doc.get('item'))[:60]}\n"


def lines(records: Iterable[tuple[str, dict[str, Any]]]) -> str:
    """One line per order, from (id, record) pairs."""
    return "".join([line(key, doc) for key, doc in records])


def write(database: Path, body: str) -> None:
    """Describe the database file just written (the caller still holds its lock); `body`
    holds the orders' lines."""
    cache = cache_path(database)
    temp = None
    try:
        text = f"{MAGIC} {identity(database.stat())}\n{body}"
        import tempfile

        fd, temp = tempfile.mkstemp(prefix=f"{cache.name}.", suffix=".tmp", dir=cache.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, cache)
    except OSError:
        # No cache only makes TAB slower; the write it describes has succeeded.
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


def read(database: Path) -> str | None:
    """The lines describing the database file as it is now, or None (no cache, or a stale one)."""
    try:
        text = cache_path(database).read_text(encoding="utf-8")
        now = identity(database.stat())
    except (OSError, UnicodeDecodeError):
        return None
    header, _, body = text.partition("\n")
    return body if header == f"{MAGIC} {now}" else None


def vouches(database: Path, identity_now: str) -> bool:
    """Whether the cache says the database file, as it is now, is the one an aliorder write
    made after checking every record (only its first line is read)."""
    try:
        with open(cache_path(database), encoding="utf-8") as cache:
            header = cache.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return header == f"{MAGIC} {identity_now}\n"


def matching(text: str, prefix: str) -> list[tuple[str, str]]:
    """(id or order number that starts with `prefix`, item) from such lines."""
    start = re.escape(prefix)
    # Anchored on a literal newline or tab, so that the search skips ahead in C.
    found = [(m[1], m[2]) for m in re.finditer(rf"\n({start}[^\t\n]*)\t[^\t\n]*\t([^\n]*)", "\n" + text)]
    if prefix:  # the order number is the only field both preceded and followed by a tab
        found += [(m[1], m[2]) for m in re.finditer(rf"\t({start}[^\t\n]*)\t([^\n]*)", text)]
    return found
