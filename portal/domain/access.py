"""Who may do what in which cohort: roles, per-cohort duties and the one rule
that turns a person's role and assignments into their duties."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    PARTICIPANT = "participant"
    TRAINER = "trainer"
    ADMIN = "admin"


STAFF = frozenset({Role.TRAINER, Role.ADMIN})


class Duty(StrEnum):
    """What someone may do in one cohort. Trainers are assigned the first three per
    cohort; only administrators hold ``ADMIN`` (offers, slots, exports)."""

    TEACHER = "teacher"  # sees the cohort's analytics
    REVIEWER = "reviewer"  # screens applications (stage 1)
    INTERVIEWER = "interviewer"  # scores interviews (stage 2)
    ADMIN = "admin"


ASSIGNABLE = frozenset({Duty.TEACHER, Duty.REVIEWER, Duty.INTERVIEWER})


@dataclass(frozen=True)
class Assignment:
    """A trainer's duty in one cohort, as an administrator assigned it."""

    cohort_id: int
    duty: str


def cohort_duties(
    role: str, assignments: Iterable[Assignment], cohort_id: int | None
) -> frozenset[Duty]:
    """The duties someone holds in a cohort.

    Administrators hold every duty everywhere. A trainer holds exactly the duties an
    administrator assigned them in that cohort: nothing is implied, so a trainer
    assigned nowhere sees no cohort's people. Applicants and participants hold none.

    :param role: the person's role.
    :param assignments: all of the person's assignments, in every cohort.
    :param cohort_id: the cohort asked about; ``None`` (no cohort) only ever gets
        the duties that hold everywhere.
    :return: the duties, empty when the person may do nothing there.
    """
    if role == Role.ADMIN:
        return frozenset(Duty)
    if role != Role.TRAINER:
        return frozenset()
    return frozenset(
        Duty(a.duty)
        for a in assignments
        if a.cohort_id == cohort_id and a.duty in ASSIGNABLE
    )


def visible_cohort_ids(
    role: str, assignments: Iterable[Assignment], duties: Collection[str]
) -> frozenset[int] | None:
    """The cohorts in which someone holds at least one of ``duties``: the same rule
    as :func:`cohort_duties`, asked of every cohort at once.

    :return: the cohort ids, or ``None`` for every cohort there is.
    """
    assignments = tuple(assignments)
    everywhere = cohort_duties(role, assignments, None)
    if everywhere & set(duties):
        return None
    return frozenset(
        a.cohort_id
        for a in assignments
        if cohort_duties(role, assignments, a.cohort_id) & set(duties)
    )
