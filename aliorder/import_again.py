"""Importing the same file again into a database nothing changed since: answered without
reading either (issue 12: a re-import within 2x of reading the file).

An import that writes also records, in the database's meta table (so in the same atomic
write), what importing each of its files again would find: every order of the file still
as this import left it (the row stamp of `aliorder.imports` matches), so "unchanged". The
record holds, per file, a digest of the file's bytes with the `--format` asked for and the
version of this code, and the ids of its orders; and one digest of every order line of the
database as it was written (ids, fields, events, tick's bookkeeping: the whole line).

A later import whose files have the same digests, into a database whose order lines have
the same digest, gets that answer without parsing the file or decoding any order. Only the
import's own write keeps the record (DatabaseFile.store drops it from every other), so in a
file the ID cache vouches for it is still that write's: then the digest need not be taken.

It is the answer the import would compute: when every order of a file is found by its stamp,
nothing of it is converted, so the answer depends only on the file's bytes, `--format`,
the code, and the stored orders; not on the settings, the clock, `--currency` or the time
zone. Any change to any order since (a tick, a pay, an undo, a hand edit, another
program's write) changes the lines' digest, and the import reads everything as before.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Iterable

from . import __version__

if TYPE_CHECKING:
    from .import_report import ImportReport
from .storage.schema import IMPORT_AGAIN

# Bump when what decides "unchanged by its stamp" changes: the readers' row keys, the
# fingerprints, the stamps, or how an order is looked up.
VERSION = 1
KEY = IMPORT_AGAIN


def file_key(raw: bytes, fmt: str | None) -> str:
    """A digest of an import file's bytes, with the --format asked for and this code's version."""
    digest = hashlib.sha256(f"aliorder-import-again {VERSION} {__version__} {fmt or ''}\n".encode())
    digest.update(raw)
    return digest.hexdigest()


def written_digest(lines: Iterable[Any]) -> str:
    """The digest of the order lines as the write will leave them in the file (in their order)."""
    from .storage import layout

    return layout.section_digest(lines, hashlib.sha256()).hexdigest()


def file_digest(section: Any) -> str:
    """The digest of the order lines as a file holds them (`DatabaseFile.glance`)."""
    return hashlib.sha256(section).hexdigest()


def runs(ids: Iterable[int]) -> list[list[int]]:
    """[[first, count], ...]: the ids, ascending, consecutive ones as one run."""
    found: list[list[int]] = []
    for i in sorted(set(ids)):
        if found and found[-1][0] + found[-1][1] == i:
            found[-1][1] += 1
        else:
            found.append([i, 1])
    return found


def _ids(stored_runs: Any) -> list[int]:
    return [first + n for first, count in stored_runs for n in range(count)]


def record(meta: dict[str, Any], lines: Iterable[Any], files: dict[str, tuple[str, list[int]]]) -> None:
    """Record in `meta` what importing `files` again would find ({file key: (format, the
    ids of its orders, one per order of the file)}), or drop the record when no file would
    find every order unchanged."""
    if not files:
        meta.pop(KEY, None)
        return
    meta[KEY] = {"v": VERSION, "orders": written_digest(lines),
                 "files": {key: {"format": name, "orders": len(ids), "ids": runs(ids)}
                           for key, (name, ids) in files.items()}}


def read_all(paths: list[str]) -> list[bytes] | None:
    """Each file's bytes; None if one cannot be read (then the import reads them itself, and
    says why in order)."""
    from pathlib import Path

    if not all(p.strip() for p in paths):
        return None
    try:
        return [Path(p).read_bytes() for p in paths]
    except (OSError, ValueError):
        return None


def answer(database: Any, paths: list[str], raws: list[bytes], keys: list[str],
           dry_run: bool) -> ImportReport | None:
    """The import's report when every order of every file is as the last import left it
    (each file's orders all "unchanged"), from that import's record; else None: the files
    must be read. `database`: its DatabaseFile; `keys`: the files' `file_key`s."""
    from .import_report import FileReport, ImportReport

    if any(not raw for raw in raws):  # an empty file: the import says what is wrong with it
        return None
    found = lookup(database, keys)
    if found is None:
        return None
    return ImportReport([FileReport(path, name, unchanged=count, unchanged_ids=ids)
                         for path, (name, count, ids) in zip(paths, found)], dry_run)


def lookup(database: Any, keys: list[str]) -> list[tuple[str, int, list[int]]] | None:
    """(format, how many orders, their ids ascending) of each file, every order unchanged,
    if the database's record says so for these files and its order lines are the ones the
    record was made with; else None. `database`: its DatabaseFile.

    A file the ID cache vouches for (the last aliorder write made it) holds a record only
    as the import that made that write left it (every other write drops it): its first line
    is enough. Any other file (copied, restored by hand) has its order lines hashed."""
    head = database.head()
    if head is None:
        return None
    tables, vouched = head
    if not vouched:
        glanced = database.glance()
        if glanced is None:
            return None
        tables, section = glanced
    try:
        entry = tables["meta"]["1"].get(KEY)
        if not isinstance(entry, dict) or entry.get("v") != VERSION:
            return None
        files = entry["files"]
        if not all(key in files for key in keys):
            return None
        if not vouched and entry.get("orders") != file_digest(section):
            return None
        return [(str(files[key]["format"]), int(files[key]["orders"]), _ids(files[key]["ids"])) for key in keys]
    except (KeyError, TypeError, ValueError, AttributeError):  # edited into another shape
        return None
