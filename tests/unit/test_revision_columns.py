"""The small pure pieces of the revision rule and of what each kind stores."""

from __future__ import annotations

import hashlib

import pytest

from portal.domain.grading import GradeResult, QuestionResult
from portal.models import LessonRevision, ModuleRevision, QuizRevision
from portal.package import QUIZ_KEYS
from portal.services.lesson_authoring import LESSONS
from portal.services.module_authoring import MODULE_FIELDS, MODULES
from portal.services.quiz_authoring import QUIZZES, SETTINGS
from portal.services.quizzes import graded_columns
from portal.services.revisions import content_digest


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((), hashlib.sha256(b"").hexdigest()),
        (("",), hashlib.sha256(b"\0").hexdigest()),
        (("title: x\n",), hashlib.sha256(b"title: x\n\0").hexdigest()),
        (("a", "b"), hashlib.sha256(b"a\0b\0").hexdigest()),
        (("ə",), hashlib.sha256("ə".encode() + b"\0").hexdigest()),
    ],
)
def test_content_digest_hashes_each_part_with_a_separator(parts, expected):
    assert content_digest(*parts) == expected


def test_content_digest_keeps_parts_apart():
    assert content_digest("ab", "c") != content_digest("a", "bc")


@pytest.mark.parametrize(
    ("questions", "results"),
    [
        ((), []),
        (
            (QuestionResult("q1", 1.0, 1.0),),
            [{"id": "q1", "points": 1.0, "earned": 1.0}],
        ),
        (
            (QuestionResult("a", 2.0, 0.5), QuestionResult("b", 1.0, 0.0)),
            [
                {"id": "a", "points": 2.0, "earned": 0.5},
                {"id": "b", "points": 1.0, "earned": 0.0},
            ],
        ),
    ],
)
def test_graded_columns_are_what_an_attempt_stores(questions, results):
    score = sum(q.earned for q in questions)
    result = GradeResult(score, 3.0, 50.0, False, questions)
    assert graded_columns(result) == {
        "results": results,
        "score": score,
        "max_score": 3.0,
        "percent": 50.0,
        "passed": False,
    }


def test_quiz_settings_are_the_package_keys_but_id_and_questions():
    assert SETTINGS == (
        "title",
        "final",
        "pass_mark",
        "attempts",
        "time_limit",
        "draw",
        "shuffle",
        "after_lessons",
        "show_answers",
        "show_marks",
        "intro",
    )
    assert set(SETTINGS) | {"slug", "questions"} == set(QUIZ_KEYS)


@pytest.mark.parametrize(
    ("data", "columns"),
    [
        (
            {"title": " Flows ", "minutes": 5, "body": "Text"},
            {"title": "Flows", "minutes": 5, "body": "Text"},
        ),
        ({"title": "T"}, {"title": "T", "minutes": None, "body": ""}),
        (
            {"title": "T", "minutes": None, "body": None, "extra": 1},
            {"title": "T", "minutes": None, "body": ""},
        ),
    ],
)
def test_lesson_revision_columns(data, columns):
    assert LESSONS.columns(None, data) == columns


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "M", "intro": "Hi", "lessons": ["01-a.md"], "stray": True},
        {key: key for key in MODULE_FIELDS},
    ],
)
def test_module_revision_columns_keep_exactly_the_module_fields(data):
    stored = MODULES.columns(None, data)["data"]
    assert tuple(stored) == MODULE_FIELDS
    assert all(stored[k] == data.get(k) for k in MODULE_FIELDS)


@pytest.mark.parametrize(
    ("kind", "revision", "data", "text"),
    [
        (
            LESSONS,
            LessonRevision(title="T", minutes=3, body="Body"),
            {"title": "T", "minutes": 3, "body": "Body"},
            "# T\n\nBody",
        ),
        (
            MODULES,
            ModuleRevision(data={"title": "M", "intro": "Hi"}),
            {"title": "M", "intro": "Hi"},
            None,
        ),
        (
            QUIZZES,
            QuizRevision(source="slug: q\ntitle: Q\n"),
            {"slug": "q", "title": "Q"},
            "slug: q\ntitle: Q\n",
        ),
        (QUIZZES, QuizRevision(source=""), {}, ""),
    ],
)
def test_a_revision_reads_back_as_editable_data_and_text(kind, revision, data, text):
    assert kind.data_of(revision) == data
    if text is not None:
        assert kind.text_of(revision) == text
