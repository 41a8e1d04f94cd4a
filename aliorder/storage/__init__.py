"""The orders database: a TinyDB JSON file behind a small repository.

One read and at most one write per command. The pieces:

- `layout`: the file's bytes, one order per line;
- `schema`: the schema version and its append-only migrations;
- `stored`: the content as read (`Stored`), its shape checks, and `parse`;
- `file`: `DatabaseFile`, the lock and the atomic write (`TinyDBStorage`: the same, for TinyDB);
- `backups`: the kept generations, their rotation, `restore`;
- `bookkeeping`: tick's index and what it told, kept in each order's record;
- `repository`: `Repository` (the orders as domain objects) and `Database` (the unit of work).

TAB and `--help` import none of this: `aliorder.paths` finds the database without it.
"""

from __future__ import annotations

from ..errors import StorageProblem as StorageProblem
# database_path lives in paths.py, which TAB imports without this package.
from ..paths import database_path as database_path, real_path as real_path
from .bookkeeping import BOOKKEEPING as BOOKKEEPING, Index as Index, OrderLine as OrderLine
from .file import DatabaseFile as DatabaseFile
from .repository import Database as Database, Repository as Repository
from .schema import (META as META, MIGRATIONS as MIGRATIONS, ORDERS as ORDERS,
                     SCHEMA_VERSION as SCHEMA_VERSION, migrate as migrate,
                     schema_version as schema_version)
from .stored import Stored as Stored, check_shape as check_shape, migrated as migrated, parse as parse


# Loaded when first asked for: a command that only reads needs neither the backups nor TinyDB.
_LATER = {"BACKUPS_KEPT": "backups", "Backup": "backups", "backup_paths": "backups",
          "list_backups": "backups", "read_backup": "backups", "restore_backup": "backups",
          "TinyDBStorage": "tinydb_storage"}


def __getattr__(name: str) -> object:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
