"""One participant's row of a cohort dashboard, in two steps that thousands of rows
can afford.

:func:`portal.domain.progress.course_progress` works on lesson pairs and gives every
detail a participant page needs. A dashboard needs each module's status only, so it
splits the same rules (``module_complete``, ``module_unlocked``, ``module_status``):

1. :func:`progress_cells`, from lesson counts and best attempts: one letter per module
   (complete, started, untouched), the percent and the final result. These do not
   depend on the date or the cohort, so they are kept with each participant's
   progress summary and recomputed only when their facts or the course's shape
   (:func:`outline_key`) change.
2. :meth:`MatrixPlan.statuses`, from those letters: prerequisites and the cohort's
   release dates as of today. Participants at the same point share one answer.

A unit test checks the two steps together agree with ``course_progress``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from portal.domain.progress import (
    ModuleOutline,
    QuizBest,
    Status,
    completed_modules,
    course_percent,
    module_status,
    module_unlocked,
    passed,
)

COMPLETE, STARTED, UNTOUCHED = "C", "S", "N"


class Cells(NamedTuple):
    """Date-free progress: a letter per module in course order, the overall percent,
    and whether the final assessment is passed."""

    cells: str
    percent: int
    final_passed: bool


class MatrixRow(NamedTuple):
    """Statuses in course order, the overall percent, and the final quiz's result."""

    statuses: tuple[Status, ...]
    percent: int
    final_passed: bool


def outline_key(modules: Sequence[ModuleOutline], final_quiz: str | None) -> str:
    """A name for the course's shape (modules, their lessons, quizzes, prerequisites
    and the final quiz; not titles, texts or release dates): cells computed for one
    shape are wrong for another."""
    shape = [[m.slug, list(m.lessons), m.quiz, list(m.prerequisites)] for m in modules]
    text = json.dumps([shape, final_quiz], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def progress_cells(
    modules: Sequence[ModuleOutline],
    lessons_done: Mapping[str, int],
    best: Mapping[str, QuizBest],
    final_quiz: str | None,
) -> Cells:
    """Step 1: each module complete, started or untouched; the percent of steps done.

    :param lessons_done: per module slug, how many of its live lessons are done.
    :param best: best attempt per quiz slug.
    """
    completed = completed_modules(modules, lessons_done, best)
    letters = "".join(
        _letter(outline, lessons_done, best, completed) for outline in modules
    )
    percent = course_percent(modules, lessons_done, best, final_quiz)
    final_passed = final_quiz is not None and passed(best.get(final_quiz))
    return Cells(letters, percent, final_passed)


def _letter(
    outline: ModuleOutline,
    lessons_done: Mapping[str, int],
    best: Mapping[str, QuizBest],
    completed: set[str],
) -> str:
    if outline.slug in completed:
        return COMPLETE
    started = lessons_done.get(outline.slug, 0) or best.get(outline.quiz or "")
    return STARTED if started else UNTOUCHED


class MatrixPlan:
    """Step 2 for one dashboard: the outline with the cohort's release dates, as of
    ``today``. Remembers the statuses of every letter pattern it has seen."""

    def __init__(
        self, modules: Sequence[ModuleOutline], final_quiz: str | None, today: date
    ) -> None:
        self.modules = tuple(modules)
        self.final_quiz = final_quiz
        self.slugs = tuple(m.slug for m in modules)
        self._released = tuple(
            module_unlocked((), (), m.opens_on, today) for m in modules
        )
        self._seen: dict[str, tuple[Status, ...]] = {}

    def statuses(self, cells: str) -> tuple[Status, ...]:
        """Each module's status from its letter, its prerequisites and release date."""
        known = self._seen.get(cells)
        if known is None:
            completed = self.completed(cells)
            known = self._seen[cells] = tuple(
                module_status(
                    released and module_unlocked(m.prerequisites, completed),
                    letter == COMPLETE,
                    letter != UNTOUCHED,
                )
                for m, letter, released in zip(
                    self.modules, cells, self._released, strict=True
                )
            )
        return known

    def completed(self, cells: str) -> set[str]:
        """The slugs of the complete modules."""
        return {
            slug
            for slug, letter in zip(self.slugs, cells, strict=True)
            if letter == COMPLETE
        }

    def row(
        self, lessons_done: Mapping[str, int], best: Mapping[str, QuizBest]
    ) -> MatrixRow:
        """Both steps for one participant (see :func:`progress_cells`)."""
        cells = progress_cells(self.modules, lessons_done, best, self.final_quiz)
        return MatrixRow(self.statuses(cells.cells), cells.percent, cells.final_passed)


def matrix_row(
    modules: Sequence[ModuleOutline],
    lessons_done: Mapping[str, int],
    best: Mapping[str, QuizBest],
    final_quiz: str | None,
    today: date,
) -> MatrixRow:
    """One participant's row without a prepared plan (see :class:`MatrixPlan`)."""
    return MatrixPlan(modules, final_quiz, today).row(lessons_done, best)
