"""Where a participant stands: module status, unlock rule, course progress."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class Status(StrEnum):
    LOCKED = "locked"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True)
class ModuleOutline:
    """What the progress rules need to know about a module."""

    slug: str
    title: str
    lessons: tuple[str, ...]
    quiz: str | None = None
    prerequisites: tuple[str, ...] = ()
    opens_on: date | None = None


class QuizBest(NamedTuple):
    """A participant's best submitted attempt at one quiz (a tuple: dashboards make
    tens of thousands)."""

    percent: float
    passed: bool


@dataclass(frozen=True)
class ModuleProgress:
    slug: str
    title: str
    status: Status
    lessons_done: int
    lessons_total: int
    quiz: str | None
    quiz_best: QuizBest | None
    missing_prerequisites: tuple[str, ...] = ()
    next_lesson: str | None = None

    @property
    def unlocked(self) -> bool:
        return self.status is not Status.LOCKED


@dataclass(frozen=True)
class CourseProgress:
    modules: tuple[ModuleProgress, ...]
    final_quiz: str | None
    final_best: QuizBest | None
    final_unlocked: bool
    percent: int
    resume: tuple[str, str | None] | None = field(default=None)
    done: frozenset[tuple[str, str]] = frozenset()

    def module(self, slug: str) -> ModuleProgress | None:
        return next((m for m in self.modules if m.slug == slug), None)


def module_unlocked(
    prerequisites: Collection[str],
    completed: Collection[str],
    opens_on: date | None = None,
    today: date | None = None,
) -> bool:
    """The one unlock rule: every prerequisite complete and the release date reached."""
    if opens_on is not None and (today is None or today < opens_on):
        return False
    return all(slug in completed for slug in prerequisites)


def module_complete(
    lessons_done: int, lessons_total: int, quiz_best: QuizBest | None, has_quiz: bool
) -> bool:
    """A module is complete when every lesson is done and its quiz (if any) passed."""
    quiz_ok = not has_quiz or (quiz_best is not None and quiz_best.passed)
    return lessons_done >= lessons_total and quiz_ok


def module_status(unlocked: bool, complete: bool, started: bool) -> Status:
    """The one status rule: locked beats everything, then complete, then started."""
    if not unlocked:
        return Status.LOCKED
    if complete:
        return Status.COMPLETED
    return Status.IN_PROGRESS if started else Status.NOT_STARTED


def course_progress(
    modules: Sequence[ModuleOutline],
    done_lessons: Collection[tuple[str, str]],
    best: Mapping[str, QuizBest],
    final_quiz: str | None = None,
    today: date | None = None,
) -> CourseProgress:
    """Compute every module's status, the overall percentage and where to resume.

    :param modules: the live modules in course order.
    :param done_lessons: ``(module_slug, lesson_slug)`` pairs the participant completed;
        pairs of lessons no longer in the course are ignored.
    :param best: best attempt per quiz slug.
    :param final_quiz: slug of the final assessment, open once every module is complete.
    """
    completed = set()
    for outline in modules:  # prerequisites may point forward in a badly ordered course
        done = sum(
            1 for lesson in outline.lessons if (outline.slug, lesson) in done_lessons
        )
        if module_complete(
            done,
            len(outline.lessons),
            best.get(outline.quiz or ""),
            outline.quiz is not None,
        ):
            completed.add(outline.slug)

    states = []
    steps_total = steps_done = 0
    resume = None
    for outline in modules:
        done = sum(
            1 for lesson in outline.lessons if (outline.slug, lesson) in done_lessons
        )
        quiz_best = best.get(outline.quiz) if outline.quiz else None
        unlocked = module_unlocked(
            outline.prerequisites, completed, outline.opens_on, today
        )
        next_lesson = next(
            (
                lesson
                for lesson in outline.lessons
                if (outline.slug, lesson) not in done_lessons
            ),
            None,
        )
        status = module_status(
            unlocked, outline.slug in completed, bool(done or quiz_best)
        )
        if resume is None and status in (Status.IN_PROGRESS, Status.NOT_STARTED):
            resume = (outline.slug, next_lesson)
        steps_total += len(outline.lessons) + (1 if outline.quiz else 0)
        steps_done += done + (1 if quiz_best and quiz_best.passed else 0)
        missing = tuple(p for p in outline.prerequisites if p not in completed)
        states.append(
            ModuleProgress(
                outline.slug,
                outline.title,
                status,
                done,
                len(outline.lessons),
                outline.quiz,
                quiz_best,
                missing,
                next_lesson,
            )
        )

    final_best = best.get(final_quiz) if final_quiz else None
    final_unlocked = final_quiz is not None and all(
        state.status is Status.COMPLETED for state in states
    )
    if final_quiz:
        steps_total += 1
        steps_done += 1 if final_best and final_best.passed else 0
    percent = int(100 * steps_done / steps_total) if steps_total else 0
    return CourseProgress(
        tuple(states),
        final_quiz,
        final_best,
        final_unlocked,
        percent,
        resume,
        frozenset(done_lessons),
    )


def best_attempt(attempts: Sequence[tuple[float, bool]]) -> QuizBest | None:
    """Best attempt counts: any pass beats any fail (pass marks may differ between quiz
    revisions), then the highest percentage."""
    if not attempts:
        return None
    percent, passed = max(attempts, key=lambda a: (a[1], a[0]))
    return QuizBest(percent, passed)
