"""The orders database: a TinyDB JSON file behind a small repository.

One read and at most one write per command. Writes happen under a lock file
beside the database (never the database itself: the atomic rename would leave
a lock on the old inode), go to a temp file in the same folder, are fsynced and
`os.replace`d, and the folder is fsynced. A file that cannot be read is
reported and never overwritten.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Collection, Iterator

# TinyDB's storage interface, which the database file implements (about 1.5 ms to import;
# TAB and --help never import this module).
from tinydb.storages import Storage

from . import layout
from .errors import BadInput, LockTimeout, StorageProblem, UnknownOrder
# database_path lives in paths.py, which TAB imports without this module.
from .paths import database_path as database_path, real_path

if TYPE_CHECKING:
    from .domain import Order

SCHEMA_VERSION = 1
BACKUPS_KEPT = 3
ORDERS, META = "orders", "meta"


# --- schema: append-only, named migrations -----------------------------------


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


# --- the file ----------------------------------------------------------------


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
        return StorageProblem(f"The database {where} {why}; it was left untouched.",
                              hint=_restore_hint(backups_of or where))
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
            raise StorageProblem(
                f"The database {self.where} is not valid JSON in the line of order {key} ({e}); "
                "it was left untouched.", hint=_restore_hint(self.backups_of)) from None

    def records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every order's record in turn, each parsed as it comes; the scan checks them all."""
        from .idcache import line as id_line

        ids: dict[str, str] | None = {} if self.id_lines is not None else None
        record = self.record
        for key in self.lines:
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

    def put(self, key: str, doc: dict[str, Any]) -> None:
        self.lines[key] = layout.line(key, _dumps(doc))
        if self.id_lines is not None:
            from .idcache import line as id_line

            self.id_lines[key] = id_line(key, doc)

    def chunks(self) -> Iterator[bytes]:
        return layout.chunks(_dumps(self.tables), self.lines)

    def id_text(self) -> str:
        """The ID cache's lines (idcache.py): those a full scan kept, else made by a scan."""
        from . import idcache

        if self.id_lines is None or not self.checked:
            return idcache.lines(self.records())
        return "".join(self.id_lines.values())


def parse(raw: bytes, where: str, backups_of: str | None = None) -> Stored:
    """The file's content; raises ValueError if it is not JSON, StorageProblem if not ours.

    A file in this version's layout is split into lines; any other JSON (the one-line
    file earlier versions wrote, or one a buyer reformatted) is parsed whole, checked,
    and is written in the line layout at the next write.
    """
    framed = layout.split(raw)
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
    # Each order's objects freed as its line is made: the whole parse is peak enough.
    orders = data.pop(ORDERS, {})
    lines = {key: layout.line(key, _dumps(orders.pop(key))) for key in list(orders)}
    return Stored(data, lines, where, backups_of)


def migrated(stored: Stored) -> Stored:
    if schema_version(stored.tables) == SCHEMA_VERSION:
        return stored
    data = migrate(stored.to_data())
    return Stored.from_data(data, stored.where, stored.backups_of)


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


def _restore_hint(real: str) -> str:
    for n, backup in enumerate(backup_paths(real), start=1):
        try:
            read_backup(backup)
        except (OSError, ValueError, StorageProblem):
            continue
        return (f"The newest good backup is {backup}: to go back to it, run aliorder restore {n} "
                f"(the file it replaces is kept as {real}.1). aliorder backups lists them all.")
    return f"No good backup beside it. Fix or move {real} aside; aliorder starts a new database where none exists."


def _refuse_if_only_backups(where: str, real: Path) -> None:
    """A database deleted by mistake must not silently become a new, empty one."""
    if any(backup.exists() for backup in backup_paths(real)):
        raise StorageProblem(
            f"The database {where} is missing, but backups of it are beside it; "
            "nothing was written.",
            hint=_restore_hint(str(real)) + " To start a new, empty database instead, "
            f"move {real}.1 to .{BACKUPS_KEPT} aside.")


