"""Conflicts of interest: the rules, table by table."""

from __future__ import annotations

import pytest

from portal.domain.access import Duty, Role, cohort_duties
from portal.domain.conflicts import conflicted_assignees, may_apply, may_judge

T, R, IV, A = Duty.TEACHER, Duty.REVIEWER, Duty.INTERVIEWER, Duty.ADMIN


@pytest.mark.parametrize(
    ("duties", "allowed"),
    [
        (set(), True),
        ({T}, False),
        ({R}, False),
        ({IV}, False),
        ({A}, False),
        ({T, R, IV, A}, False),
        ({"teacher"}, False),  # the strings templates and rows carry
    ],
)
def test_may_apply(duties, allowed):
    assert may_apply(duties) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.APPLICANT, True),
        (Role.PARTICIPANT, True),
        (Role.TRAINER, True),  # assigned nowhere
        (Role.ADMIN, False),  # administers every cohort
    ],
)
def test_may_apply_follows_the_duties_of_each_role(role, allowed):
    assert may_apply(cohort_duties(role, (), 1)) is allowed


@pytest.mark.parametrize(
    ("actor", "applicant", "allowed"), [(1, 2, True), (2, 1, True), (3, 3, False)]
)
def test_may_judge(actor, applicant, allowed):
    assert may_judge(actor, applicant) is allowed


@pytest.mark.parametrize(
    ("assignees", "applicants", "expected"),
    [
        ([], [1, 2], set()),
        ([1, 2], [], set()),
        ([1, 2, 3], [2, 4], {2}),
        ([5, 5], [5], {5}),
    ],
)
def test_conflicted_assignees(assignees, applicants, expected):
    assert conflicted_assignees(assignees, applicants) == frozenset(expected)
