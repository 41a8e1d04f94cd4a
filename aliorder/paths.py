"""Where the database is: found without importing the storage layer (TAB needs only this)."""

from __future__ import annotations

import os
from pathlib import Path


def database_path(option: str | None = None) -> Path:
    """`--db`, else `ALIORDER_DB`, else the platform's user data folder."""
    chosen = option or os.environ.get("ALIORDER_DB")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path("aliorder", appauthor=False) / "orders.json"


def real_path(path: Path) -> Path:
    """The file a symlinked database points to: the one that is written, with its cache beside it."""
    return Path(os.path.realpath(path))
