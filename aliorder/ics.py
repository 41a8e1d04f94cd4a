"""The deadlines as an iCalendar file (RFC 5545) that calendar apps import.

One event per deadline; the buyer's own deadlines (pay-by, the last day to
dispute, ...) carry an alarm the warning horizon before them, the seller's and the
openings none. The UID is made of the order, the kind of deadline and the
database's calendar id (random, kept in its meta table), so importing a newer
export updates the events instead of adding copies, and two databases never
share an event. icalendar is imported here only.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.deadlines import KINDS
from .errors import BadInput
from .money import shown as money
from .render import DEADLINE_LABEL
from .text import clean

if TYPE_CHECKING:
    from .services import DeadlineRow

PRODID = "-//aliorder//AliExpress buyer deadlines//EN"
EVENT_LENGTH = timedelta(minutes=15)

# What the event says in the calendar's grid: the action, then the order.
SUMMARY = {name: kind.summary for name, kind in KINDS.items()}


def uid(row: DeadlineRow, calendar_id: str) -> str:
    return f"order-{row.order.id}-{row.kind.replace('_', '-')}@{calendar_id}.aliorder"


def has_alarm(kind: str) -> bool:
    """Only the buyer's own must-do deadlines ring: the seller's and the openings do not."""
    return KINDS[kind].who == "you" and KINDS[kind].must_do


def calendar_bytes(rows: list[DeadlineRow], now: datetime, warning: timedelta, calendar_id: str) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")  # a published calendar to import, not an invitation
    calendar.add("x-wr-calname", "AliExpress deadlines")
    for row in rows:
        order = row.order
        what = f"{SUMMARY[row.kind]}: order {order.id} ({clean(order.item)})"
        event = Event()
        event.add("uid", uid(row, calendar_id))
        event.add("dtstamp", now)
        event.add("dtstart", row.due)
        event.add("dtend", row.due + EVENT_LENGTH)
        event.add("summary", what)
        event.add("description", f"{DEADLINE_LABEL[row.kind]}.\nOrder {order.id}: {clean(order.item)}, "
                                 f"{money(order.price, order.currency)}, now {order.status}.\n"
                                 f"aliorder show {order.id}")
        event.add("categories", ["AliExpress"])
        event.add("transp", "TRANSPARENT")  # a deadline does not make the buyer busy
        if has_alarm(row.kind):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", what)
            alarm.add("trigger", -warning)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def check_target(target: str, database: Path | None = None) -> Path:
    """The calendar file's path, or BadInput if it may not be written (checked before anything
    is read or written: the first export also keeps the database's calendar id)."""
    path = Path(target).expanduser()
    if database is not None:
        from .paths import is_companion

        if is_companion(path, database):
            raise BadInput(f"--ics {target} is the database or one of its own files "
                           f"(beside {database}): nothing was written.",
                           hint="Name a calendar file, like --ics ~/aliexpress-deadlines.ics")
    if path.is_dir():
        raise BadInput(f"--ics {target}: is a folder.", hint="Name a file, like --ics ~/aliexpress.ics")
    if not path.parent.is_dir():
        raise BadInput(f"--ics {target}: cannot write it (no folder {path.parent}).",
                       hint="Name a file in a folder that exists and that you may write.")
    return path


def write(target: str, data: bytes, database: Path | None = None) -> Path:
    """Replace the file whole (a calendar app may be reading the old one), keeping its mode.

    Never the database or a file beside it that aliorder keeps (`database`)."""
    path = check_target(target, database)
    temp: Path | None = None
    try:
        try:
            mode: int | None = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
            temp = Path(handle.name)
            handle.write(data)
        if mode is not None:
            os.chmod(temp, mode)  # a replaced calendar keeps its mode (the temp file is 0600)
        os.replace(temp, path)
    except OSError as err:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise BadInput(f"--ics {target}: cannot write it ({err.strerror or err}).",
                       hint="Name a file in a folder that exists and that you may write.") from None
    return path.resolve()
