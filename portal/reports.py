"""Read-only queries for staff pages, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.domain.certificates import certificate_eligibility
from portal.domain.progress import CourseProgress, ModuleOutline, course_progress
from portal.extensions import db
from portal.models import Certificate, ModuleRelease, Role, User
from portal.services.learning import course_outline, with_release_dates
from portal.services.progress_facts import progress_facts


@dataclass(frozen=True)
class ParticipantRow:
    user: User
    progress: CourseProgress
    eligible: bool
    certificate_code: str | None


def participant_progress_list(
    today: date,
) -> tuple[list[ParticipantRow], list[ModuleOutline]]:
    """Every participant with their progress, in a fixed number of queries."""
    outline, final = course_outline()
    participants = select(User.id).where(User.role == Role.PARTICIPANT)
    users = db.session.scalars(
        select(User).where(User.role == Role.PARTICIPANT).order_by(User.full_name)
    ).all()
    facts = progress_facts(participants)
    codes = dict(
        db.session.execute(
            select(Certificate.user_id, Certificate.code).where(
                Certificate.user_id.in_(participants)
            )
        ).all()
    )
    releases: dict[int, dict[str, date]] = defaultdict(dict)
    for cohort_id, slug, opens_on in db.session.execute(
        select(
            ModuleRelease.cohort_id, ModuleRelease.module_slug, ModuleRelease.opens_on
        )
    ):
        releases[cohort_id][slug] = opens_on
    rows = []
    for user in users:
        # The same release dates the participant's own pages apply.
        own = with_release_dates(outline, releases.get(user.cohort_id, {}))
        progress = course_progress(
            own, facts.done(user.id), facts.best(user.id), final, today
        )
        rows.append(
            ParticipantRow(
                user,
                progress,
                certificate_eligibility(progress).eligible,
                codes.get(user.id),
            )
        )
    return rows, outline
