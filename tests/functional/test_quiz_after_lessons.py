"""A quiz may open only once its module's lessons are done: set in the quiz file or
the studio, refused on the server, kept through export."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.quiz_checks import check_quiz
from portal.extensions import db
from portal.models import Quiz
from portal.package import write_quiz_source
from portal.package.quizzes import parse_quiz_source
from tests.conftest import signed_in
from tests.functional.conftest import complete_module
from tests.functional.test_authoring import base_of

QUIZ = """slug: basics
title: "Quiz: migration basics"
pass_mark: 70
after_lessons: {value}
questions:
  - id: one
    kind: true_false
    prompt: Stocks are counted at a point in time.
    answer: true
"""


@pytest.mark.parametrize(("value", "read"), [("true", True), ("false", False)])
def test_the_quiz_file_says_whether_it_waits_for_the_lessons(value, read):
    spec, problems = parse_quiz_source(QUIZ.format(value=value), "basics.yaml")
    assert problems == [] and spec.after_lessons is read


def test_a_non_boolean_is_a_problem_at_its_line():
    _, problems = parse_quiz_source(QUIZ.format(value="soon"), "basics.yaml")
    assert [(p.line, "after_lessons" in p.message) for p in problems] == [(4, True)]


@pytest.mark.parametrize(("on", "written"), [(True, True), (False, False)])
def test_written_back_only_when_on(on, written):
    source = write_quiz_source(
        {"slug": "basics", "title": "Q", "pass_mark": 70, "after_lessons": on}
    )
    assert ("after_lessons: true" in source) is written
    assert "after_lessons: false" not in source


def test_a_trainer_sets_it_and_the_server_holds_participants_to_it(
    app, course, trainer, participant, browser
):
    studio = signed_in(app, trainer)
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    page = studio.get(f"/authoring/quizzes/{quiz.id}").text
    assert "Opens only once every lesson of its module is complete" in page
    studio.post(
        f"/authoring/quizzes/{quiz.id}",
        {
            "base": base_of(page),
            "title": "Quiz: migration basics",
            "pass_mark": "70",
            "attempts": "3",
            "after_lessons": "y",
        },
    )
    studio.post(f"/authoring/quizzes/{quiz.id}/publish")
    db.session.expire_all()
    assert db.session.get(Quiz, quiz.id).current.settings["after_lessons"] is True

    browser.login(participant.email)
    refused = browser.post("/quizzes/basics/start")
    assert refused.status_code == 403
    assert "opens once you have completed every lesson of" in refused.text
    assert "every lesson of Migration basics." in refused.text  # names the module
    assert browser.get("/quizzes/basics").status_code == 403
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    assert browser.post("/quizzes/basics/start").status_code == 302


def test_the_final_assessment_cannot_wait_for_lessons():
    source = QUIZ.format(value="true").replace(
        "pass_mark: 70", "final: true\npass_mark: 70"
    )
    spec, problems = parse_quiz_source(source, "basics.yaml")
    found = check_quiz(spec)
    assert [
        (p.line, "after_lessons is for module quizzes" in p.message) for p in found
    ] == [(5, True)]


def test_a_locked_quiz_links_the_modules_to_complete_first(
    course, participant, browser
):
    browser.login(participant.email)
    for url in ("/quizzes/protection", "/quizzes/final"):
        page = browser.get(url)
        assert page.status_code == 403, url
        assert 'href="/modules/basics"' in page.text, url
