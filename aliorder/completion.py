"""What TAB offers: reason slugs, statuses, methods and the IDs in the database.

Runs on every TAB press, so it imports little and never writes.
"""

from __future__ import annotations

from typing import Any


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    return [(value, help_) for value, help_ in pairs if value.startswith(incomplete)]


def cancel_reasons(incomplete: str) -> list[tuple[str, str]]:
    from .domain import CANCEL_REASONS

    return _matching([(r.slug, r.label) for r in CANCEL_REASONS.values()], incomplete)


def dispute_reasons(incomplete: str) -> list[tuple[str, str]]:
    from .domain import DISPUTE_REASONS

    return _matching([(r.slug, r.label) for r in DISPUTE_REASONS.values()], incomplete)


def statuses(incomplete: str) -> list[tuple[str, str]]:
    from .domain import Status

    return _matching([(s.value, "") for s in Status], incomplete)


def payment_methods(incomplete: str) -> list[tuple[str, str]]:
    from .domain import PAYMENT_METHODS

    return _matching([(m, "") for m in PAYMENT_METHODS], incomplete)


def channels(incomplete: str) -> list[tuple[str, str]]:
    from .domain import CONTACT_CHANNELS

    return _matching([(c, "") for c in CONTACT_CHANNELS], incomplete)


def currencies(incomplete: str) -> list[tuple[str, str]]:
    from .money import ISO_4217

    return _matching([(c, "") for c in sorted(ISO_4217)], incomplete.upper())


def order_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """The orders in the database the command line names, with their items."""
    from .storage import DatabaseFile, database_path

    root = ctx.find_root()
    try:
        data = DatabaseFile(database_path(root.params.get("db"))).load()
    except Exception:  # a broken database must not break the shell's TAB
        return []
    found = []
    for key, record in data.get("orders", {}).items():
        item = " ".join(str(record.get("item", "")).split())[:60]
        if key.startswith(incomplete):
            found.append((key, item))
        order_no = record.get("order_no")
        if order_no and incomplete and str(order_no).startswith(incomplete):
            found.append((str(order_no), item))
    found.sort(key=lambda pair: (len(pair[0]), pair[0]))
    return found
