"""The database file: read whole, written whole under a lock, atomically.

Writes happen under a lock file beside the database (never the database itself: the
atomic rename would leave a lock on the old inode), go to a temp file in the same
folder, are fsynced and `os.replace`d, and the folder is fsynced. A file that cannot
be read is reported and never overwritten.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

# TinyDB's storage interface, which the database file implements (about 1.5 ms to import;
# TAB and --help never import this package).

from .. import interrupts
from ..errors import LockTimeout, StorageProblem
from ..paths import real_path
from . import layout
from .stored import Stored, migrated, parse


# The lock cannot be made because nothing can be written there: a read-only file system,
# or a folder this user may not write.
READ_ONLY_ERRORS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


class DatabaseFile:
    """Where the orders live on disk, read and written whole.

    It has TinyDB's storage interface (read, write, close); `storage.TinyDBStorage` is
    this class declared a TinyDB `Storage`, for `TinyDB(path, storage=TinyDBStorage)`.
    """

    def __init__(self, path: str | Path, lock_timeout: float = 10):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._unlocked: str | None = None  # why the lock could not be taken (a read-only folder)

    # --- TinyDB's Storage interface ---

    def read(self) -> dict[str, Any]:
        return self.load().to_data()

    def write(self, data: dict[str, Any]) -> None:
        with self.locked():
            self.store(migrated(Stored.from_data(data, str(self.path))))

    def close(self) -> None:
        pass

    @property
    def target(self) -> Path:
        # A symlinked database stays a link: we write the file it points to.
        return real_path(self.path)

    def load(self, unless: Stored | None = None) -> Stored:
        """The file's content. `unless`: what an earlier load gave, given back unread if the
        file is still the one it was read from (every write replaces it with a new inode)."""
        from ..idcache import identity as file_identity, vouches

        where = str(self.path)
        target = self.target
        try:
            with open(target, "rb") as file:
                identity = file_identity(os.fstat(file.fileno()))
                if unless is not None and unless.identity == identity:
                    return unless
                raw = file.read()
        except FileNotFoundError:
            from .backups import refuse_if_only_backups

            refuse_if_only_backups(where, target)
            return migrated(Stored({}, {}, where, str(target)))
        except IsADirectoryError:
            raise StorageProblem(f"The database {where} is a folder, not a file.",
                                 hint="Point --db or ALIORDER_DB at a file.") from None
        except OSError as e:
            raise StorageProblem(f"The database {where} cannot be read: {e.strerror}.") from None
        try:
            stored = parse(raw, where, backups_of=str(target))
        except ValueError as e:
            raise StorageProblem(f"The database {where} is not valid JSON ({e}); "
                                 "it was left untouched.", hint=_restore_hint(target)) from None
        stored = migrated(stored)
        stored.identity = identity
        stored.vouched = vouches(target, identity)
        return stored

    def head(self) -> tuple[dict[str, Any], bool] | None:
        """(the tables other than the orders, whether the ID cache vouches that the file is
        the one the last aliorder write made), from the file's first line alone; None when
        the file is absent, unreadable, in another layout or of another schema version."""
        import orjson

        from ..idcache import identity as file_identity, vouches

        try:
            with open(self.target, "rb") as file:
                identity = file_identity(os.fstat(file.fileno()))
                first = file.readline()
            tables = self._tables(layout.head_tables(first[:-1]) if first.endswith(b"\n") else None,
                                  orjson, True)
        except (OSError, ValueError, StorageProblem):
            return None
        return None if tables is None else (tables, vouches(self.target, identity))

    def _tables(self, head: bytes | None, orjson: Any, has_orders: bool) -> dict[str, Any] | None:
        from .schema import SCHEMA_VERSION, schema_version
        from .stored import _breaker, _check_tables

        if head is None:
            return None
        tables = orjson.loads(head)
        if not isinstance(tables, dict):
            return None
        where = str(self.path)
        _check_tables(tables, has_orders, where, _breaker(where, None))
        return tables if schema_version(tables) == SCHEMA_VERSION else None

    def glance(self) -> tuple[dict[str, Any], memoryview] | None:
        """(the tables other than the orders, the order lines' bytes as the file holds them),
        read without splitting the file into orders or parsing any: for a reader that needs
        only the meta table and a digest of the orders (aliorder.import_again). None when the
        file is absent, unreadable, in another layout or of another schema version: then
        `load` reads it (and says what is wrong)."""
        import orjson

        try:
            with open(self.target, "rb") as file:
                raw = file.read()
            framed = layout.section(raw)
            if framed is None:
                return None
            tables = self._tables(framed[0], orjson, bool(framed[1]))
        except (OSError, ValueError, StorageProblem):
            return None
        return None if tables is None else (tables, framed[1])

    def _lock(self, timeout: float) -> Any:
        from filelock import FileLock

        target = self.target
        target.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(f"{target}.lock", timeout=timeout)

    @contextmanager
    def locked(self) -> Iterator[None]:
        from filelock import Timeout

        try:
            lock = self._lock(self.lock_timeout)
            lock.acquire()
        except Timeout:
            raise LockTimeout(
                f"The database {self.path} is busy: another aliorder held its lock for "
                f"{self.lock_timeout:g} s (setting lock_timeout_seconds). Nothing was written.",
                hint="Try again in a moment.") from None
        except OSError as e:
            if e.errno not in READ_ONLY_ERRORS:
                raise StorageProblem(f"Cannot lock the database {self.path}: {e.strerror} "
                                     f"({self.target}.lock). Nothing was written.") from None
            lock = None
            # A folder that cannot be written (a read-only file system, someone else's
            # folder): no write can happen, so none needs the lock. A command with nothing
            # to write (a quiet tick) just reads; one that would write is told why not.
            self._unlocked = e.strerror or "read-only"
        try:
            yield
        finally:
            if lock is not None:
                lock.release()
            self._unlocked = None

    def sweep(self) -> None:
        """Remove temp files a killed writer left, if no writer holds the lock now (for readers)."""
        target = self.target
        try:
            if not any(_temp_files(target.parent, target.name)):
                return
            lock = self._lock(0)
            lock.acquire()
        except Exception:
            return  # busy, or not ours to tidy: the next writer sweeps under its lock
        try:
            _sweep_temp_files(target.parent, target.name)
        finally:
            lock.release()

    def store(self, stored: Stored) -> None:
        """Replace the file atomically, and the ID cache beside it; the caller holds the lock."""
        from .. import idcache
        from .backups import link_previous, rotate_backups
        from .schema import IMPORT_AGAIN, META

        if not stored.import_again:  # an import's record outlives only the write that made it
            meta = stored.tables.get(META, {}).get("1")
            if isinstance(meta, dict):
                meta.pop(IMPORT_AGAIN, None)
        ids = stored.id_text()  # before the write: nothing may fail after it
        target = self.target
        folder = target.parent
        if self._unlocked is not None:
            raise StorageProblem(
                f"Cannot write the database {self.path}: its folder {folder} cannot be written "
                f"({self._unlocked}). Nothing was written.",
                hint="Reading works (list, show, deadlines). To record changes, make the folder "
                "writable, or point --db at a copy in a folder you can write.")
        temp: str | None = None
        previous: Path | None = None
        try:
            _sweep_temp_files(folder, target.name)
            existing = _existing(target)
            if existing is not None:
                self._refuse_read_only(target, existing)
            import tempfile

            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "wb") as out:
                for piece in stored.chunks():
                    out.write(piece)
                out.flush()
                os.fsync(out.fileno())
            _copy_mode_and_owner(temp, existing)
            previous = link_previous(target) if existing is not None else None
            # From the commit to the command's end, Ctrl-C no longer changes the outcome
            # (aliorder.interrupts; released by the CLI when the command is done).
            interrupts.hold()
            try:
                os.replace(temp, target)
            except BaseException:
                interrupts.release(landed=False)
                raise
            temp = None
        except OSError as e:
            why = "the disk is full" if e.errno == errno.ENOSPC else e.strerror
            raise StorageProblem(f"Cannot write the database {self.path}: {why}. "
                                 "Its previous content is intact; nothing was written.") from None
        finally:
            # Also on KeyboardInterrupt: the old file was never touched, and no temp file stays.
            if temp is not None:
                remove_quietly(temp)
                if previous is not None:
                    remove_quietly(previous)
        _fsync_folder(folder)
        if previous is not None:
            rotate_backups(target, previous)
        idcache.write(target, ids)
        interrupts.committed()

    def _refuse_read_only(self, target: Path, existing: os.stat_result) -> None:
        # Root may write anything, and a rename needs no write permission on the file
        # itself: honour the buyer's chmod a-w explicitly.
        mode = existing.st_mode & 0o7777
        if mode & 0o222 == 0 or not os.access(target, os.W_OK):
            raise StorageProblem(
                f"The database {self.path} is read-only (mode {mode:04o}): nothing was written.",
                hint=f"Reading works. To record changes, make it writable: chmod u+w '{target}'")



def _existing(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except FileNotFoundError:
        return None


def _copy_mode_and_owner(temp: str, existing: os.stat_result | None) -> None:
    if existing is None:
        os.chmod(temp, 0o600)
        return
    os.chmod(temp, existing.st_mode & 0o7777)
    if os.geteuid() == 0 and (existing.st_uid, existing.st_gid) != (0, 0):
        # `sudo aliorder` must not leave the buyer a database only root can write.
        os.chown(temp, existing.st_uid, existing.st_gid)



def _temp_files(folder: Path, name: str) -> list[Path]:
    """The files `.NAME.*.tmp` beside the database (what a write makes before its rename).
    One scan of the folder: every read looks, and pathlib's glob costs more than the read."""
    prefix, suffix = f".{name}.", ".tmp"
    try:
        with os.scandir(folder) as entries:
            return [folder / e.name for e in entries
                    if e.name.startswith(prefix) and e.name.endswith(suffix)
                    and len(e.name) >= len(prefix) + len(suffix)]
    except OSError:
        return []


def _sweep_temp_files(folder: Path, name: str) -> None:
    """Temp files left by a writer that was killed; only a lock holder may sweep."""
    for leftover in _temp_files(folder, name):
        remove_quietly(leftover)



def _fsync_folder(folder: Path) -> None:
    """Make the rename durable. It is already done and visible, so a folder that
    cannot be synced (some filesystems refuse) is no reason to report a failure."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _restore_hint(target: Path) -> str:
    from .backups import restore_hint

    return restore_hint(str(target))
