"""Who sees which cohort's reports. Moved verbatim from services/analytics.py; the
cohort-access work (services/access.py) replaces it."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Cohort, CohortStaff, Role, User
from portal.services.errors import Forbidden, NotFound

TEACHER = "teacher"


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
