"""An order's bookkeeping: tick's index and what tick told, kept beside the buyer-visible
fields of its record. Only the repository reads or writes it; it is never an undo step."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from ..tuples import Record

# The bookkeeping keys of an order's record (see Repository): tick's, not the buyer's.
BOOKKEEPING = ("next_due", "warn_at", "told")


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.astimezone(timezone.utc).isoformat(timespec="seconds")


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class Index(Record):
    """An order's bookkeeping: when its next rule falls due, when tick next has news of it
    to tell, and what tick told: for each deadline kind, the instant it was about (its due
    time, or when an overdue refund was last told) and how many times. `told` None: keep
    what the record holds."""

    next_due: datetime | None = None
    warn_at: datetime | None = None
    told: dict[str, tuple[datetime, int]] | None = None
    known: bool = True  # False: the record has no index yet

    def as_record(self) -> dict[str, Any]:
        shape: dict[str, Any] = {"next_due": _iso(self.next_due), "warn_at": _iso(self.warn_at)}
        if self.told is not None:
            shape["told"] = {kind: [_iso(at), n] for kind, (at, n) in sorted(self.told.items())}
        return shape

    @classmethod
    def from_record(cls, doc: dict[str, Any]) -> "Index":
        told: dict[str, tuple[datetime, int]] = {}
        kept = doc.get("told")
        if isinstance(kept, dict):  # bookkeeping: a hand-edited one is forgotten, not fatal
            for kind, pair in kept.items():
                try:
                    at, n = pair
                    told[kind] = (datetime.fromisoformat(at), int(n))
                except (TypeError, ValueError):
                    continue
        try:
            return cls(_instant(doc.get("next_due")), _instant(doc.get("warn_at")), told, "next_due" in doc)
        except (TypeError, ValueError):
            return cls(None, None, told, False)


class OrderLine(Record):
    """What `list` shows of an order, read from its record without decoding the rest."""

    id: int
    item: str
    price: str
    currency: str
    status: Any  # domain.Status
    placed_at: datetime
