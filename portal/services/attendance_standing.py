"""Reading a participant's attendance standing (two queries), for the certificate
rule, the participant's own report and staff's report on one participant."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, select

from portal.domain.attendance import (
    AttendanceStanding,
    ExcusedPolicy,
    HeldSession,
    attendance_standing,
)
from portal.extensions import db
from portal.models import AttendanceMark, Cohort, ProgrammeSession, User

SESSION_COLUMNS = (
    ProgrammeSession.id,
    ProgrammeSession.title,
    ProgrammeSession.starts_at,
    ProgrammeSession.ends_at,
    ProgrammeSession.required,
)


def required_sessions():
    """A query of the cohort's required, not cancelled sessions' columns, by
    date; add ``.where(ProgrammeSession.cohort_id == ...)``."""
    return (
        select(*SESSION_COLUMNS)
        .where(
            ProgrammeSession.required.is_(True),
            ProgrammeSession.status != "cancelled",
        )
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )


def excused_policy(cohort: Cohort) -> ExcusedPolicy:
    """How ``cohort`` counts excused absences (left out, unless it says else)."""
    return ExcusedPolicy(cohort.excused_absences or ExcusedPolicy.EXCLUDED)


def held_session(row: Iterable) -> HeldSession:
    """A :class:`HeldSession` from a row of :data:`SESSION_COLUMNS`."""
    session_id, title, starts_at, ends_at, required = tuple(row)[:5]
    return HeldSession(session_id, title, starts_at, ends_at, required)


def standing_in(cohort: Cohort, user_id: int, now: datetime) -> AttendanceStanding:
    """``user_id``'s standing in ``cohort`` (one query: sessions with marks).

    :param now: sessions ended by then count.
    """
    rows = db.session.execute(
        required_sessions()
        .add_columns(AttendanceMark.status, AttendanceMark.note)
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == ProgrammeSession.id,
                AttendanceMark.user_id == user_id,
            ),
        )
        .where(ProgrammeSession.cohort_id == cohort.id)
    ).all()
    sessions = [held_session(row) for row in rows]
    marks = {row[0]: (row[5], row[6] or "") for row in rows if row[5]}
    return attendance_standing(
        sessions,
        marks,
        excused_policy(cohort),
        cohort.attendance_minimum,
        now,
    )


def participant_standing(user_id: int, now: datetime) -> AttendanceStanding | None:
    """The participant's standing in their own cohort; ``None`` outside a cohort
    (two queries).

    :param now: sessions ended by then count.
    """
    cohort = db.session.scalar(
        select(Cohort).join(User, User.cohort_id == Cohort.id).where(User.id == user_id)
    )
    return standing_in(cohort, user_id, now) if cohort is not None else None
