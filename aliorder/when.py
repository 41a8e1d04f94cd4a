"""The buyer's `--at WHEN`, the one parser every command uses.

ISO-8601 (a date means 00:00; naive means local time), or as people say it: `today`,
`yesterday` (00:00 of that local day), `today 14:30`, `yesterday 9:00` (local times),
`3 hours ago`, `2 days ago` (exact durations back from now). A naive time the local
zone skips (the spring gap) or has twice (the autumn fold) is refused, naming the two
offsets to choose from. Nothing before 2010: AliExpress did not exist.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .errors import BadInput

def format_hint(now: datetime | None = None) -> str:
    """How to write --at, its examples dated the day before `now` (never in the future)."""
    day = (now.astimezone() - timedelta(days=1)) if now is not None else datetime(2025, 3, 1)
    d = f"{day:%Y-%m-%d}"
    return (f"Use ISO-8601, like --at {d} or --at '{d} 14:30' (local time) "
            f"or --at {d}T14:30:00+02:00; or --at yesterday, --at 'today 14:30', "
            "--at '3 hours ago'")


FORMAT_HINT = format_hint()  # with a fixed past date, where no instant is known
EARLIEST = datetime(2010, 1, 1, tzinfo=timezone.utc)  # AliExpress opened in 2010

_DAY = re.compile(r"(today|yesterday)(?:\s+([0-9]{1,2}):([0-9]{2}))?", re.IGNORECASE)
_AGO = re.compile(r"([0-9]{1,4})\s*(minute|min|hour|h|day|d|week)s?\s+ago", re.IGNORECASE)
_UNITS = {"minute": 60, "min": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400, "week": 604800}


def typed(at: datetime) -> str:
    """An instant as the buyer would type it: local time, "2027-03-01 14:30"."""
    local = at.astimezone()
    return f"{local:%Y-%m-%d %H:%M}" + (f":{local:%S}" if local.second else "")


def parse_instant(text: str, now: datetime | None = None) -> datetime:
    """The instant `text` names, in UTC. `now` is the command's instant (for `today`, `ago`)."""
    said = " ".join(text.split())
    try:
        return _parse(text, said, now)
    except BadInput as refused:
        if refused.hint_words == FORMAT_HINT and now is not None:
            refused.hint_words = format_hint(now)  # its examples dated before the command's instant
        raise


def _parse(text: str, said: str, now: datetime | None) -> datetime:
    if not said.isascii():
        # "２０２７-03-01" or "١٢:٠٠" look like digits and are not: ASCII only, as for IDs.
        raise BadInput(f"--at {text!r} has characters that are not plain ASCII digits or letters.",
                       hint=FORMAT_HINT)
    spoken = _spoken(said, now)
    utc = spoken if spoken is not None else _iso(said, text)
    if utc < EARLIEST:
        raise BadInput(f"--at {typed(utc)} is before 2010, when AliExpress opened.",
                       hint="Check the year.")
    return utc


def _spoken(said: str, now: datetime | None) -> datetime | None:
    day = _DAY.fullmatch(said)
    ago = _AGO.fullmatch(said)
    if day is None and ago is None:
        return None
    if now is None:
        now = datetime.now(timezone.utc)
    if ago is not None:
        return (now - timedelta(seconds=int(ago[1]) * _UNITS[ago[2].lower()])).replace(microsecond=0)
    local_day = now.astimezone().date() - timedelta(days=1 if day[1].lower() == "yesterday" else 0)
    hour, minute = (int(day[2]), int(day[3])) if day[2] is not None else (0, 0)
    if hour > 23 or minute > 59:
        raise BadInput(f"--at {said!r}: {hour}:{minute:02d} is not a time of day.", hint=FORMAT_HINT)
    return _local(datetime(local_day.year, local_day.month, local_day.day, hour, minute), said)


def _iso(said: str, text: str) -> datetime:
    import pendulum

    try:
        # tz=None keeps a naive text naive; pendulum's own local zone is cached per
        # process and would ignore a later TZ change, so the system decides below.
        parsed = pendulum.parse(said, strict=True, exact=True, tz=None)
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if isinstance(parsed, date) and not isinstance(parsed, datetime):
        parsed = datetime(parsed.year, parsed.month, parsed.day)
    if not isinstance(parsed, datetime):  # also a bare time or a duration
        raise BadInput(f"--at {text!r} is not a date or date-time.", hint=FORMAT_HINT)
    plain = datetime(parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute,
                     parsed.second, tzinfo=parsed.tzinfo)
    if plain.tzinfo is not None:
        try:
            return plain.astimezone(timezone.utc)
        except (OverflowError, ValueError):
            raise BadInput(f"--at {text!r} is out of range.", hint=FORMAT_HINT) from None
    return _local(plain, text)


def _local(plain: datetime, text: str) -> datetime:
    """A naive local time as UTC; one the zone skips or has twice is refused."""
    try:
        # A naive datetime's astimezone reads it as the system's local time; fold picks
        # the earlier (0) or later (1) reading where there are two, or none.
        first = plain.replace(fold=0).astimezone(timezone.utc)
        second = plain.replace(fold=1).astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise BadInput(f"--at {text!r} is out of range.", hint=FORMAT_HINT) from None
    if first == second:
        return first
    offsets = sorted({_offset(plain - first.replace(tzinfo=None)),
                      _offset(plain - second.replace(tzinfo=None))})
    wall = f"{plain:%Y-%m-%dT%H:%M}"
    skipped = first.astimezone().replace(tzinfo=None) != plain  # not a time the clocks showed
    what = ("does not exist here: the clocks skipped it (daylight saving time began)" if skipped
            else "happened twice here: the clocks went back (daylight saving time ended)")
    raise BadInput(f"--at {text!r}: {plain:%Y-%m-%d %H:%M} local time {what}.",
                   hint=f"Say which offset you mean: --at {wall}{offsets[0]} or --at {wall}{offsets[1]}")


def _offset(delta: timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
