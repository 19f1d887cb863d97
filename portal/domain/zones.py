"""Time zones: sessions are stored in naive UTC and held in a named zone
(Asia/Baku unless said otherwise); readers see them in their own zone, named."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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
