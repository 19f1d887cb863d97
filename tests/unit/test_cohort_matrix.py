"""The dashboard's per-count matrix row agrees with ``course_progress``."""

import random
from datetime import date

import pytest

from portal.domain.cohort_matrix import MatrixPlan, matrix_row, progress_cells
from portal.domain.progress import (
    ModuleOutline,
    QuizBest,
    Status,
    course_progress,
    module_status,
)

TODAY = date(2025, 3, 31)
OUTLINE = [
    ModuleOutline("a", "A", ("a1", "a2"), "qa"),
    ModuleOutline("b", "B", ("b1",), "qb", ("a",)),
    ModuleOutline("c", "C", ("c1", "c2", "c3"), None, ("a",), date(2025, 4, 2)),
    ModuleOutline("d", "D", ("d1",), "qd", ("b", "c"), date(2025, 3, 1)),
]


@pytest.mark.parametrize(
    ("unlocked", "complete", "started", "expected"),
    [
        (False, True, True, Status.LOCKED),
        (True, True, False, Status.COMPLETED),
        (True, False, True, Status.IN_PROGRESS),
        (True, False, False, Status.NOT_STARTED),
    ],
)
def test_module_status(unlocked, complete, started, expected):
    assert module_status(unlocked, complete, started) is expected


@pytest.mark.parametrize("seed", range(200))
def test_matrix_row_matches_course_progress(seed):
    rng = random.Random(seed)
    done = {
        (m.slug, lesson) for m in OUTLINE for lesson in m.lessons if rng.random() < 0.7
    }
    best = {
        quiz: QuizBest(rng.uniform(0, 100), rng.random() < 0.6)
        for quiz in ("qa", "qb", "qd", "final")
        if rng.random() < 0.7
    }
    today = rng.choice([TODAY, date(2025, 4, 5)])
    full = course_progress(OUTLINE, done, best, "final", today)
    counts = {}
    for module, _lesson in done:
        counts[module] = counts.get(module, 0) + 1
    row = matrix_row(OUTLINE, counts, best, "final", today)
    assert row.statuses == tuple(m.status for m in full.modules)
    assert row.percent == full.percent
    assert row.final_passed == bool(full.final_best and full.final_best.passed)


def test_one_plan_serves_many_rows():
    """A plan remembers statuses per letter pattern; reused across participants it
    still agrees with ``course_progress`` for each of them."""
    rng = random.Random(1)
    plan = MatrixPlan(OUTLINE, "final", TODAY)
    patterns = set()
    for _ in range(300):
        done = {
            (m.slug, lesson)
            for m in OUTLINE
            for lesson in m.lessons
            if rng.random() < 0.7
        }
        best = {
            quiz: QuizBest(rng.uniform(0, 100), rng.random() < 0.6)
            for quiz in ("qa", "qb", "qd", "final")
            if rng.random() < 0.7
        }
        counts = {}
        for module, _lesson in done:
            counts[module] = counts.get(module, 0) + 1
        cells = progress_cells(OUTLINE, counts, best, "final")
        patterns.add(cells.cells)
        full = course_progress(OUTLINE, done, best, "final", TODAY)
        assert plan.statuses(cells.cells) == tuple(m.status for m in full.modules)
        assert cells.percent == full.percent
    assert len(patterns) < 300  # participants at the same point share an answer


@pytest.mark.parametrize(
    ("counts", "best", "expected"),
    [
        ({}, {}, "NNNN"),
        ({"a": 2}, {}, "SNNN"),  # lessons done, quiz not passed
        ({"a": 2}, {"qa": QuizBest(80, True)}, "CNNN"),
        ({}, {"qb": QuizBest(10, False)}, "NSNN"),  # a failed attempt is a start
        ({"c": 3}, {}, "NNCN"),  # no quiz: lessons complete it
    ],
)
def test_progress_cells_letters(counts, best, expected):
    assert progress_cells(OUTLINE, counts, best, "final").cells == expected
