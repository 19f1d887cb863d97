"""The cohort dashboard's queries: participants with their progress summaries
(recomputing stale ones), their attendance marks, the cohort's release dates and
weekly completions."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Text, and_, cast, func, select

from portal.domain.cohort_matrix import outline_key
from portal.extensions import db
from portal.models import (
    AttendanceMark,
    LessonCompletion,
    ProgrammeSession,
    ProgressSummary,
    User,
)
from portal.reports.members import cohort_members
from portal.services import progress_summary
from portal.services.outline import CourseSnapshot

CHART_WEEKS = 12


class Person(NamedTuple):
    """A participant with their summary, as :func:`people`'s query returns them."""

    id: int
    full_name: str
    email: str
    active: bool
    created_at: datetime
    outline_key: str | None
    cells: str
    percent: int
    final_passed: bool
    most_failures: int
    quizzes: str  # JSON
    last_activity: datetime | None


def people(cohort_id: int, snapshot: CourseSnapshot) -> list:
    """The cohort's participants with their progress summaries, by name. Summaries
    missing or made for another shape of the course are recomputed (and stored)."""
    key = outline_key(snapshot.outline, snapshot.final_quiz)
    people = (
        db.session.connection()  # plain rows: no ORM bookkeeping for thousands
        .execute(
            select(
                User.id,
                User.full_name,
                User.email,
                User.active,
                User.created_at,
                ProgressSummary.outline_key,
                ProgressSummary.cells,
                ProgressSummary.percent,
                ProgressSummary.final_passed,
                ProgressSummary.most_failures,
                cast(ProgressSummary.quizzes, Text),
                ProgressSummary.last_activity,
            )
            .outerjoin(ProgressSummary, ProgressSummary.user_id == User.id)
            .where(User.id.in_(cohort_members(cohort_id)))
            .order_by(User.full_name, User.id)
        )
        .all()
    )
    if all(person.outline_key == key for person in people):
        return people
    fresh = {
        row["user_id"]: row
        for row in progress_summary.refresh_stale(cohort_members(cohort_id), snapshot)
    }
    return [
        Person(
            *person[:5],
            key,
            row["cells"],
            row["percent"],
            row["final_passed"],
            row["most_failures"],
            json.dumps(row["quizzes"]),
            row["last_activity"],
        )
        if (row := fresh.get(person.id))
        else person
        for person in people
    ]


def weekly_completions(cohort_id: int, today: date) -> list[tuple[date, int]]:
    """Lessons completed in each of the last ``CHART_WEEKS`` weeks (Monday first)."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=CHART_WEEKS - 1)
    day = func.date(LessonCompletion.completed_at)
    weeks = dict.fromkeys((first + timedelta(weeks=i) for i in range(CHART_WEEKS)), 0)
    for raw, count in db.session.execute(
        select(day, func.count())
        .where(
            LessonCompletion.user_id.in_(cohort_members(cohort_id)),
            LessonCompletion.completed_at
            >= datetime.combine(first, datetime.min.time()),
        )
        .group_by(day)
    ):
        when = raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])
        start = when - timedelta(days=when.weekday())
        if start in weeks:
            weeks[start] += count
    return list(weeks.items())


def attendance_marks(
    cohort_id: int, now: datetime
) -> tuple[int, dict[int, dict[str, int]]]:
    """How many required sessions the cohort has held by ``now``, and how many of
    each mark every participant has for them, in one query.

    :return: ``(held, {user id: {mark: count}})``; someone without marks is absent.
    """
    held = (
        select(ProgrammeSession.id)
        .where(
            ProgrammeSession.cohort_id == cohort_id,
            ProgrammeSession.required.is_(True),
            ProgrammeSession.status != "cancelled",
            ProgrammeSession.ends_at <= now,
        )
        .subquery()
    )
    total = select(func.count()).select_from(held).correlate(None).scalar_subquery()
    rows = db.session.execute(
        select(total, AttendanceMark.user_id, AttendanceMark.status, func.count())
        .select_from(held)  # a held session without marks still gives the total
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.session_id == held.c.id,
                AttendanceMark.user_id.in_(cohort_members(cohort_id)),
            ),
        )
        .group_by(AttendanceMark.user_id, AttendanceMark.status)
    ).all()
    marks: dict[int, dict[str, int]] = {}
    for _total, user_id, status, count in rows:
        if user_id is not None:
            marks.setdefault(user_id, {})[status] = count
    return (rows[0][0] if rows else 0), marks
