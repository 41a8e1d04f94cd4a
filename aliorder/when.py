"""The buyer's `--at WHEN`: strict ISO-8601; a date means 00:00; naive means local time."""

from __future__ import annotations

from datetime import datetime, timezone

from .errors import BadInput


def parse_instant(text: str) -> datetime:
    import pendulum

    try:
        parsed = pendulum.parse(text.strip(), strict=True, tz=pendulum.local_timezone())
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if not isinstance(parsed, datetime):
        raise BadInput(f"--at {text!r} is not a date or date-time.",
                       hint="Use ISO-8601, like --at 2027-03-01 or --at '2027-03-01 14:30' "
                            "(local time) or --at 2027-03-01T14:30:00+02:00")
    try:
        utc = parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise BadInput(f"--at {text!r} is out of range.") from None
    return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, tzinfo=timezone.utc)
