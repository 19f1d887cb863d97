"""A cohort's progress dashboard: every participant's module statuses, percent,
last activity and at-risk flags, read from progress summaries in a fixed number of
queries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from flask_babel import lazy_gettext as _l

from portal.domain.attendance import share, tally
from portal.domain.cohort_matrix import MatrixPlan, MatrixRow
from portal.domain.progress import ModuleOutline, QuizBest, Status, course_completed
from portal.domain.quiz_facts import best_per_quiz, decode_quizzes
from portal.domain.risk import (
    RiskSettings,
    behind_schedule,
    flags_of,
    inactive,
    low_attendance,
)
from portal.models import Cohort
from portal.reports import dashboard_queries
from portal.services import cohorts
from portal.services.attendance_standing import excused_policy
from portal.services.learning import with_release_dates
from portal.services.outline import course_snapshot

OVERALL = ("completed", "in_progress", "not_started", "at_risk")
SORTS = ("name", "progress", "attendance", "activity", "risk")


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
    attendance: float | None = None  # share of required sessions held, percent
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
    held: int = 0  # required sessions held so far, which the attendance counts

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
    now: datetime | None = None,
) -> Dashboard:
    """Every participant of ``cohort`` with module statuses, best scores, last
    activity, attendance share and at-risk flags, filtered and sorted, in a fixed
    number of queries.

    Reads one progress summary per participant; participants at the same point of
    the course share one status computation (see :mod:`portal.domain.cohort_matrix`).

    :param now: sessions ended by then count for attendance (default: the start
        of ``today``).
    """
    now = now or datetime.combine(today, time.min)
    held, marks = dashboard_queries.attendance_marks(cohort.id, now)
    policy = excused_policy(cohort)
    snapshot = course_snapshot()
    outline = with_release_dates(snapshot.outline, cohorts.releases(cohort.id))
    plan = MatrixPlan(outline, snapshot.final_quiz, today)
    schedule = [(m.slug, m.opens_on) for m in outline if m.opens_on is not None]
    points: dict[str, tuple] = {}  # cells -> statuses, all complete, behind
    rows = []
    for person in dashboard_queries.people(cohort.id, snapshot):
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
        counted, attended = tally(held, marks.get(person.id, {}), policy)
        low = low_attendance(attended, counted, cohort.attendance_minimum)
        if course_completed(all_complete, bool(plan.final_quiz), person.final_passed):
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
                flags_of(idle, failed, behind, low),
                overall,
                person.quizzes,
                share(attended, counted),
            )
        )
    dashboard = Dashboard(cohort, outline, snapshot.final_quiz, rows, held=held)
    dashboard.rows = _filter_and_sort(dashboard, rows, filters, today)
    dashboard.weekly = dashboard_queries.weekly_completions(cohort.id, today)
    return dashboard


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
        "attendance": lambda r: (r.attendance is not None, r.attendance or 0),
        "activity": lambda r: r.last_activity or datetime.min,
        "risk": lambda r: len(r.flags),
    }
    if filters.sort in keys:  # stable: equal keys stay in name order
        return sorted(rows, key=keys[filters.sort], reverse=filters.descending)
    return rows[::-1] if filters.descending else rows
