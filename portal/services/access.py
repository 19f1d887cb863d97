"""Cohort access, enforced: loads a person's assignments and asks the one rule in
:mod:`portal.domain.access` what they may do in which cohort."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select

from portal.domain.access import (
    Assignment,
    Duty,
    Role,
    cohort_duties,
    visible_cohort_ids,
)
from portal.domain.conflicts import may_apply
from portal.extensions import db
from portal.models import Cohort, CohortStaff, User
from portal.services.errors import Forbidden, NotFound

NEWEST_FIRST = (Cohort.starts_on.desc(), Cohort.id.desc())


def assignments(user: User) -> tuple[Assignment, ...]:
    """The trainer's duties in every cohort; nobody else is ever assigned, so only
    trainers cost a query."""
    if user.role != Role.TRAINER:
        return ()
    rows = db.session.execute(
        select(CohortStaff.cohort_id, CohortStaff.duty).where(
            CohortStaff.user_id == user.id
        )
    )
    return tuple(Assignment(cohort_id, duty) for cohort_id, duty in rows)


def duties(user: User, cohort_id: int | None) -> frozenset[Duty]:
    """What ``user`` may do in the cohort (see :func:`cohort_duties`)."""
    return cohort_duties(user.role, assignments(user), cohort_id)


def cohort_ids(user: User, *wanted: Duty) -> frozenset[int] | None:
    """Cohorts where ``user`` holds one of ``wanted``; ``None`` means every cohort."""
    return visible_cohort_ids(user.role, assignments(user), wanted)


def visible_cohorts(
    user: User,
    *wanted: Duty,
    order_by: tuple[ColumnElement, ...] = NEWEST_FIRST,
) -> list[Cohort]:
    """The cohorts where ``user`` holds one of ``wanted`` duties, newest first
    unless ``order_by`` says otherwise."""
    ids = cohort_ids(user, *wanted)
    query = select(Cohort).order_by(*order_by)
    if ids is not None:
        query = query.where(Cohort.id.in_(ids))
    return list(db.session.scalars(query))


def visible_cohort(user: User, cohort_id: int, *wanted: Duty) -> Cohort:
    """One cohort, for pages that do not even admit that other cohorts exist.

    :raise NotFound: no such cohort, or ``user`` holds none of ``wanted`` in it.
    """
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not duties(user, cohort_id) & set(wanted):
        raise NotFound(_("No such cohort."))
    return cohort


def require(user: User, cohort_id: int, *wanted: Duty) -> None:
    """:raise Forbidden: ``user`` holds none of ``wanted`` duties in this cohort."""
    if not duties(user, cohort_id) & set(wanted):
        raise Forbidden(_("You are not assigned to this cohort's selection."))


def require_may_apply(user: User, cohort_id: int) -> None:
    """:raise Forbidden: ``user`` teaches, screens, interviews or administers the
    cohort, so applying to it would be a conflict of interest."""
    if not may_apply(duties(user, cohort_id)):
        raise Forbidden(
            _(
                "You cannot apply to a cohort you teach, review, interview for or "
                "administer."
            )
        )


def programme_cohort_ids(user: User) -> frozenset[int] | None:
    """The cohorts whose programme ``user`` reads: a participant their own, staff
    every cohort they teach (administrators every cohort: ``None``), applicants
    none. Calendars, feeds, session pages and registrations all ask this."""
    if user.role == Role.PARTICIPANT:
        return frozenset({user.cohort_id} if user.cohort_id else ())
    if user.role in (Role.TRAINER, Role.ADMIN):
        return cohort_ids(user, Duty.TEACHER)
    return frozenset()
