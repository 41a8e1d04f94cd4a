"""The buyer's `--at WHEN`: strict ISO-8601; a date means 00:00; naive means local time."""

from __future__ import annotations

from datetime import date, datetime, timezone

from .errors import BadInput

FORMAT_HINT = ("Use ISO-8601, like --at 2027-03-01 or --at '2027-03-01 14:30' "
               "(local time) or --at 2027-03-01T14:30:00+02:00")


def parse_instant(text: str) -> datetime:
    import pendulum

    try:
        # tz=None keeps a naive text naive; pendulum's own local zone is cached per
        # process and would ignore a later TZ change, so the system decides below.
        parsed = pendulum.parse(text.strip(), strict=True, exact=True, tz=None)
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if isinstance(parsed, date) and not isinstance(parsed, datetime):
        parsed = datetime(parsed.year, parsed.month, parsed.day)
    if not isinstance(parsed, datetime):  # also a bare time or a duration
        raise BadInput(f"--at {text!r} is not a date or date-time.", hint=FORMAT_HINT)
    plain = datetime(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute,
                     parsed.second, tzinfo=parsed.tzinfo)
    try:
        # A naive datetime's astimezone reads it as the system's local time.
        utc = plain.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise BadInput(f"--at {text!r} is out of range.", hint=FORMAT_HINT) from None
    return utc.replace(microsecond=0)
