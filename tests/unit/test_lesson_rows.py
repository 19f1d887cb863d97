"""Lesson completion in course order: shares and the change from the lesson before."""

from portal.domain.lesson_report import lesson_rows
from portal.services.outline import LessonInfo, ModuleInfo


def module(slug: str, *lessons: str) -> ModuleInfo:
    return ModuleInfo(
        slug=slug,
        title=slug.title(),
        position=1,
        summary="",
        minutes=10,
        objectives=(),
        key_terms=(),
        intro_html="",
        quiz_slug=None,
        prerequisites=(),
        lessons=tuple(
            LessonInfo(lesson, lesson.title(), 10, i, 100)
            for i, lesson in enumerate(lessons)
        ),
    )


COURSE = [module("a", "a1", "a2"), module("b", "b1")]


def test_shares_and_changes_run_across_modules():
    rows = lesson_rows(COURSE, {("a", "a1"): 8, ("a", "a2"): 5, ("b", "b1"): 5}, 10)
    assert [(r.slug, r.completed, r.share, r.change) for r in rows] == [
        ("a1", 8, 80.0, None),
        ("a2", 5, 50.0, -3),
        ("b1", 5, 50.0, 0),
    ]
    assert rows[2].module_title == "B"


def test_an_empty_cohort_has_no_shares():
    rows = lesson_rows(COURSE, {}, 0)
    assert [r.share for r in rows] == [None, None, None]
    assert [r.completed for r in rows] == [0, 0, 0]


def test_completions_of_retired_lessons_are_not_listed():
    rows = lesson_rows(COURSE, {("a", "gone"): 4}, 10)
    assert {r.slug for r in rows} == {"a1", "a2", "b1"}
    assert sum(r.completed for r in rows) == 0
