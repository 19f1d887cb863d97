"""Where a participant stands: the unlock rule, statuses, percent and resume point."""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain.progress import (
    ModuleOutline,
    QuizBest,
    Status,
    best_attempt,
    blocking_modules,
    course_progress,
    module_complete,
    module_unlocked,
)

TODAY = date(2025, 5, 10)
PASSED = QuizBest(80.0, True)
FAILED = QuizBest(40.0, False)

BASICS = ModuleOutline("basics", "Basics", ("a1", "a2"), quiz="q-basics")
PROTECTION = ModuleOutline(
    "protection", "Protection", ("b1",), quiz="q-protection", prerequisites=("basics",)
)
POLICY = ModuleOutline("policy", "Policy", ("c1",), prerequisites=("protection",))
COURSE = (BASICS, PROTECTION, POLICY)
ALL_LESSONS = {
    ("basics", "a1"),
    ("basics", "a2"),
    ("protection", "b1"),
    ("policy", "c1"),
}
ALL_PASSED = {"q-basics": PASSED, "q-protection": PASSED}


@pytest.mark.parametrize(
    ("prerequisites", "completed", "opens_on", "today", "unlocked"),
    [
        ((), set(), None, None, True),
        ((), set(), None, TODAY, True),
        (("basics",), {"basics"}, None, TODAY, True),
        (("basics",), set(), None, TODAY, False),
        (("basics",), {"other"}, None, TODAY, False),
        (("basics", "protection"), {"basics"}, None, TODAY, False),
        (("basics", "protection"), {"basics", "protection"}, None, TODAY, True),
        ((), set(), date(2025, 5, 11), TODAY, False),
        ((), set(), TODAY, TODAY, True),
        ((), set(), date(2025, 5, 9), TODAY, True),
        (
            (),
            set(),
            date(2025, 5, 9),
            None,
            False,
        ),  # no today: a dated module stays shut
        (("basics",), set(), date(2025, 5, 9), TODAY, False),
        (("basics",), {"basics"}, date(2025, 5, 11), TODAY, False),
    ],
)
def test_module_unlocked(prerequisites, completed, opens_on, today, unlocked):
    assert module_unlocked(prerequisites, completed, opens_on, today) is unlocked


@pytest.mark.parametrize(
    ("done", "total", "best", "has_quiz", "complete"),
    [
        (2, 2, PASSED, True, True),
        (2, 2, FAILED, True, False),
        (2, 2, None, True, False),
        (1, 2, PASSED, True, False),
        (0, 2, PASSED, True, False),
        (2, 2, None, False, True),
        (1, 2, None, False, False),
        (0, 0, None, False, True),
        (3, 2, None, False, True),
    ],
)
def test_module_complete(done, total, best, has_quiz, complete):
    assert module_complete(done, total, best, has_quiz) is complete


def statuses(progress):
    return [m.status for m in progress.modules]


