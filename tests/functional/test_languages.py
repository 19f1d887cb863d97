"""Interface languages: the browser's preference, the footer switch, and its guards."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage
from tests.conftest import signed_in

TRANSLATIONS = Path(__file__).resolve().parents[2] / "portal" / "translations"


def translated(language: str, text: str) -> str:
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=language)[text].string


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_browsers_language_is_followed(browser, language):
    page = browser.get("/login", headers={"Accept-Language": f"{language},en;q=0.5"})
    html = page.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{translated(language, 'Sign in')}</h1>" in html
    assert "<h1>Sign in</h1>" not in html


def test_english_by_default(browser):
    html = browser.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "<h1>Sign in</h1>" in html


def test_the_footer_switch_changes_language_and_goes_back(browser, course):
    page = browser.get("/pages/faq?x=1").get_data(as_text=True)
    assert 'name="next" value="/pages/faq?x=1"' in page
    response = browser.post("/language", {"lang": "ru", "next": "/pages/faq?x=1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/pages/faq?x=1")
    html = browser.get("/login", headers={"Accept-Language": "az"}).get_data(
        as_text=True
    )  # the choice beats the browser's preference
    assert '<html lang="ru">' in html
    assert translated("ru", "Sign in") in html
    assert 'lang="ru" class="link-button" aria-current="true" disabled' in html


def test_the_switch_ignores_unknown_languages_and_other_sites(browser):
    response = browser.post("/language", {"lang": "xx", "next": "//evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
    assert '<html lang="en">' in browser.get("/login").get_data(as_text=True)


def test_the_switch_needs_a_csrf_token(browser):
    assert browser.post("/language", {"lang": "az"}, csrf=False).status_code == 400


@pytest.mark.parametrize("language", ["az", "ru"])
def test_a_service_refusal_speaks_the_pages_language(
    app, course, participant, language
):
    page = signed_in(app, participant).get(
        "/modules/nope", headers={"Accept-Language": language}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 404
    assert translated(language, "No such module.") in html
    assert "No such module." not in html


@pytest.mark.parametrize("language", ["az", "ru"])
def test_wtforms_messages_speak_the_pages_language(browser, language):
    browser.get("/login")
    page = browser.post(
        "/login", {"email": "", "password": ""}, headers={"Accept-Language": language}
    )
    html = page.get_data(as_text=True)
    assert translated(language, "This field is required.") in html
    assert "This field is required." not in html


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_sign_in_prompt_speaks_the_pages_language(browser, language):
    headers = {"Accept-Language": language}
    assert "/login" in browser.get("/course", headers=headers).headers["Location"]
    html = browser.get("/login", headers=headers).get_data(as_text=True)
    assert translated(language, "Sign in to see this page.") in html


@pytest.mark.parametrize(
    ("language", "greeting", "subject_word"),
    [("az", "Salam, Nigar", "təsdiq"), ("ru", "Здравствуйте, Nigar", "Подтвердите")],
)
def test_mail_is_written_in_the_language_of_the_page_that_sent_it(
    browser, language, greeting, subject_word
):
    headers = {"Accept-Language": language}
    browser.get("/register", headers=headers)
    response = browser.post(
        "/register",
        {
            "full_name": "Nigar",
            "email": f"nigar-{language}@example.org",
            "password": "a long enough password",
            "confirm": "a long enough password",
        },
        headers=headers,
    )
    assert response.status_code == 200
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to == f"nigar-{language}@example.org")
    ).one()
    assert mail.body.startswith(greeting)
    assert subject_word.lower() in mail.subject.lower()