class DatabaseFile(Storage):
    """Where the orders live on disk, read and written whole.

    Also a TinyDB storage (read, write, close): `TinyDB(path, storage=DatabaseFile)`
    reads and writes the same file, each write locked and atomic.
    """

    def __init__(self, path: str | Path, lock_timeout: float = 10):
        self.path = Path(path)
        self.lock_timeout = lock_timeout

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
        from .idcache import identity as file_identity

        where = str(self.path)
        target = self.target
        try:
            with open(target, "rb") as file:
                identity = file_identity(os.fstat(file.fileno()))
                if unless is not None and unless.identity == identity:
                    return unless
                raw = file.read()
        except FileNotFoundError:
            _refuse_if_only_backups(where, target)
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
                                 "it was left untouched.", hint=_restore_hint(str(target))) from None
        stored = migrated(stored)
        stored.identity = identity
        return stored

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
            raise StorageProblem(f"Cannot lock the database {self.path}: {e.strerror} "
                                 f"({self.target}.lock). Nothing was written.") from None
        try:
            yield
        finally:
            lock.release()

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
        from . import idcache

        ids = stored.id_text()  # before the write: nothing may fail after it
        target = self.target
        folder = target.parent
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
            previous = _link_previous(target) if existing is not None else None
            os.replace(temp, target)
            temp = None
        except OSError as e:
            why = "the disk is full" if e.errno == errno.ENOSPC else e.strerror
            raise StorageProblem(f"Cannot write the database {self.path}: {why}. "
                                 "Its previous content is intact; nothing was written.") from None
        finally:
            # Also on KeyboardInterrupt: the old file was never touched, and no temp file stays.
            if temp is not None:
                _remove_quietly(temp)
                if previous is not None:
                    _remove_quietly(previous)
        _fsync_folder(folder)
        if previous is not None:
            _rotate_backups(target, previous)
        idcache.write(target, ids)

    def _refuse_read_only(self, target: Path, existing: os.stat_result) -> None:
        # Root may write anything, and a rename needs no write permission on the file
        # itself: honour the buyer's chmod a-w explicitly.
        mode = existing.st_mode & 0o7777
        if mode & 0o222 == 0 or not os.access(target, os.W_OK):
            raise StorageProblem(
                f"The database {self.path} is read-only (mode {mode:04o}): nothing was written.",
                hint=f"Reading works. To record changes, make it writable: chmod u+w '{target}'")


@dataclass(frozen=True)
class Backup:
    """One kept generation of the database: orders.json.N, newest first."""

    number: int
    path: Path
    written_at: datetime | None = None
    orders: int | None = None
    problem: str | None = None  # why it cannot be restored, when it cannot


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
    return [_examine(n, path) for n, path in enumerate(backup_paths(file.target), start=1)]


def restore_backup(file: DatabaseFile, number: int) -> Backup:
    """Make backup N the database again, atomically; the file it replaces becomes backup 1."""
    if not 1 <= number <= BACKUPS_KEPT:
        raise BadInput(f"There is no backup {number}: aliorder keeps backups 1 to {BACKUPS_KEPT}.",
                       hint="aliorder backups lists them.")
    with file.locked():
        backup = _examine(number, backup_paths(file.target)[number - 1])
        if backup.problem is not None:
            raise BadInput(f"Backup {number} ({backup.path}) is {backup.problem}: it cannot be restored.",
                           hint="aliorder backups lists the good ones.")
        file.store(migrated(read_backup(backup.path)))
    return backup


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


def _link_previous(target: Path) -> Path | None:
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


def _rotate_backups(target: Path, previous: Path) -> None:
    """orders.json.2 -> .3, .1 -> .2, previous -> .1, by renames, after the new file is in place.

    The write has succeeded by now, so a failure here costs a backup, never the write.
    """
    backups = backup_paths(target)
    try:
        for older, newer in zip(reversed(backups[:-1]), reversed(backups[1:])):
            if older.exists():
                os.replace(older, newer)
        os.replace(previous, backups[0])
    except OSError:
        _remove_quietly(previous)


def _temp_files(folder: Path, name: str) -> Iterator[Path]:
    return folder.glob(f".{name}.*.tmp")


def _sweep_temp_files(folder: Path, name: str) -> None:
    """Temp files left by a writer that was killed; only a lock holder may sweep."""
    for leftover in _temp_files(folder, name):
        _remove_quietly(leftover)


class MemoryFile(Storage):
    """A database that lives in memory, for tests (TinyDB's MemoryStorage, but atomic).

    It holds the file's bytes, in the same layout, read and written as the file's are.
    """

    def __init__(self) -> None:
        self.path = Path(":memory:")
        self._raw = b"".join(migrated(Stored({}, {}, str(self.path))).chunks())

    def load(self, unless: Stored | None = None) -> Stored:
        return migrated(parse(self._raw, str(self.path)))

    @contextmanager
    def locked(self) -> Iterator[None]:
        yield

    def store(self, stored: Stored) -> None:
        self._raw = b"".join(stored.chunks())

    def sweep(self) -> None:
        pass

    # --- TinyDB's Storage interface (read, write, close) ---

    def read(self) -> dict[str, Any]:
        return self.load().to_data()

    def write(self, data: dict[str, Any]) -> None:
        self.store(migrated(Stored.from_data(data, str(self.path))))

    def close(self) -> None:
        pass


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


def _remove_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# --- the tables, read once and written once --------------------------------


