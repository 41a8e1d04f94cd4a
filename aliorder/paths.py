"""Where the database is: found without importing the storage layer (TAB needs only this)."""

from __future__ import annotations

import os
from pathlib import Path


def database_path(option: str | None = None) -> Path:
    """`--db`, else `ALIORDER_DB`, else the platform's user data folder."""
    chosen = option if option is not None else os.environ.get("ALIORDER_DB")
    if chosen is not None and not chosen.strip():
        # An empty path must not fall through to another database (the buyer's real one).
        from .errors import BadInput

        named = "--db" if option is not None else "ALIORDER_DB"
        raise BadInput(f"{named} is empty: it must name the database file.",
                       hint="Give a path, like --db ~/orders.json, or unset ALIORDER_DB to use "
                       "the default database.")
    if chosen and chosen.rstrip().endswith(("/", os.sep)):
        # Path() drops the slash: `--db ~/aliorder/` made a database *file* named aliorder.
        from .errors import BadInput

        named = "--db" if option is not None else "ALIORDER_DB"
        folder = chosen.rstrip().rstrip("/" + os.sep) or os.sep
        raise BadInput(f"{named} {chosen!r} names a folder: it must name the database file.",
                       hint=f"Name a file in it, like {named}{' ' if option is not None else '='}"
                            f"{os.path.join(folder, 'orders.json')}")
    if chosen:
        return Path(chosen).expanduser()
    return user_dir("XDG_DATA_HOME", ".local/share", "user_data_path") / "aliorder" / "orders.json"


def user_dir(xdg: str, default: str, platformdirs_name: str) -> Path:
    """The user's data or config folder. On Linux, the XDG rule that platformdirs follows
    ($XDG_..._HOME if set, else ~/.local/share or ~/.config), without importing it (a few
    ms of every command); elsewhere platformdirs itself."""
    import sys

    if sys.platform.startswith("linux"):
        chosen = os.environ.get(xdg, "").strip()
        return Path(chosen).expanduser() if chosen else Path.home() / default
    import platformdirs

    return getattr(platformdirs, platformdirs_name)("aliorder", appauthor=False).parent


def real_path(path: Path) -> Path:
    """The file a symlinked database points to: the one that is written, with its cache beside it."""
    return Path(os.path.realpath(path))


def is_companion(path: str | Path, database: Path) -> bool:
    """Whether writing `path` would replace the database or a file aliorder keeps beside it
    (its backups orders.json.N, its lock, its ID cache, its temp files, its journal), the
    names resolved through symlinks, hard links included."""
    target = real_path(database)
    candidate = Path(os.path.realpath(Path(path).expanduser()))
    if candidate == target:
        return True
    if candidate.parent == target.parent and (candidate.name.startswith(f"{target.name}.")
                                              or candidate.name.startswith(f".{target.name}.")):
        return True
    try:
        return os.path.samefile(candidate, target)
    except OSError:
        return False
