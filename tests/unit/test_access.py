"""Cohort access: the one rule for who may do what in which cohort."""

from __future__ import annotations

import pytest

from portal.domain.access import (
    Assignment,
    Duty,
    Role,
    cohort_duties,
    visible_cohort_ids,
)
from portal.models import User

T, R, IV, A = Duty.TEACHER, Duty.REVIEWER, Duty.INTERVIEWER, Duty.ADMIN
TEACHES_1 = (Assignment(1, "teacher"),)
SCREENS_1 = (Assignment(1, "reviewer"),)
MIXED = (
    Assignment(1, "teacher"),
    Assignment(1, "interviewer"),
    Assignment(2, "reviewer"),
)


@pytest.mark.parametrize(
    ("role", "assignments", "cohort", "expected"),
    [
        # administrators do everything everywhere, assigned or not
        (Role.ADMIN, (), 1, {T, R, IV, A}),
        (Role.ADMIN, SCREENS_1, 2, {T, R, IV, A}),
        (Role.ADMIN, (), None, {T, R, IV, A}),
        # applicants and participants do nothing, even if a row says otherwise
        (Role.PARTICIPANT, (), 1, set()),
        (Role.PARTICIPANT, TEACHES_1, 1, set()),
        (Role.APPLICANT, SCREENS_1, 1, set()),
        # a trainer assigned nowhere holds nothing: no duty is implied
        (Role.TRAINER, (), 1, set()),
        (Role.TRAINER, (), None, set()),
        # a reviewer of a cohort does not teach it, nor any other
        (Role.TRAINER, SCREENS_1, 1, {R}),
        (Role.TRAINER, SCREENS_1, 2, set()),
        # once assigned to teach somewhere, only there
        (Role.TRAINER, TEACHES_1, 1, {T}),
        (Role.TRAINER, TEACHES_1, 2, set()),
        (Role.TRAINER, TEACHES_1, None, set()),
        (Role.TRAINER, MIXED, 1, {T, IV}),
        (Role.TRAINER, MIXED, 2, {R}),
        (Role.TRAINER, MIXED, 3, set()),
        # selection duties are never implied, and "admin" is never assigned
        (Role.TRAINER, (Assignment(1, "admin"),), 1, set()),
        (Role.TRAINER, (Assignment(1, "cook"),), 1, set()),
    ],
)
def test_cohort_duties(role, assignments, cohort, expected):
    assert cohort_duties(role, assignments, cohort) == frozenset(expected)


@pytest.mark.parametrize(
    ("role", "assignments", "duties", "expected"),
    [
        (Role.ADMIN, (), {T}, None),
        (Role.ADMIN, (), {R, IV}, None),
        (Role.PARTICIPANT, TEACHES_1, {T}, set()),
        (Role.APPLICANT, (), {R, IV}, set()),
        (Role.TRAINER, (), {T}, set()),
        (Role.TRAINER, SCREENS_1, {T}, set()),
        (Role.TRAINER, (), {R, IV}, set()),
        (Role.TRAINER, SCREENS_1, {R, IV}, {1}),
        (Role.TRAINER, TEACHES_1, {T}, {1}),
        (Role.TRAINER, TEACHES_1, {R, IV}, set()),
        (Role.TRAINER, MIXED, {T}, {1}),
        (Role.TRAINER, MIXED, {R}, {2}),
        (Role.TRAINER, MIXED, {R, IV}, {1, 2}),
        (Role.TRAINER, MIXED, {A}, set()),
    ],
)
def test_visible_cohort_ids(role, assignments, duties, expected):
    got = visible_cohort_ids(role, assignments, duties)
    assert got == (None if expected is None else frozenset(expected))


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("assignments", [(), TEACHES_1, SCREENS_1, MIXED])
@pytest.mark.parametrize("duties", [{T}, {R}, {IV}, {A}, {R, IV}, {A, IV}])
def test_visible_cohorts_agree_with_cohort_duties(role, assignments, duties):
    visible = visible_cohort_ids(role, assignments, duties)
    for cohort in (1, 2, 3):
        allowed = bool(cohort_duties(role, assignments, cohort) & duties)
        assert allowed == (visible is None or cohort in visible)


def test_duties_compare_as_the_strings_templates_use():
    duties = cohort_duties(Role.ADMIN, (), 1)
    assert "admin" in duties and "reviewer" in duties


@pytest.mark.parametrize(
    ("role", "admin", "applicant", "participant", "staff"),
    [
        (Role.APPLICANT, False, True, False, False),
        (Role.PARTICIPANT, False, False, True, False),
        (Role.TRAINER, False, False, False, True),
        (Role.ADMIN, True, False, False, True),
    ],
)
def test_user_role_properties(role, admin, applicant, participant, staff):
    user = User(role=role.value)
    assert (user.is_admin, user.is_applicant, user.is_participant, user.is_staff) == (
        admin,
        applicant,
        participant,
        staff,
    )
