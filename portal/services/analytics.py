"""Cohort analytics for staff: who may see which cohort, the progress dashboard and
one participant's timeline. Every report runs in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from time import monotonic

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, case, false, func, or_, select, type_coerce

from portal.domain.cohort_matrix import MatrixRow, matrix_row
from portal.domain.progress import CourseProgress, ModuleOutline, QuizBest, Status
from portal.domain.risk import (
    RiskSettings,
    behind_schedule,
    failed_twice,
    risk_flags,
)
from portal.extensions import db
from portal.models import (
    Cohort,
    CohortStaff,
    CourseImport,
    LessonCompletion,
    ModuleRelease,
    QuizAttempt,
    Role,
    User,
)
from portal.services.errors import Forbidden, NotFound
from portal.services.learning import participant_progress, with_release_dates
from portal.services.outline import course_snapshot

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


@dataclass(frozen=True)
class ParticipantRow:
    user_id: int
    full_name: str
    email: str
    active: bool
    matrix: MatrixRow
    best: dict[str, QuizBest]
    lessons_done: dict[str, int]
    last_activity: datetime | None
    flags: tuple[str, ...]
    failed_quizzes: tuple[str, ...]
    behind: tuple[str, ...]

    @property
    def overall(self) -> str:
        if all(s is Status.COMPLETED for s in self.matrix.statuses) and (
            self.matrix.final_passed
        ):
            return "completed"
        return "in_progress" if self.last_activity else "not_started"


@dataclass
class Dashboard:
    cohort: Cohort
    outline: list[ModuleOutline]
    final_quiz: str | None
    everyone: list[ParticipantRow]
    rows: list[ParticipantRow] = field(default_factory=list)  # filtered, sorted
    weekly: list[tuple[date, int]] = field(default_factory=list)

    @property
    def completed(self) -> int:
        return sum(1 for row in self.everyone if row.overall == "completed")

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.everyone if row.flags)

    @property
    def mean_percent(self) -> float:
        rows = self.everyone
        return sum(r.matrix.percent for r in rows) / len(rows) if rows else 0.0

    def module_completions(self) -> list[int]:
        counts = [0] * len(self.outline)
        for row in self.everyone:
            for index, status in enumerate(row.matrix.statuses):
                counts[index] += status is Status.COMPLETED
        return counts

    def funnel(self) -> tuple[list[str], list[int]]:
        """Enrolled, started, each module complete, final passed: the drop-off."""
        labels = [_l("Enrolled"), _l("Started")] + [m.title for m in self.outline]
        values = [
            len(self.everyone),
            sum(1 for r in self.everyone if r.last_activity),
        ] + self.module_completions()
        if self.final_quiz:
            labels.append(_l("Final assessment passed"))
            values.append(sum(1 for r in self.everyone if r.matrix.final_passed))
        return labels, values


@dataclass
class DashboardCache:
    """Computed dashboards kept per process, reused while nothing they show changed.

    The change marker (one query) covers new completions, attempts, course revisions
    and membership; ``seconds`` bounds how stale anything it cannot see (a renamed
    participant, say) can be.
    """

    seconds: float = 60.0
    entries: dict = field(default_factory=dict)


def _change_marker(cohort_id: int) -> tuple:
    members = _members(cohort_id)
    return tuple(
        db.session.execute(
            select(
                select(func.max(CourseImport.id)).scalar_subquery(),
                select(func.max(LessonCompletion.id)).scalar_subquery(),
                select(func.count(LessonCompletion.id)).scalar_subquery(),
                select(func.max(QuizAttempt.id)).scalar_subquery(),
                select(func.count(QuizAttempt.id))
                .where(QuizAttempt.status != "open")
                .scalar_subquery(),
                select(func.count(User.id))
                .where(User.id.in_(members))
                .scalar_subquery(),
                select(func.sum(User.id)).where(User.id.in_(members)).scalar_subquery(),
                select(func.sum(case((User.active.is_(True), User.id), else_=0)))
                .where(User.id.in_(members))
                .scalar_subquery(),
                select(func.count(ModuleRelease.id))
                .where(ModuleRelease.cohort_id == cohort_id)
                .scalar_subquery(),
            )
        ).one()
    )


def cohort_dashboard(
    cohort: Cohort,
    today: date,
    settings: RiskSettings,
    filters: DashboardFilters = DashboardFilters(),
    cache: DashboardCache | None = None,
) -> Dashboard:
    """Every participant of ``cohort`` with module statuses, best scores, last
    activity and at-risk flags, filtered and sorted (a fixed number of queries, any
    head count; one query when ``cache`` holds a current copy)."""
    if cache is None:
        return _compute_dashboard(cohort, today, settings, filters)
    key = (cohort.id, today, settings)
    marker = _change_marker(cohort.id)
    hit = cache.entries.get(key)
    if hit is not None and hit[0] == marker and monotonic() - hit[1] < cache.seconds:
        computed = hit[2]
    else:
        computed = _compute_dashboard(cohort, today, settings, DashboardFilters())
        cache.entries.clear()  # keep one cohort's worth per process
        cache.entries[key] = (marker, monotonic(), computed)
    dashboard = Dashboard(
        cohort, computed.outline, computed.final_quiz, computed.everyone
    )
    dashboard.rows = _filter_and_sort(dashboard, computed.everyone, filters, today)
    dashboard.weekly = computed.weekly
    return dashboard


def _compute_dashboard(
    cohort: Cohort,
    today: date,
    settings: RiskSettings,
    filters: DashboardFilters,
) -> Dashboard:
    snapshot = course_snapshot()
    releases = _releases(cohort.id)
    outline = with_release_dates(snapshot.outline, releases)
    people = db.session.execute(
        select(User.id, User.full_name, User.email, User.active, User.created_at)
        .where(User.cohort_id == cohort.id, User.role == Role.PARTICIPANT)
        .order_by(User.full_name, User.id)
    ).all()
    lessons, lesson_last = _lesson_counts(cohort.id, outline)
    best, failures, attempt_last = _attempt_summary(cohort.id)
    slugs = [m.slug for m in outline]
    schedule = [(m.slug, m.opens_on) for m in outline if m.opens_on is not None]
    rows = []
    for person in people:
        user_best = best.get(person.id, {})
        done = lessons.get(person.id, {})
        matrix = matrix_row(outline, done, user_best, snapshot.final_quiz, today)
        last = _latest(lesson_last.get(person.id), attempt_last.get(person.id))
        completed = {
            slug
            for slug, status in zip(slugs, matrix.statuses, strict=True)
            if status is Status.COMPLETED
        }
        passed = {quiz: b.passed for quiz, b in user_best.items()}
        user_failures = failures.get(person.id, {})
        rows.append(
            ParticipantRow(
                user_id=person.id,
                full_name=person.full_name,
                email=person.email,
                active=person.active,
                matrix=matrix,
                best=user_best,
                lessons_done=done,
                last_activity=last,
                flags=risk_flags(
                    last_activity=last,
                    since=cohort.starts_on or person.created_at.date(),
                    failures=user_failures,
                    passed=passed,
                    releases=schedule,
                    completed=completed,
                    today=today,
                    settings=settings,
                ),
                failed_quizzes=failed_twice(
                    user_failures, passed, settings.failed_attempts
                ),
                behind=behind_schedule(
                    schedule, completed, today, settings.behind_days
                ),
            )
        )
    dashboard = Dashboard(cohort, outline, snapshot.final_quiz, rows)
    dashboard.rows = _filter_and_sort(dashboard, rows, filters, today)
    dashboard.weekly = _weekly_completions(cohort.id, today)
    return dashboard


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


def _lesson_counts(cohort_id: int, outline: list[ModuleOutline]):
    """Live lessons done per participant and module, and each one's latest
    completion (of any lesson, live or not), in one grouped query."""
    live = or_(
        false(),
        *(
            and_(
                LessonCompletion.module_slug == m.slug,
                LessonCompletion.lesson_slug.in_(m.lessons),
            )
            for m in outline
            if m.lessons
        ),
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    last: dict[int, datetime] = {}
    for user_id, module, done, latest in db.session.execute(
        select(
            LessonCompletion.user_id,
            LessonCompletion.module_slug,
            func.sum(case((live, 1), else_=0)),
            type_coerce(func.max(LessonCompletion.completed_at), String),
        )
        .where(LessonCompletion.user_id.in_(_members(cohort_id)))
        .group_by(LessonCompletion.user_id, LessonCompletion.module_slug)
    ):
        if done:
            counts[user_id][module] = int(done)
        if latest is not None and (user_id not in last or latest > last[user_id]):
            last[user_id] = latest
    return counts, last


def _attempt_summary(cohort_id: int):
    """Best attempt, failures and latest activity per participant and quiz.

    The best attempt follows :func:`portal.domain.progress.best_attempt` (any pass
    beats any fail, then the highest percent), done by the database as two maxima.
    """
    graded = QuizAttempt.status != "open"
    best: dict[int, dict[str, QuizBest]] = defaultdict(dict)
    failures: dict[int, dict[str, int]] = defaultdict(dict)
    last: dict[int, datetime] = {}
    for user_id, quiz, best_pass, best_any, failed, latest in db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.quiz_slug,
            func.max(case((QuizAttempt.passed.is_(True), QuizAttempt.percent))),
            func.max(case((graded, func.coalesce(QuizAttempt.percent, 0.0)))),
            func.sum(case((and_(graded, QuizAttempt.passed.is_not(True)), 1), else_=0)),
            type_coerce(
                func.max(
                    func.coalesce(QuizAttempt.submitted_at, QuizAttempt.started_at)
                ),
                String,
            ),
        )
        .where(QuizAttempt.user_id.in_(_members(cohort_id)))
        .group_by(QuizAttempt.user_id, QuizAttempt.quiz_slug)
    ):
        if best_pass is not None:
            best[user_id][quiz] = QuizBest(best_pass, True)
        elif best_any is not None:
            best[user_id][quiz] = QuizBest(best_any, False)
        if failed:
            failures[user_id][quiz] = int(failed)
        if latest is not None and (user_id not in last or latest > last[user_id]):
            last[user_id] = latest
    return best, failures, last


def _latest(*moments: datetime | str | None) -> datetime | None:
    """The latest moment; SQLite hands maxima back as ISO text, parsed only here."""
    known = [
        datetime.fromisoformat(m) if isinstance(m, str) else m
        for m in moments
        if m is not None
    ]
    return max(known) if known else None


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