class Repository:
    """The orders of one database, as domain objects.

    The file keeps TinyDB's layout (`{"meta": {"1": {...}}, "orders": {"1": {...}}}`,
    documents keyed by their id as a string), one order per line. Records are parsed
    one at a time, when asked for: `records()` scans them all, `get` decodes one.
    TinyDB's table API is not used: it rebuilds the whole table on every insert or
    update, which made `tick` quadratic in the number of orders, and it holds every
    parsed order at once.
    """

    def __init__(self, stored: Stored):
        self.stored = stored
        self.changed = False

    @property
    def _where(self) -> str:
        return self.stored.where

    def as_order(self, key: str, doc: dict[str, Any]) -> Order:
        """A stored record as an Order; a record edited into nonsense is a storage problem."""
        from . import records

        try:
            return records.from_record(int(key), doc)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as e:
            raise StorageProblem(
                f"The database {self._where} holds order {key} in a shape aliorder cannot read "
                f"({type(e).__name__}: {e}); it was left untouched.",
                hint="Fix that order in the file, or go back to a backup: aliorder backups") from None

    def records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every stored record by id, each parsed in turn: for scans over many orders.

        A scan checks every line; a broken one stops it with a storage problem."""
        return self.stored.records()

    def record(self, key: str) -> dict[str, Any]:
        """One stored record (without checking the others)."""
        return self.stored.record(key)

    def decode(self, key: str) -> Order:
        """Order `key` as it is stored, without checking the others: for a scan's own errors."""
        return self.as_order(key, self.stored.record(key))

    def orders(self) -> Iterator[Order]:
        """Every order in turn, none kept: for scans that need whole orders."""
        order = self.as_order
        for key, doc in self.records():
            yield order(key, doc)

    def ids(self) -> list[int]:
        return sorted(int(key) for key in self.stored.lines)

    def get(self, ref: str | int) -> Order:
        ref = str(ref).strip()
        if _all_ids([ref]) and str(int(ref)) in self.stored.lines:
            self.stored.check()
            return self.decode(str(int(ref)))
        found = self.find_order_no(ref)
        if found is not None:
            return self.decode(str(found))
        raise UnknownOrder(f"There is no order {ref!r}.", hint=self._which_exist())

    def find_order_no(self, order_no: str) -> int | None:
        """The id of the order with this AliExpress order number, if any."""
        found = None
        for key, doc in self.records():  # the whole scan: it checks every line
            if found is None and doc.get("order_no") == order_no:
                found = int(key)
        return found

    def _which_exist(self) -> str:
        ids = self.ids()
        if not ids:
            return "There are no orders yet: record one with aliorder place ITEM --price P"
        if len(ids) <= 12:
            listed = ", ".join(map(str, ids))
        else:
            listed = f"{', '.join(map(str, ids[:5]))}, ..., {', '.join(map(str, ids[-5:]))}"
        return f"Orders that exist: {listed} (aliorder list shows them)."

    def next_id(self) -> int:
        return max(map(int, self.stored.lines), default=0) + 1

    def add(self, order: Order, extra: dict[str, Any] | None = None) -> None:
        key = str(order.id)
        if key in self.stored.lines:
            raise ValueError(f"Order {key} already exists")
        self.stored.put(key, self._record(order, extra))
        self.changed = True

    def save(self, order: Order, extra: dict[str, Any] | None = None) -> None:
        # Like TinyDB's update: keys this version does not know are kept.
        key = str(order.id)
        doc = self.stored.record(key)
        doc.update(self._record(order, extra))
        self.stored.put(key, doc)
        self.changed = True

    @staticmethod
    def _record(order: Order, extra: dict[str, Any] | None) -> dict[str, Any]:
        from . import records

        record = records.to_record(order)
        if extra:
            record.update(extra)
        return record

    def meta(self) -> dict[str, Any]:
        return self.stored.tables[META]["1"]

    def set_meta(self, **values: Any) -> None:
        self.meta().update(values)
        self.changed = True


class Database:
    """Opens the unit of work: a read-only snapshot, or a locked transaction."""

    def __init__(self, file: DatabaseFile | MemoryFile):
        self.file = file
        self._looked: Stored | None = None  # a snapshot a transaction may follow

    @property
    def path(self) -> Path:
        return self.file.path

    def snapshot(self, then_act: bool = False) -> Repository:
        """The database as it is now. `then_act`: the command may then change it (after asking
        the buyer, say): its transaction takes this read again if the file has not changed."""
        # Writers replace the file atomically, so a reader needs no lock.
        self.file.sweep()
        stored = self.file.load()
        if then_act:
            stored.id_lines = {}  # kept by the scan, as a transaction's are
            self._looked = stored
        return Repository(stored)

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        with self.file.locked():
            stored, self._looked = self.file.load(unless=self._looked), None
            if stored.id_lines is None:
                stored.id_lines = {}  # the ID cache's lines, kept by the scan that checks every line
            repo = Repository(stored)
            yield repo
            if repo.changed:
                stored.check()  # a broken line is never written over
                self.file.store(stored)
