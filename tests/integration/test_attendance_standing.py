"""Attendance in the rules, against the database: the certificate status, the
cohort dashboard's column and flag, and the cohort matrix, in bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.domain.risk import LOW_ATTENDANCE, RiskSettings
from portal.extensions import db
from portal.models import AttendanceMark
from portal.reports.attendance import attendance_matrix
from portal.reports.dashboard import DashboardFilters, cohort_dashboard
from portal.services.certificates import certificate_status
from portal.timeutil import utcnow
from tests.integration.counting import count_queries

SETTINGS = RiskSettings()


def mark(session, user, status, note=""):
    db.session.add(
        AttendanceMark(session_id=session.id, user_id=user.id, status=status, note=note)
    )


@pytest.fixture
def held(make_cohort, make_session):
    """A cohort with an 80 % rule: three required sessions held, one cancelled, one
    optional, one still to come."""
    cohort = make_cohort(attendance_minimum=80, excused_absences="excluded")
    now = utcnow()

    def past(days, **fields):
        return make_session(cohort, starts_at=now - timedelta(days=days), **fields)

    sessions = [past(10, title="Visit"), past(8, title="Law"), past(6, title="Asylum")]
    past(5, status="cancelled")
    past(4, required=False)
    make_session(cohort, title="Later")
    return cohort, sessions


def test_certificate_status_says_what_attendance_is_missing(course, held, make_user):
    cohort, (visit, law, asylum) = held
    user = make_user()
    user.cohort_id = cohort.id
    mark(visit, user, "present")
    mark(law, user, "absent", "ill")
    db.session.commit()
    _certificate, eligibility = certificate_status(user.id, utcnow())
    standing = eligibility.attendance
    assert (standing.counted, standing.attended) == (3, 1)
    assert [(r.session.title, r.mark, r.note) for r in standing.missed] == [
        ("Law", "absent", "ill"),
        ("Asylum", None, ""),
    ]
    attendance = [
        (m.title, m.detail) for m in eligibility.missing if m.what == "attendance"
    ]
    assert attendance == [("share", ""), ("to_come", "1")]
    assert not eligibility.eligible


def test_without_a_minimum_attendance_is_not_in_the_rule(course, held, make_user):
    cohort, _sessions = held
    cohort.attendance_minimum = None
    user = make_user()
    user.cohort_id = cohort.id
    db.session.commit()
    _certificate, eligibility = certificate_status(user.id, utcnow())
    assert all(m.what != "attendance" for m in eligibility.missing)
    assert eligibility.attendance.counted == 3  # still read, for the page


def _status_queries(cohort, make_session, make_user, sessions: int) -> int:
    user = make_user()
    user.cohort_id = cohort.id
    for number in range(sessions):
        held = make_session(cohort, starts_at=utcnow() - timedelta(days=number + 1))
        mark(held, user, "present")
    db.session.commit()
    user_id = user.id
    certificate_status(user_id, utcnow())  # warm the course snapshot
    db.session.expire_all()
    with count_queries() as statements:
        certificate_status(user_id, utcnow())
    return len(statements)


def test_certificate_status_query_count_does_not_grow(
    course, make_cohort, make_session, make_user
):
    few, many = (
        _status_queries(make_cohort(attendance_minimum=80), make_session, make_user, n)
        for n in (1, 12)
    )
    # certificate, course snapshot, lessons, attempts, releases, cohort, sessions
    assert few == many <= 7


def test_dashboard_attendance_column_and_flag(course, held, make_user):
    cohort, (visit, law, asylum) = held
    good, poor, none = make_user(name="A Good"), make_user(name="B Poor"), make_user()
    for user in (good, poor, none):
        user.cohort_id = cohort.id
    for session in (visit, law, asylum):
        mark(session, good, "present")
    mark(visit, poor, "late")
    mark(law, poor, "excused")  # left out: 1 of 2
    mark(asylum, poor, "absent")
    db.session.commit()
    now = utcnow()
    board = cohort_dashboard(cohort, now.date(), SETTINGS, now=now)
    rows = {row.user_id: row for row in board.rows}
    assert board.held == 3
    assert rows[good.id].attendance == 100
    assert rows[poor.id].attendance == 50
    assert rows[none.id].attendance == 0
    assert LOW_ATTENDANCE not in rows[good.id].flags
    assert LOW_ATTENDANCE in rows[poor.id].flags
    assert rows[poor.id].flags[-1] == LOW_ATTENDANCE
    ordered = cohort_dashboard(
        cohort, now.date(), SETTINGS, DashboardFilters(sort="attendance"), now
    )
    assert [r.user_id for r in ordered.rows] == [none.id, poor.id, good.id]


def test_no_flag_without_a_minimum_or_before_a_session_is_held(
    course, make_cohort, make_session, make_user
):
    cohort = make_cohort(attendance_minimum=80)
    make_session(cohort)  # to come
    user = make_user()
    user.cohort_id = cohort.id
    db.session.commit()
    now = utcnow()
    row = cohort_dashboard(cohort, now.date(), SETTINGS, now=now).rows[0]
    assert row.attendance is None and LOW_ATTENDANCE not in row.flags


def _dashboard_queries(make_cohort, make_session, make_user, people: int) -> int:
    cohort = make_cohort(attendance_minimum=80)
    sessions = [
        make_session(cohort, starts_at=utcnow() - timedelta(days=d)) for d in (3, 2)
    ]
    for number in range(people):
        user = make_user()
        user.cohort_id = cohort.id
        mark(sessions[number % 2], user, "present" if number % 3 else "absent")
    db.session.commit()
    now = utcnow()
    cohort_dashboard(cohort, now.date(), SETTINGS, now=now)  # warm the snapshot
    db.session.expire_all()
    with count_queries() as statements:
        board = cohort_dashboard(cohort, now.date(), SETTINGS, now=now)
        matrix = attendance_matrix(cohort, now)
    assert len(board.rows) == len(matrix.lines) == people
    return len(statements)


def test_dashboard_and_matrix_query_counts_do_not_grow(
    course, make_cohort, make_session, make_user
):
    few = _dashboard_queries(make_cohort, make_session, make_user, 3)
    many = _dashboard_queries(make_cohort, make_session, make_user, 40)
    assert few == many <= 11


def test_matrix_marks_and_shares(course, held, make_user):
    cohort, (visit, law, asylum) = held
    first, second = make_user(name="A First"), make_user(name="B Second")
    outsider = make_user()
    for user in (first, second):
        user.cohort_id = cohort.id
    mark(visit, first, "present")
    mark(law, first, "excused")
    mark(visit, second, "absent")
    mark(asylum, second, "late")
    mark(visit, outsider, "present")  # not a member: not in the matrix
    db.session.commit()
    matrix = attendance_matrix(cohort, utcnow())
    assert [s.title for s in matrix.sessions] == ["Visit", "Law", "Asylum"]
    assert [line.marks for line in matrix.lines] == [
        ("present", "excused", None),
        ("absent", None, "late"),
    ]
    assert [line.share for line in matrix.lines] == [50, pytest.approx(100 / 3)]
    assert matrix.session_shares == (50, 0, 50)
