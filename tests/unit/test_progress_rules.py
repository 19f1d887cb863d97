"""The small progress rules both the participant pages and the dashboard share:
"quiz passed", percent of steps done, completed modules, the final's status."""

from __future__ import annotations

import pytest

from portal.domain.progress import (
    CourseProgress,
    ModuleOutline,
    ModuleProgress,
    QuizBest,
    Status,
    completed_modules,
    course_completed,
    course_percent,
    lessons_done_per_module,
    module_quiz_open,
    passed,
)

PASSED = QuizBest(80.0, True)
FAILED = QuizBest(40.0, False)
BASICS = ModuleOutline("basics", "Basics", ("a1", "a2"), quiz="q-basics")
POLICY = ModuleOutline("policy", "Policy", ("c1",), prerequisites=("basics",))
COURSE = (BASICS, POLICY)


@pytest.mark.parametrize(
    ("best", "expected"), [(None, False), (FAILED, False), (PASSED, True)]
)
def test_passed(best, expected):
    assert passed(best) is expected


@pytest.mark.parametrize(
    ("done", "best", "final", "expected"),
    [
        ({}, {}, None, 0),
        ({"basics": 1}, {}, None, 25),  # 1 of 4 steps: 3 lessons and a quiz
        ({"basics": 2}, {"q-basics": FAILED}, None, 50),  # a failed quiz is no step
        ({"basics": 2}, {"q-basics": PASSED}, None, 75),
        ({"basics": 2, "policy": 1}, {"q-basics": PASSED}, None, 100),
        ({"basics": 2, "policy": 1}, {"q-basics": PASSED}, "final", 80),
        (
            {"basics": 2, "policy": 1},
            {"q-basics": PASSED, "final": PASSED},
            "final",
            100,
        ),
        # the final passed before the course grew: a graduate is done for good
        ({"basics": 1}, {"final": PASSED}, "final", 100),
        ({"elsewhere": 3}, {}, None, 0),  # modules no longer in the course
    ],
)
def test_course_percent(done, best, final, expected):
    assert course_percent(COURSE, done, best, final) == expected


def test_course_percent_of_an_empty_course():
    assert course_percent((), {}, {}, None) == 0


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (set(), {"basics": 0, "policy": 0}),
        ({("basics", "a1")}, {"basics": 1, "policy": 0}),
        (
            {("basics", "a1"), ("basics", "gone"), ("x", "a1")},
            {"basics": 1, "policy": 0},
        ),
        (
            {("basics", "a1"), ("basics", "a2"), ("policy", "c1")},
            {"basics": 2, "policy": 1},
        ),
    ],
)
def test_lessons_done_per_module(pairs, expected):
    assert lessons_done_per_module(COURSE, pairs) == expected


@pytest.mark.parametrize(
    ("done", "best", "expected"),
    [
        ({}, {}, set()),
        ({"basics": 2}, {"q-basics": FAILED}, set()),
        ({"basics": 2}, {"q-basics": PASSED}, {"basics"}),
        ({"policy": 1}, {}, {"policy"}),  # complete, though still locked
        ({"basics": 2, "policy": 1}, {"q-basics": PASSED}, {"basics", "policy"}),
    ],
)
def test_completed_modules(done, best, expected):
    assert completed_modules(COURSE, done, best) == expected


@pytest.mark.parametrize(
    ("final_quiz", "final_best", "unlocked", "final_passed", "status"),
    [
        ("final", None, False, False, Status.LOCKED),
        ("final", None, True, False, Status.NOT_STARTED),
        ("final", FAILED, True, False, Status.NOT_STARTED),
        ("final", PASSED, True, True, Status.COMPLETED),
        # passed before a module changed: the pass still stands
        ("final", PASSED, False, True, Status.COMPLETED),
        (None, None, False, False, Status.LOCKED),
    ],
)
def test_final_passed_and_status(
    final_quiz, final_best, unlocked, final_passed, status
):
    progress = CourseProgress((), final_quiz, final_best, unlocked, 0)
    assert progress.final_passed is final_passed
    assert progress.final_status is status


def _module(status: Status, done: int, total: int = 2) -> ModuleProgress:
    return ModuleProgress("basics", "Basics", status, done, total, "q", None)


@pytest.mark.parametrize(
    ("status", "done", "after_lessons", "open_"),
    [
        (Status.LOCKED, 2, False, False),  # a locked module's quiz never opens
        (Status.LOCKED, 2, True, False),
        (Status.NOT_STARTED, 0, False, True),  # by default: with the module
        (Status.IN_PROGRESS, 1, True, False),  # waits for the last lesson
        (Status.IN_PROGRESS, 2, True, True),
        (Status.COMPLETED, 2, True, True),
    ],
)
def test_module_quiz_open(status, done, after_lessons, open_):
    assert module_quiz_open(_module(status, done), after_lessons) is open_


@pytest.mark.parametrize(
    ("modules_complete", "has_final", "final_passed", "completed"),
    [
        (True, True, False, False),  # every module, final not passed yet
        (False, True, True, True),  # final passed, then the course grew
        (True, True, True, True),
        (True, False, False, True),  # no final: every module complete
        (False, False, False, False),
    ],
)
def test_course_completed(modules_complete, has_final, final_passed, completed):
    assert course_completed(modules_complete, has_final, final_passed) is completed
