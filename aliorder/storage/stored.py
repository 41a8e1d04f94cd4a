"""A database's content as read: checked for shape, each order kept as its unparsed line."""

from __future__ import annotations

import re
from typing import Any, Callable, Collection, Iterator

from ..errors import StorageProblem
from . import layout
from .schema import META, ORDERS, SCHEMA_VERSION, migrate, schema_version


def _loads(raw: bytes) -> Any:
    import orjson

    return orjson.loads(raw)


def _dumps(data: Any) -> bytes:
    import orjson

    return orjson.dumps(data)


def check_shape(data: Any, where: str, backups_of: str | None = None) -> dict[str, Any]:
    """The parsed file, if it is an aliorder database this version can read.

    `backups_of` is the real file (a symlinked database keeps its backups beside its target).
    """
    broken = _breaker(where, backups_of)
    if not isinstance(data, dict):
        raise broken("is not an aliorder database (its top level is not an object)")
    _check_tables(data, bool(data.get(ORDERS)), where, broken)
    orders = data.get(ORDERS, {})
    if not _all_ids(orders) or not set(map(type, orders.values())) <= {dict}:
        raise broken("holds an order that is not an object with a numeric id")
    return data


def _breaker(where: str, backups_of: str | None) -> Callable[[str], StorageProblem]:
    def broken(why: str) -> StorageProblem:
        from .backups import restore_hint

        return StorageProblem(f"The database {where} {why}; it was left untouched.",
                              hint=restore_hint(backups_of or where))
    return broken



def _check_tables(data: dict[str, Any], has_orders: bool, where: str,
                  broken: Callable[[str], StorageProblem]) -> None:
    """Every table is an object, and the schema version is one this version reads."""
    if any(not isinstance(table, dict) for table in data.values()):
        raise broken("is not an aliorder database (a table is not an object)")
    meta = data.get(META)
    if meta is not None:
        first = meta.get("1")
        version = first.get("schema_version") if isinstance(first, dict) else None
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise broken("has no readable schema version")
        if version > SCHEMA_VERSION:
            raise StorageProblem(
                f"The database {where} was written by a newer aliorder (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}). It was left untouched.",
                hint="Upgrade aliorder: pip install --upgrade aliorder")
    elif has_orders:
        raise broken("has orders but no schema version")


def _all_ids(keys: Collection[str]) -> bool:
    """Whether every key is an order id: 1 to 18 ASCII digits ("²".isdigit() is true, but
    int("²") fails). In C loops: this runs over every order on every command."""
    joined = "".join(keys)
    lengths = set(map(len, keys))
    return not keys or (joined.isascii() and joined.isdigit() and min(lengths) > 0 and max(lengths) <= 18)


