"""One participant for staff: their progress and a timeline of what they did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.access import Duty
from portal.domain.progress import CourseProgress
from portal.extensions import db
from portal.models import LessonCompletion, QuizAttempt, Role, User
from portal.services.access import cohort_ids
from portal.services.errors import NotFound
from portal.services.learning import participant_progress


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # lesson | attempt
    module: str
    item: str
    attempt: QuizAttempt | None = None


@dataclass(frozen=True)
class ParticipantDetail:
    user: User
    progress: CourseProgress
    timeline: list[TimelineEntry]


def participant_detail(viewer: User, user_id: int, today: date) -> ParticipantDetail:
    """A participant's progress and a timeline of lessons and attempts, newest first.

    :raise NotFound: no such participant, or one in a cohort ``viewer`` does not see.
    """
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.PARTICIPANT:
        raise NotFound(_("No such participant."))
    ids = cohort_ids(viewer, Duty.TEACHER)
    if ids is not None and user.cohort_id not in ids:
        raise NotFound(_("No such participant."))
    progress = participant_progress(user.id, today)
    entries = [
        TimelineEntry(c.completed_at, "lesson", c.module_slug, c.lesson_slug)
        for c in db.session.scalars(
            select(LessonCompletion).where(LessonCompletion.user_id == user.id)
        )
    ]
    entries += [
        TimelineEntry(a.submitted_at or a.started_at, "attempt", "", a.quiz_slug, a)
        for a in db.session.scalars(
            select(QuizAttempt).where(QuizAttempt.user_id == user.id)
        )
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return ParticipantDetail(user, progress, entries)
