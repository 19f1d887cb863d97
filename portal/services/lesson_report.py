"""Which lessons a cohort completes, in course order: where participants stop."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import LessonCompletion, Role, User
from portal.services.outline import ModuleInfo, course_snapshot


@dataclass(frozen=True)
class LessonRow:
    module_title: str
    slug: str
    title: str
    minutes: int
    completed: int  # participants of the cohort who completed the lesson
    share: float | None  # percent of the cohort; None for an empty cohort
    change: int | None  # completed minus the lesson before's; None for the first


def lesson_rows(
    modules: Sequence[ModuleInfo], completed: Mapping[tuple[str, str], int], size: int
) -> list[LessonRow]:
    """Every live lesson in course order with how many completed it, their share of
    the cohort (``size`` participants) and the change from the lesson before."""
    rows: list[LessonRow] = []
    for module in modules:
        for lesson in module.lessons:
            done = completed.get((module.slug, lesson.slug), 0)
            rows.append(
                LessonRow(
                    module.title,
                    lesson.slug,
                    lesson.title,
                    lesson.minutes,
                    done,
                    100 * done / size if size else None,
                    done - rows[-1].completed if rows else None,
                )
            )
    return rows


def lesson_report(cohort_id: int) -> tuple[int, list[LessonRow]]:
    """The cohort's size and its :func:`lesson_rows` (two queries)."""
    members = select(User.id).where(
        User.cohort_id == cohort_id, User.role == Role.PARTICIPANT
    )
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
