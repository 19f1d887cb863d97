"""The whole participant journey through the fixture course, as a person would."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from portal.extensions import db
from portal.models import Certificate, QuizAttempt
from tests.functional.conftest import complete_module, pass_the_course


def test_participant_completes_course_and_certificate_verifies(
    course, participant, browser, take_quiz
):
    assert browser.login(participant.email).status_code == 302

    home = browser.get("/course").get_data(as_text=True)
    assert "Migration basics" in home and "Not started" in home
    assert "Locked" in home  # module 2 waits for module 1
    assert browser.get("/modules/protection").status_code == 403

    lesson = browser.get("/modules/basics/who-is-a-migrant").get_data(as_text=True)
    assert 'href="/glossary#international-migrant"' in lesson
    assert "Case study" in lesson or "callout-case" in lesson
    assert (
        'id="a-word-without-a-treaty-definition"' in lesson
    )  # table of contents anchor

    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    assert "In progress" in browser.get("/course").get_data(as_text=True)

    attempt_id, result = take_quiz("basics")
    review = browser.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "100%" in review and "Passed" in review
    assert (
        "Flows count moves during a period" in review
    )  # explanation shown after submission

    assert browser.get("/modules/protection").status_code == 200
    complete_module(browser, "protection", ["refugees"])
    take_quiz("protection")

    certificate_page = browser.get("/certificate").get_data(as_text=True)
    assert "Pass the final assessment" in certificate_page
    take_quiz("final")

    assert "Claim my certificate" in browser.get("/certificate").get_data(as_text=True)
    assert browser.post("/certificate/claim").status_code == 302
    certificate = db.session.query(Certificate).one()
    assert re.fullmatch(r"MS(-[0-9A-HJKMNP-TV-Z]{4}){4}", certificate.code)

    pdf = browser.get("/certificate.pdf")
    assert pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = page.extract_text()
    assert "Aygün Məmmədova" in text
    assert certificate.code in text
    assert f"https://portal.example.org/verify/{certificate.code}" in text

    browser.logout()
    verified = browser.get(f"/verify/{certificate.code.lower().replace('-', '')}")
    assert verified.status_code == 200
    page_text = verified.get_data(as_text=True)
    assert "Valid certificate" in page_text and "Aygün Məmmədova" in page_text
    assert participant.email not in page_text  # name, programme and date only


def test_claiming_twice_keeps_one_certificate(course, participant, browser, take_quiz):
    browser.login(participant.email)
    pass_the_course(browser, take_quiz)
    browser.post("/certificate/claim")
    browser.post("/certificate/claim")
    assert db.session.query(Certificate).count() == 1


def test_resume_points_to_next_unfinished_lesson(course, participant, browser):
    browser.login(participant.email)
    browser.post("/modules/basics/who-is-a-migrant/complete")
    home = browser.get("/course").get_data(as_text=True)
    assert 'href="/modules/basics/measuring"' in home
    assert "Continue where you left off" in home


def test_reload_shows_the_same_attempt(course, participant, browser):
    browser.login(participant.email)
    first = browser.post("/quizzes/basics/start")
    second = browser.post("/quizzes/basics/start")
    assert first.headers["Location"] == second.headers["Location"]
    page_one = browser.get(first.headers["Location"]).get_data(as_text=True)
    page_two = browser.get(first.headers["Location"]).get_data(as_text=True)
    strip = re.compile(r'name="csrf_token"[^>]*>')
    assert strip.sub("", page_one) == strip.sub("", page_two)
    assert db.session.query(QuizAttempt).count() == 1


def test_quiz_page_never_contains_answers(course, participant, browser):
    browser.login(participant.email)
    location = browser.post("/quizzes/basics/start").headers["Location"]
    page = browser.get(location).get_data(as_text=True)
    assert "Anyone who changes the country of usual residence" in page  # options shown
    assert "correct" not in page.lower().replace("you cannot change", "")
    assert "Flows count moves during a period" not in page  # explanation hidden
    assert 'value="residence"' not in page  # accepted short answers stay on the server
