"""aliorder's database file as a TinyDB storage.

`TinyDB(path, storage=TinyDBStorage)` queries and writes the file aliorder keeps, each
write locked, atomic and backed up as aliorder's own. A module apart so that aliorder's
start-up does not import TinyDB (4 ms of every command): aliorder reads and writes the
file itself (see Repository), in TinyDB's layout.
"""

from __future__ import annotations

from tinydb.storages import Storage

from .file import DatabaseFile


class TinyDBStorage(DatabaseFile, Storage):
    pass
