"""The day-before reminders that ``flask events remind`` sends: each session
once, to the people expected there, whatever the run's schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from portal.domain.programme import SessionStatus, reminder_due, reminder_window
from portal.extensions import db
from portal.models import ProgrammeSession
from portal.services import programme_mail
from portal.services.outbox import Letters


@dataclass(frozen=True)
class Reminded:
    """One session a run reminded, and how many letters went out for it."""

    session_id: int
    title: str
    starts_at: datetime
    time_zone: str
    letters: int


def due_sessions(now: datetime) -> list[ProgrammeSession]:
    """The sessions a run at ``now`` reminds (see
    :func:`portal.domain.programme.reminder_due`), soonest first."""
    after, until = reminder_window(now)
    found = db.session.scalars(
        select(ProgrammeSession)
        .where(
            ProgrammeSession.status == SessionStatus.SCHEDULED,
            ProgrammeSession.reminded_at.is_(None),
            ProgrammeSession.starts_at > after,
            ProgrammeSession.starts_at <= until,
        )
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    return [s for s in found if reminder_due(s.starts_at, s.status, s.reminded_at, now)]


def send_reminders(now: datetime, *, letters: Letters) -> list[Reminded]:
    """Queue the reminders due at ``now`` and mark each session reminded, one
    commit per session: a run that stops half-way sends the rest next time and
    never the same one twice.

    :return: what was reminded, in order.
    """
    done = []
    for session in due_sessions(now):
        if not _claim(session.id, now):
            db.session.commit()
            continue  # another run took it meanwhile
        count = programme_mail.session_reminder(session, now, letters=letters)
        db.session.commit()
        done.append(
            Reminded(
                session.id, session.title, session.starts_at, session.time_zone, count
            )
        )
    return done


def _claim(session_id: int, now: datetime) -> bool:
    """Mark the session reminded unless a run at the same time already has: the
    conditional UPDATE waits for the other run's commit, then finds nothing."""
    result = db.session.execute(
        update(ProgrammeSession)
        .where(
            ProgrammeSession.id == session_id, ProgrammeSession.reminded_at.is_(None)
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
