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

    @property
    def final_passed(self) -> bool:
        """Whether the final assessment's best attempt passed."""
        return passed(self.final_best)

    @property
    def completed(self) -> bool:
        """Whether the course is completed (:func:`course_completed`)."""
        return course_completed(
            all(m.status is Status.COMPLETED for m in self.modules),
            self.final_quiz is not None,
            self.final_passed,
        )

    @property
    def final_status(self) -> Status:
        """The final assessment's status: completed once passed (even if a module
        changed since), else not started once every module is complete, else locked."""
        if self.final_passed:
            return Status.COMPLETED
        return Status.NOT_STARTED if self.final_unlocked else Status.LOCKED


def passed(best: QuizBest | None) -> bool:
    """The one "quiz passed" rule: its best attempt passed (no attempt: not passed)."""
    return best is not None and best.passed


def course_completed(
    modules_complete: bool, has_final: bool, final_passed: bool
) -> bool:
    """The one completion rule. With a final assessment, passing it completes the
    course for good: it opens only once every module is complete (checked on the
    server when an attempt starts), so a module published afterwards never takes a
    graduate's completion away. Without one, every module complete.
    """
    return final_passed if has_final else modules_complete


def module_quiz_open(module: ModuleProgress, after_lessons: bool) -> bool:
    """A module's quiz opens with its module; with ``after_lessons`` (set in its
    quiz file) only once every lesson of the module is complete as well."""
    return module.unlocked and (
        not after_lessons or module.lessons_done >= module.lessons_total
    )


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
    return lessons_done >= lessons_total and (not has_quiz or passed(quiz_best))


def module_status(unlocked: bool, complete: bool, started: bool) -> Status:
    """The one status rule: locked beats everything, then complete, then started."""
    if not unlocked:
        return Status.LOCKED
    if complete:
        return Status.COMPLETED
    return Status.IN_PROGRESS if started else Status.NOT_STARTED


def course_percent(
    modules: Sequence[ModuleOutline],
    lessons_done: Mapping[str, int],
    best: Mapping[str, QuizBest],
    final_quiz: str | None,
) -> int:
    """The one "percent done" rule: the share of steps done, where every lesson, every
    module quiz passed and the final assessment passed is one step (rounded down);
    100 once the final assessment is passed (:func:`course_completed`).

    :param lessons_done: per module slug, how many of its live lessons are done.
    :param best: best attempt per quiz slug.
    """
    if final_quiz and passed(best.get(final_quiz)):
        return 100
    steps_total = steps_done = 0
    for outline in modules:
        steps_total += len(outline.lessons) + (1 if outline.quiz else 0)
        steps_done += lessons_done.get(outline.slug, 0)
        steps_done += 1 if outline.quiz and passed(best.get(outline.quiz)) else 0
    if final_quiz:
        steps_total += 1
        steps_done += 1 if passed(best.get(final_quiz)) else 0
    return int(100 * steps_done / steps_total) if steps_total else 0


def lessons_done_per_module(
    modules: Sequence[ModuleOutline], done_lessons: Collection[tuple[str, str]]
) -> dict[str, int]:
    """Per module slug, how many of its live lessons are among ``done_lessons``."""
    return {
        outline.slug: sum(
            1 for lesson in outline.lessons if (outline.slug, lesson) in done_lessons
        )
        for outline in modules
    }


def completed_modules(
    modules: Sequence[ModuleOutline],
    lessons_done: Mapping[str, int],
    best: Mapping[str, QuizBest],
) -> set[str]:
    """The slugs of the complete modules (unlocked or not: prerequisites may point
    forward in a badly ordered course, so this comes before any status)."""
    return {
        outline.slug
        for outline in modules
        if module_complete(
            lessons_done.get(outline.slug, 0),
            len(outline.lessons),
            best.get(outline.quiz or ""),
            outline.quiz is not None,
        )
    }


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
    counts = lessons_done_per_module(modules, done_lessons)
    completed = completed_modules(modules, counts, best)
    states = tuple(
        _module_progress(
            outline, counts[outline.slug], done_lessons, best, completed, today
        )
        for outline in modules
    )
    resume = next(
        (
            (state.slug, state.next_lesson)
            for state in states
            if state.status in (Status.IN_PROGRESS, Status.NOT_STARTED)
        ),
        None,
    )
    final_unlocked = final_quiz is not None and all(
        state.status is Status.COMPLETED for state in states
    )
    return CourseProgress(
        states,
        final_quiz,
        best.get(final_quiz) if final_quiz else None,
        final_unlocked,
        course_percent(modules, counts, best, final_quiz),
        resume,
        frozenset(done_lessons),
    )


def _module_progress(
    outline: ModuleOutline,
    done: int,
    done_lessons: Collection[tuple[str, str]],
    best: Mapping[str, QuizBest],
    completed: Collection[str],
    today: date | None,
) -> ModuleProgress:
    """One module's state, given which modules are complete."""
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
    return ModuleProgress(
        outline.slug,
        outline.title,
        module_status(unlocked, outline.slug in completed, bool(done or quiz_best)),
        done,
        len(outline.lessons),
        outline.quiz,
        quiz_best,
        tuple(p for p in outline.prerequisites if p not in completed),
        next_lesson,
    )


def blocking_modules(
    progress: CourseProgress, module_slug: str | None
) -> tuple[tuple[str, str], ...]:
    """What still stands before a module, as (slug, title) pairs in course order: its
    incomplete prerequisites; for ``None`` (the final assessment), every incomplete
    module. Empty when nothing is missing (a release date may still hold it back).
    """
    if module_slug is None:
        return tuple(
            (m.slug, m.title)
            for m in progress.modules
            if m.status is not Status.COMPLETED
        )
    state = progress.module(module_slug)
    missing = set(state.missing_prerequisites) if state else set()
    return tuple((m.slug, m.title) for m in progress.modules if m.slug in missing)


def best_attempt(attempts: Sequence[tuple[float, bool]]) -> QuizBest | None:
    """Best attempt counts: any pass beats any fail (pass marks may differ between quiz
    revisions), then the highest percentage."""
    if not attempts:
        return None
    percent, ok = max(attempts, key=lambda a: (a[1], a[0]))
    return QuizBest(percent, ok)
