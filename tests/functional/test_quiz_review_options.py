"""The attempt review follows the quiz's review options: the server leaves out the
correct answers and explanations (and the marks) when the options say no."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.models import Cohort, Quiz, QuizRevision
from tests.conftest import signed_in

EXPLANATION = "The UN definition turns on a change of the country of usual residence."
ANSWER_MARKERS = (EXPLANATION, "tag-right", "Correct:")
MARK_MARKERS = ('class="verdict"', "is-wrong", "is-correct", "Incorrect")


def _review(browser, attempt_id: int) -> str:
    response = browser.get(f"/attempts/{attempt_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _set(slug: str, **settings) -> None:
    revision = db.session.query(Quiz).filter_by(slug=slug).one().current
    definition = dict(revision.definition)
    definition["settings"] = {**definition["settings"], **settings}
    revision.definition = definition
    db.session.commit()


@pytest.fixture
def learner(course, participant, browser):
    browser.login(participant.email)
    return browser


def test_by_default_answers_wait_for_the_last_attempt(learner, take_quiz):
    first, _ = take_quiz("basics", correct=False)
    page = _review(learner, first)
    for marker in ANSWER_MARKERS:
        assert marker not in page, marker
    assert "Incorrect" in page  # the marks are shown
    take_quiz("basics", correct=False)
    last, _ = take_quiz("basics", correct=False)  # the third of three
    for attempt_id in (first, last):
        page = _review(learner, attempt_id)
        assert EXPLANATION in page and "tag-right" in page


def test_by_default_a_pass_shows_the_answers(learner, take_quiz):
    failed, _ = take_quiz("basics", correct=False)
    assert EXPLANATION not in _review(learner, failed)
    take_quiz("basics", correct=True)
    assert EXPLANATION in _review(learner, failed)


def test_never_keeps_answers_out_of_every_review(learner, take_quiz):
    _set("basics", show_answers="never")
    ids = [take_quiz("basics", correct=ok)[0] for ok in (False, False, True)]
    for attempt_id in ids:
        page = _review(learner, attempt_id)
        for marker in ANSWER_MARKERS:
            assert marker not in page, marker


def test_always_with_marks_hidden(learner, take_quiz):
    _set("basics", show_answers="always", show_marks=False)
    attempt_id, _ = take_quiz("basics", correct=False)
    page = _review(learner, attempt_id)
    assert EXPLANATION in page and "tag-right" in page
    for marker in MARK_MARKERS:
        assert marker not in page, marker
    assert "Not passed" in page  # the overall result is always shown


def test_an_override_reopening_the_quiz_hides_the_answers_again(
    app, learner, take_quiz, participant, admin
):
    for _ in range(3):
        last, _ = take_quiz("basics", correct=False)
    assert EXPLANATION in _review(learner, last)
    staff = signed_in(app, admin)
    cohort = Cohort(name="Override cohort")
    db.session.add(cohort)
    db.session.flush()
    participant.cohort_id = cohort.id
    db.session.commit()
    page = f"/staff/cohorts/{cohort.id}/quizzes/basics/overrides"
    staff.get(page)
    staff.post(page, {"who": str(participant.id), "extra_attempts": "1"})
    assert EXPLANATION not in _review(learner, last)


def _base(page: str) -> str:
    return re.search(r'name="base" type="hidden" value="(\d*)"', page).group(1)


def test_the_studio_edits_the_options_and_the_review_obeys(
    app, course, trainer, learner, take_quiz
):
    studio = signed_in(app, trainer)
    quiz = db.session.query(Quiz).filter_by(slug="basics").one()
    url = f"/authoring/quizzes/{quiz.id}"
    page = studio.get(url).get_data(as_text=True)
    assert 'name="show_answers"' in page and 'name="show_marks"' in page
    settings = {"title": "Quiz", "pass_mark": "70", "attempts": "3", "shuffle": "y"}
    # the defaults, as the form sends them, add nothing to the file
    studio.post(
        url,
        {
            **settings,
            "base": _base(page),
            "show_answers": "after_last_attempt",
            "show_marks": "y",
        },
    )
    source = db.session.query(QuizRevision).filter_by(quiz_id=quiz.id).all()[-1].source
    assert "show_" not in source
    page = studio.get(url).get_data(as_text=True)
    studio.post(url, {**settings, "base": _base(page), "show_answers": "always"})
    studio.post(f"{url}/publish")
    db.session.expire_all()
    assert "show_answers: always" in quiz.current.source
    assert "show_marks: false" in quiz.current.source
    attempt_id, _ = take_quiz("basics", correct=False)
    review = _review(learner, attempt_id)
    assert EXPLANATION in review and 'class="verdict"' not in review


def test_an_unknown_value_is_refused_by_the_studio(app, course, trainer):
    studio = signed_in(app, trainer)
    quiz = db.session.query(Quiz).filter_by(slug="basics").one()
    url = f"/authoring/quizzes/{quiz.id}"
    page = studio.get(url).get_data(as_text=True)
    response = studio.post(
        url,
        {"base": _base(page), "title": "Q", "pass_mark": "70", "show_answers": "soon"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.query(QuizRevision).filter_by(quiz_id=quiz.id).count() == 1