@pytest.mark.parametrize(
    ("done", "best", "expected", "resume"),
    [
        (
            set(),
            {},
            [Status.NOT_STARTED, Status.LOCKED, Status.LOCKED],
            ("basics", "a1"),
        ),
        (
            {("basics", "a1")},
            {},
            [Status.IN_PROGRESS, Status.LOCKED, Status.LOCKED],
            ("basics", "a2"),
        ),
        (
            {("basics", "a2")},
            {},
            [Status.IN_PROGRESS, Status.LOCKED, Status.LOCKED],
            ("basics", "a1"),
        ),
        (
            {("basics", "a1"), ("basics", "a2")},
            {},
            [Status.IN_PROGRESS, Status.LOCKED, Status.LOCKED],
            ("basics", None),
        ),
        (
            set(),
            {"q-basics": FAILED},
            [Status.IN_PROGRESS, Status.LOCKED, Status.LOCKED],
            ("basics", "a1"),
        ),
        (
            {("basics", "a1"), ("basics", "a2")},
            {"q-basics": FAILED},
            [Status.IN_PROGRESS, Status.LOCKED, Status.LOCKED],
            ("basics", None),
        ),
        # the quiz passed without the lessons is not completion
        (
            set(),
            {"q-basics": PASSED},
            [Status.IN_PROGRESS, Status.LOCKED, Status.LOCKED],
            ("basics", "a1"),
        ),
        (
            {("basics", "a1"), ("basics", "a2")},
            {"q-basics": PASSED},
            [Status.COMPLETED, Status.NOT_STARTED, Status.LOCKED],
            ("protection", "b1"),
        ),
        (
            {("basics", "a1"), ("basics", "a2"), ("protection", "b1")},
            {"q-basics": PASSED},
            [Status.COMPLETED, Status.IN_PROGRESS, Status.LOCKED],
            ("protection", None),
        ),
        (
            ALL_LESSONS - {("policy", "c1")},
            ALL_PASSED,
            [Status.COMPLETED, Status.COMPLETED, Status.NOT_STARTED],
            ("policy", "c1"),
        ),
        (ALL_LESSONS, ALL_PASSED, [Status.COMPLETED] * 3, None),
        # lessons of a locked module done earlier do not unlock it
        (
            {("protection", "b1")},
            {},
            [Status.NOT_STARTED, Status.LOCKED, Status.LOCKED],
            ("basics", "a1"),
        ),
    ],
)
def test_statuses_and_resume_point(done, best, expected, resume):
    progress = course_progress(COURSE, done, best, today=TODAY)
    assert statuses(progress) == expected
    assert progress.resume == resume


@pytest.mark.parametrize(
    ("done", "best", "final_best", "percent"),
    [
        # steps: 2 lessons + quiz, 1 lesson + quiz, 1 lesson, final = 7
        (set(), {}, None, 0),
        ({("basics", "a1")}, {}, None, 14),
        ({("basics", "a1"), ("basics", "a2")}, {"q-basics": FAILED}, None, 28),
        ({("basics", "a1"), ("basics", "a2")}, {"q-basics": PASSED}, None, 42),
        (ALL_LESSONS, ALL_PASSED, None, 85),
        (ALL_LESSONS, ALL_PASSED, FAILED, 85),
        (ALL_LESSONS, ALL_PASSED, PASSED, 100),
        # lessons that are no longer in the course are ignored
        ({("basics", "gone"), ("elsewhere", "a1")}, {"q-gone": PASSED}, None, 0),
    ],
)
def test_percent(done, best, final_best, percent):
    best = dict(best)
    if final_best:
        best["final"] = final_best
    progress = course_progress(COURSE, done, best, final_quiz="final", today=TODAY)
    assert progress.percent == percent


def test_percent_without_final_counts_only_modules():
    progress = course_progress(COURSE, ALL_LESSONS, ALL_PASSED, today=TODAY)
    assert progress.percent == 100


def test_empty_course_is_zero_percent():
    assert course_progress((), set(), {}).percent == 0


@pytest.mark.parametrize(
    ("done", "best", "final_quiz", "unlocked"),
    [
        (ALL_LESSONS, ALL_PASSED, "final", True),
        (ALL_LESSONS, ALL_PASSED, None, False),
        (ALL_LESSONS - {("policy", "c1")}, ALL_PASSED, "final", False),
        (ALL_LESSONS, {"q-basics": PASSED, "q-protection": FAILED}, "final", False),
        (ALL_LESSONS, {"q-basics": PASSED}, "final", False),
        (set(), {}, "final", False),
    ],
)
def test_final_unlocked_only_when_every_module_is_complete(
    done, best, final_quiz, unlocked
):
    progress = course_progress(COURSE, done, best, final_quiz=final_quiz, today=TODAY)
    assert progress.final_unlocked is unlocked
    assert progress.final_quiz == final_quiz


def test_final_best_is_reported():
    progress = course_progress(
        COURSE,
        ALL_LESSONS,
        {**ALL_PASSED, "final": FAILED},
        final_quiz="final",
        today=TODAY,
    )
    assert progress.final_best == FAILED


