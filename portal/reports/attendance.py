"""Attendance reports for staff and participants: a cohort's matrix of
participants × sessions held, and one participant's attendance, read in a fixed
number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.access import Duty
from portal.domain.attendance import (
    AttendanceStanding,
    ExcusedPolicy,
    HeldSession,
    Mark,
    share,
    tally,
)
from portal.extensions import db
from portal.models import AttendanceMark, Cohort, ProgrammeSession, Role, User
from portal.reports.members import cohort_members
from portal.services import access
from portal.services.attendance_standing import (
    excused_policy,
    held_session,
    required_sessions,
    standing_in,
)
from portal.services.errors import NotFound


@dataclass(frozen=True)
class MatrixLine:
    """One participant's marks, in the order of the matrix's sessions."""

    user_id: int
    full_name: str
    email: str
    active: bool
    marks: tuple[Mark | None, ...]
    counted: int
    attended: int
    share: float | None


@dataclass(frozen=True)
class AttendanceMatrix:
    cohort: Cohort
    policy: ExcusedPolicy
    sessions: tuple[HeldSession, ...]  # required sessions held, by date
    lines: tuple[MatrixLine, ...]  # by name
    session_shares: tuple[float | None, ...]  # share of participants who attended

    @property
    def mean_share(self) -> float | None:
        shares = [line.share for line in self.lines if line.share is not None]
        return sum(shares) / len(shares) if shares else None


def attendance_matrix(cohort: Cohort, now: datetime) -> AttendanceMatrix:
    """Every participant of ``cohort`` against every required session held by
    ``now`` (three queries: sessions, participants, marks).

    :param now: sessions ended by then count.
    """
    sessions = tuple(
        held_session(row)
        for row in db.session.execute(
            required_sessions().where(
                ProgrammeSession.cohort_id == cohort.id,
                ProgrammeSession.ends_at <= now,
            )
        )
    )
    people = db.session.execute(
        select(User.id, User.full_name, User.email, User.active)
        .where(User.id.in_(cohort_members(cohort.id)))
        .order_by(User.full_name, User.id)
    ).all()
    found: dict[tuple[int, int], Mark] = {}
    if sessions and people:
        found = {
            (user_id, session_id): Mark(status)
            for user_id, session_id, status in db.session.execute(
                select(
                    AttendanceMark.user_id,
                    AttendanceMark.session_id,
                    AttendanceMark.status,
                ).where(
                    AttendanceMark.session_id.in_([s.id for s in sessions]),
                    AttendanceMark.user_id.in_(cohort_members(cohort.id)),
                )
            )
        }
    policy = excused_policy(cohort)
    lines = []
    for person in people:
        marks = tuple(found.get((person.id, s.id)) for s in sessions)
        counted, attended = tally(len(sessions), Counter(filter(None, marks)), policy)
        lines.append(
            MatrixLine(*person, marks, counted, attended, share(attended, counted))
        )
    shares = []
    for index in range(len(sessions)):
        column = Counter(line.marks[index] for line in lines if line.marks[index])
        counted, attended = tally(len(lines), column, policy)
        shares.append(share(attended, counted))
    return AttendanceMatrix(cohort, policy, sessions, tuple(lines), tuple(shares))


@dataclass(frozen=True)
class ParticipantAttendance:
    cohort: Cohort
    user: User
    standing: AttendanceStanding


def participant_attendance(
    viewer: User, cohort_id: int, user_id: int, now: datetime
) -> ParticipantAttendance:
    """One participant's attendance, for staff who teach the cohort.

    :raise NotFound: no such cohort or participant in it, or ``viewer`` neither
        administers nor teaches the cohort.
    """
    cohort = access.visible_cohort(viewer, cohort_id, Duty.TEACHER)
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.PARTICIPANT or user.cohort_id != cohort.id:
        raise NotFound(_("No such participant."))
    return ParticipantAttendance(cohort, user, standing_in(cohort, user.id, now))


def own_attendance(user: User, now: datetime) -> ParticipantAttendance:
    """The participant's own attendance in their cohort.

    :raise NotFound: ``user`` is not a participant of a cohort.
    """
    cohort = db.session.get(Cohort, user.cohort_id) if user.cohort_id else None
    if cohort is None or user.role != Role.PARTICIPANT:
        raise NotFound(_("You are not a participant of a cohort."))
    return ParticipantAttendance(cohort, user, standing_in(cohort, user.id, now))
