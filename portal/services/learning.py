"""Studying: the course outline, a participant's progress, completing lessons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.domain.course import term_anchor
from portal.domain.progress import (
    CourseProgress,
    ModuleOutline,
    QuizBest,
    best_attempt,
    course_progress,
)
from portal.extensions import db
from portal.models import Lesson, LessonCompletion, Module, Quiz, QuizAttempt
from portal.services.errors import Locked, NotFound


def course_outline() -> tuple[list[ModuleOutline], str | None]:
    """The live modules in order (lightweight: no lesson bodies) and the final quiz slug."""
    modules = db.session.execute(
        select(Module.id, Module.slug, Module.title, Module.quiz_slug, Module.prerequisites)
        .where(Module.retired.is_(False)).order_by(Module.position)
    ).all()
    lessons: dict[int, list[str]] = defaultdict(list)
    for module_id, slug in db.session.execute(
        select(Lesson.module_id, Lesson.slug).where(Lesson.retired.is_(False))
        .order_by(Lesson.module_id, Lesson.position)
    ):
        lessons[module_id].append(slug)
    final = db.session.scalar(
        select(Quiz.slug).where(Quiz.final.is_(True), Quiz.retired.is_(False)).limit(1))
    outline = [ModuleOutline(m.slug, m.title, tuple(lessons[m.id]), m.quiz_slug,
                             tuple(m.prerequisites or ())) for m in modules]
    return outline, final


def best_attempts(user_ids: Iterable[int]) -> dict[int, dict[str, QuizBest]]:
    """Best graded attempt per user and quiz, in one query."""
    rows = db.session.execute(
        select(QuizAttempt.user_id, QuizAttempt.quiz_slug, QuizAttempt.percent,
               QuizAttempt.passed)
        .where(QuizAttempt.user_id.in_(list(user_ids)), QuizAttempt.status != "open")
    )
    grouped: dict[int, dict[str, list[tuple[float, bool]]]] = defaultdict(
        lambda: defaultdict(list))
    for user_id, quiz_slug, percent, passed in rows:
        grouped[user_id][quiz_slug].append((percent or 0.0, bool(passed)))
    return {user: {quiz: best_attempt(scores) for quiz, scores in quizzes.items()}
            for user, quizzes in grouped.items()}


def completed_lessons(user_ids: Iterable[int]) -> dict[int, set[tuple[str, str]]]:
    done: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for user_id, module_slug, lesson_slug in db.session.execute(
        select(LessonCompletion.user_id, LessonCompletion.module_slug,
               LessonCompletion.lesson_slug)
        .where(LessonCompletion.user_id.in_(list(user_ids)))
    ):
        done[user_id].add((module_slug, lesson_slug))
    return done


def participant_progress(user_id: int, today: date) -> CourseProgress:
    """One participant's progress through the live course (four queries)."""
    outline, final = course_outline()
    return course_progress(outline, completed_lessons([user_id])[user_id],
                           best_attempts([user_id]).get(user_id, {}), final, today)


def open_module(user_id: int, slug: str, today: date) -> tuple[Module, CourseProgress]:
    """Load a module for study, refusing it while its prerequisites are incomplete.

    :raise NotFound: no live module has that slug.
    :raise Locked: the participant has not completed its prerequisites.
    """
    module = db.session.scalar(select(Module).where(Module.slug == slug,
                                                    Module.retired.is_(False)))
    if module is None:
        raise NotFound("No such module.")
    progress = participant_progress(user_id, today)
    state = progress.module(slug)
    if state is None or not state.unlocked:
        raise Locked(module.title)
    return module, progress


def open_lesson(user_id: int, module_slug: str, lesson_slug: str, today: date
                ) -> tuple[Module, Lesson, CourseProgress]:
    module, progress = open_module(user_id, module_slug, today)
    lesson = next((lesson for lesson in module.lessons if lesson.slug == lesson_slug), None)
    if lesson is None:
        raise NotFound("No such lesson.")
    return module, lesson, progress


def complete_lesson(user_id: int, module_slug: str, lesson_slug: str, now: datetime
                    ) -> None:
    """Mark a lesson done; doing it twice (or twice at once) is harmless."""
    open_lesson(user_id, module_slug, lesson_slug, now.date())
    exists = db.session.scalar(select(LessonCompletion.id).where(
        LessonCompletion.user_id == user_id, LessonCompletion.module_slug == module_slug,
        LessonCompletion.lesson_slug == lesson_slug))
    if exists:
        return
    db.session.add(LessonCompletion(user_id=user_id, module_slug=module_slug,
                                    lesson_slug=lesson_slug, completed_at=now))
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent request recorded it first
        db.session.rollback()


def glossary() -> list[dict[str, str]]:
    """Every key term of the live course, alphabetically, with its module."""
    terms = []
    for slug, title, key_terms in db.session.execute(
        select(Module.slug, Module.title, Module.key_terms)
        .where(Module.retired.is_(False)).order_by(Module.position)
    ):
        for term, definition in key_terms or []:
            terms.append({"term": term, "definition": definition, "anchor": term_anchor(term),
                          "module": slug, "module_title": title})
    return sorted(terms, key=lambda t: t["term"].casefold())


def module_cards() -> list[Module]:
    """Live modules with their display fields, for the course home page."""
    return list(db.session.scalars(
        select(Module).where(Module.retired.is_(False)).order_by(Module.position)))


def neighbours(module: Module, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The lessons before and after ``lesson`` within its module."""
    lessons = module.lessons
    index = next(i for i, item in enumerate(lessons) if item.id == lesson.id)
    before = lessons[index - 1] if index > 0 else None
    after = lessons[index + 1] if index + 1 < len(lessons) else None
    return before, after
