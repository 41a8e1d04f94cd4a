"""The kept generations of the database, orders.json.1 (newest) to .N, beside the real file."""

from __future__ import annotations

import errno
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BadInput, StorageProblem
from .stored import Stored, migrated, parse
from ..tuples import Record

if TYPE_CHECKING:
    from .file import DatabaseFile

BACKUPS_KEPT = 3


def backup_paths(real: str | Path) -> list[Path]:
    """orders.json.1 (newest) ... orders.json.N, beside the real file."""
    return [Path(f"{real}.{n}") for n in range(1, BACKUPS_KEPT + 1)]


def read_backup(backup: Path) -> Stored:
    """A backup's content, if it is a readable database (raises OSError, ValueError, StorageProblem)."""
    stored = parse(backup.read_bytes(), str(backup))
    for key in stored.lines:
        stored.parse(key)
    stored.checked = True
    return stored


def restore_hint(real: str) -> str:
    for n, backup in enumerate(backup_paths(real), start=1):
        try:
            read_backup(backup)
        except (OSError, ValueError, StorageProblem):
            continue
        return (f"The newest good backup is {backup}: to go back to it, run aliorder restore {n} "
                f"(the file it replaces is kept as {real}.1). aliorder backups lists them all.")
    return f"No good backup beside it. Fix or move {real} aside; aliorder starts a new database where none exists."


def refuse_if_only_backups(where: str, real: Path) -> None:
    """A database deleted by mistake must not silently become a new, empty one."""
    if any(backup.exists() for backup in backup_paths(real)):
        raise StorageProblem(
            f"The database {where} is missing, but backups of it are beside it; "
            "nothing was written.",
            hint=restore_hint(str(real)) + " To start a new, empty database instead, "
            f"move {real}.1 to .{BACKUPS_KEPT} aside.")



class Backup(Record):
    """One kept generation of the database: orders.json.N, newest first."""

    number: int
    path: Path
    written_at: datetime | None = None
    orders: int | None = None
    problem: str | None = None  # why it cannot be restored, when it cannot
    # What the next newer generation (backup N-1, or the database for backup 1) changed:
    # what restoring this one would take back.
    changed: str | None = None


def _examine(number: int, path: Path) -> Backup:
    try:
        written = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(microsecond=0)
        data = read_backup(path)
    except FileNotFoundError:
        return Backup(number, path, problem="missing")
    except OSError as e:
        return Backup(number, path, problem=f"cannot be read: {e.strerror}")
    except ValueError:
        return Backup(number, path, written, problem="not valid JSON")
    except StorageProblem:
        return Backup(number, path, written, problem="not an aliorder database")
    return Backup(number, path, written, len(data.lines))


def list_backups(file: DatabaseFile) -> list[Backup]:
    found = [_examine(n, path) for n, path in enumerate(backup_paths(file.target), start=1)]
    try:
        newer: Stored | None = file.load()
    except StorageProblem:
        newer = None
    for n, backup in enumerate(found):
        older: Stored | None = None
        if backup.problem is None:
            try:
                older = read_backup(backup.path)
            except (OSError, ValueError, StorageProblem):
                older = None
        if older is not None and newer is not None:
            found[n] = backup._replace(changed=changes(older, newer))
        newer = older
    return found


# Keys of an order's record that are tick's bookkeeping, not the buyer's (see bookkeeping.py).
_NOT_THE_BUYERS = ("next_due", "warn_at", "told", "imported")
SHOWN_CHANGES = 4


def changes(older: Stored, newer: Stored) -> str:
    """What `newer` changed in `older`, in a few words: "order 4 added; order 2: paid"."""
    said = []
    for key in sorted(set(older.lines) | set(newer.lines), key=int):
        if key not in older.lines:
            said.append(f"order {key} added")
        elif key not in newer.lines:
            said.append(f"order {key} removed")
        elif older.lines[key] != newer.lines[key]:
            was, now = older.parse(key), newer.parse(key)
            was_events, now_events = was.get("events") or [], now.get("events") or []
            kinds = [e.get("kind", "?") for e in now_events[len(was_events):] if isinstance(e, dict)]
            if kinds and now_events[:len(was_events)] == was_events:
                said.append(f"order {key}: {', '.join(k.replace('_', ' ') for k in kinds)}")
            elif any(now.get(k) != was.get(k) for k in set(was) | set(now) if k not in _NOT_THE_BUYERS):
                said.append(f"order {key} changed")
    if not said:
        return "no order changed (tick's own notes only)" if older.lines != newer.lines else "no order changed"
    more = len(said) - SHOWN_CHANGES
    return "; ".join(said[:SHOWN_CHANGES]) + (f"; and {more} more" if more > 0 else "")


def restore_backup(file: DatabaseFile, number: int, what: str | None = None, at: str | None = None) -> Backup:
    """Make backup N the database again, atomically; the file it replaces becomes backup 1.

    The undo journal goes on from the replaced file's, with the restore as its newest step
    (`what`, `at`), so undo takes the restore back; a replaced file that cannot be read leaves
    the backup's own journal."""
    if not 1 <= number <= BACKUPS_KEPT:
        raise BadInput(f"There is no backup {number}: aliorder keeps backups 1 to {BACKUPS_KEPT}.",
                       hint="aliorder backups lists them.")
    with file.locked():
        backup = _examine(number, backup_paths(file.target)[number - 1])
        if backup.problem is not None:
            raise BadInput(f"Backup {number} ({backup.path}) is {backup.problem}: it cannot be restored.",
                           hint="aliorder backups lists the good ones.")
        restored = migrated(read_backup(backup.path))
        try:
            current = file.load()
            current.check()
        except StorageProblem:
            current = None
        if current is not None:
            from . import journal

            journal.record_replacement(current, restored, what or f"restore {number}", at)
        file.store(restored)
    return backup



def link_previous(target: Path) -> Path | None:
    """A second name for the current file, taken before it is replaced: the next backup.

    A hard link shares the inode; os.replace then points the database's name at the
    new inode, so this name keeps the previous content. Its temp-file name lets the
    sweep remove it if the writer dies before the rotation.
    """
    previous = target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp"
    try:
        os.link(target, previous)
    except OSError as e:
        if e.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV, errno.ENOSYS):
            return None  # a filesystem without hard links: write without a backup, not not at all
        raise
    return previous


def rotate_backups(target: Path, previous: Path) -> None:
    """orders.json.2 -> .3, .1 -> .2, previous -> .1, after the new file is in place.

    Each step links the newer generation's new content before anything is unlinked (a hard
    link under a temp name, then an atomic rename over the older name), so a kill at any
    moment leaves every generation present (two may hold the same content for a moment),
    never a gap. A generation already missing is skipped, and the next rotation fills it.
    The write has succeeded by now, so a failure here costs a backup, never the write.
    """
    from .file import remove_quietly

    backups = backup_paths(target)
    link: Path | None = None
    try:
        for older, newer in zip(reversed(backups[:-1]), reversed(backups[1:])):
            link = target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp"  # swept if killed
            try:
                os.link(older, link)
            except FileNotFoundError:
                link = None
                continue  # a gap: .N+1 keeps what it has; the step after fills .N
            os.replace(link, newer)
            # rename() of two names of one file does nothing (after a killed rotation .2 and
            # .3 may be one file): the temp name would stay.
            remove_quietly(link)
            link = None
        os.replace(previous, backups[0])
    except OSError:
        remove_quietly(previous)
        if link is not None:
            remove_quietly(link)