def test_module_details():
    done = {("basics", "a1"), ("basics", "a2")}
    progress = course_progress(COURSE, done, {"q-basics": PASSED}, today=TODAY)
    basics, protection, policy = progress.modules
    assert (basics.lessons_done, basics.lessons_total, basics.quiz_best) == (
        2,
        2,
        PASSED,
    )
    assert basics.next_lesson is None and basics.unlocked
    assert protection.missing_prerequisites == ()
    assert protection.next_lesson == "b1"
    assert policy.missing_prerequisites == ("protection",)
    assert not policy.unlocked
    assert progress.module("policy") is policy
    assert progress.module("nowhere") is None
    assert progress.done == frozenset(done)


@pytest.mark.parametrize(
    ("opens_on", "today", "status"),
    [
        (date(2025, 6, 1), TODAY, Status.LOCKED),
        (TODAY, TODAY, Status.NOT_STARTED),
        (date(2025, 1, 1), TODAY, Status.NOT_STARTED),
        (date(2025, 1, 1), None, Status.LOCKED),
    ],
)
def test_release_date_locks_a_module(opens_on, today, status):
    module = ModuleOutline("dated", "Dated", ("l1",), opens_on=opens_on)
    progress = course_progress((module,), set(), {}, today=today)
    assert progress.modules[0].status is status
    assert progress.resume == (None if status is Status.LOCKED else ("dated", "l1"))


def test_prerequisite_pointing_forward_still_unlocks():
    later = ModuleOutline("later", "Later", ("x",))
    first = ModuleOutline("first", "First", ("y",), prerequisites=("later",))
    progress = course_progress((first, later), {("later", "x")}, {}, today=TODAY)
    assert statuses(progress) == [Status.NOT_STARTED, Status.COMPLETED]
    assert progress.resume == ("first", "y")


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        ([], None),
        ([(55.0, False)], QuizBest(55.0, False)),
        ([(55.0, False), (80.0, True)], QuizBest(80.0, True)),
        ([(80.0, True), (55.0, False)], QuizBest(80.0, True)),
        ([(80.0, False), (80.0, True)], QuizBest(80.0, True)),  # tie: pass wins
        ([(80.0, True), (80.0, False)], QuizBest(80.0, True)),
        ([(70.0, False), (70.0, False)], QuizBest(70.0, False)),
        # a pass beats a higher fail: pass marks can differ between quiz revisions
        ([(90.0, False), (80.0, True)], QuizBest(80.0, True)),
        ([(0.0, False), (100.0, True), (99.99, True)], QuizBest(100.0, True)),
    ],
)
def test_best_attempt(attempts, expected):
    assert best_attempt(attempts) == expected


TWO_PREREQUISITES = ModuleOutline(
    "capstone", "Capstone", ("d1",), prerequisites=("policy", "basics")
)


@pytest.mark.parametrize(
    ("done", "best", "slug", "blocking"),
    [
        (set(), {}, "basics", ()),
        (set(), {}, "protection", (("basics", "Basics"),)),
        (set(), {}, "capstone", (("basics", "Basics"), ("policy", "Policy"))),
        (
            {("basics", "a1"), ("basics", "a2")},
            {},
            "protection",
            (("basics", "Basics"),),
        ),
        (
            {("basics", "a1"), ("basics", "a2")},
            {"q-basics": PASSED},
            "capstone",
            (("policy", "Policy"),),
        ),
        (set(), {}, "nope", ()),
        (
            ALL_LESSONS - {("policy", "c1")},
            ALL_PASSED,
            None,
            (("policy", "Policy"), ("capstone", "Capstone")),
        ),
        (ALL_LESSONS | {("capstone", "d1")}, ALL_PASSED, None, ()),
    ],
)
def test_blocking_modules(done, best, slug, blocking):
    progress = course_progress(COURSE + (TWO_PREREQUISITES,), done, best, "final")
    assert blocking_modules(progress, slug) == blocking
