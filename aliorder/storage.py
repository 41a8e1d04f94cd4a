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
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from . import records
from .domain import Order
from .errors import LockTimeout, StorageProblem, UnknownOrder

SCHEMA_VERSION = 1
BACKUPS_KEPT = 3
ORDERS, META = "orders", "meta"


def database_path(option: str | None = None) -> Path:
    """`--db`, else `ALIORDER_DB`, else the platform's user data folder."""
    chosen = option or os.environ.get("ALIORDER_DB")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path("aliorder", appauthor=False) / "orders.json"


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


def check_shape(data: Any, where: str) -> dict[str, Any]:
    """The parsed file, if it is an aliorder database this version can read."""
    def broken(why: str) -> StorageProblem:
        return StorageProblem(f"The database {where} {why}; it was left untouched.",
                              hint=_restore_hint(where))

    if not isinstance(data, dict):
        raise broken("is not an aliorder database (its top level is not an object)")
    if any(not isinstance(table, dict) for table in data.values()):
        raise broken("is not an aliorder database (a table is not an object)")
    meta = data.get(META)
    if meta is not None:
        version = (meta.get("1") or {}).get("schema_version")
        if not isinstance(version, int) or version < 1:
            raise broken("has no readable schema version")
        if version > SCHEMA_VERSION:
            raise StorageProblem(
                f"The database {where} was written by a newer aliorder (schema {version}; "
                f"this one reads up to {SCHEMA_VERSION}). It was left untouched.",
                hint="Upgrade aliorder: pip install --upgrade aliorder")
    elif data.get(ORDERS):
        raise broken("has orders but no schema version")
    orders = data.get(ORDERS, {})
    if any(not isinstance(doc, dict) or not key.isdigit() for key, doc in orders.items()):
        raise broken("holds an order that is not an object with a numeric id")
    return data


def _restore_hint(where: str) -> str:
    for n in range(1, BACKUPS_KEPT + 1):
        backup = Path(f"{where}.{n}")
        try:
            check_shape(_loads(backup.read_bytes()), str(backup))
        except (OSError, ValueError, StorageProblem):
            continue
        return f"The newest good backup is {backup}: to go back to it, cp '{backup}' '{where}'"
    return f"Fix or move {where} aside; aliorder starts a new database where none exists."


class DatabaseFile:
    """Where the orders live on disk, read and written whole."""

    def __init__(self, path: Path, lock_timeout: float = 10):
        self.path = path
        self.lock_timeout = lock_timeout

    @property
    def target(self) -> Path:
        # A symlinked database stays a link: we write the file it points to.
        return Path(os.path.realpath(self.path))

    def load(self) -> dict[str, Any]:
        where = str(self.path)
        try:
            raw = self.target.read_bytes()
        except FileNotFoundError:
            return migrate({})
        except IsADirectoryError:
            raise StorageProblem(f"The database {where} is a folder, not a file.",
                                 hint="Point --db or ALIORDER_DB at a file.") from None
        except OSError as e:
            raise StorageProblem(f"The database {where} cannot be read: {e.strerror}.") from None
        try:
            data = _loads(raw)
        except ValueError as e:
            raise StorageProblem(f"The database {where} is not valid JSON ({e}); "
                                 "it was left untouched.", hint=_restore_hint(where)) from None
        return migrate(check_shape(data, where))

    @contextmanager
    def locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        target = self.target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(f"{target}.lock", timeout=self.lock_timeout)
            lock.acquire()
        except Timeout:
            raise LockTimeout(
                f"The database {self.path} is busy: another aliorder held its lock for "
                f"{self.lock_timeout:g} s. Nothing was written.",
                hint="Try again in a moment.") from None
        except OSError as e:
            raise StorageProblem(f"Cannot lock the database {self.path}: {e.strerror}. "
                                 "Nothing was written.") from None
        try:
            yield
        finally:
            lock.release()

    def store(self, data: dict[str, Any]) -> None:
        """Replace the file atomically; the caller holds the lock."""
        target = self.target
        folder = target.parent
        self._sweep_temp_files(folder, target.name)
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o600
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_dumps(data))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, mode)
            self._rotate_backups(target)
            os.replace(temp, target)
            _fsync_folder(folder)
        except OSError as e:
            _remove_quietly(temp)
            why = "the disk is full" if e.errno == errno.ENOSPC else e.strerror
            raise StorageProblem(f"Cannot write the database {self.path}: {why}. "
                                 "Its previous content is intact; nothing was written.") from None

    @staticmethod
    def _rotate_backups(target: Path) -> None:
        """Keep the last generations as orders.json.1 (newest) ... by renames and a hard link."""
        if not target.exists():
            return
        for n in range(BACKUPS_KEPT, 1, -1):
            older = Path(f"{target}.{n - 1}")
            if older.exists():
                os.replace(older, f"{target}.{n}")
        newest = Path(f"{target}.1")
        _remove_quietly(newest)
        os.link(target, newest)

    @staticmethod
    def _sweep_temp_files(folder: Path, name: str) -> None:
        """Temp files left by a writer that was killed; only a lock holder may sweep."""
        for leftover in folder.glob(f".{name}.*.tmp"):
            _remove_quietly(leftover)


