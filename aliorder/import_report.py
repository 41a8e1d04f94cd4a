"""What an import tells of each file: its new, updated, unchanged, kept and skipped orders.

Apart from aliorder.imports so that importing a file again that nothing changed since
(aliorder.import_again) can answer without loading the readers and the mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Skipped:
    file: str
    line: int
    why: str


@dataclass
class FileReport:
    file: str
    format: str
    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    unchanged_ids: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    due: int = 0  # new or moved orders with a time rule already due (tick applies them)
    # (id, order no., item, what, from status, to status) for the dry run's table and kept lines
    changes: list[tuple[int, str, str, str, str | None, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileReport]
    dry_run: bool
