"""At-risk rules, table-driven."""

import random
from datetime import date, datetime

import pytest

from portal.domain.risk import (
    BEHIND_SCHEDULE,
    FAILED_TWICE,
    INACTIVE,
    LOW_ATTENDANCE,
    RiskSettings,
    behind_schedule,
    failed_twice,
    flags_of,
    inactive,
    low_attendance,
    most_failures,
    risk_flags,
)

TODAY = date(2025, 3, 31)


@pytest.mark.parametrize(
    ("last", "since", "days", "expected"),
    [
        (datetime(2025, 3, 30, 9), None, 14, False),
        (datetime(2025, 3, 17, 23), None, 14, True),  # exactly 14 days
        (datetime(2025, 3, 18, 0), None, 14, False),  # 13 days
        (None, date(2025, 3, 1), 14, True),  # never active, cohort began long ago
        (None, date(2025, 3, 25), 14, False),  # never active, cohort just began
        (None, date(2025, 5, 1), 14, False),  # cohort not started yet
        (None, None, 14, False),  # nothing to count from
    ],
)
def test_inactive(last, since, days, expected):
    assert inactive(last, since, TODAY, days) is expected


@pytest.mark.parametrize(
    ("failures", "passed", "limit", "expected"),
    [
        ({}, {}, 2, ()),
        ({"basics": 1}, {}, 2, ()),
        ({"basics": 2}, {}, 2, ("basics",)),
        ({"basics": 2}, {"basics": True}, 2, ()),  # passed since: no longer at risk
        ({"basics": 2}, {"basics": False}, 2, ("basics",)),
        ({"b": 3, "a": 2, "c": 1}, {}, 2, ("a", "b")),
        ({"basics": 2}, {}, 3, ()),
    ],
)
def test_failed_twice(failures, passed, limit, expected):
    assert failed_twice(failures, passed, limit) == expected


@pytest.mark.parametrize(
    ("releases", "completed", "expected"),
    [
        ([("a", None)], set(), ()),  # no schedule
        ([("a", date(2025, 3, 24))], set(), ()),  # 7 days: not more
        ([("a", date(2025, 3, 23))], set(), ("a",)),  # 8 days
        ([("a", date(2025, 3, 1))], {"a"}, ()),  # done
        ([("a", date(2025, 4, 10))], set(), ()),  # not released yet
        (
            [
                ("a", date(2025, 2, 1)),
                ("b", date(2025, 3, 1)),
                ("c", date(2025, 3, 30)),
            ],
            set(),
            ("a", "b"),
        ),
    ],
)
def test_behind_schedule(releases, completed, expected):
    assert behind_schedule(releases, completed, TODAY, 7) == expected


@pytest.mark.parametrize(
    ("last", "failures", "releases", "expected"),
    [
        (datetime(2025, 3, 30), {}, [], ()),
        (datetime(2025, 1, 1), {}, [], (INACTIVE,)),
        (datetime(2025, 3, 30), {"q": 2}, [], (FAILED_TWICE,)),
        (
            datetime(2025, 1, 1),
            {"q": 5},
            [("a", date(2025, 1, 1))],
            (INACTIVE, FAILED_TWICE, BEHIND_SCHEDULE),
        ),
    ],
)
def test_risk_flags(last, failures, releases, expected):
    flags = risk_flags(
        last_activity=last,
        since=date(2025, 1, 1),
        failures=failures,
        passed={},
        releases=releases,
        completed=set(),
        today=TODAY,
        settings=RiskSettings(inactive_days=14, failed_attempts=2, behind_days=7),
    )
    assert flags == expected


@pytest.mark.parametrize("seed", range(50))
def test_most_failures_reaches_the_limit_exactly_when_failed_twice_names_a_quiz(seed):
    rng = random.Random(seed)
    quizzes = ["a", "b", "c"]
    failures = {q: rng.randint(0, 4) for q in quizzes if rng.random() < 0.8}
    passed = {q: rng.random() < 0.4 for q in quizzes if rng.random() < 0.8}
    limit = rng.randint(1, 3)
    most = most_failures(failures, passed)
    assert (most >= limit) == bool(failed_twice(failures, passed, limit))


def test_most_failures_ignores_quizzes_passed_since():
    assert most_failures({"a": 5, "b": 2}, {"a": True}) == 2
    assert most_failures({"a": 5}, {"a": True}) == 0
    assert most_failures({}, {}) == 0


@pytest.mark.parametrize(
    ("attended", "counted", "minimum", "expected"),
    [
        (7, 10, 80, True),
        (8, 10, 80, False),  # exactly the minimum is not low
        (0, 0, 80, False),  # nothing counted yet
        (0, 10, None, False),  # the cohort sets no minimum
    ],
)
def test_low_attendance(attended, counted, minimum, expected):
    assert low_attendance(attended, counted, minimum) is expected


def test_low_attendance_is_the_last_flag_and_flags_stay_cached():
    flags = risk_flags(
        last_activity=datetime(2025, 1, 1),
        since=None,
        failures={},
        passed={},
        releases=[],
        completed=set(),
        today=TODAY,
        settings=RiskSettings(),
        attendance=(1, 4),
        attendance_minimum=80,
    )
    assert flags == (INACTIVE, LOW_ATTENDANCE)
    assert flags_of(True, False, False, True) is flags_of(True, False, False, True)
    assert flags_of(True, False, False) == (INACTIVE,)