class MemoryFile:
    """A database that lives in memory, for tests (TinyDB's MemoryStorage, but atomic)."""

    def __init__(self) -> None:
        self._raw = _dumps(migrate({}))
        self.path = Path(":memory:")

    def load(self) -> dict[str, Any]:
        return _loads(self._raw)

    @contextmanager
    def locked(self) -> Iterator[None]:
        yield

    def store(self, data: dict[str, Any]) -> None:
        self._raw = _dumps(data)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# --- TinyDB over one read and one write --------------------------------------


class _BufferedStorage(Storage):
    """Hands TinyDB the data read once; its writes stay in memory until commit."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


class Repository:
    """The orders of one database, as domain objects."""

    def __init__(self, data: dict[str, Any]):
        self._db = TinyDB(storage=_BufferedStorage, data=data)
        self._orders = self._db.table(ORDERS, cache_size=0)

    @property
    def changed(self) -> bool:
        return self._db.storage.dirty

    @property
    def data(self) -> dict[str, Any]:
        return self._db.storage.read()

    def raw(self) -> dict[str, dict[str, Any]]:
        """The stored records by id, without copying: for scans over many orders."""
        return self.data.get(ORDERS, {})

    def all(self) -> list[Order]:
        return [records.from_record(int(key), doc) for key, doc in self.raw().items()]

    def ids(self) -> list[int]:
        return sorted(int(key) for key in self.raw())

    def get(self, ref: str | int) -> Order:
        ref = str(ref).strip()
        orders = self.raw()
        if ref.isdigit() and str(int(ref)) in orders:
            return records.from_record(int(ref), orders[str(int(ref))])
        for key, doc in orders.items():
            if doc.get("order_no") == ref:
                return records.from_record(int(key), doc)
        raise UnknownOrder(f"There is no order {ref!r}.", hint=self._which_exist())

    def find_order_no(self, order_no: str) -> int | None:
        for key, doc in self.raw().items():
            if doc.get("order_no") == order_no:
                return int(key)
        return None

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
        ids = self.raw()
        return max((int(k) for k in ids), default=0) + 1

    def add(self, order: Order, extra: dict[str, Any] | None = None) -> None:
        self._orders.insert(Document(self._record(order, extra), doc_id=order.id))

    def save(self, order: Order, extra: dict[str, Any] | None = None) -> None:
        self._orders.update(self._record(order, extra), doc_ids=[order.id])

    @staticmethod
    def _record(order: Order, extra: dict[str, Any] | None) -> dict[str, Any]:
        record = records.to_record(order)
        if extra:
            record.update(extra)
        return record

    def meta(self) -> dict[str, Any]:
        return self.data[META]["1"]

    def set_meta(self, **values: Any) -> None:
        self._db.table(META, cache_size=0).update(values, doc_ids=[1])


class Database:
    """Opens the unit of work: a read-only snapshot, or a locked transaction."""

    def __init__(self, file: DatabaseFile | MemoryFile):
        self.file = file

    @property
    def path(self) -> Path:
        return self.file.path

    def snapshot(self) -> Repository:
        # Writers replace the file atomically, so a reader needs no lock.
        return Repository(self.file.load())

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        with self.file.locked():
            repo = Repository(self.file.load())
            yield repo
            if repo.changed:
                self.file.store(repo.data)
