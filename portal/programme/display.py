"""How a session's time reads: in the reader's zone (Flask-Babel's time zone,
chosen in account settings, Asia/Baku by default), with that zone named."""

from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale, get_timezone

from portal.domain import zones
from portal.programme.blueprint import bp


@bp.app_template_global()
def reader_zone() -> str:
    """The IANA name of the zone times are shown in, e.g. ``Asia/Baku``."""
    return str(get_timezone())


@bp.app_template_filter()
def zone_label(moment: datetime) -> str:
    """The reader's zone as people say it, with its offset at ``moment``:
    ``Asia/Baku (GMT+04:00)``."""
    return zones.zone_label(moment, reader_zone(), str(get_locale()))


@bp.app_template_filter()
def session_when(session) -> str:
    """Start and end in the reader's zone, the zone named: one date when the
    session ends on the day it starts (in that zone), else both."""
    return zones.when(
        session.starts_at, session.ends_at, reader_zone(), str(get_locale())
    )


@bp.app_template_filter()
def held_when(session) -> str:
    """Start and end in the zone the session is held in, that zone named (for
    readers elsewhere)."""
    return zones.when(
        session.starts_at, session.ends_at, session.time_zone, str(get_locale())
    )
