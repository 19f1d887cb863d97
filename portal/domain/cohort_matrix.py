"""One participant's row of a cohort dashboard, from per-module counts.

:func:`portal.domain.progress.course_progress` works on lesson pairs and gives every
detail a participant page needs; a dashboard of thousands of participants needs only
each module's status, so this works on lessons-done counts, with the same rules
(``module_complete``, ``module_unlocked``, ``module_status``). A unit test checks the
two agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from portal.domain.progress import (
    ModuleOutline,
    QuizBest,
    Status,
    module_complete,
    module_status,
    module_unlocked,
)


class MatrixRow(NamedTuple):
    """Statuses in course order, the overall percent, and the final quiz's result."""

    statuses: tuple[Status, ...]
    percent: int
    final_passed: bool


def matrix_row(
    modules: Sequence[ModuleOutline],
    lessons_done: Mapping[str, int],
    best: Mapping[str, QuizBest],
    final_quiz: str | None,
    today: date,
) -> MatrixRow:
    """Module statuses and overall percent for one participant.

    :param lessons_done: per module slug, how many of its live lessons are done.
    :param best: best attempt per quiz slug.
    """
    completed = set()
    for outline in modules:
        done = lessons_done.get(outline.slug, 0)
        if module_complete(
            done,
            len(outline.lessons),
            best.get(outline.quiz or ""),
            outline.quiz is not None,
        ):
            completed.add(outline.slug)
    statuses = []
    steps_total = steps_done = 0
    for outline in modules:
        done = lessons_done.get(outline.slug, 0)
        quiz_best = best.get(outline.quiz) if outline.quiz else None
        unlocked = module_unlocked(
            outline.prerequisites, completed, outline.opens_on, today
        )
        statuses.append(
            module_status(unlocked, outline.slug in completed, bool(done or quiz_best))
        )
        steps_total += len(outline.lessons) + (1 if outline.quiz else 0)
        steps_done += done + (1 if quiz_best and quiz_best.passed else 0)
    final_best = best.get(final_quiz) if final_quiz else None
    final_passed = final_best is not None and final_best.passed
    if final_quiz:
        steps_total += 1
        steps_done += 1 if final_passed else 0
    percent = int(100 * steps_done / steps_total) if steps_total else 0
    return MatrixRow(tuple(statuses), percent, final_passed)
