"""Conflicts of interest in admissions: nobody judges their own application, and
staff do not apply where they teach, screen or interview."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from portal.domain.access import Duty

#: Duties that make someone part of a cohort's selection or teaching. Administrators
#: hold every duty everywhere, so they hold these in every cohort.
CONFLICTING = frozenset({Duty.TEACHER, Duty.REVIEWER, Duty.INTERVIEWER, Duty.ADMIN})


def may_apply(duties: Collection[str]) -> bool:
    """Whether someone holding ``duties`` in a cohort may apply to it.

    :param duties: the person's duties in that cohort (see
        :func:`portal.domain.access.cohort_duties`).
    :return: ``False`` for anyone who teaches, screens, interviews or administers
        there: they would be judging (or teaching) their own selection.
    """
    return not CONFLICTING & set(duties)


def may_judge(actor_id: int, applicant_id: int) -> bool:
    """Whether ``actor_id`` may screen, score, note, schedule or decide on an
    application made by ``applicant_id``: everybody's but their own.

    :return: ``False`` when they are the same person.
    """
    return actor_id != applicant_id


def conflicted_assignees(
    assignee_ids: Iterable[int], applicant_ids: Collection[int]
) -> frozenset[int]:
    """The people who may not be given a duty in a cohort because they have applied
    to it.

    :param assignee_ids: whom an administrator wants to assign.
    :param applicant_ids: who has an application in that cohort.
    :return: the assignees who are also applicants there.
    """
    return frozenset(set(assignee_ids) & set(applicant_ids))
