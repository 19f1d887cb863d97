"""The domain's messages: English for the command line, a template for the studio."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from portal.domain.course_data import Problem
from portal.domain.text import N_, Message, message
from portal.services.wording import translated


@pytest.mark.parametrize(
    ("template", "params", "english"),
    [
        ("a quiz needs questions", {}, "a quiz needs questions"),
        ("slug %(slug)r is bad", {"slug": "Bad Slug"}, "slug 'Bad Slug' is bad"),
        ("draw %(draw)s of %(bank)s", {"draw": 5, "bank": 3}, "draw 5 of 3"),
        ("question %(qid)s: %(p)s", {"qid": "q1", "p": message("x")}, "question q1: x"),
    ],
)
def test_a_message_reads_as_its_english_text(template, params, english):
    text = message(template, **params)
    assert text == english and str(text) == english and isinstance(text, str)
    assert (text.template, text.params) == (template, params)
    assert Message(template, params) == text


def test_the_marker_changes_nothing():
    assert N_("needs a 'prompt'") == "needs a 'prompt'"


def test_a_problem_of_a_template_prints_as_before():
    problem = Problem.of("quizzes/a.yaml", 3, N_("quiz %(slug)r is bad"), slug="a")
    assert str(problem) == "quizzes/a.yaml:3: quiz 'a' is bad"
    assert problem == Problem("quizzes/a.yaml", 3, "quiz 'a' is bad")
    assert problem.message.template == "quiz %(slug)r is bad"


@pytest.mark.parametrize(
    ("language", "text", "shown"),
    [
        ("az", message(N_("a quiz needs questions")), "testin sualları olmalıdır"),
        ("ru", message(N_("a quiz needs questions")), "в тесте должны быть вопросы"),
        ("en", message(N_("a quiz needs questions")), "a quiz needs questions"),
        (
            "az",
            message(
                N_("question %(qid)s: %(problem)s"),
                qid="q1",
                problem=message(N_("needs a 'prompt'")),
            ),
            "sual q1: 'prompt' olmalıdır",
        ),
        ("az", "plain English, as it is", "plain English, as it is"),
    ],
)
def test_translated_fills_in_the_translated_template(app, language, text, shown):
    with app.test_request_context(), force_locale(language):
        assert translated(text) == shown
