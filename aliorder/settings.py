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


def load_rules(path: Path | None = None) -> Rules:
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Rules()
    except OSError as e:
        raise SettingsProblem(f"The settings file {path} cannot be read: {e.strerror}.") from None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsProblem(f"The settings file {path} is not valid TOML: {e}.",
                              hint="Fix it, or move it aside to use the defaults.") from None
    return Rules.from_mapping(data, source=str(path))
