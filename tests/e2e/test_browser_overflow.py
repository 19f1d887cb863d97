"""No page scrolls sideways on a 360 px phone: one page of every kind, measured."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, sign_in
from tests.e2e.page_kinds import (
    ANONYMOUS,
    APPLICANT,
    LEARNER,
    LOCKED,
    MATCHING_QUIZ,
    STAFF,
    open_an_attempt,
    open_import_preview,
)

PHONE = {"width": 360, "height": 780}
WIDTH = "document.documentElement.scrollWidth"


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


def test_public_pages_fit_a_360_px_phone(phone, sweeper):
    wide = [line for url in sweeper.pages(ANONYMOUS) for line in overflow(phone, url)]
    assert wide == [], wide


def test_study_and_staff_pages_fit_a_360_px_phone(phone, sweeper):
    sign_in(phone, sweeper.email)
    wide = [line for url in sweeper.pages(STAFF) for line in overflow(phone, url)]
    assert wide == [], wide


def test_applicant_pages_fit_a_360_px_phone(phone, sweeper):
    sign_in(phone, sweeper.applicant)
    wide = [line for url in sweeper.pages(APPLICANT) for line in overflow(phone, url)]
    assert wide == [], wide


def test_participant_pages_fit_a_360_px_phone(phone, sweeper):
    sign_in(phone, sweeper.learner_email)
    wide = [line for url in sweeper.pages(LEARNER) for line in overflow(phone, url)]
    assert wide == [], wide


def test_quiz_pages_fit_a_360_px_phone(phone, sweeper):
    """The attempt with matching selects, the overview with its attempts table."""
    sign_in(phone, sweeper.email)
    open_an_attempt(phone)
    assert phone.locator(".match-row select").count() > 0
    # Real courses' options run to a sentence; the select must shrink, not the page.
    phone.evaluate(
        """() => document.querySelectorAll('.match-row select').forEach(s =>
        s.add(new Option('A long answer option '.repeat(12), 'long')))"""
    )
    wide = overflow(phone)
    wide += overflow(phone, MATCHING_QUIZ)
    assert phone.locator("table").count() > 0  # the attempts table
    assert wide == [], wide


def test_the_locked_page_fits_a_360_px_phone(phone, newcomer):
    sign_in(phone, newcomer)
    response = phone.goto(LOCKED)
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


OVERRIDES = "/staff/cohorts/{cohort}/quizzes/basics/overrides"
# Any box on the page that scrolls sideways inside itself (a table in .table-scroll).
SIDEWAYS = """() => [...document.querySelectorAll('main *')]
  .filter(el => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
    && getComputedStyle(el).overflowX !== 'visible')
  .map(el => el.className || el.tagName)"""


def test_the_overrides_table_stacks_on_a_phone(phone, browser, base_url, sweeper):
    """Not even inside its box: each participant becomes a block of labelled lines.
    Screenshots at 360 and 1280 px (e2e-artifacts/overrides-*.png) to look at."""
    sign_in(phone, sweeper.email)
    url = sweeper.pages([OVERRIDES])[0]
    phone.goto(url)
    assert phone.locator("table.table-stack tbody tr").count() > 0
    remove = phone.get_by_role("button", name="Remove the override of Sweep Learner")
    expect(remove).to_be_visible()
    assert phone.evaluate(SIDEWAYS) == []
    assert phone.evaluate(WIDTH) <= PHONE["width"]
    header = phone.locator("table.table-stack thead")
    assert header.evaluate("h => h.getBoundingClientRect().width") <= 1
    phone.screenshot(path=str(ARTIFACTS / "overrides-360.png"), full_page=True)
    wide = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}
    )
    desk = wide.new_page()
    sign_in(desk, sweeper.email)
    desk.goto(url)
    # A real table again on a wide screen: the header row is shown.
    assert desk.locator("table.table-stack thead").is_visible()
    assert desk.evaluate(SIDEWAYS) == []
    desk.screenshot(path=str(ARTIFACTS / "overrides-1280.png"), full_page=True)
    wide.close()


def test_the_programme_import_preview_fits_a_360_px_phone(phone, sweeper):
    sign_in(phone, sweeper.email)
    open_import_preview(phone, sweeper.cohort)
    # The file's two sessions are in the preview (other tests' sessions of the
    # sweep cohort may be listed too, as left alone).
    for key in ("sweep-opening", "sweep-visit"):
        assert phone.locator("table.table-stack tbody tr", has_text=key).count() == 1
    assert overflow(phone) == []
