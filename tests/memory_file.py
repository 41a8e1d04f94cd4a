"""A database that lives in memory, for tests."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from tinydb.storages import Storage

from aliorder.storage import Stored, migrated, parse


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

