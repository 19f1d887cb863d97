"""Answers survive a reload and a closed tab, and running out of time grades them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from portal.extensions import db
from portal.models import QuizAttempt
from portal.services import learning, quizzes
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in
from tests.e2e.test_browser_journey import answer_basics_quiz
from tests.functional.conftest import correct_form


@pytest.fixture
def learner(live_app, page, request):
    """A participant of their own, so attempts do not collide with other tests."""
    email = f"{request.node.name[:40]}@example.org".replace("_", "-")
    with live_app.app_context():
        user = create_user(email, "Rəşad Quliyev", PASSWORD)
        page.learner_id = user.id
    sign_in(page, email)
    return page


def pass_basics(app, user_id: int) -> None:
    """The first module and its quiz done, so the protection quiz opens."""
    with app.app_context():
        now = utcnow()
        for lesson in ("who-is-a-migrant", "measuring"):
            learning.complete_lesson(user_id, "basics", lesson, now)
        attempt = quizzes.start_attempt(user_id, "basics", now, timedelta(0))
        quizzes.submit_attempt(
            user_id, attempt.id, correct_form(attempt), now, timedelta(0)
        )


def start_basics(page):
    page.goto("/quizzes/basics")
    page.get_by_role("button", name=re.compile("Start attempt")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def saved(page):
    status = page.locator("#save-status")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d UTC\.$"))


def test_an_attempt_reloaded_half_way_resumes_with_its_answers(learner):
    page = learner
    start_basics(page)
    page.get_by_label("Anyone who changes the country of usual residence").check()
    page.get_by_label("Arrivals during 2023").check()
    page.locator("fieldset", has_text="how many months").get_by_role("textbox").fill(
        "12"
    )
    saved(page)
    page.screenshot(path=str(ARTIFACTS / "quiz-saved.png"), full_page=True)
    page.reload()
    expect(
        page.get_by_label("Anyone who changes the country of usual residence")
    ).to_be_checked()
    expect(page.get_by_label("Arrivals during 2023")).to_be_checked()
    expect(page.get_by_label("Departures during 2023")).not_to_be_checked()
    months = page.locator("fieldset", has_text="how many months").get_by_role("textbox")
    expect(months).to_have_value("12")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    # Half done: the summary says what is still open, and nothing is graded yet.
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", name="Check before submitting")).to_be_visible()
    expect(page.locator(".lead")).to_have_text("You have answered 3 of 5 questions.")
    page.screenshot(path=str(ARTIFACTS / "quiz-confirm.png"), full_page=True)
    page.get_by_role("link", name="Go back to the questions").click()
    expect(months).to_have_value("12")


def test_a_partly_ranked_ordering_question_is_kept_on_reload(learner, live_app):
    page = learner
    pass_basics(live_app, page.learner_id)
    page.goto("/quizzes/protection")
    page.get_by_role("button", name=re.compile("Start attempt")).click()
    arrives = page.get_by_label("The person arrives and asks for protection")
    examined = page.get_by_label("The claim is examined")
    decided = page.get_by_label("A decision is made")
    arrives.select_option("2")  # the same rank twice, one item still open
    examined.select_option("2")
    saved(page)
    page.reload()
    expect(arrives).to_have_value("2")
    expect(examined).to_have_value("2")
    expect(decided).to_have_value("")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator(".lead")).to_have_text("You have answered 0 of 2 questions.")


def test_time_runs_out_with_saved_answers_and_they_are_graded(learner, live_app):
    page = learner
    start_basics(page)
    answer_basics_quiz(page)
    saved(page)
    attempt_id = int(page.url.rsplit("/", 1)[1])
    page.goto("/course")  # the tab is left; the time limit passes meanwhile
    with live_app.app_context():
        db.session.execute(
            update(QuizAttempt)
            .where(QuizAttempt.id == attempt_id)
            .values(deadline=utcnow() - timedelta(hours=1))
        )
        db.session.commit()
    page.goto(f"/attempts/{attempt_id}")
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.locator(".result-score")).to_have_text("100%")
    expect(page.locator(".result-panel")).to_contain_text(
        "the answers saved by then were graded"
    )


def test_the_timer_submits_the_answers_when_time_is_up(learner, live_app):
    page = learner
    start_basics(page)
    attempt_id = int(page.url.rsplit("/", 1)[1])
    with live_app.app_context():  # a time limit that runs out during the test
        db.session.execute(
            update(QuizAttempt)
            .where(QuizAttempt.id == attempt_id)
            .values(deadline=utcnow() + timedelta(seconds=4))
        )
        db.session.commit()
    page.reload()
    answer_basics_quiz(page)
    expect(page.get_by_role("heading", name="Your result")).to_be_visible(
        timeout=15_000
    )
    expect(page.locator(".result-score")).to_have_text("100%")
