"""What the portal refuses, and how: every permission has a forbidden-user test."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import LessonCompletion, QuizAttempt
from tests.functional.conftest import attempt_id_from, complete_module


def test_anonymous_is_sent_to_sign_in(course, client):
    for url in (
        "/course",
        "/modules/basics",
        "/quizzes/basics",
        "/certificate",
        "/staff/progress",
        "/attempts/1",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_bad_login_gives_one_generic_message(course, participant, browser):
    wrong_password = browser.login(participant.email, "not the password")
    unknown_email = browser.login("nobody@example.org", "not the password")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert "The email or password is not right." in response.get_data(as_text=True)


def test_inactive_account_cannot_sign_in(course, participant, browser):
    participant.active = False
    db.session.commit()
    assert browser.login(participant.email).status_code == 200
    assert browser.get("/course").status_code == 302


def test_sign_in_never_redirects_off_site(course, participant, browser):
    browser.get("/login")
    response = browser.post(
        "/login?next=//evil.example.com/x",
        {"email": participant.email, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/course"


@pytest.mark.parametrize(
    "url",
    [
        "/login",
        "/modules/basics/who-is-a-migrant/complete",
        "/quizzes/basics/start",
        "/certificate/claim",
        "/logout",
    ],
)
def test_forms_without_csrf_token_are_refused(course, participant, browser, url):
    if url != "/login":
        browser.login(participant.email)
    response = browser.post(
        url,
        {"email": participant.email, "password": "correct horse battery"},
        csrf=False,
    )
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert db.session.query(LessonCompletion).count() == 0
    assert db.session.query(QuizAttempt).count() == 0


def test_locked_module_lesson_and_quiz_are_refused(course, participant, browser):
    browser.login(participant.email)
    assert browser.get("/modules/protection").status_code == 403
    assert browser.get("/modules/protection/refugees").status_code == 403
    assert browser.post("/modules/protection/refugees/complete").status_code == 403
    assert browser.get("/quizzes/protection").status_code == 403
    assert browser.post("/quizzes/protection/start").status_code == 403
    assert browser.get("/quizzes/final").status_code == 403
    assert db.session.query(LessonCompletion).count() == 0


def test_unknown_pages_are_404(course, participant, browser):
    browser.login(participant.email)
    assert browser.get("/modules/nope").status_code == 404
    assert browser.get("/modules/basics/nope").status_code == 404
    assert browser.get("/quizzes/nope").status_code == 404
    assert browser.get("/pages/nope").status_code == 404


def test_another_participants_attempt_is_refused(course, make_user, browser, take_quiz):
    owner = make_user()
    other = make_user()
    browser.login(owner.email)
    attempt_id, _ = take_quiz("basics", correct=False)
    browser.logout()
    browser.login(other.email)
    assert browser.get(f"/attempts/{attempt_id}").status_code == 404
    assert browser.post(f"/attempts/{attempt_id}", {}).status_code == 404


def test_attempts_run_out(course, participant, browser, take_quiz):
    browser.login(participant.email)
    for _ in range(3):
        take_quiz("basics", correct=False)
    page = browser.get("/quizzes/basics").get_data(as_text=True)
    assert "You have used every attempt" in page
    assert browser.post("/quizzes/basics/start").status_code == 403
    assert db.session.query(QuizAttempt).count() == 3


def test_double_submit_grades_once(course, participant, browser):
    browser.login(participant.email)
    attempt_id = attempt_id_from(browser.post("/quizzes/basics/start"))
    browser.get(f"/attempts/{attempt_id}")
    first = browser.post(f"/attempts/{attempt_id}", {"confirmed": "yes"})
    second = browser.post(
        f"/attempts/{attempt_id}", {"q-twelve-months": "12", "confirmed": "yes"}
    )
    assert first.status_code == second.status_code == 302
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.status == "submitted" and attempt.score == 0


def test_forged_answers_are_refused(course, participant, browser):
    browser.login(participant.email)
    attempt_id = attempt_id_from(browser.post("/quizzes/basics/start"))
    browser.get(f"/attempts/{attempt_id}")
    not_in_attempt = browser.post(
        f"/attempts/{attempt_id}", {"q-order-of-steps-0": "1"}
    )
    assert not_in_attempt.status_code == 400
    no_such_option = browser.post(f"/attempts/{attempt_id}", {"q-un-definition": "7"})
    assert no_such_option.status_code == 400
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.status == "open"  # nothing was graded


def test_late_submission_is_kept_but_graded_as_empty(
    course, participant, browser, take_quiz, app
):
    browser.login(participant.email)
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    take_quiz("basics")
    attempt_id = attempt_id_from(browser.post("/quizzes/protection/start"))
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=10)
    attempt.started_at -= timedelta(minutes=20)
    attempt.deadline -= timedelta(minutes=20)
    db.session.commit()
    # As the page's timer sends it: the sheet, confirmed, once time and grace are over.
    response = browser.post(
        f"/attempts/{attempt_id}", {"q-match-terms-0": "0", "confirmed": "yes"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.status == "expired"
    assert attempt.score == 0 and attempt.passed is False
    assert attempt.raw_answers["match-terms"]  # what was sent is kept for the record
    assert "time limit ran out" in browser.get(f"/attempts/{attempt_id}").get_data(
        as_text=True
    )


def test_abandoned_timed_attempt_is_closed_when_quiz_is_opened(
    course, participant, browser, take_quiz
):
    browser.login(participant.email)
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    take_quiz("basics")
    attempt_id = attempt_id_from(browser.post("/quizzes/protection/start"))
    attempt = db.session.get(QuizAttempt, attempt_id)
    attempt.deadline -= timedelta(minutes=11)
    db.session.commit()
    page = browser.get("/quizzes/protection").get_data(as_text=True)
    assert "Time ran out" in page
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt_id).status == "expired"


@pytest.mark.parametrize("role", ["participant"])
def test_staff_pages_refuse_participants(course, make_user, browser, role):
    user = make_user(role)
    browser.login(user.email)
    assert browser.get("/staff/progress").status_code == 403


def in_new_cohort(*users, name="Spring", starts_in_days=0):
    from datetime import date

    from portal.models import Cohort

    cohort = Cohort(name=name, starts_on=date.today() + timedelta(days=starts_in_days))
    db.session.add(cohort)
    db.session.flush()
    for user in users:
        user.cohort_id = cohort.id
    db.session.commit()
    return cohort


@pytest.mark.parametrize("role", ["trainer", "admin"])
def test_staff_see_participant_progress(course, make_user, browser, role, take_quiz):
    """The old participants' list now leads to the cohort dashboard."""
    learner = make_user("participant", name="Ləman Qasımova")
    cohort = in_new_cohort(learner)
    browser.login(learner.email)
    complete_module(browser, "basics", ["who-is-a-migrant"])
    browser.logout()
    staff = make_user(role)
    browser.login(staff.email)
    response = browser.get("/staff/progress")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/analytics/cohorts/{cohort.id}")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ləman Qasımova" in page
    assert "16%" in page  # 1 of 6 steps: 3 lessons, 2 quizzes, the final


