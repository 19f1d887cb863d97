"""How a session's time reads: in the reader's zone (Flask-Babel's time zone,
chosen in account settings, Asia/Baku by default), with that zone named."""

from __future__ import annotations

from datetime import datetime

from babel import dates
from flask_babel import format_datetime, get_locale, get_timezone

from portal.domain.zones import in_zone
from portal.programme.blueprint import bp


@bp.app_template_global()
def reader_zone() -> str:
    """The IANA name of the zone times are shown in, e.g. ``Asia/Baku``."""
    return str(get_timezone())


@bp.app_template_filter()
def zone_label(moment: datetime) -> str:
    """The reader's zone as people say it, with its offset at ``moment``:
    ``Asia/Baku (GMT+04:00)``."""
    return f"{reader_zone()} ({format_datetime(moment, 'ZZZZ')})"


def _when(starts: datetime, ends: datetime, name: str) -> str:
    """Naive-UTC start and end read in the zone called ``name``, the zone named:
    one date when the session ends on the day it starts (in that zone), else
    both."""
    starts, ends = in_zone(starts, name), in_zone(ends, name)
    locale = get_locale()
    if starts.date() == ends.date():
        text = (
            f"{dates.format_date(starts, 'full', locale=locale)}, "
            f"{dates.format_time(starts, 'HH:mm', locale=locale)}–"
            f"{dates.format_time(ends, 'HH:mm', locale=locale)}"
        )
    else:
        pattern = "EEEE, d MMMM y, HH:mm"
        text = (
            f"{dates.format_datetime(starts, pattern, locale=locale)} – "
            f"{dates.format_datetime(ends, pattern, locale=locale)}"
        )
    offset = dates.format_datetime(starts, "ZZZZ", locale=locale)
    return f"{text} {name} ({offset})"


@bp.app_template_filter()
def session_when(session) -> str:
    """Start and end in the reader's zone, the zone named."""
    return _when(session.starts_at, session.ends_at, reader_zone())


@bp.app_template_filter()
def held_when(session) -> str:
    """Start and end in the zone the session is held in, that zone named (for
    readers elsewhere)."""
    return _when(session.starts_at, session.ends_at, session.time_zone)
