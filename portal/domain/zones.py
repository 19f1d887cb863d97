"""Time zones: sessions are stored in naive UTC and held in a named zone
(Asia/Baku unless said otherwise); readers see them in their own zone, named."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import dates

DEFAULT_ZONE = "Asia/Baku"


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone the machine knows (the tzdata package provides them where
    the system has none), sorted, for choosing one in a form."""
    return tuple(sorted(available_timezones()))


def zone_choices(moment: datetime) -> list[tuple[str, str]]:
    """Every zone for a form's select, the default first, each labelled with its
    offset from UTC at the naive-UTC ``moment``: ``America/New York (UTC-05:00)``.
    """
    names = (DEFAULT_ZONE, *(name for name in zone_names() if name != DEFAULT_ZONE))
    return [
        (name, f"{name.replace('_', ' ')} (UTC{utc_offset(name, moment)})")
        for name in names
    ]


def utc_offset(name: str | None, moment: datetime) -> str:
    """The zone's offset from UTC at the naive-UTC ``moment``, as ``+04:00``."""
    digits = in_zone(moment, name).strftime("%z")
    return f"{digits[:3]}:{digits[3:5]}"


def known_zone(name: str) -> bool:
    return name in zone_names()


def zone(name: str | None) -> ZoneInfo:
    """The zone called ``name``; an unknown or empty name is the default zone, so a
    stale preference never breaks a page."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def in_zone(moment: datetime, name: str | None) -> datetime:
    """A stored naive-UTC time as an aware time in the zone called ``name``."""
    return moment.replace(tzinfo=UTC).astimezone(zone(name))


def to_utc(wall_time: datetime, name: str | None) -> datetime:
    """A wall-clock time written in the zone called ``name`` (naive, as a form or
    a programme file gives it) as the naive UTC time that is stored."""
    aware = wall_time.replace(tzinfo=zone(name))
    return aware.astimezone(UTC).replace(tzinfo=None)


def zone_label(moment: datetime, name: str | None, locale: str) -> str:
    """The zone called ``name`` as people say it, with its offset at ``moment``
    (naive UTC): ``Asia/Baku (GMT+04:00)``."""
    offset = dates.format_datetime(
        moment.replace(tzinfo=UTC), "ZZZZ", tzinfo=zone(name), locale=locale
    )
    return f"{zone(name).key} ({offset})"


def when(starts: datetime, ends: datetime, name: str | None, locale: str) -> str:
    """Start and end (naive UTC) in the zone called ``name``, the zone named: one
    date when both fall on the same day there, else both.

    :param locale: the language the dates are written in (``az``, ``ru``...).
    """
    start, end = in_zone(starts, name), in_zone(ends, name)
    if start.date() == end.date():
        text = (
            f"{dates.format_date(start.date(), 'full', locale=locale)}, "
            f"{start:%H:%M}–{end:%H:%M}"
        )
    else:
        pattern = "EEEE, d MMMM y, HH:mm"
        text = " – ".join(
            dates.format_datetime(moment, pattern, locale=locale)
            for moment in (start, end)
        )
    return f"{text} {zone_label(starts, name, locale)}"
