"""Calendar files of the programme: a session's .ics for whoever may read it, and
each person's private feed, kept only as the SHA-256 of its token and revocable."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.ical import PageUrl, calendar_file
from portal.models import CalendarFeed, ProgrammeSession, User
from portal.services import access, audit, programme
from portal.services.errors import Forbidden, NotFound
from portal.services.link_tokens import token_digest

#: A feed's ``last_used_at`` is written at most this often: calendar applications
#: poll, and a write per poll would be a write per person per hour.
TOUCH_EVERY = timedelta(minutes=5)
#: Sessions that ended longer ago than this are left out of feeds.
FEED_HISTORY = timedelta(days=400)


def session_calendar(
    session_id: int, user: User, now: datetime, page_url: PageUrl
) -> tuple[ProgrammeSession, bytes]:
    """The .ics file of one session (cancelled ones too, so a calendar that has
    it learns it is off).

    :raise NotFound: see :func:`portal.services.programme.session_for_reader`.
    """
    session = programme.session_for_reader(session_id, user)
    return session, calendar_file([session], now, page_url)


def feed_sessions(user: User, now: datetime) -> list[ProgrammeSession]:
    """What ``user``'s feed holds: their programme's sessions, cancelled ones
    included, from :data:`FEED_HISTORY` ago on, in order."""
    cohorts = access.programme_cohort_ids(user)
    query = (
        select(ProgrammeSession)
        .options(selectinload(ProgrammeSession.speakers))
        .where(ProgrammeSession.ends_at >= now - FEED_HISTORY)
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    if cohorts is not None:
        query = query.where(ProgrammeSession.cohort_id.in_(cohorts))
    return list(db.session.scalars(query))


def feed_calendar(
    token: str, now: datetime, page_url: PageUrl, programme: str
) -> bytes:
    """The feed a calendar application fetches with ``token``, no one signed in.

    :param programme: the programme's name, which the calendar is named after
        (with the cohort's, for a participant).
    :raise NotFound: the token is unknown or was revoked, or its owner's account
        is closed.
    """
    owner = _feed_owner(token, now)
    name = programme
    if owner.is_participant and owner.cohort is not None:
        name = f"{programme} — {owner.cohort.name}"
    return calendar_file(feed_sessions(owner, now), now, page_url, name=name)


def _feed_owner(token: str, now: datetime) -> User:
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == token_digest(token))
    )
    owner = db.session.get(User, feed.user_id) if feed else None
    if owner is None or not owner.active:
        raise NotFound(_("No such calendar feed."))
    if feed.last_used_at is None or now - feed.last_used_at >= TOUCH_EVERY:
        feed.last_used_at = now
        db.session.commit()
    return owner


def current_feed(user: User) -> CalendarFeed | None:
    """``user``'s feed, if they have one (its address is never shown again)."""
    return db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.user_id == user.id)
    )


def create_feed(user: User, now: datetime) -> str:
    """A new private feed for ``user``; the address they had stops working.

    :raise Forbidden: ``user`` has no programme (an applicant).
    :return: the token, to be shown once in the feed's address and kept nowhere.
    """
    if not (user.is_participant or user.is_staff):
        raise Forbidden(_("Calendar feeds are for participants and staff."))
    replaced = _delete_feed(user)
    token = secrets.token_urlsafe(32)
    db.session.add(
        CalendarFeed(user_id=user.id, token_hash=token_digest(token), created_at=now)
    )
    audit.record(user.id, "calendar.feed_created", user.email, now, replaced=replaced)
    db.session.commit()
    return token


def revoke_feed(user: User, now: datetime) -> bool:
    """Turn ``user``'s feed off: calendars subscribed to it get nothing more.

    :return: whether there was one to turn off.
    """
    if not _delete_feed(user):
        return False
    audit.record(user.id, "calendar.feed_revoked", user.email, now)
    db.session.commit()
    return True


def _delete_feed(user: User) -> bool:
    result = db.session.execute(
        delete(CalendarFeed).where(CalendarFeed.user_id == user.id)
    )
    return bool(result.rowcount)
