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
    from .paths import user_dir

    return user_dir("XDG_CONFIG_HOME", ".config", "user_config_path") / "aliorder" / "config.toml"


def _read(path: Path) -> dict | None:
    """The settings file's tables, or None when there is no file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise SettingsProblem(f"The settings file {path} cannot be read: {e.strerror}.") from None
    import tomllib

    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM, as Windows editors write: not TOML's, but harmless
        raw = raw[3:]
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
    rules = {k: v for k, v in data.items() if k != "import"}
    _check_values(rules, str(path))
    return Rules.from_mapping(rules, source=str(path))


# The largest value a setting may have, by its unit: more is a typo, not a rule.
LARGEST = {"days": 3650, "hours": 3650 * 24, "seconds": 600}


def _check_values(data: dict, source: str) -> None:
    """Each rule's value is a positive number no larger than its unit allows (a day count over
    3650, a lock timeout over 10 minutes are typos); messages show values as TOML has them."""
    for name, value in data.items():
        if name == "refund_days" and isinstance(value, dict):
            for method, pair in value.items():
                if isinstance(pair, list):
                    for item in pair:
                        _check_number(item, f"refund_days.{method}", "days", source, shown=pair)
        elif name != "refund_days":
            _check_number(value, name, name.rsplit("_", 1)[-1], source)


def _check_number(value: object, key: str, unit: str, source: str, shown: object = None) -> None:
    written = toml_text(value if shown is None else shown)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise SettingsProblem(f"{source}: {key} must be a positive number, not {written}.",
                              hint=f"Write it like {key} = {_example(key)}")
    largest = LARGEST.get(unit)
    if largest is not None and value > largest:
        raise SettingsProblem(f"{source}: {key} = {written} is more than any rule needs "
                              f"(at most {largest} {unit}).",
                              hint=f"Check the value: {key} is in {unit}, like {key} = {_example(key)}")


def _example(key: str) -> str:
    if key.startswith("refund_days"):
        return "[5, 20]"
    return {"seconds": "30", "hours": "24"}.get(key.rsplit("_", 1)[-1], "14")


def toml_text(value: object) -> str:
    """A value as the buyer wrote it in TOML (never a Python repr like datetime.date(2027, 1, 1))."""
    import datetime

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_text(v)}" for k, v in value.items()) + "}"
    return str(value)


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
