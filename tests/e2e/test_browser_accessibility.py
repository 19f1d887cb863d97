"""Keyboard, screen-reader basics, phone widths and print, checked in the browser."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, AUDIT_SCRIPT, sign_in

PAGES = [
    "/",
    "/login",
    "/course",
    "/modules/basics",
    "/modules/basics/who-is-a-migrant",
    "/quizzes/basics",
    "/certificate",
    "/glossary",
    "/verify",
    "/pages/programme",
]


@pytest.fixture
def signed_in(page):
    sign_in(page, "trainer@example.org")
    return page


def test_every_page_passes_the_audit(signed_in):
    for url in PAGES:
        signed_in.goto(url)
        assert signed_in.evaluate(AUDIT_SCRIPT) == [], url


def test_quiz_form_passes_the_audit(signed_in):
    signed_in.goto("/quizzes/basics")
    signed_in.get_by_role("button", name="Start attempt 1").click()
    assert signed_in.evaluate(AUDIT_SCRIPT) == []


def test_skip_link_is_first_and_moves_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_sign_in_works_with_the_keyboard_alone(page):
    page.goto("/login")
    page.get_by_label("Email").focus()
    page.keyboard.type("leyla@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/course")


@pytest.mark.parametrize(
    "url", ["/", "/course", "/modules/basics/measuring", "/glossary"]
)
def test_phone_width_has_no_sideways_scroll(browser, base_url, url):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    phone = context.new_page()
    sign_in(phone)
    phone.goto(url)
    width = phone.evaluate("document.documentElement.scrollWidth")
    name = url.strip("/").replace("/", "-") or "home"
    phone.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    context.close()
    assert width <= 375, url


def test_print_hides_navigation(signed_in):
    signed_in.goto("/modules/basics/who-is-a-migrant")
    signed_in.emulate_media(media="print")
    assert not signed_in.locator(".site-header").is_visible()
    assert not signed_in.locator(".lesson-side").is_visible()
    assert signed_in.locator("article.lesson h1").is_visible()


def test_language_switch_works_with_the_keyboard(page):
    page.goto("/pages/programme")
    page.get_by_role("button", name="Azərbaycanca").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/pages/programme")
    assert page.evaluate("document.documentElement.lang") == "az"
    assert page.get_by_role("button", name="Azərbaycanca").is_disabled()
    assert page.evaluate(AUDIT_SCRIPT) == []
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.evaluate("document.documentElement.lang") == "en"
