"""The database's schema: its version, and the append-only, named migrations to it."""

from __future__ import annotations

from typing import Any, Callable

SCHEMA_VERSION = 1
ORDERS, META = "orders", "meta"


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

