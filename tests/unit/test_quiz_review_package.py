"""Review options in the package format: read, checked by `course check`, and
written back only when they differ from the defaults."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from portal.package import check_course, write_quiz_source

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "course"
BASICS = "quizzes/basics.yaml"


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    return root


def _with(root: Path, extra: str):
    file = root / BASICS
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("shuffle: true\n", f"shuffle: true\n{extra}"), "utf-8")
    package, problems = check_course(
        root / "modules", root / "quizzes", root / "content" / "media"
    )
    quiz = next(q for q in package.quizzes if q.slug == "basics")
    return quiz, [(p.path, p.line, str(p.message)) for p in problems]


def test_absent_options_are_the_defaults(course):
    quiz, problems = _with(course, "")
    assert problems == []
    assert (quiz.show_answers, quiz.show_marks) == ("", True)


@pytest.mark.parametrize("value", ["always", "after_last_attempt", "never"])
def test_each_show_answers_value_is_accepted(course, value):
    quiz, problems = _with(course, f"show_answers: {value}\nshow_marks: false\n")
    assert problems == []
    assert (quiz.show_answers, quiz.show_marks) == (value, False)


def test_an_unknown_show_answers_is_a_problem_on_its_line(course):
    _quiz, problems = _with(course, "show_answers: sometimes\n")
    assert problems == [
        (
            BASICS,
            6,
            "show_answers must be always, after_last_attempt or never, not sometimes",
        )
    ]


def test_show_marks_must_be_true_or_false(course):
    _quiz, problems = _with(course, "show_marks: perhaps\n")
    assert [(path, line) for path, line, _ in problems] == [(BASICS, 6)]
    assert "show_marks" in problems[0][2]


def test_defaults_are_not_written_back():
    quiz = {"slug": "q", "title": "Q", "pass_mark": 50, "questions": []}
    plain = write_quiz_source(quiz)
    assert (
        write_quiz_source(
            {**quiz, "show_answers": "after_last_attempt", "show_marks": True}
        )
        == plain
    )
    assert "show_" not in plain
    changed = yaml.safe_load(
        write_quiz_source({**quiz, "show_answers": "never", "show_marks": False})
    )
    assert (changed["show_answers"], changed["show_marks"]) == ("never", False)
