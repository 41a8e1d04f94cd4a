"""Where the settings live and how they are read (TOML; no file means defaults)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import SettingsProblem
from .policy import Rules


def config_path() -> Path:
    chosen = os.environ.get("ALIORDER_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("aliorder", appauthor=False) / "config.toml"


def _read(path: Path) -> dict | None:
    """The settings file's tables, or None when there is no file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise SettingsProblem(f"The settings file {path} cannot be read: {e.strerror}.") from None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsProblem(f"The settings file {path} is not valid TOML: {e}.",
                              hint="Fix it, or move it aside to use the defaults.") from None
    return data


def load_rules(path: Path | None = None) -> Rules:
    path = path or config_path()
    data = _read(path)
    if data is None:
        return Rules()
    # [import] configures `aliorder import` (import_statuses), not a rule.
    return Rules.from_mapping({k: v for k, v in data.items() if k != "import"}, source=str(path))


def import_statuses(path: Path | None = None) -> dict[str, str]:
    """`[import.statuses]`: more words for a status, `"Zakończone" = "completed"`."""
    from .domain import Status

    path = path or config_path()
    data = _read(path) or {}
    section = data.get("import", {})
    if not isinstance(section, dict) or not isinstance(section.get("statuses", {}), dict):
        raise SettingsProblem(f"{path}: [import.statuses] must be a table of \"word\" = \"status\".")
    unknown = sorted(set(section) - {"statuses"})
    if unknown:
        raise SettingsProblem(f"{path}: unknown setting import.{', import.'.join(unknown)}.",
                              hint="Known: import.statuses.")
    words = section.get("statuses", {})
    valid = {str(s) for s in Status}
    for word, status in words.items():
        if status not in valid:
            raise SettingsProblem(f"{path}: import.statuses.{word} = {status!r} is not a status.",
                                  hint=f"Choose one of: {', '.join(sorted(valid))}.")
    return dict(words)
