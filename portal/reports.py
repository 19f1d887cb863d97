"""Read-only queries for staff pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.domain.certificates import certificate_eligibility
from portal.domain.progress import CourseProgress, ModuleOutline, course_progress
from portal.extensions import db
from portal.models import Certificate, Role, User
from portal.services.learning import best_attempts, completed_lessons, course_outline


@dataclass(frozen=True)
class ParticipantRow:
    user: User
    progress: CourseProgress
    eligible: bool
    certificate_code: str | None


def participant_progress_list(today: date) -> tuple[list[ParticipantRow],
                                                    list[ModuleOutline]]:
    """Every participant with their progress: six queries whatever the head count."""
    outline, final = course_outline()
    users = db.session.scalars(select(User).where(User.role == Role.PARTICIPANT)
                               .order_by(User.full_name)).all()
    ids = [u.id for u in users]
    done = completed_lessons(ids)
    best = best_attempts(ids)
    codes = dict(db.session.execute(select(Certificate.user_id, Certificate.code)
                                    .where(Certificate.user_id.in_(ids))).all())
    rows = []
    for user in users:
        progress = course_progress(outline, done.get(user.id, set()), best.get(user.id, {}),
                                   final, today)
        rows.append(ParticipantRow(user, progress,
                                   certificate_eligibility(progress).eligible,
                                   codes.get(user.id)))
    return rows, outline
