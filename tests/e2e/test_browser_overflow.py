"""No page scrolls sideways on a 360 px phone: one page of every kind, measured."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.services import learning, quizzes
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in
from tests.functional.conftest import correct_form

PHONE = {"width": 360, "height": 780}
WIDTH = "document.documentElement.scrollWidth"

ANONYMOUS = [
    "/",
    "/login",
    "/pages/programme",
    "/pages/privacy",
    "/pages/contact",
    "/pages/accessibility",
    "/glossary",
    "/verify",
]
STAFF = [
    "/course",
    "/modules/basics",
    "/modules/basics/who-is-a-migrant",
    "/certificate",
    "/authoring/",
    "/authoring/modules/1",
    "/authoring/lessons/1",
    "/authoring/lessons/1/history",
    "/authoring/quizzes/",
    "/analytics/",
    "/analytics/certificates",
    "/selection/",
    "/selection/rubric",
    "/admin/cohorts",
    "/admin/users",
    "/admin/audit",
    "/admin/outbox",
]


@pytest.fixture(scope="module")
def sweeper(live_app):
    """An administrator of its own who has passed the first module, so the matching
    quiz opens and the attempts it starts touch no other test."""
    with live_app.app_context():
        user = create_user("phone@example.org", "Phone Sweep", PASSWORD, "admin")
        now = utcnow()
        for lesson in ("who-is-a-migrant", "measuring"):
            learning.complete_lesson(user.id, "basics", lesson, now)
        attempt = quizzes.start_attempt(user.id, "basics", now, timedelta(0))
        quizzes.submit_attempt(
            user.id, attempt.id, correct_form(attempt), now, timedelta(0)
        )
    return "phone@example.org"


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True)
    yield context.new_page()
    context.close()


def overflow(page, url: str | None = None) -> list[str]:
    """The page's width if it is wider than the phone, with a screenshot to look at."""
    if url:
        page.goto(url)
    width = page.evaluate(WIDTH)
    name = re.sub(r"[^a-z0-9]+", "-", page.url.split("/", 3)[-1]).strip("-")
    page.screenshot(path=str(ARTIFACTS / f"360-{name or 'home'}.png"), full_page=True)
    return [f"{page.url}: {width} px"] if width > PHONE["width"] else []


def test_public_pages_fit_a_360_px_phone(phone):
    wide = [line for url in ANONYMOUS for line in overflow(phone, url)]
    assert wide == []


def test_study_and_staff_pages_fit_a_360_px_phone(phone, sweeper):
    sign_in(phone, sweeper)
    wide = [line for url in STAFF for line in overflow(phone, url)]
    assert wide == []


def test_quiz_pages_fit_a_360_px_phone(phone, sweeper):
    """The attempt with matching selects, the overview with its attempts table."""
    sign_in(phone, sweeper)
    phone.goto("/quizzes/protection")
    phone.get_by_role("button", name=re.compile("Start attempt")).click()
    phone.wait_for_url("**/attempts/*")
    assert phone.locator(".match-row select").count() > 0
    # Real courses' options run to a sentence; the select must shrink, not the page.
    phone.evaluate(
        """() => document.querySelectorAll('.match-row select').forEach(s =>
        s.add(new Option('A long answer option '.repeat(12), 'long')))"""
    )
    wide = overflow(phone)
    wide += overflow(phone, "/quizzes/protection")
    assert phone.locator("table").count() > 0  # the attempts table
    assert wide == []


def test_the_locked_page_fits_a_360_px_phone(phone, live_app):
    with live_app.app_context():  # a newcomer: other tests pass the first module
        create_user("newcomer@example.org", "New Comer", PASSWORD)
    sign_in(phone, "newcomer@example.org")
    response = phone.goto("/modules/protection")
    assert response.status == 403
    assert overflow(phone) == []


def test_an_image_upload_keeps_unsaved_text_and_inserts_at_the_cursor(page, tmp_path):
    from tests.functional.test_authoring import PNG

    image = tmp_path / "river crossing.png"
    image.write_bytes(PNG)
    sign_in(page, "trainer@example.org")
    page.goto("/authoring/lessons/1")
    body = page.get_by_label("Lesson text (Markdown)")
    body.fill("Unsaved start. Unsaved end.")
    body.evaluate("area => { area.selectionStart = area.selectionEnd = 15; }")
    page.set_input_files("#image", str(image))
    page.get_by_label("What the image shows").fill("A river crossing")
    page.get_by_role("button", name="Upload and insert").click()
    status = page.locator("#upload-status")
    status.filter(has_text="Save the draft to keep it").wait_for()
    assert body.input_value() == (
        "Unsaved start. ![A river crossing](media/river-crossing.png)Unsaved end."
    )
    page.screenshot(path=str(ARTIFACTS / "1280-lesson-upload.png"), full_page=True)
