"""The programme as RFC 5545 calendar files, written with the icalendar library:
one VEVENT per session, its times in the zone it is held in (with that zone's
VTIMEZONE), the same UID for life and a SEQUENCE that each change raises."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event, vDuration

from portal.domain.zones import in_zone

if TYPE_CHECKING:
    from portal.models import ProgrammeSession

PRODID = "-//State Migration Service of Azerbaijan//Migration School portal//EN"
MEDIA_TYPE = "text/calendar"  # Flask adds "; charset=utf-8"
#: How often a subscribed calendar should fetch the feed again (RFC 7986, and
#: Outlook's X-PUBLISHED-TTL); applications may poll less often.
FEED_REFRESH = timedelta(hours=1)
#: The zone definitions cover the sessions' dates with this much to spare.
_ZONE_MARGIN = timedelta(days=366)

#: The session page's absolute address, which the web layer builds.
PageUrl = Callable[["ProgrammeSession"], str]


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _place(session: ProgrammeSession) -> str:
    """Room and address as one line; an online session's link when it has none."""
    return ", ".join(p for p in (session.room, session.address) if p) or (
        session.online_url
    )


def _speaker(speaker) -> str:
    """``Name — Role, Organisation``, leaving out what is not known."""
    about = ", ".join(part for part in (speaker.role, speaker.organisation) if part)
    return f"{speaker.name} — {about}" if about else speaker.name


def _description(session: ProgrammeSession, page: str) -> str:
    """The description's Markdown source (readable as plain text), the speakers
    and the session page, which always has the latest."""
    speakers = "\n".join(_speaker(item.speaker) for item in session.speakers)
    parts = [session.description.strip(), speakers, page]
    return "\n\n".join(part for part in parts if part)


def session_event(session: ProgrammeSession, now: datetime, page_url: PageUrl) -> Event:
    """The VEVENT of one session: a cancelled one stays in the file as
    ``STATUS:CANCELLED`` so calendars that have it take it off.

    :param now: when the file is written (DTSTAMP).
    :param page_url: the session page's absolute address.
    """
    page = page_url(session)
    return Event.new(
        uid=session.uid,
        stamp=_utc(now),
        sequence=session.sequence,
        start=in_zone(session.starts_at, session.time_zone),
        end=in_zone(session.ends_at, session.time_zone),
        summary=session.title,
        description=_description(session, page),
        location=_place(session) or None,
        url=session.online_url or page,
        status="CANCELLED" if session.cancelled else "CONFIRMED",
        created=_utc(session.created_at),
        last_modified=_utc(session.updated_at),
        categories=[session.kind],
    )


def calendar_file(
    sessions: Sequence[ProgrammeSession],
    now: datetime,
    page_url: PageUrl,
    *,
    name: str | None = None,
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding ``sessions``, with a VTIMEZONE for
    every zone they are held in.

    :param name: the calendar's name (X-WR-CALNAME, NAME): given for a feed that
        applications subscribe to, which are also told how often to refresh it.
    :return: the file, CRLF line endings and folded lines as RFC 5545 wants.
    """
    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", calscale="GREGORIAN", name=name
    )
    del calendar["UID"]  # the library makes a random one; a calendar needs none
    if name:
        duration = vDuration(FEED_REFRESH)
        calendar.add("REFRESH-INTERVAL", duration, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", duration)
    for session in sessions:
        calendar.add_component(session_event(session, now, page_url))
    if sessions:
        calendar.add_missing_timezones(*_zone_span(sessions))
    return calendar.to_ical()


def _zone_span(sessions: Sequence[ProgrammeSession]) -> tuple[date, date]:
    """The dates the VTIMEZONEs must cover: every session, with a margin, so a
    zone without daylight saving comes out as one short STANDARD block."""
    first = min(s.starts_at for s in sessions) - _ZONE_MARGIN
    last = max(s.ends_at for s in sessions) + _ZONE_MARGIN
    return first.date(), last.date()