class Stored:
    """A database's content as read: its small tables parsed, each order an unparsed line.

    An order is parsed when a command reads it, and dropped after, so that no command
    holds every parsed order at once (that took over 8x the file's size in memory).
    Every line is still checked before anything is believed or written: `records()`
    parses each in turn, and `check()` runs it once for commands that read fewer.
    """

    def __init__(self, tables: dict[str, Any], lines: dict[str, layout.Line],
                 where: str, backups_of: str | None = None):
        self.tables = tables
        self.lines = lines
        self.where = where
        self.backups_of = backups_of or where
        self.checked = False
        # Filled by a full scan, then kept up to date: the ID cache written with the file.
        self.id_lines: dict[str, str] | None = None
        # The file this was read from (idcache.identity), when read from one.
        self.identity: str | None = None
        # Every record is known to be an order aliorder reads: the file is the one the last
        # aliorder write made (which checked them all), as the ID cache beside it vouches.
        self.vouched = False
        # The ids of the records this process made from an Order and put (Repository.add),
        # while their lines are still the ones put: valid JSON, and orders by construction, so
        # a write's check need not parse them back. (Ids only: keeping every record made
        # would hold an import's whole set of parsed orders at once.)
        self.made: set[str] = set()
        # This write carries an import's record of what importing its files again finds
        # (schema.IMPORT_AGAIN); every other write drops that record.
        self.import_again = False

    @classmethod
    def from_data(cls, data: dict[str, Any], where: str, backups_of: str | None = None) -> Stored:
        """From a whole parsed document (a file in another layout, or TinyDB's tables)."""
        lines = {key: layout.line(key, _dumps(doc)) for key, doc in data.get(ORDERS, {}).items()}
        return cls(layout.other_tables(data), lines, where, backups_of)

    def to_data(self) -> dict[str, Any]:
        """The whole document, every order parsed (for TinyDB and migrations; memory-hungry)."""
        return {**self.tables, ORDERS: {key: doc for key, doc in self.records()}}

    def parse(self, key: str) -> dict[str, Any]:
        """Order `key`'s record (raises ValueError for a line that is not valid JSON)."""
        doc = _loads(layout.value(key, self.lines[key]))
        if type(doc) is not dict:
            raise _breaker(self.where, self.backups_of)(
                f"holds order {key} as something other than an object")
        return doc

    def record(self, key: str) -> dict[str, Any]:
        try:
            return self.parse(key)
        except ValueError as e:
            from .backups import restore_hint

            raise StorageProblem(
                f"The database {self.where} is not valid JSON in the line of order {key} ({e}); "
                "it was left untouched.", hint=restore_hint(self.backups_of)) from None

    def records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every order's record in turn, each parsed as it comes; the scan checks them all."""
        return self._scan(False)

    def unmade_records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """As `records()`, without the records this process made (`made`): a check of every
        line that need not parse back what it wrote itself."""
        return self._scan(True)

    def _scan(self, skip_made: bool) -> Iterator[tuple[str, dict[str, Any]]]:
        from ..idcache import line as id_line

        ids: dict[str, str] | None = {} if self.id_lines is not None else None
        record = self.record
        made = self.made if skip_made else ()
        for key in self.lines:
            if key in made:
                kept = self.id_lines.get(key) if self.id_lines is not None else None
                if ids is not None:  # put() kept its line of the ID cache (else: made again)
                    ids[key] = kept if kept is not None else id_line(key, record(key))
                continue
            doc = record(key)
            if ids is not None:
                ids[key] = id_line(key, doc)
            yield key, doc
        if ids is not None:
            self.id_lines = ids
        self.checked = True

    def check(self) -> None:
        """Refuse the file if any order's line is broken (once)."""
        if not self.checked:
            for _ in self.records():
                pass

    def put(self, key: str, doc: dict[str, Any], made: bool = False) -> None:
        """Order `key`'s record. `made`: a record just made from an Order (Repository.add)."""
        self.lines[key] = layout.line(key, _dumps(doc))
        if made:
            self.made.add(key)
        else:
            self.made.discard(key)
        if self.id_lines is not None:
            from ..idcache import line as id_line

            self.id_lines[key] = id_line(key, doc)

    def remove(self, key: str) -> None:
        del self.lines[key]
        self.made.discard(key)
        if self.id_lines is not None:
            self.id_lines.pop(key, None)

    def chunks(self) -> Iterator[bytes]:
        return layout.chunks(_dumps(self.tables), self.lines)

    def id_text(self) -> str:
        """The ID cache's lines (idcache.py): those a full scan kept, else made by a scan."""
        from .. import idcache

        if self.id_lines is None or not self.checked:
            return idcache.lines(self.records())
        return "".join(self.id_lines.values())


def parse(raw: bytes, where: str, backups_of: str | None = None) -> Stored:
    """The file's content; raises ValueError if it is not JSON, StorageProblem if not ours.

    A file in this version's layout is split into lines; any other JSON (the one-line
    file earlier versions wrote, or one a buyer reformatted) is parsed whole, checked,
    and is written in the line layout at the next write.
    """
    try:
        framed = layout.split(raw)
    except layout.TwiceOver as twice:
        raise _twice(twice.key, where, backups_of) from None
    if framed is not None:
        head, lines = framed
        try:
            tables = _loads(head)
        except ValueError:
            tables = None
        if isinstance(tables, dict) and ORDERS not in tables:
            _check_tables(tables, bool(lines), where, _breaker(where, backups_of))
            return Stored(tables, lines, where, backups_of)
    data = check_shape(_loads(raw), where, backups_of)
    _refuse_keys_twice(raw, data, where, backups_of)
    # Each order's objects freed as its line is made: the whole parse is peak enough.
    orders = data.pop(ORDERS, {})
    lines = {key: layout.line(key, _dumps(orders.pop(key))) for key in list(orders)}
    return Stored(data, lines, where, backups_of)


def _twice(key: str, where: str, backups_of: str | None) -> StorageProblem:
    return _breaker(where, backups_of)(
        f"holds order {key} twice (a hand merge?), and aliorder would keep only one of them")


_ORDER_KEY = rb'"([0-9]{1,18})"\s*:\s*\{'  # compiled by re if a file in another layout comes


def _refuse_keys_twice(raw: bytes, data: dict[str, Any], where: str, backups_of: str | None) -> None:
    """A JSON reader keeps the last of two equal keys: an order written twice (a hand merge)
    would silently lose one at the next write. For a file in another layout only (the line
    layout is checked as it is split); a quick look first, the careful one only if needed."""
    keys = re.findall(_ORDER_KEY, raw)
    if len(keys) == len(set(keys)) or len(keys) <= len(data.get(ORDERS, {})) + len(data.get(META, {})):
        return
    import json

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen and isinstance(value, dict):
                raise _twice(key, where, backups_of)
            seen[key] = value
        return seen

    json.loads(raw, object_pairs_hook=pairs)


def migrated(stored: Stored) -> Stored:
    if schema_version(stored.tables) == SCHEMA_VERSION:
        return stored
    data = migrate(stored.to_data())
    return Stored.from_data(data, stored.where, stored.backups_of)

