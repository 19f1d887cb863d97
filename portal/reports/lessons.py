"""Which lessons a cohort completes, in course order: where participants stop."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.domain.lesson_report import LessonRow, lesson_rows
from portal.extensions import db
from portal.models import LessonCompletion
from portal.reports.members import cohort_members
from portal.services.outline import course_snapshot


def lesson_report(cohort_id: int) -> tuple[int, list[LessonRow]]:
    """The cohort's size and its :func:`~portal.domain.lesson_report.lesson_rows`
    (two queries)."""
    members = cohort_members(cohort_id)
    size = db.session.scalar(select(func.count()).select_from(members.subquery()))
    completed = {
        (module, lesson): count
        for module, lesson, count in db.session.execute(
            select(
                LessonCompletion.module_slug,
                LessonCompletion.lesson_slug,
                func.count(),
            )
            .where(LessonCompletion.user_id.in_(members))
            .group_by(LessonCompletion.module_slug, LessonCompletion.lesson_slug)
        )
    }
    return size, lesson_rows(course_snapshot().modules, completed, size)
