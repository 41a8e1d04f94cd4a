"""The undo journal: what each write changed that a buyer can see, so `undo` can take it back.

It lives inside the database file, as the TinyDB table `journal` beside `meta`
(`{"<seq>": step}`), so it is written by the same locked, atomic replacement as
the change it records: after a kill -9 the file holds the state before the
command with the journal before it, or the state after with its step, never one
without the other. Backups carry the journal they were written with.

A step is `{"what": "pay 3", "at": ISO, "orders": {id: entry}}`; an entry says how
to turn the order as the step left it back into the order before it:

- `{"was": null}`: the step added the order (undo removes it);
- `{"was": {...}}`: the step removed it (undo puts the whole record back, tick's
  bookkeeping included, so that tick does not tell its news again);
- `{"set": {...}, "unset": [...], "events": N}`: the fields the step changed, as
  they were; `events`: the step only appended events, keep the first N.

Each entry also keeps `after`, a digest of the order as the step left it: undo
refuses to take a step back from an order that is no longer in that state.

Only the buyer-visible fields (`records.to_record`) count. Tick's bookkeeping (its
index, what it told) is never a step and is left as it is by undo.

Bounded: the newest MAX_STEPS steps and at most MAX_BYTES of JSON. A single step
larger than that (an import of many thousands of orders) is kept as a marker that
says so, and undo goes no further back than it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import NotAllowed
from .schema import META
from ..tuples import Record

if TYPE_CHECKING:
    from .stored import Stored

JOURNAL = "journal"
MAX_STEPS = 20
MAX_BYTES = 1_000_000

_VISIBLE: frozenset[str] | None = None


def visible_keys() -> frozenset[str]:
    """The fields of a stored record that the buyer sees: those `records.to_record` writes."""
    global _VISIBLE
    if _VISIBLE is None:
        from datetime import datetime, timezone
        from decimal import Decimal

        from .. import records
        from ..domain import Order

        sample = Order(id=1, item="x", price=Decimal(1), currency="USD",
                       placed_at=datetime(2000, 1, 1, tzinfo=timezone.utc))
        _VISIBLE = frozenset(records.to_record(sample))
    return _VISIBLE


_FIELDS: Any = None


def _fields() -> Any:
    """A record's visible values as a tuple (operator.itemgetter), the history last: tuples
    compare item by item and stop at the first difference."""
    global _FIELDS
    if _FIELDS is None:
        from operator import itemgetter

        _FIELDS = itemgetter(*sorted(visible_keys(), key=lambda k: k == "events"))
    return _FIELDS


def visible(doc: dict[str, Any]) -> dict[str, Any]:
    keys = visible_keys()
    return {k: v for k, v in doc.items() if k in keys}


def _digest(doc: dict[str, Any] | None) -> str | None:
    if doc is None:
        return None
    return _visible_digest(visible(doc))


def _visible_digest(fields: dict[str, Any]) -> str:
    import hashlib

    import orjson

    return hashlib.blake2b(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS), digest_size=8).hexdigest()


class Tracker:
    """What one unit of work changed, order by order: each changed order as it was first."""

    def __init__(self) -> None:
        self.first: dict[str, dict[str, Any] | None] = {}
        # The digest of each order added, made from its visible fields as it was added: the
        # journal's entry for it while its line is still that one (Stored.made), without
        # parsing the line back (an import adds thousands).
        self.added: dict[str, str] = {}

    def saving(self, key: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        # A save that changes only bookkeeping is forgotten at once (tick reindexing 100k
        # orders keeps nothing); a later save of the same order compares again, against a
        # record whose visible fields are still the first ones.
        if key in self.first:
            return
        fields = _fields()
        try:  # in C: tick after a settings change saves every order
            same = fields(before) == fields(after)
        except KeyError:  # a record without some field (written by an older version)
            same = visible(before) == visible(after)
        if not same:
            self.first[key] = before

    def adding(self, key: str, visible_fields: dict[str, Any] | None = None) -> None:
        """Order `key` is new; `visible_fields`: its record's (records.to_record), if at hand."""
        self.first.setdefault(key, None)
        if visible_fields is not None:
            self.added[key] = _visible_digest(visible_fields)
        else:
            self.added.pop(key, None)

    def removing(self, key: str, before: dict[str, Any]) -> None:
        self.first.setdefault(key, before)


def _entry(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any] | None:
    """How to turn `after` back into `before`, or None if the buyer sees no difference."""
    if before is None or after is None:
        return None if before is after else {"was": before, "after": _digest(after)}
    old, new = visible(before), visible(after)
    if old == new:
        return None
    entry: dict[str, Any] = {"set": {}, "after": _digest(after)}
    for key, value in old.items():
        if key == "events" and isinstance(value, list) and isinstance(new.get("events"), list) \
                and new["events"][:len(value)] == value:
            if len(new["events"]) != len(value):
                entry["events"] = len(value)
        elif new.get(key, entry) != value:
            entry["set"][key] = value
    if not entry["set"]:
        del entry["set"]
    unset = [key for key in new if key not in old]
    if unset:
        entry["unset"] = unset
    return entry


