"""The tables, read once and written once: the repository of orders and its unit of work."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import StorageProblem, UnknownOrder
from .bookkeeping import Index, OrderLine, _iso
from .schema import META
from .stored import Stored, _all_ids

LARGEST_ID = 10**18 - 1  # ids are 1 to 18 digits (stored._all_ids)

if TYPE_CHECKING:
    from ..domain import Order
    from .file import DatabaseFile
    from .journal import Tracker


class Repository:
    """The orders of one database, as domain objects.

    The file keeps TinyDB's layout (`{"meta": {"1": {...}}, "orders": {"1": {...}}}`,
    documents keyed by their id as a string), one order per line. Records are parsed
    one at a time, when asked for: `records()` scans them all, `get` decodes one.
    TinyDB's table API is not used: it rebuilds the whole table on every insert or
    update, which made `tick` quadratic in the number of orders, and it holds every
    parsed order at once.
    """

    def __init__(self, stored: Stored):
        self.stored = stored
        self.changed = False
        self._tracker: Tracker | None = None

    @property
    def tracker(self) -> Tracker:
        """What this unit of work changed that the buyer sees: the undo journal's next step
        (made on the first change: a command that only reads does not import the journal)."""
        if self._tracker is None:
            from .journal import Tracker

            self._tracker = Tracker()
        return self._tracker

    @property
    def _where(self) -> str:
        return self.stored.where

    def as_order(self, key: str, doc: dict[str, Any]) -> Order:
        """A stored record as an Order; a record edited into nonsense is a storage problem."""
        from .. import records

        try:
            return records.from_record(int(key), doc)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as e:
            # decimal's error says "[<class 'decimal.ConversionSyntax'>]": say what it means
            why = "an amount that is not a number" if isinstance(e, ArithmeticError) else f"{type(e).__name__}: {e}"
            raise StorageProblem(
                f"The database {self._where} holds order {key} in a shape aliorder cannot read "
                f"({why}); it was left untouched.",
                hint="Fix that order in the file, or go back to a backup: aliorder backups") from None

    def records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every stored record by id, each parsed in turn: for scans over many orders.

        A scan checks every line; a broken one stops it with a storage problem."""
        return self.stored.records()

    def record(self, key: str) -> dict[str, Any]:
        """One stored record (without checking the others)."""
        return self.stored.record(key)

    def decode(self, key: str) -> Order:
        """Order `key` as it is stored, without checking the others: for a scan's own errors."""
        return self.as_order(key, self.stored.record(key))

    def orders(self) -> Iterator[Order]:
        """Every order in turn, none kept: for scans that need whole orders."""
        order = self.as_order
        for key, doc in self.records():
            yield order(key, doc)

    def check_every_order(self) -> None:
        """Refuse (StorageProblem) if any record is not an order this version reads: an unknown
        status, events that are not a list, no price, a time without offset, a "NaN" price.
        Decoding them all costs about 30 us an order, so it is skipped when the file is the one
        the last aliorder write made (that write checked them all; the ID cache vouches).
        The orders this unit of work added are orders by construction: not parsed back."""
        if self.stored.vouched:
            self.stored.check()
            return
        order = self.as_order
        for key, doc in self.stored.unmade_records():
            order(key, doc)

    def ids(self) -> list[int]:
        return sorted(int(key) for key in self.stored.lines)

    def get(self, ref: str | int) -> Order:
        ref = str(ref).strip()
        if _all_ids([ref]) and str(int(ref)) in self.stored.lines:
            self.stored.check()
            return self.decode(str(int(ref)))
        found = self.find_order_no(ref)
        if found is not None:
            return self.decode(str(found))
        raise UnknownOrder(f"There is no order {ref!r}.", hint=self._which_exist())

    def find_order_no(self, order_no: str) -> int | None:
        """The id of the order with this AliExpress order number, if any."""
        from ..text import order_number

        found, wanted = None, order_number(order_no)
        for key, doc in self.records():  # the whole scan: it checks every line
            if found is None and doc.get("order_no") in (order_no, wanted):  # as typed, or as stored
                found = int(key)
        return found

    def _which_exist(self) -> str:
        ids = self.ids()
        if not ids:
            return "There are no orders yet: record one with aliorder place ITEM --price P"
        if len(ids) <= 12:
            listed = ", ".join(map(str, ids))
        else:
            listed = f"{', '.join(map(str, ids[:5]))}, ..., {', '.join(map(str, ids[-5:]))}"
        return f"Orders that exist: {listed} (aliorder list shows them)."

    def next_id(self) -> int:
        """One more than the largest id (a forgotten order's included: a calendar or a note may
        still name it), or, past the 18 digits an id may have (a hand-edited 999999999999999999),
        the smallest id not taken: an id written is always one that is read."""
        largest = max(max(map(int, self.stored.lines), default=0), self.meta().get("forgotten_id", 0))
        if largest + 1 <= LARGEST_ID:
            return largest + 1
        taken = set(map(int, self.stored.lines))
        return next(n for n in range(1, len(taken) + 2) if n not in taken)

    def add(self, order: Order, index: Index | None = None, extra: dict[str, Any] | None = None) -> None:
        """A new order; `extra`: more keys to keep beside it (an import's stamp)."""
        key = str(order.id)
        if key in self.stored.lines:
            raise ValueError(f"Order {key} already exists")
        from .. import records

        record = records.to_record(order)
        self.tracker.adding(key, record)  # its visible fields, before the bookkeeping joins them
        if index is not None:
            record.update(index.as_record())
        if extra:
            record.update(extra)
        self.stored.put(key, record, made=True)
        self.changed = True

    def save(self, order: Order, index: Index | None = None, extra: dict[str, Any] | None = None) -> None:
        # Like TinyDB's update: keys this version does not know are kept, and so is what
        # tick told (bookkeeping) when `index` leaves it out.
        key = str(order.id)
        doc = self.stored.record(key)
        before = dict(doc)
        doc.update(self._record(order, index, extra))
        self.stored.put(key, doc)
        self.tracker.saving(key, before, doc)
        self.changed = True

    def remove(self, order_id: int) -> None:
        """Remove an order (forget); its id is not given to a new order."""
        key = str(order_id)
        self.tracker.removing(key, self.stored.record(key))
        self.stored.remove(key)
        if order_id > self.meta().get("forgotten_id", 0):
            self.meta()["forgotten_id"] = order_id
        self.changed = True

    @staticmethod
    def _record(order: Order, index: Index | None, extra: dict[str, Any] | None) -> dict[str, Any]:
        from .. import records

        record = records.to_record(order)
        if index is not None:
            record.update(index.as_record())
        if extra:
            record.update(extra)
        return record

    # --- tick's bookkeeping: the index, and what tick told --------------------
    # Kept in each order's record beside the buyer-visible fields (BOOKKEEPING names the
    # keys), written in the same write as the order; never an undo step. Only this class
    # reads or compares them: the rest of aliorder sees instants, never their ISO text.

    def entry(self, key: str) -> tuple[Order, Index]:
        """Order `key` and its bookkeeping, from one parse of its record."""
        doc = self.stored.record(key)
        return self.as_order(key, doc), Index.from_record(doc)

    def index_of(self, order_id: int) -> Index:
        return Index.from_record(self.stored.record(str(order_id)))

    def calendar_id(self, make: bool = False) -> str | None:
        """This database's own random id, for calendar UIDs (`make`: the first time, kept)."""
        meta = self.meta()
        if meta.get("calendar_id") is None and make:
            import secrets

            meta["calendar_id"] = secrets.token_hex(8)
            self.changed = True
        return meta.get("calendar_id")

    def index_key(self) -> str | None:
        """Under which rules (and version of the index code) the orders were indexed."""
        return self.meta().get("index_key")

    def set_index_key(self, key: str | None) -> None:
        meta = self.meta()
        if meta.get("index_key") != key or "rules_key" in meta:
            meta.pop("rules_key", None)  # the key of versions before 0.2, keyed on every setting
            meta["index_key"] = key
            self.changed = True

    def due_keys(self, now: datetime, index_key: str) -> tuple[list[str], bool]:
        """(the orders with a rule due or news to tell by `now`, whether the index was stale).

        One scan, each record dropped as soon as its index is read; a stale index (other
        rules, other index code) names every order."""
        stale = self.index_key() != index_key
        now_text = _iso(now)
        keys = []
        for key, doc in self.records():
            if stale or "next_due" not in doc:
                keys.append(key)
                continue
            first, news = doc["next_due"], doc.get("warn_at")
            if (first is not None and first <= now_text) or (news is not None and news <= now_text):
                keys.append(key)
        return keys, stale

    def lines(self) -> list[OrderLine]:
        """What `list` shows of each order, read from its record without decoding the rest.

        A record this version cannot read is refused as every other read refuses it, even
        where `list` shows none of what is wrong: decoded in full in a file the last aliorder
        write did not make (check_every_order). In one it made, reading each line is the check."""
        from ..domain import Status
        from ..records import instant

        if not self.stored.vouched:
            self.check_every_order()
        statuses = {str(s): s for s in Status}  # a dict lookup: Status(text) costs 10x more per order
        found = []
        for key, doc in self.records():
            try:
                line = OrderLine(int(key), doc["item"], doc["price"], doc["currency"],
                                 statuses[doc["status"]], instant(doc["placed_at"]))  # no offset: ValueError
            except (KeyError, TypeError, ValueError):
                self.decode(key)  # raises the storage problem that names the order
                raise
            found.append(line)
        return found

    def meta(self) -> dict[str, Any]:
        return self.stored.tables[META]["1"]

    def set_meta(self, **values: Any) -> None:
        self.meta().update(values)
        self.changed = True


