"""Cohort analytics for staff: who may see which cohort, the progress dashboard and
one participant's timeline. Every report runs in a fixed number of queries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, cast, func, select

from portal.domain.cohort_matrix import MatrixPlan, MatrixRow, outline_key
from portal.domain.progress import CourseProgress, ModuleOutline, QuizBest, Status
from portal.domain.quiz_facts import best_per_quiz, decode_quizzes
from portal.domain.risk import RiskSettings, behind_schedule, flags_of, inactive
from portal.extensions import db
from portal.models import (
    Cohort,
    CohortStaff,
    LessonCompletion,
    ModuleRelease,
    ProgressSummary,
    QuizAttempt,
    Role,
    User,
)
from portal.services import progress_summary
from portal.services.errors import Forbidden, NotFound
from portal.services.learning import participant_progress, with_release_dates
from portal.services.outline import CourseSnapshot, course_snapshot

TEACHER = "teacher"
OVERALL = ("completed", "in_progress", "not_started", "at_risk")
SORTS = ("name", "progress", "activity", "risk")
CHART_WEEKS = 12


# -- who sees what -------------------------------------------------------------


def taught_cohort_ids(user: User) -> list[int] | None:
    """Cohorts whose analytics ``user`` may see; ``None`` means all of them.

    Administrators see all; a trainer sees the cohorts they teach, or all cohorts
    while they teach none (a small school assigns nobody).

    :raise Forbidden: participants and applicants.
    """
    if user.role == Role.ADMIN:
        return None
    if user.role != Role.TRAINER:
        raise Forbidden("This page is for staff only.")
    ids = db.session.scalars(
        select(CohortStaff.cohort_id).where(
            CohortStaff.user_id == user.id, CohortStaff.duty == TEACHER
        )
    ).all()
    return list(ids) or None


def visible_cohorts(user: User) -> list[Cohort]:
    ids = taught_cohort_ids(user)
    query = select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id.desc())
    if ids is not None:
        query = query.where(Cohort.id.in_(ids))
    return list(db.session.scalars(query))


def require_cohort(user: User, cohort_id: int) -> Cohort:
    """:raise NotFound: no such cohort, or one ``user`` does not teach."""
    ids = taught_cohort_ids(user)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or (ids is not None and cohort_id not in ids):
        raise NotFound("No such cohort.")
    return cohort


# -- the dashboard -------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    q: str = ""
    status: str = ""  # one of OVERALL, or "" for everyone
    module: str = ""
    module_status: str = ""  # a Status value, with ``module``
    inactive_days: int | None = None
    sort: str = "name"
    descending: bool = False


@dataclass(slots=True)
class ParticipantRow:
    user_id: int
    full_name: str
    email: str
    active: bool
    cells: str  # see portal.domain.cohort_matrix.progress_cells
    matrix: MatrixRow
    last_activity: datetime | None
    flags: tuple[str, ...]
    overall: str  # one of OVERALL but at_risk
    quiz_facts: str = "{}"  # the summary's JSON, read for the rows someone looks at
    _best: dict[str, QuizBest] | None = field(default=None, repr=False, compare=False)

    @property
    def best(self) -> dict[str, QuizBest]:
        """Best attempt per quiz slug."""
        if self._best is None:
            facts = decode_quizzes(json.loads(self.quiz_facts))
            self._best = best_per_quiz(facts)
        return self._best


@dataclass
class Dashboard:
    cohort: Cohort
    outline: list[ModuleOutline]
    final_quiz: str | None
    everyone: list[ParticipantRow]
    rows: list[ParticipantRow] = field(default_factory=list)  # filtered, sorted
    weekly: list[tuple[date, int]] = field(default_factory=list)

    @cached_property
    def completed(self) -> int:
        return sum(1 for row in self.everyone if row.overall == "completed")

    @cached_property
    def at_risk(self) -> int:
        return sum(1 for row in self.everyone if row.flags)

    @cached_property
    def mean_percent(self) -> float:
        rows = self.everyone
        return sum(r.matrix.percent for r in rows) / len(rows) if rows else 0.0

    @cached_property
    def completions(self) -> list[int]:
        """Per module, how many participants completed it."""
        patterns: dict[str, list] = {}  # participants at one point share statuses
        for row in self.everyone:
            if (seen := patterns.get(row.cells)) is not None:
                seen[1] += 1
            else:
                patterns[row.cells] = [row.matrix.statuses, 1]
        counts = [0] * len(self.outline)
        for statuses, people in patterns.values():
            for index, status in enumerate(statuses):
                if status is Status.COMPLETED:
                    counts[index] += people
        return counts

    def funnel(self) -> tuple[list[str], list[int]]:
        """Enrolled, started, each module complete, final passed: the drop-off."""
        labels = [_l("Enrolled"), _l("Started")] + [m.title for m in self.outline]
        values = [
            len(self.everyone),
            sum(1 for r in self.everyone if r.last_activity),
        ] + self.completions
        if self.final_quiz:
            labels.append(_l("Final assessment passed"))
            values.append(sum(1 for r in self.everyone if r.matrix.final_passed))
        return labels, values


def cohort_dashboard(
    cohort: Cohort,
    today: date,
    settings: RiskSettings,
    filters: DashboardFilters = DashboardFilters(),
) -> Dashboard:
    """Every participant of ``cohort`` with module statuses, best scores, last
    activity and at-risk flags, filtered and sorted, in a fixed number of queries.

    Reads one progress summary per participant; participants at the same point of
    the course share one status computation (see :mod:`portal.domain.cohort_matrix`).
    """
    snapshot = course_snapshot()
    outline = with_release_dates(snapshot.outline, _releases(cohort.id))
    plan = MatrixPlan(outline, snapshot.final_quiz, today)
    schedule = [(m.slug, m.opens_on) for m in outline if m.opens_on is not None]
    points: dict[str, tuple] = {}  # cells -> statuses, all complete, behind
    rows = []
    for person in _people(cohort.id, snapshot):
        cells = person.cells
        point = points.get(cells)
        if point is None:
            statuses = plan.statuses(cells)
            point = points[cells] = (
                statuses,
                all(s is Status.COMPLETED for s in statuses),
                bool(
                    behind_schedule(
                        schedule, plan.completed(cells), today, settings.behind_days
                    )
                ),
            )
        statuses, all_complete, behind = point
        idle = inactive(
            person.last_activity,
            cohort.starts_on or person.created_at.date(),
            today,
            settings.inactive_days,
        )
        failed = person.most_failures >= settings.failed_attempts
        if all_complete and person.final_passed:
            overall = "completed"
        else:
            overall = "in_progress" if person.last_activity else "not_started"
        rows.append(
            ParticipantRow(
                person.id,
                person.full_name,
                person.email,
                person.active,
                cells,
                MatrixRow(statuses, person.percent, person.final_passed),
                person.last_activity,
                flags_of(idle, failed, behind),
                overall,
                person.quizzes,
            )
        )
    dashboard = Dashboard(cohort, outline, snapshot.final_quiz, rows)
    dashboard.rows = _filter_and_sort(dashboard, rows, filters, today)
    dashboard.weekly = _weekly_completions(cohort.id, today)
    return dashboard


class _Person(NamedTuple):
    """A participant with their summary, as :func:`_people`'s query returns them."""

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