def test_staff_progress_leads_to_a_cohort_the_trainer_teaches(
    course, make_user, browser
):
    from portal.models import CohortStaff

    taught = in_new_cohort(name="Taught", starts_in_days=-30)
    in_new_cohort(name="Newer, taught by others")
    trainer = make_user("trainer")
    db.session.add(CohortStaff(cohort_id=taught.id, user_id=trainer.id, duty="teacher"))
    db.session.commit()
    browser.login(trainer.email)
    response = browser.get("/staff/progress")
    assert response.headers["Location"].endswith(f"/analytics/cohorts/{taught.id}")


def test_staff_progress_without_cohorts_leads_to_the_analytics_index(
    course, make_user, browser
):
    browser.login(make_user("trainer").email)
    response = browser.get("/staff/progress")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/analytics/")


def test_certificate_cannot_be_claimed_early(course, participant, browser):
    browser.login(participant.email)
    assert browser.post("/certificate/claim").status_code == 403
    page = browser.get("/certificate").get_data(as_text=True)
    assert "2 lesson(s) to complete" in page
    assert "pass the module quiz" in page
    assert browser.get("/certificate.pdf").status_code == 404


def test_unknown_certificate_code(client, app):
    response = client.get("/verify/MS-0000-0000-0000-0000")
    assert response.status_code == 404
    assert "Unknown code" in response.get_data(as_text=True)


def test_security_headers(client, app):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_dashboard_applies_the_cohorts_release_dates(course, make_user, browser):
    from datetime import date

    from portal.models import ModuleRelease

    later = make_user("participant", name="Released Later")
    cohort = in_new_cohort(later, name="Later start")
    browser.login(make_user("trainer").email)

    def first_cell() -> str:
        page = browser.get(f"/analytics/cohorts/{cohort.id}").get_data(as_text=True)
        row = page.split("Released Later")[1].split("</tr>")[0]
        return row.split('class="matrix-cell"')[1].split("</td>")[0]

    assert "matrix-not_started" in first_cell()
    db.session.add(
        ModuleRelease(
            cohort_id=cohort.id,
            module_slug="basics",
            opens_on=date.today() + timedelta(days=5),
        )
    )
    db.session.commit()
    assert "matrix-locked" in first_cell()  # as the participant's own course page shows


@pytest.mark.parametrize("url", ["/modules/protection", "/modules/protection/refugees"])
def test_locked_content_names_and_links_the_missing_module(
    course, participant, browser, url
):
    browser.login(participant.email)
    response = browser.get(url)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "“International protection” opens when you complete:" in page
    assert '<a href="/modules/basics">Migration basics</a>' in page