class Database:
    """Opens the unit of work: a read-only snapshot, or a locked transaction."""

    def __init__(self, file: DatabaseFile, what: str | None = None, at: str | None = None):
        self.file = file
        self._looked: Stored | None = None  # a snapshot a transaction may follow
        # How the undo journal names this command's change ("pay 3"), and its instant (UTC ISO).
        self.what = what
        self.at = at

    @property
    def path(self) -> Path:
        return self.file.path

    def snapshot(self, then_act: bool = False) -> Repository:
        """The database as it is now. `then_act`: the command may then change it (after asking
        the buyer, say): its transaction takes this read again if the file has not changed."""
        # Writers replace the file atomically, so a reader needs no lock.
        self.file.sweep()
        stored = self.file.load()
        if then_act:
            stored.id_lines = {}  # kept by the scan, as a transaction's are
            self._looked = stored
        return Repository(stored)

    @contextmanager
    def transaction(self, journaled: bool = True) -> Iterator[Repository]:
        """The locked unit of work; what it changes becomes a step of the undo journal, unless
        not `journaled` (undo itself, which takes a step off)."""
        with self.file.locked():
            stored, self._looked = self.file.load(unless=self._looked), None
            if stored.id_lines is None:
                stored.id_lines = {}  # the ID cache's lines, kept by the scan that checks every line
            repo = Repository(stored)
            yield repo
            if repo.changed:
                # A broken line, or a record no command can read as an order, is never
                # written over (and no backup is rotated away): exit 3.
                repo.check_every_order()
                if journaled:
                    from . import journal

                    # In the same file, so in the same atomic replacement as the change itself.
                    journal.record(stored, repo.tracker, self.what, self.at)
                self.file.store(stored)
