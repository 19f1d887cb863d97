"""Who belongs to a cohort, as the reports count them."""

from __future__ import annotations

from sqlalchemy import Select, select

from portal.models import Role, User


def cohort_members(cohort_id: int) -> Select:
    """A query of the ids of ``cohort_id``'s participants (staff and applicants
    linked to the cohort are not members), to use as a subquery."""
    return select(User.id).where(
        User.cohort_id == cohort_id, User.role == Role.PARTICIPANT
    )
