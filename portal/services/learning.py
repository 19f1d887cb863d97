"""Studying: the course outline, a participant's progress, completing lessons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from portal.domain.course import term_anchor
from portal.domain.progress import (
    CourseProgress,
    ModuleOutline,
    blocking_modules,
    course_progress,
)
from portal.extensions import db
from portal.models import (
    Lesson,
    LessonCompletion,
    Module,
    ModuleRelease,
    User,
)
from portal.services import progress_summary
from portal.services.errors import Locked, NotFound
from portal.services.outline import (
    CourseSnapshot,
    LessonInfo,
    ModuleInfo,
    course_snapshot,
)
from portal.services.progress_facts import progress_facts


def course_outline() -> tuple[list[ModuleOutline], str | None]:
    """The live modules in course order and the final quiz slug."""
    snapshot = course_snapshot()
    return snapshot.outline, snapshot.final_quiz


def participant_progress(
    user_id: int, today: date, snapshot: CourseSnapshot | None = None
) -> CourseProgress:
    """One participant's progress through the live course, with their cohort's module
    release dates (four queries), from the same facts as their dashboard summary."""
    snapshot = snapshot or course_snapshot()
    facts = progress_facts([user_id])
    outline = with_release_dates(snapshot.outline, release_dates(user_id))
    return course_progress(
        outline, facts.done(user_id), facts.best(user_id), snapshot.final_quiz, today
    )


def release_dates(user_id: int) -> dict[str, date]:
    """The module release dates of the user's cohort, if it sets any."""
    return dict(
        db.session.execute(
            select(ModuleRelease.module_slug, ModuleRelease.opens_on)
            .join(User, User.cohort_id == ModuleRelease.cohort_id)
            .where(User.id == user_id)
        ).all()
    )


def with_release_dates(
    outline: list[ModuleOutline], dates: dict[str, date]
) -> list[ModuleOutline]:
    if not dates:
        return outline
    return [replace(module, opens_on=dates.get(module.slug)) for module in outline]


def open_module(
    user_id: int, slug: str, today: date
) -> tuple[ModuleInfo, CourseProgress]:
    """A module for study, refused while its prerequisites are incomplete.

    :raise NotFound: no live module has that slug.
    :raise Locked: the participant has not completed its prerequisites.
    """
    snapshot = course_snapshot()
    module = snapshot.module(slug)
    if module is None:
        raise NotFound(gettext("No such module."))
    progress = participant_progress(user_id, today, snapshot)
    state = progress.module(slug)
    if state is None or not state.unlocked:
        raise locked(module.title, progress, slug)
    return module, progress


def locked(title: str, progress: CourseProgress, module_slug: str | None) -> Locked:
    """The refusal for locked content, naming the modules to complete first.

    :param module_slug: the module the content belongs to; ``None`` for the final
        assessment, which waits for every module.
    """
    return Locked(title, blocking_modules(progress, module_slug))


def open_lesson(
    user_id: int, module_slug: str, lesson_slug: str, today: date
) -> tuple[ModuleInfo, Lesson, CourseProgress]:
    """A lesson with its rendered body, under the same rule as its module."""
    module, progress = open_module(user_id, module_slug, today)
    if module.lesson(lesson_slug) is None:
        raise NotFound(gettext("No such lesson."))
    lesson = db.session.scalar(
        select(Lesson)
        .join(Module)
        .where(
            Module.slug == module_slug,
            Lesson.slug == lesson_slug,
            Lesson.retired.is_(False),
            Lesson.published.is_(True),
        )
        .options(undefer(Lesson.html))
    )
    if lesson is None:  # retired since the snapshot was taken
        raise NotFound(gettext("No such lesson."))
    return module, lesson, progress


def complete_lesson(
    user_id: int, module_slug: str, lesson_slug: str, now: datetime
) -> None:
    """Mark a lesson done; doing it twice (or twice at once) is harmless."""
    module, _ = open_module(user_id, module_slug, now.date())
    if module.lesson(lesson_slug) is None:
        raise NotFound(gettext("No such lesson."))
    exists = db.session.scalar(
        select(LessonCompletion.id).where(
            LessonCompletion.user_id == user_id,
            LessonCompletion.module_slug == module_slug,
            LessonCompletion.lesson_slug == lesson_slug,
        )
    )
    if exists:
        return
    db.session.add(
        LessonCompletion(
            user_id=user_id,
            module_slug=module_slug,
            lesson_slug=lesson_slug,
            completed_at=now,
        )
    )
    try:
        progress_summary.refresh(user_id)
        db.session.commit()
    except IntegrityError:  # a concurrent request recorded it first
        db.session.rollback()


def next_lesson(module_slug: str, lesson_slug: str) -> LessonInfo | None:
    """The lesson after this one in its module, if any (where "continue" goes)."""
    module = course_snapshot().module(module_slug)
    if module is None or module.lesson(lesson_slug) is None:
        return None
    return module.neighbours(lesson_slug)[1]


def glossary() -> list[dict[str, str]]:
    """Every key term of the live course, alphabetically, with its module."""
    terms = [
        {
            "term": term,
            "definition": definition,
            "anchor": term_anchor(term),
            "module": module.slug,
            "module_title": module.title,
        }
        for module in course_snapshot().modules
        for term, definition in module.key_terms
    ]
    return sorted(terms, key=lambda t: t["term"].casefold())
