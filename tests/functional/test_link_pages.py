"""Emailed links that confirm or change an address: opening one (a person, or a mail
scanner fetching it first) only checks it and shows a button; the button's POST,
with its CSRF token, makes the change; a used or expired link says so either way."""

from __future__ import annotations

from flask import Flask

from portal.extensions import db
from portal.models import User
from tests.conftest import PASSWORD, Browser
from tests.functional.test_accounts import expire_links

NEW = "new@example.org"


def register(browser: Browser, email: str = NEW) -> None:
    browser.get("/register")
    browser.post(
        "/register",
        {
            "full_name": "New Applicant",
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )


def account(email: str) -> User:
    db.session.expire_all()
    return db.session.query(User).filter_by(email=email).one()


def ask_for_change(browser: Browser, participant, new: str = NEW) -> str:
    """The link sent to ``new`` to change the participant's address to it."""
    browser.login(participant.email)
    browser.post("/account/email", {"new_email": new, "current": PASSWORD})
    return new


def test_opening_a_verification_link_only_asks(app: Flask, browser, mailbox):
    register(browser)
    link = mailbox.link(NEW, "verify-email")
    scanner = Browser(app.test_client())  # fetches links before anyone reads them
    for opener in (scanner, browser):
        page = opener.get(link)
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "<h1>Confirm your email address</h1>" in html and NEW in html
        assert 'method="post"' in html and "Confirm my address" in html
    assert account(NEW).email_verified_at is None  # still usable after the GETs
    done = browser.post(link)
    assert done.status_code == 302 and done.headers["Location"] == "/my-applications"
    assert account(NEW).email_verified_at is not None


def test_opening_an_email_change_link_only_asks(app, browser, participant, mailbox):
    ask_for_change(browser, participant)
    link = mailbox.link(NEW, "account/email")
    scanner = Browser(app.test_client())
    for opener in (scanner, browser):
        page = opener.get(link)
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "<h1>Change your email address</h1>" in html and NEW in html
        assert "Change my address" in html
    db.session.refresh(participant)
    assert participant.email == "participant@example.org"  # link still usable
    assert browser.post(link).status_code == 302
    db.session.refresh(participant)
    assert participant.email == NEW


def test_a_post_without_csrf_changes_nothing(browser, participant, mailbox):
    register(browser)
    verify = mailbox.link(NEW, "verify-email")
    browser.get(verify)
    refused = browser.post(verify, csrf=False)
    assert refused.status_code == 400
    assert "expired or was sent from elsewhere" in refused.get_data(as_text=True)
    assert account(NEW).email_verified_at is None

    other = ask_for_change(browser, participant, "other@example.org")
    change = mailbox.link(other, "account/email")
    browser.get(change)
    assert browser.post(change, csrf=False).status_code == 400
    db.session.refresh(participant)
    assert participant.email == "participant@example.org"
    # Both links still work with the page's button.
    assert browser.use_link(verify).status_code == 302
    assert browser.use_link(change).status_code == 302
    assert account(NEW).email_verified_at is not None
    db.session.refresh(participant)
    assert participant.email == other


def test_a_used_link_says_so_on_get_and_post(browser, participant, mailbox):
    register(browser)
    verify = mailbox.link(NEW, "verify-email")
    browser.use_link(verify)
    newer = ask_for_change(browser, participant, "newer@example.org")
    change = mailbox.link(newer, "account/email")
    assert browser.use_link(change).status_code == 302
    for link in (verify, change):
        for response in (browser.get(link), browser.post(link)):
            assert response.status_code == 404, link
            assert "used already" in response.get_data(as_text=True)


def test_an_expired_verification_link_is_refused(browser, mailbox):
    register(browser)
    link = mailbox.link(NEW, "verify-email")
    browser.get(link)  # the page's CSRF token
    expire_links()
    for response in (browser.get(link), browser.post(link)):
        assert response.status_code == 404
        assert "not valid any more" in response.get_data(as_text=True)
    assert account(NEW).email_verified_at is None


def test_the_link_pages_speak_the_page_language(browser, participant, mailbox):
    register(browser)
    page = browser.get(
        mailbox.link(NEW, "verify-email"), headers={"Accept-Language": "az"}
    )
    assert "Ünvanımı təsdiqlə" in page.get_data(as_text=True)
    newer = ask_for_change(browser, participant, "newer@example.org")
    page = browser.get(
        mailbox.link(newer, "account/email"),
        headers={"Accept-Language": "ru"},
    )
    assert "Изменить мой адрес" in page.get_data(as_text=True)
