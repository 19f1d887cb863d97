"""Answers are saved while a participant works, resume after a reload, and are graded
when time runs out; Submit asks first, and the server insists on it."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

from portal.domain.overrides import Grant
from portal.extensions import db
from portal.models import ProgressSummary, QuizAttempt
from portal.services.quiz_overrides import grant_override
from portal.timeutil import utcnow
from tests.functional.conftest import attempt_id_from, correct_form
from tests.functional.test_refusals import complete_module

JSON = {"Accept": "application/json"}


class FormState(HTMLParser):
    """What a browser would send from a page: ticked boxes, typed text, selections."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name", "")
        if tag == "input" and name.startswith("q-"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self._add(name, a["value"])
            elif a.get("value"):
                self._add(name, a["value"])
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_state(html: str) -> dict[str, list[str]]:
    parser = FormState()
    parser.feed(html)
    return parser.values


def stripped(form: dict[str, list[str]]) -> dict[str, list[str]]:
    """Typed answers are kept as read: stripped (correct_form pads them)."""
    return {key: [v.strip() for v in values] for key, values in form.items()}


def start(browser, slug: str) -> QuizAttempt:
    attempt_id = attempt_id_from(browser.post(f"/quizzes/{slug}/start"))
    browser.get(f"/attempts/{attempt_id}")
    return db.session.get(QuizAttempt, attempt_id)


def save(browser, attempt_id: int, data: dict, **kwargs):
    return browser.post(f"/attempts/{attempt_id}/save", data, **kwargs)


def test_saved_answers_of_every_kind_fill_the_page_again(course, participant, browser):
    browser.login(participant.email)
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    for slug in ("basics", "protection"):  # seven kinds between them
        attempt = start(browser, slug)
        answers = correct_form(attempt)
        response = save(browser, attempt.id, answers, headers=JSON)
        assert response.status_code == 200
        assert response.json["message"].startswith("Saved at ")
        assert response.json["closed"] is False
        page = browser.get(f"/attempts/{attempt.id}").get_data(as_text=True)
        assert form_state(page) == stripped(answers)
        assert "Saved at " in page
        db.session.expire_all()
        attempt = db.session.get(QuizAttempt, attempt.id)
        assert attempt.is_open and attempt.saved_at is not None
        browser.post(f"/attempts/{attempt.id}", {"confirmed": "yes"})
        assert db.session.get(QuizAttempt, attempt.id).passed


def test_save_answers_button_works_without_javascript(course, participant, browser):
    browser.login(participant.email)
    attempt = start(browser, "basics")
    response = save(browser, attempt.id, {"sheet": "1", "q-twelve-months": "12"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/attempts/{attempt.id}")
    page = browser.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "Saved at " in page and 'value="12"' in page
    # Saving again replaces what was saved: an answer taken back is gone.
    save(browser, attempt.id, {"sheet": "1", "q-twelve-months": ""})
    assert db.session.get(QuizAttempt, attempt.id).saved_answers["twelve-months"] == ""


def test_late_save_is_refused(course, participant, browser):
    browser.login(participant.email)
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    attempt = start(browser, "basics")
    attempt.deadline = attempt.started_at - timedelta(minutes=5)  # grace long over
    db.session.commit()
    response = save(browser, attempt.id, {"q-twelve-months": "12"}, headers=JSON)
    assert response.status_code == 409
    assert response.json["closed"] is True
    assert "time is up" in response.json["message"]
    plain = save(browser, attempt.id, {"q-twelve-months": "12"})
    assert plain.status_code == 302
    assert db.session.get(QuizAttempt, attempt.id).saved_answers is None


def test_another_participants_attempt_cannot_be_saved(course, make_user, browser):
    owner, other = make_user(), make_user()
    browser.login(owner.email)
    attempt = start(browser, "basics")
    save(browser, attempt.id, {"q-twelve-months": "12"})
    browser.logout()
    browser.login(other.email)
    refused = save(browser, attempt.id, {"q-twelve-months": "99"}, headers=JSON)
    assert refused.status_code == 404
    submitted = browser.post(f"/attempts/{attempt.id}", {"confirmed": "yes"})
    assert submitted.status_code == 404
    attempt = db.session.get(QuizAttempt, attempt.id)
    assert attempt.saved_answers["twelve-months"] == "12" and attempt.is_open


def test_submitted_attempt_and_forged_values_cannot_be_saved(
    course, participant, browser
):
    browser.login(participant.email)
    attempt = start(browser, "basics")
    forged = save(browser, attempt.id, {"q-un-definition": "7"}, headers=JSON)
    assert forged.status_code == 400
    assert db.session.get(QuizAttempt, attempt.id).saved_answers is None
    browser.post(f"/attempts/{attempt.id}", {"confirmed": "yes"})
    closed = save(browser, attempt.id, {"q-twelve-months": "12"}, headers=JSON)
    assert closed.status_code == 409 and closed.json["closed"] is True


def test_a_bare_submit_shows_the_summary_and_grades_nothing(
    course, participant, browser
):
    browser.login(participant.email)
    attempt = start(browser, "basics")
    response = browser.post(
        f"/attempts/{attempt.id}", {"sheet": "1", "q-twelve-months": "12"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "You have answered 1 of 5 questions." in page
    assert "4 questions have no answer:" in page
    # the questions are drawn in random order: a link to each unanswered one
    assert page.count(f"/attempts/{attempt.id}#question-") == 4
    assert 'name="confirmed" value="yes"' in page
    assert "last allowed attempt" not in page
    attempt = db.session.get(QuizAttempt, attempt.id)
    assert attempt.is_open and attempt.score is None
    assert attempt.saved_answers["twelve-months"] == "12"  # kept for the next step
    # A POST with neither answers nor confirmation shows the same summary.
    again = browser.post(f"/attempts/{attempt.id}", {})
    assert again.status_code == 200 and "You have answered 1 of 5" in again.get_data(
        as_text=True
    )
    assert db.session.get(QuizAttempt, attempt.id).is_open


def test_the_confirmation_grades_the_saved_answers(course, participant, browser):
    browser.login(participant.email)
    attempt = start(browser, "basics")
    save(browser, attempt.id, correct_form(attempt), headers=JSON)
    response = browser.post(f"/attempts/{attempt.id}", {"confirmed": "yes"})
    assert response.status_code == 302
    attempt = db.session.get(QuizAttempt, attempt.id)
    assert attempt.status == "submitted" and attempt.percent == 100
    assert attempt.answers == attempt.saved_answers


def test_the_last_allowed_attempt_gets_a_stronger_warning(
    course, participant, browser, take_quiz
):
    browser.login(participant.email)
    for _ in range(2):  # basics allows three
        take_quiz("basics", correct=False)
    attempt = start(browser, "basics")
    page = browser.post(f"/attempts/{attempt.id}", {"sheet": "1"}).get_data(
        as_text=True
    )
    assert "This is your last allowed attempt at this quiz." in page
    assert "button-danger" in page


def test_a_granted_attempt_moves_the_last_attempt_warning(
    course, participant, admin, browser, take_quiz
):
    browser.login(participant.email)
    for _ in range(2):  # basics allows three; a trainer grants one more
        take_quiz("basics", correct=False)
    grant_override(
        admin, "basics", Grant(extra_attempts=1), utcnow(), user_id=participant.id
    )
    third = start(browser, "basics")
    page = browser.post(f"/attempts/{third.id}", {"sheet": "1"}).text
    assert "This is your last allowed attempt" not in page
    browser.post(f"/attempts/{third.id}", {"confirmed": "yes"})
    fourth = start(browser, "basics")
    page = browser.post(f"/attempts/{fourth.id}", {"sheet": "1"}).text
    assert "This is your last allowed attempt at this quiz." in page


def test_running_out_of_time_grades_the_saved_answers(course, participant, browser):
    browser.login(participant.email)
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    basics = start(browser, "basics")
    save(browser, basics.id, correct_form(basics))
    browser.post(f"/attempts/{basics.id}", {"confirmed": "yes"})
    attempt = start(browser, "protection")
    save(browser, attempt.id, correct_form(attempt), headers=JSON)
    attempt.deadline -= timedelta(minutes=11)  # the tab was closed; time ran out
    db.session.commit()
    page = browser.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "the answers saved by then were graded" in page
    attempt = db.session.get(QuizAttempt, attempt.id)
    assert attempt.status == "expired" and attempt.submitted_at == attempt.deadline
    assert attempt.passed and attempt.percent == 100
    # The dashboard's summary was rewritten in the same transaction.
    row = db.session.get(ProgressSummary, participant.id)
    assert row.quizzes["protection"]["best_pass"] == 100.0


def test_a_late_submission_is_kept_but_the_saved_answers_count(
    course, participant, browser
):
    browser.login(participant.email)
    attempt = start(browser, "basics")
    right = correct_form(attempt)
    save(browser, attempt.id, right)
    attempt.deadline = attempt.started_at - timedelta(minutes=5)
    db.session.commit()
    wrong = {"q-twelve-months": "3", "confirmed": "yes"}
    assert browser.post(f"/attempts/{attempt.id}", wrong).status_code == 302
    attempt = db.session.get(QuizAttempt, attempt.id)
    assert attempt.status == "expired" and attempt.percent == 100
    assert attempt.raw_answers["twelve-months"] == "3"  # kept for the record


def test_a_partly_ranked_ordering_question_comes_back_as_left(
    course, participant, browser, take_quiz
):
    """Two items ranked the same and one left blank: kept, shown again, still open."""
    browser.login(participant.email)
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    take_quiz("basics")  # opens the module with the ordering question
    attempt = start(browser, "protection")
    left = {"q-order-of-steps-0": ["2"], "q-order-of-steps-2": ["2"]}
    sent = {**left, "q-order-of-steps-1": [""]}  # what a browser sends for "–"
    response = save(browser, attempt.id, sent, headers=JSON)
    assert response.status_code == 200
    page = browser.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    ranks = {k: v for k, v in form_state(page).items() if "order-of-steps" in k}
    assert ranks == left
    # The summary still counts it among the questions with no answer.
    number = next(
        n for n, e in enumerate(attempt.layout, 1) if e["id"] == "order-of-steps"
    )
    summary = browser.post(f"/attempts/{attempt.id}", {}).get_data(as_text=True)
    assert f"#question-{number}" in summary
    # Saved without JavaScript too, and graded as it stands: it earns nothing.
    save(browser, attempt.id, {"sheet": "1", **left})
    browser.post(f"/attempts/{attempt.id}", {"confirmed": "yes"})
    attempt = db.session.get(QuizAttempt, attempt.id)
    result = next(r for r in attempt.results if r["id"] == "order-of-steps")
    assert result["earned"] == 0 and not attempt.is_open
