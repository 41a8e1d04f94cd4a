"""The database's schema: its version, and the append-only, named migrations to it."""

from __future__ import annotations

from typing import Any, Callable

SCHEMA_VERSION = 1
ORDERS, META = "orders", "meta"
# The meta key where an import records what importing its files again would find
# (aliorder/import_again.py). Only the write of that import keeps it: DatabaseFile.store
# drops it from every other write, so a file the ID cache vouches for holds it only as that
# import left it.
IMPORT_AGAIN = "import_again"


def _initial(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1: an `orders` table and a `meta` table holding the schema version."""
    return {ORDERS: data.get(ORDERS, {}), META: {"1": {"schema_version": 1}}}


MIGRATIONS: list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = [
    ("initial", _initial),
]
assert len(MIGRATIONS) == SCHEMA_VERSION


def schema_version(data: dict[str, Any]) -> int:
    meta = data.get(META)
    if meta is None:
        return 0
    return meta["1"]["schema_version"]


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    for _name, step in MIGRATIONS[schema_version(data):]:
        data = step(data)
    return data

