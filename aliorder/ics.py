"""The deadlines as an iCalendar file (RFC 5545) that calendar apps import.

One event per deadline, each with an alarm the warning horizon before it. The
UID is made of the order and the kind of deadline, so importing a newer export
updates the events instead of adding copies. icalendar is imported here only.
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


def uid(row: DeadlineRow) -> str:
    return f"order-{row.order.id}-{row.kind.replace('_', '-')}@aliorder"


def calendar_bytes(rows: list[DeadlineRow], now: datetime, warning: timedelta) -> bytes:
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
        event.add("uid", uid(row))
        event.add("dtstamp", now)
        event.add("dtstart", row.due)
        event.add("dtend", row.due + EVENT_LENGTH)
        event.add("summary", what)
        event.add("description", f"{DEADLINE_LABEL[row.kind]}.\nOrder {order.id}: {clean(order.item)}, "
                                 f"{money(order.price, order.currency)}, now {order.status}.\n"
                                 f"aliorder show {order.id}")
        event.add("categories", ["AliExpress"])
        event.add("transp", "TRANSPARENT")  # a deadline does not make the buyer busy
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", what)
        alarm.add("trigger", -warning)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def write(target: str, data: bytes, database: Path | None = None) -> Path:
    """Replace the file whole (a calendar app may be reading the old one), keeping its mode.

    Never the database or a file beside it that aliorder keeps (`database`)."""
    path = Path(target).expanduser()
    if database is not None:
        from .paths import is_companion

        if is_companion(path, database):
            raise BadInput(f"--ics {target} is the database or one of its own files "
                           f"(beside {database}): nothing was written.",
                           hint="Name a calendar file, like --ics ~/aliexpress-deadlines.ics")
    if path.is_dir():
        raise BadInput(f"--ics {target}: is a folder.", hint="Name a file, like --ics ~/aliexpress.ics")
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
