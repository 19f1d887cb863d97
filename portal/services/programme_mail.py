"""The programme's emails, queued in the outbox with the change they report (the
caller commits): an invitation when a session is added, a notice when it changes
or is cancelled, a place offered from a waiting list, the day-before reminder.

Each letter gives times in the recipient's zone (Asia/Baku unless they chose
another), named, and carries the sessions as an .ics file to add to a calendar.

These functions are called where a change is made, with the signatures the
programme's other parts use; the letters are written with
:func:`portal.emails.write_email` unless a caller passes its own ``letters``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.domain.registrations import Place
from portal.domain.zones import when
from portal.emails import write_email
from portal.extensions import db
from portal.ical import calendar_file
from portal.links import absolute_url, session_file_url, session_page_url
from portal.models import Cohort, ProgrammeSession, SessionRegistration, User
from portal.reports.members import reachable_members
from portal.services.outbox import Letters, attach, queue_email

#: The words for what changed, by the names callers give (others are shown as
#: given).
CHANGES = {
    "time": _l("the time"),
    "place": _l("the place"),
    "online": _l("the online link"),
    "title": _l("the title"),
    "description": _l("the description"),
    "speakers": _l("the speakers"),
    "capacity": _l("the number of places"),
    "required": _l("whether it is required"),
    "kind": _l("the kind of session"),
}


@dataclass(frozen=True)
class SessionLines:
    """A session as a letter to one person shows it."""

    session: ProgrammeSession
    when: str
    place: str
    page: str
    ics: str


def _lines(session: ProgrammeSession, person: User) -> SessionLines:
    place = ", ".join(p for p in (session.room, session.address) if p)
    return SessionLines(
        session=session,
        when=when(
            session.starts_at, session.ends_at, person.time_zone, str(get_locale())
        ),
        place=place or session.online_url,
        page=session_page_url(session),
        ics=session_file_url(session),
    )


def holders(session_id: int, *places: Place) -> list[User]:
    """People with a registration of one of ``places`` at the session."""
    return list(
        db.session.scalars(
            select(User)
            .join(SessionRegistration, SessionRegistration.user_id == User.id)
            .where(
                SessionRegistration.session_id == session_id,
                SessionRegistration.status.in_([str(p) for p in places]),
                User.active.is_(True),
            )
            .order_by(User.full_name, User.id)
        )
    )


def _letter(
    letters: Letters,
    people: Iterable[User],
    subject: str,
    template: str,
    sessions: Sequence[ProgrammeSession],
    now: datetime,
    **context,
) -> int:
    """One letter per person (each once), with the sessions as an .ics file.

    :return: how many letters were queued.
    """
    ics = calendar_file(sessions, now, session_page_url).decode()
    filename = f"session-{sessions[0].id}.ics" if len(sessions) == 1 else "sessions.ics"
    seen: set[int] = set()
    for person in people:
        if person.id in seen:
            continue
        seen.add(person.id)
        message = queue_email(
            letters,
            person.email,
            subject,
            template,
            user=person,
            sessions=[_lines(s, person) for s in sessions],
            feed_page=absolute_url("programme.calendar_feed_page"),
            **context,
        )
        attach(message, filename, ics, "calendar")
    return len(seen)


def _cohort(session: ProgrammeSession) -> Cohort:
    return db.session.get(Cohort, session.cohort_id)


def sessions_added(
    sessions: Sequence[ProgrammeSession],
    now: datetime,
    *,
    letters: Letters = write_email,
) -> None:
    """Invite the cohort's participants to new sessions (one letter per person,
    however many sessions a programme file added). Sessions already over or
    cancelled are not announced: a programme file may hold the whole history."""
    ordered = sorted(sessions, key=lambda s: (s.cohort_id, s.starts_at, s.id))
    for cohort_id, group in groupby(ordered, key=lambda s: s.cohort_id):
        added = [s for s in group if not s.cancelled and s.ends_at > now]
        if not added:
            continue
        cohort = _cohort(added[0])
        subject = (
            _("New in your programme: %(title)s", title=added[0].title)
            if len(added) == 1
            else _("New sessions in your programme (%(num)d)", num=len(added))
        )
        _letter(
            letters,
            reachable_members(cohort_id),
            subject,
            "sessions_added",
            added,
            now,
            cohort=cohort,
        )


def _concerned(session: ProgrammeSession) -> list[User]:
    """The cohort's participants and, for an optional event, anyone holding a
    place or waiting for one (they are in the cohort too, unless they left it)."""
    people = reachable_members(session.cohort_id)
    if not session.required:
        people += holders(session.id, Place.REGISTERED, Place.WAITING)
    return people


def session_changed(
    session: ProgrammeSession,
    now: datetime,
    changed: Sequence[str],
    *,
    letters: Letters = write_email,
) -> None:
    """Tell the cohort what changed (``changed`` names the fields: ``time``,
    ``place``, ``title``...)."""
    what = [str(CHANGES.get(name, name)) for name in changed]
    _letter(
        letters,
        _concerned(session),
        _("Changed: %(title)s", title=session.title),
        "session_changed",
        [session],
        now,
        changed=", ".join(what),
    )


def session_cancelled(
    session: ProgrammeSession, now: datetime, *, letters: Letters = write_email
) -> None:
    """Tell the cohort (and anyone registered or waiting) that it is off."""
    _letter(
        letters,
        _concerned(session),
        _("Cancelled: %(title)s", title=session.title),
        "session_cancelled",
        [session],
        now,
    )


def place_offered(
    registration: SessionRegistration,
    now: datetime,
    *,
    letters: Letters = write_email,
) -> None:
    """Tell someone their place on a waiting list became a place at the event."""
    session = db.session.get(ProgrammeSession, registration.session_id)
    person = db.session.get(User, registration.user_id)
    _letter(
        letters,
        [person],
        _("You have a place: %(title)s", title=session.title),
        "place_offered",
        [session],
        now,
    )


def expected(session: ProgrammeSession) -> list[User]:
    """Who is expected at a session: the whole cohort at a required one, those
    holding a place at an optional one."""
    if session.required:
        return reachable_members(session.cohort_id)
    return holders(session.id, Place.REGISTERED)


def session_reminder(
    session: ProgrammeSession, now: datetime, *, letters: Letters = write_email
) -> int:
    """Remind everyone expected at ``session`` that it is coming up.

    :return: how many letters were queued.
    """
    return _letter(
        letters,
        expected(session),
        _("Reminder: %(title)s", title=session.title),
        "session_reminder",
        [session],
        now,
    )
