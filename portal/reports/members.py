"""Who belongs to a cohort, and whom a change of the course reaches, as the reports
count them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from portal.domain.progress import course_completed
from portal.extensions import db
from portal.models import ProgressSummary, Role, User
from portal.services.outline import course_snapshot


def cohort_members(cohort_id: int) -> Select:
    """A query of the ids of ``cohort_id``'s participants (staff and applicants
    linked to the cohort are not members), to use as a subquery."""
    return select(User.id).where(
        User.cohort_id == cohort_id, User.role == Role.PARTICIPANT
    )


def reachable_members(cohort_id: int) -> list[User]:
    """The cohort's participants whose accounts work (active, not erased), in name
    order: whom programme mail and announcements are sent to."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(cohort_members(cohort_id)),
                User.active.is_(True),
                User.erased_at.is_(None),
            )
            .order_by(User.full_name, User.id)
        )
    )


@dataclass(frozen=True)
class PublishingImpact:
    """Whom publishing a change to the course reaches."""

    studying: int  # participants who have not completed the course: they see it
    graduates: int  # participants who completed it: they keep their completion


def publishing_impact() -> PublishingImpact:
    """Count participants by :func:`course_completed`, from their progress summaries
    (one query; someone without a summary has not completed anything yet)."""
    has_final = course_snapshot().final_quiz is not None
    rows = db.session.execute(
        select(ProgressSummary.final_passed, ProgressSummary.percent, func.count())
        .select_from(User)
        .outerjoin(ProgressSummary, ProgressSummary.user_id == User.id)
        .where(User.role == Role.PARTICIPANT)
        .group_by(ProgressSummary.final_passed, ProgressSummary.percent)
    )
    studying = graduates = 0
    for final_passed, percent, count in rows:
        done = course_completed(percent == 100, has_final, bool(final_passed))
        graduates += count if done else 0
        studying += 0 if done else count
    return PublishingImpact(studying, graduates)
