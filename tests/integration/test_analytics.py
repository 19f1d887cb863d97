"""Analytics services on a small hand-made cohort, and bounded query counts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.domain.progress import Status
from portal.domain.risk import BEHIND_SCHEDULE, FAILED_TWICE, INACTIVE, RiskSettings
from portal.extensions import db
from portal.models import (
    Cohort,
    LessonCompletion,
    ModuleRelease,
    Quiz,
    QuizAttempt,
)
from portal.reports.dashboard import DashboardFilters, cohort_dashboard
from portal.reports.quiz_quality import quiz_overview, quiz_report
from portal.services.learning import complete_lesson
from tests.integration.counting import count_queries

NOW = datetime(2025, 3, 31, 12, 0)
TODAY = NOW.date()
SETTINGS = RiskSettings(inactive_days=14, failed_attempts=2, behind_days=7)


def add_attempt(user, number, marks, started, seconds=60, quiz="basics"):
    """An attempt at the basics quiz earning ``marks`` (1 or 0) on three questions."""
    ids = ["un-definition", "no-treaty-definition", "twelve-months"]
    revision = db.session.scalar(
        select(Quiz.current_revision_id).where(Quiz.slug == quiz)
    )
    percent = 100 * sum(marks) / len(marks)
    attempt = QuizAttempt(
        user_id=user.id,
        quiz_slug=quiz,
        quiz_revision_id=revision,
        number=number,
        status="submitted",
        started_at=started,
        submitted_at=started + timedelta(seconds=seconds),
        layout=[{"id": i} for i in ids],
        answers={
            "un-definition": 0 if marks[0] else 1 + number % 2,
            "no-treaty-definition": not marks[1],
            "twelve-months": 12 if marks[2] else 3,
        },
        results=[
            {"id": i, "points": 1.0, "earned": float(m)}
            for i, m in zip(ids, marks, strict=True)
        ],
        score=float(sum(marks)),
        max_score=3.0,
        percent=percent,
        pass_mark=70.0,
        passed=percent >= 70,
    )
    db.session.add(attempt)
    return attempt


@pytest.fixture
def cohort(course, make_user):
    """Four participants (see the test for who did what) and one outsider."""
    cohort = Cohort(name="Spring", starts_on=TODAY - timedelta(days=60))
    db.session.add(cohort)
    db.session.flush()
    db.session.add(
        ModuleRelease(
            cohort_id=cohort.id, module_slug="basics", opens_on=cohort.starts_on
        )
    )
    people = {}
    for key, name in [("ayla", "Ayla"), ("babek", "Babək"), ("cemile", "Cəmilə")]:
        people[key] = make_user("participant", f"{key}@example.org", name)
        people[key].cohort_id = cohort.id
    people["dunya"] = make_user("participant", "dunya@example.org", "Dünya")
    people["dunya"].cohort_id = cohort.id
    outsider = make_user("participant", "outsider@example.org", "Outsider")
    recent = NOW - timedelta(days=2)
    for lesson in ("who-is-a-migrant", "measuring"):
        db.session.add(
            LessonCompletion(
                user_id=people["ayla"].id,
                module_slug="basics",
                lesson_slug=lesson,
                completed_at=recent,
            )
        )
    db.session.add(
        LessonCompletion(
            user_id=people["babek"].id,
            module_slug="basics",
            lesson_slug="measuring",
            completed_at=recent,
        )
    )
    long_ago = NOW - timedelta(days=40)
    add_attempt(people["ayla"], 1, (1, 1, 1), recent, 60)
    add_attempt(people["babek"], 1, (1, 0, 1), recent, 120)
    add_attempt(people["cemile"], 1, (0, 0, 0), long_ago, 180)
    add_attempt(people["babek"], 2, (0, 1, 0), recent, 240)
    add_attempt(outsider, 1, (1, 1, 1), recent, 60)
    db.session.commit()
    return cohort, people


def test_dashboard_numbers(cohort):
    cohort, people = cohort
    board = cohort_dashboard(cohort, TODAY, SETTINGS)
    rows = {row.email.split("@")[0]: row for row in board.rows}
    assert list(rows) == ["ayla", "babek", "cemile", "dunya"]  # by name
    assert rows["ayla"].matrix.statuses == (Status.COMPLETED, Status.NOT_STARTED)
    assert rows["ayla"].best["basics"].percent == 100
    assert rows["ayla"].flags == ()
    assert rows["babek"].matrix.statuses == (Status.IN_PROGRESS, Status.LOCKED)
    assert rows["babek"].best["basics"].percent == pytest.approx(200 / 3)
    assert rows["babek"].flags == (FAILED_TWICE, BEHIND_SCHEDULE)
    assert rows["cemile"].flags == (INACTIVE, BEHIND_SCHEDULE)
    assert rows["cemile"].last_activity == NOW - timedelta(days=40, seconds=-180)
    assert rows["dunya"].last_activity is None
    assert rows["dunya"].overall == "not_started"
    assert rows["dunya"].flags == (INACTIVE, BEHIND_SCHEDULE)
    # 2 lessons + quiz of 5 steps (3 lessons, 2 quizzes, final)
    assert rows["ayla"].matrix.percent == 50
    assert board.at_risk == 3 and board.completed == 0
    labels, values = board.funnel()
    assert values == [4, 3, 1, 0, 0]
    assert sum(count for _, count in board.weekly) == 3


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (DashboardFilters(q="BAB"), ["babek"]),
        (DashboardFilters(status="at_risk"), ["babek", "cemile", "dunya"]),
        (DashboardFilters(status="not_started"), ["dunya"]),
        (DashboardFilters(module="basics", module_status="completed"), ["ayla"]),
        (DashboardFilters(inactive_days=30), ["cemile", "dunya"]),
        (
            DashboardFilters(sort="progress", descending=True),
            ["ayla", "babek", "cemile", "dunya"],
        ),
        (DashboardFilters(sort="risk"), ["ayla", "babek", "cemile", "dunya"]),
    ],
)
def test_dashboard_filters(cohort, filters, expected):
    board = cohort_dashboard(cohort[0], TODAY, SETTINGS, filters)
    assert [row.email.split("@")[0] for row in board.rows] == expected


def test_quiz_numbers_by_hand(cohort):
    """Four attempts: 3/3, 2/3 (q1, q3), 0/3, 1/3 (q2), in that order of id."""
    report = quiz_report(cohort[0].id, "basics")
    summary = report.summary
    assert summary.attempts == 4
    assert summary.pass_rate == 25.0
    assert summary.median_percent == pytest.approx(50.0)
    assert summary.median_seconds == 150.0
    stats = {q.stats.question_id: q for q in report.questions}
    first = stats["un-definition"]
    assert first.stats.facility == 50.0
    # item [1,1,0,0] against rest-of-test [2,1,0,1]: r = 1 / sqrt(2)
    assert first.stats.discrimination == pytest.approx(70.7107, abs=1e-3)
    shares = {label: share for label, _t, _c, share in first.options}
    assert shares == {"A": 0.5, "B": 0.25, "C": 0.25}
    second = stats["no-treaty-definition"]
    assert second.stats.discrimination == pytest.approx(0.0)
    assert {label: share for label, _t, _c, share in second.options} == {
        "true": 0.5,
        "false": 0.5,
    }
    assert quiz_report(cohort[0].id, "basics", first_only=True).summary.attempts == 3
    overview = {row.slug: row.summary for row in quiz_overview(cohort[0].id)}
    assert overview["basics"].attempts == 4 and overview["final"].attempts == 0


def _queries_for(count: int, make_user, course) -> int:
    cohort = Cohort(name=f"Size {count}", starts_on=TODAY - timedelta(days=30))
    db.session.add(cohort)
    db.session.flush()
    for number in range(count):
        user = make_user()
        user.cohort_id = cohort.id
        db.session.add(
            LessonCompletion(
                user_id=user.id,
                module_slug="basics",
                lesson_slug="measuring",
                completed_at=NOW,
            )
        )
        add_attempt(user, 1, (1, number % 2, 0), NOW)
    db.session.commit()
    cohort_dashboard(cohort, TODAY, SETTINGS)  # warm the course snapshot
    db.session.expire_all()
    with count_queries() as statements:
        board = cohort_dashboard(cohort, TODAY, SETTINGS)
    assert len(board.rows) == count
    return len(statements)


def test_dashboard_query_count_does_not_grow(course, make_user):
    few = _queries_for(3, make_user, course)
    many = _queries_for(50, make_user, course)
    assert few == many <= 7


def test_dashboard_sees_new_activity_at_once(cohort):
    cohort, people = cohort
    first = cohort_dashboard(cohort, TODAY, SETTINGS)
    dunya = next(r for r in first.rows if r.user_id == people["dunya"].id)
    assert dunya.matrix.statuses[0] == Status.NOT_STARTED
    assert dunya.last_activity is None
    complete_lesson(dunya.user_id, "basics", "measuring", NOW)
    fresh = cohort_dashboard(cohort, TODAY, SETTINGS)
    dunya = next(r for r in fresh.rows if r.user_id == dunya.user_id)
    assert dunya.matrix.statuses[0] == Status.IN_PROGRESS
    assert dunya.last_activity == NOW
