"""The course checker: every broken file is reported with its path and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.package import check_course

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "course"

BASICS = "modules/01-basics/module.md"
PROTECTION = "modules/02-protection/module.md"
LESSON_1 = "modules/01-basics/01-who-is-a-migrant.md"
LESSON_2 = "modules/01-basics/02-measuring.md"


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    return root


def check(root: Path):
    return check_course(root / "modules", root / "quizzes", root / "content" / "media")


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace one exact piece of a fixture file; fail loudly if it is not there."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def write(root: Path, path: str, text: str) -> None:
    (root / path).write_text(text, encoding="utf-8")


SECOND_FINAL = """\
slug: last
title: Another final
final: true
pass_mark: 50
questions:
  - id: only
    kind: true_false
    prompt: Really?
    answer: true
"""

UNLISTED_LESSON = """\
---
slug: extra
title: Extra
---

Some text.
"""

# (name, change to the copied course, path, line, message fragment)
BROKEN = [
    (
        "bad-yaml-in-quiz",
        lambda r: edit(r, "quizzes/basics.yaml", "pass_mark: 70", "pass_mark: 70: 80"),
        "quizzes/basics.yaml",
        3,
        "the YAML cannot be read: a ': ' is not allowed here",
    ),
    (
        "bad-yaml-in-front-matter",
        lambda r: edit(r, BASICS, "order: 1", "order: 1: 2"),
        BASICS,
        4,
        "the YAML cannot be read: a ': ' is not allowed here",
    ),
    (
        "unknown-key-in-quiz",
        lambda r: edit(
            r, "quizzes/basics.yaml", "attempts: 3", "attempts: 3\ncolour: red"
        ),
        "quizzes/basics.yaml",
        5,
        "unknown key 'colour'",
    ),
    (
        "unknown-front-matter-key-in-module",
        lambda r: edit(r, BASICS, "quiz: basics", "quiz: basics\ncolour: red"),
        BASICS,
        9,
        "unknown key 'colour'",
    ),
    (
        "unknown-front-matter-key-in-lesson",
        lambda r: edit(
            r,
            LESSON_2,
            "title: Measuring migration",
            "title: Measuring migration\nauthor: Someone",
        ),
        LESSON_2,
        4,
        "unknown key 'author'",
    ),
    (
        "unknown-question-kind",
        lambda r: edit(r, "quizzes/basics.yaml", "kind: multiple", "kind: essay"),
        "quizzes/basics.yaml",
        16,
        "unknown question kind 'essay'",
    ),
    (
        "single-with-two-correct",
        lambda r: edit(
            r,
            "quizzes/final.yaml",
            "- text: Subsidiarity",
            "- text: Subsidiarity\n        correct: true",
        ),
        "quizzes/final.yaml",
        14,
        "needs exactly one correct option (has 2)",
    ),
    (
        "single-with-no-correct",
        lambda r: edit(
            r,
            "quizzes/final.yaml",
            "Non-refoulement\n        correct: true",
            "Non-refoulement",
        ),
        "quizzes/final.yaml",
        14,
        "needs exactly one correct option (has 0)",
    ),
    (
        "short-text-without-answers",
        lambda r: edit(r, "quizzes/basics.yaml", "    answers: [residence]\n", ""),
        "quizzes/basics.yaml",
        37,
        "needs a list of accepted 'answers'",
    ),
    (
        "draw-larger-than-bank",
        lambda r: edit(r, "quizzes/final.yaml", "draw: 2", "draw: 5"),
        "quizzes/final.yaml",
        7,
        "draw 5 must be between 1 and the 3 questions",
    ),
    (
        "duplicate-question-id",
        lambda r: edit(
            r, "quizzes/final.yaml", "- id: final-numeric", "- id: final-tf"
        ),
        "quizzes/final.yaml",
        22,
        "question id 'final-tf' is used twice",
    ),
    (
        "lesson-listed-but-missing",
        lambda r: edit(
            r, BASICS, "  - 02-measuring.md", "  - 02-measuring.md\n  - 03-gone.md"
        ),
        BASICS,
        20,
        "lesson file '03-gone.md' is not in 01-basics/",
    ),
    (
        "lesson-present-but-unlisted",
        lambda r: write(r, "modules/01-basics/03-extra.md", UNLISTED_LESSON),
        "modules/01-basics/03-extra.md",
        1,
        "not listed under 'lessons'",
    ),
    (
        "prerequisite-not-a-module",
        lambda r: edit(
            r, PROTECTION, "prerequisites: [basics]", "prerequisites: [basics, nowhere]"
        ),
        PROTECTION,
        6,
        "prerequisite 'nowhere' is not a module",
    ),
    (
        "prerequisite-is-itself",
        lambda r: edit(
            r, PROTECTION, "prerequisites: [basics]", "prerequisites: [protection]"
        ),
        PROTECTION,
        6,
        "cannot be its own prerequisite",
    ),
    (
        "prerequisite-cycle",
        lambda r: edit(r, BASICS, "prerequisites: []", "prerequisites: [protection]"),
        PROTECTION,
        6,
        "prerequisites form a cycle: basics -> protection -> basics",
    ),
    (
        "glossary-link-to-missing-term",
        lambda r: edit(
            r, LESSON_2, "again if needed.", "again if [needed](glossary:no-such-term)."
        ),
        LESSON_2,
        13,
        "glossary link to 'no-such-term'",
    ),
    (
        "glossary-link-on-second-line-of-paragraph",
        lambda r: edit(
            r, LESSON_1, "glossary:international-migrant", "glossary:intl-migrant"
        ),
        LESSON_1,
        10,
        "glossary link to 'intl-migrant'",
    ),
    (
        "link-to-missing-lesson",
        lambda r: edit(
            r, LESSON_2, "lesson:basics/who-is-a-migrant", "lesson:basics/nope"
        ),
        LESSON_2,
        13,
        "link to lesson 'basics/nope': no such lesson",
    ),
    (
        "lesson-link-without-module",
        lambda r: edit(
            r, LESSON_2, "lesson:basics/who-is-a-migrant", "lesson:who-is-a-migrant"
        ),
        LESSON_2,
        13,
        "link to lesson 'who-is-a-migrant'",
    ),
    (
        "link-to-missing-module",
        lambda r: edit(r, PROTECTION, "module:basics", "module:basis"),
        PROTECTION,
        17,
        "link to module 'basis': no such module",
    ),
    (
        "image-not-in-media",
        lambda r: edit(r, LESSON_1, "media/flows.png", "media/missing.png"),
        LESSON_1,
        17,
        "image 'missing.png' is not in content/media/",
    ),
    (
        "svg-image-refused",
        lambda r: write(r, "content/media/flows.svg", "<svg></svg>"),
        "content/media/flows.svg",
        1,
        "SVG images are refused because they can carry script",
    ),
    (
        "image-without-alt-text",
        lambda r: edit(r, LESSON_1, "![A simple diagram of flows]", "![ ]"),
        LESSON_1,
        17,
        "needs alt text",
    ),
    (
        "quiz-named-by-module-but-missing",
        lambda r: edit(r, PROTECTION, "quiz: protection", "quiz: protect"),
        PROTECTION,
        7,
        "quiz 'protect' is not in quizzes/",
    ),
    (
        "module-names-the-final",
        lambda r: edit(r, PROTECTION, "quiz: protection", "quiz: final"),
        PROTECTION,
        7,
        "quiz 'final' is the final assessment",
    ),
    (
        "quiz-named-by-no-module",
        lambda r: edit(r, PROTECTION, "quiz: protection\n", ""),
        "quizzes/protection.yaml",
        1,
        "no module names this quiz",
    ),
    (
        "two-final-assessments",
        lambda r: write(r, "quizzes/last.yaml", SECOND_FINAL),
        "quizzes/last.yaml",
        3,
        "only one final assessment is allowed",
    ),
    (
        "quiz-file-named-differently",
        lambda r: edit(r, "quizzes/final.yaml", "slug: final", "slug: finale"),
        "quizzes/final.yaml",
        1,
        "must be named finale.yaml",
    ),
    (
        "duplicate-glossary-term",
        lambda r: edit(r, PROTECTION, "term: Non-refoulement", "term: Asylum seeker"),
        PROTECTION,
        10,
        "glossary term 'Asylum seeker' is already defined",
    ),
    (
        "module-slug-not-a-slug",
        lambda r: edit(r, BASICS, "slug: basics", "slug: Basics Module"),
        BASICS,
        2,
        "must be lowercase words and hyphens",
    ),
    (
        "duplicate-module-order",
        lambda r: edit(r, PROTECTION, "order: 2", "order: 1"),
        PROTECTION,
        4,
        "order 1 is also used by",
    ),
    (
        "lesson-without-front-matter",
        lambda r: edit(r, LESSON_2, "---\nslug: measuring", "slug: measuring"),
        LESSON_2,
        1,
        "must start with front matter",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "line", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_course_is_reported_at_file_and_line(
    course, change, path, line, fragment
):
    change(course)
    _, problems = check(course)
    found = [(p.path, p.line) for p in problems if fragment in p.message]
    assert found, f"no problem mentions {fragment!r}: {[str(p) for p in problems]}"
    assert (path, line) in found, [str(p) for p in problems]


def test_valid_fixture_course_has_no_problems(course):
    package, problems = check(course)
    assert problems == []
    assert [m.slug for m in package.modules] == ["basics", "protection"]
    assert [len(m.lessons) for m in package.modules] == [2, 1]
    assert sorted(q.slug for q in package.quizzes) == ["basics", "final", "protection"]
    assert package.final_quiz is not None and package.final_quiz.slug == "final"
    assert package.media == frozenset({"flows.png"})


def test_fixture_is_read_in_place_without_problems():
    _, problems = check(FIXTURE)
    assert problems == []


def test_problems_are_sorted_by_file_and_line(course):
    edit(course, "quizzes/final.yaml", "draw: 2", "draw: 9")
    edit(course, "quizzes/basics.yaml", "kind: multiple", "kind: essay")
    edit(course, LESSON_2, "lesson:basics/who-is-a-migrant", "lesson:basics/nope")
    _, problems = check(course)
    assert len(problems) == 3
    assert problems == sorted(problems)
    assert [p.path for p in problems] == [
        LESSON_2,
        "quizzes/basics.yaml",
        "quizzes/final.yaml",
    ]


def test_problem_prints_as_path_line_message(course):
    edit(course, "quizzes/final.yaml", "draw: 2", "draw: 9")
    _, problems = check(course)
    (problem,) = problems
    assert str(problem) == (
        "quizzes/final.yaml:7: draw 9 must be between 1 and the 3 questions in the bank"
    )


def test_an_svg_is_not_media_a_lesson_may_show(course):
    (course / "content/media/flows.png").rename(course / "content/media/flows.svg")
    edit(course, LESSON_1, "media/flows.png", "media/flows.svg")
    package, problems = check(course)
    assert package.media == frozenset()
    assert [(p.path, p.line) for p in problems] == [
        ("content/media/flows.svg", 1),
        (LESSON_1, 17),
    ]