def _steps(stored: Stored) -> dict[str, Any]:
    table = stored.tables.get(JOURNAL)
    return table if isinstance(table, dict) else {}


def _current(stored: Stored, key: str) -> dict[str, Any] | None:
    return stored.record(key) if key in stored.lines else None


def record(stored: Stored, tracker: Tracker, what: str | None, at: str | None) -> None:
    """Add the step this unit of work made to the journal in `stored` (before it is written)."""
    entries = {}
    added = tracker.added
    for key, before in tracker.first.items():
        if before is None and key in added and key in stored.made:  # added, its line as put
            entry: dict[str, Any] | None = {"was": None, "after": added[key]}
        else:
            entry = _entry(before, _current(stored, key))
        if entry is not None:
            entries[key] = entry
    if entries:
        push(stored, {"what": _named(what, entries), "at": at, "orders": entries})


def _named(what: str | None, entries: dict[str, Any]) -> str:
    """The step's words: the command, and the order(s) when the command does not name them."""
    if not what:
        return f"a change to order {next(iter(entries))}" if len(entries) == 1 \
            else f"a change to {len(entries)} orders"
    if len(entries) == 1:
        key = next(iter(entries))
        if key in what.split():
            return what
        return f"{what} {key}" if entries[key].get("was", False) is None else f"{what} (order {key})"
    return f"{what} ({len(entries)} orders)"


def record_replacement(current: Stored, new: Stored, what: str, at: str | None) -> None:
    """`new` replaces `current` whole (restore): `new` gets `current`'s journal and one step more."""
    entries = {}
    for key in {**current.lines, **new.lines}:
        old_line, new_line = current.lines.get(key), new.lines.get(key)
        if old_line is not None and new_line is not None and bytes(old_line) == bytes(new_line):
            continue
        entry = _entry(_current(current, key), _current(new, key))
        if entry is not None:
            entries[key] = entry
    new.tables[JOURNAL] = dict(_steps(current))
    new.tables[META]["1"]["journal_seq"] = current.tables[META]["1"].get("journal_seq", 0)
    if entries:
        push(new, {"what": _named(what, entries), "at": at, "orders": entries})


def push(stored: Stored, step: dict[str, Any]) -> None:
    """The journal with `step` as its newest, cut to its bounds (oldest steps first)."""
    import orjson

    steps = _steps(stored)
    # Never a number given before, even to a step undone since: undo checks the step it asked about.
    meta = stored.tables[META]["1"]
    seq = max(max(map(int, steps), default=0), meta.get("journal_seq", 0)) + 1
    meta["journal_seq"] = seq
    steps = {**steps, str(seq): step}
    # Each step's JSON, its key, the quotes, colon and comma: the table's size as the file holds it.
    sizes = {key: len(orjson.dumps(value)) + len(key) + 4 for key, value in steps.items()}
    order = sorted(steps, key=int)
    while len(order) > 1 and (len(order) > MAX_STEPS or sum(sizes[k] for k in order) > MAX_BYTES):
        order.pop(0)
    if sizes[str(seq)] > MAX_BYTES:
        step = {"what": step["what"], "at": step["at"], "too_big": len(step["orders"])}
        steps[str(seq)] = step
    stored.tables[JOURNAL] = {key: steps[key] for key in order}


class Step(Record):
    seq: int
    what: str
    at: str | None
    orders: dict[str, Any]
    too_big: int | None = None


def last(stored: Stored) -> Step | None:
    steps = _steps(stored)
    if not steps:
        return None
    seq = max(steps, key=int)
    step = steps[seq]
    return Step(int(seq), step.get("what") or "a change", step.get("at"), step.get("orders") or {},
                step.get("too_big"))


def take_back(stored: Stored, step: Step) -> tuple[list[str], list[str]]:
    """Undo `step` (the newest) in `stored`: (the ids it put back or changed, the ids it removed)."""
    if step.too_big is not None:
        raise NotAllowed(f"The last change ({step.what}) touched {step.too_big} orders, too many for "
                         "the undo journal to keep: it cannot be taken back, nor anything before it.",
                         hint="aliorder backups lists the database's last generations: aliorder restore N")
    for key, entry in step.orders.items():
        if _digest(_current(stored, key)) != entry.get("after"):
            raise NotAllowed(f"Order {key} is no longer as {step.what} left it (it was changed outside "
                             "aliorder, or by an older version): nothing was taken back.",
                             hint=f"aliorder show {key} tells its state; aliorder edit {key} corrects it.")
    present, removed = [], []
    for key, entry in step.orders.items():
        if "was" in entry:
            if entry["was"] is None:
                stored.remove(key)
                removed.append(key)
                continue
            stored.put(key, entry["was"])
        else:
            doc = stored.record(key)
            doc.update(entry.get("set", {}))
            for name in entry.get("unset", ()):
                doc.pop(name, None)
            if "events" in entry:
                doc["events"] = doc["events"][:entry["events"]]
            stored.put(key, doc)
        present.append(key)
    steps = dict(_steps(stored))
    del steps[str(step.seq)]
    stored.tables[JOURNAL] = steps
    return present, removed