def _people(cohort_id: int, snapshot: CourseSnapshot) -> list:
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
            .where(User.cohort_id == cohort_id, User.role == Role.PARTICIPANT)
            .order_by(User.full_name, User.id)
        )
        .all()
    )
    if all(person.outline_key == key for person in people):
        return people
    fresh = {
        row["user_id"]: row
        for row in progress_summary.refresh_stale(_members(cohort_id), snapshot)
    }
    return [
        _Person(
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


def _releases(cohort_id: int) -> dict[str, date]:
    return dict(
        db.session.execute(
            select(ModuleRelease.module_slug, ModuleRelease.opens_on).where(
                ModuleRelease.cohort_id == cohort_id
            )
        ).all()
    )


def _members(cohort_id: int):
    return select(User.id).where(
        User.cohort_id == cohort_id, User.role == Role.PARTICIPANT
    )


def _weekly_completions(cohort_id: int, today: date) -> list[tuple[date, int]]:
    """Lessons completed in each of the last ``CHART_WEEKS`` weeks (Monday first)."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=CHART_WEEKS - 1)
    day = func.date(LessonCompletion.completed_at)
    weeks = dict.fromkeys((first + timedelta(weeks=i) for i in range(CHART_WEEKS)), 0)
    for raw, count in db.session.execute(
        select(day, func.count())
        .where(
            LessonCompletion.user_id.in_(_members(cohort_id)),
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


def _filter_and_sort(
    dashboard: Dashboard,
    rows: list[ParticipantRow],
    filters: DashboardFilters,
    today: date,
) -> list[ParticipantRow]:
    wanted = filters.q.strip().casefold()
    if wanted:
        rows = [
            r for r in rows if wanted in r.full_name.casefold() or wanted in r.email
        ]
    if filters.status == "at_risk":
        rows = [r for r in rows if r.flags]
    elif filters.status in OVERALL:
        rows = [r for r in rows if r.overall == filters.status]
    slugs = [m.slug for m in dashboard.outline]
    if filters.module in slugs and filters.module_status:
        index = slugs.index(filters.module)
        rows = [r for r in rows if r.matrix.statuses[index] == filters.module_status]
    if filters.inactive_days is not None:
        cutoff = today - timedelta(days=filters.inactive_days)
        rows = [
            r
            for r in rows
            if r.last_activity is None or r.last_activity.date() <= cutoff
        ]
    rows = sorted(rows, key=lambda r: (r.full_name.casefold(), r.user_id))
    keys = {
        "progress": lambda r: r.matrix.percent,
        "activity": lambda r: r.last_activity or datetime.min,
        "risk": lambda r: len(r.flags),
    }
    if filters.sort in keys:  # stable: equal keys stay in name order
        return sorted(rows, key=keys[filters.sort], reverse=filters.descending)
    return rows[::-1] if filters.descending else rows


# -- one participant -----------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # lesson | attempt
    module: str
    item: str
    attempt: QuizAttempt | None = None


@dataclass(frozen=True)
class ParticipantDetail:
    user: User
    progress: CourseProgress
    timeline: list[TimelineEntry]


def participant_detail(viewer: User, user_id: int, today: date) -> ParticipantDetail:
    """A participant's progress and a timeline of lessons and attempts, newest first.

    :raise NotFound: no such participant, or one in a cohort ``viewer`` does not see.
    """
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.PARTICIPANT:
        raise NotFound("No such participant.")
    ids = taught_cohort_ids(viewer)
    if ids is not None and user.cohort_id not in ids:
        raise NotFound("No such participant.")
    progress = participant_progress(user.id, today)
    entries = [
        TimelineEntry(c.completed_at, "lesson", c.module_slug, c.lesson_slug)
        for c in db.session.scalars(
            select(LessonCompletion).where(LessonCompletion.user_id == user.id)
        )
    ]
    entries += [
        TimelineEntry(a.submitted_at or a.started_at, "attempt", "", a.quiz_slug, a)
        for a in db.session.scalars(
            select(QuizAttempt).where(QuizAttempt.user_id == user.id)
        )
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return ParticipantDetail(user, progress, entries)
