"""Registration that tells nobody which addresses have accounts (ASVS 6.3.8), the
password rule on every form that sets one (6.2), email addresses checked on every
form that takes one, and the security log of password changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.cli import DEMO_ACCOUNTS, create_demo_accounts
from portal.extensions import db
from portal.models import AuditEvent, OutboxMessage, User
from portal.services.users import authenticate
from tests.conftest import PASSWORD, Browser
from tests.functional.test_people import NEW_PASSWORD, last_link, signs_in

GUESSABLE = "This password is too common or too easy to guess."
BAD_ADDRESS = "Enter an email address like name@example.org."


def register(browser: Browser, email: str, password: str = NEW_PASSWORD):
    browser.get("/register")
    return browser.post(
        "/register",
        {
            "full_name": "Nigar Həsənova",
            "email": email,
            "password": password,
            "confirm": password,
        },
    )


def mails(to: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == to)))


def users() -> int:
    return db.session.scalar(select(func.count(User.id)))


def page_text(response, email: str) -> str:
    text = response.get_data(as_text=True).replace(email, "ADDRESS")
    return re.sub(r'name="csrf_token" [^>]*>', "", text)


def test_registering_a_taken_address_looks_like_a_new_registration(app, participant):
    new = register(Browser(app.test_client()), "nigar@example.org")
    taken = register(Browser(app.test_client()), participant.email)
    assert new.status_code == taken.status_code == 200
    assert page_text(new, "nigar@example.org") == page_text(taken, participant.email)
    assert "Check your email" in taken.get_data(as_text=True)
    assert new.headers.getlist("Set-Cookie") == taken.headers.getlist("Set-Cookie")
    assert users() == 2  # the participant and Nigar: nobody else


def test_the_owner_of_a_taken_address_is_told_and_nothing_changes(
    app, browser, participant
):
    register(browser, participant.email, "someone else's password")
    (letter,) = mails(participant.email)
    assert letter.subject == "Someone tried to register with your address"
    assert "No new account was made." in letter.body
    assert "/login" in letter.body and "/forgot-password" in letter.body
    assert "someone else's password" not in letter.body
    account = db.session.get(User, participant.id)
    assert account.role == "participant" and account.full_name == "Aygün Məmmədova"
    assert authenticate(participant.email, PASSWORD) is not None
    event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.target) == (
        "account.register_existing",
        participant.email,
    )


def test_a_new_registration_is_not_signed_in_until_it_signs_in(browser, mailbox):
    register(browser, "nigar@example.org")
    assert browser.get("/my-applications").status_code == 302
    assert len(mails("nigar@example.org")) == 1
    browser.use_link(mailbox.link("nigar@example.org", "verify-email"))
    assert browser.login("nigar@example.org", NEW_PASSWORD).status_code == 302
    assert browser.get("/my-applications").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", GUESSABLE),
        ("short", "Use at least 8 characters"),
        ("Jennifer1990", GUESSABLE),
        ("nigar and the sea", "Do not use your name or email address"),
    ],
)
def test_registration_refuses_weak_passwords(browser, password, message):
    refused = register(browser, "nigar@example.org", password)
    assert refused.status_code == 200 and message in refused.get_data(as_text=True)
    assert users() == 0 and mails("nigar@example.org") == []


def test_a_weak_password_is_refused_for_a_taken_address_too(browser, participant):
    refused = register(browser, participant.email, "password123")
    assert GUESSABLE in refused.get_data(as_text=True)
    assert mails(participant.email) == []


def test_changing_the_password_applies_the_rule_and_is_logged(
    app, browser, participant
):
    browser.login(participant.email)
    browser.get("/account")
    weak = {"current": PASSWORD, "password": "Password1!", "confirm": "Password1!"}
    refused = browser.post("/account/password", weak)
    assert refused.status_code == 422 and GUESSABLE in refused.get_data(as_text=True)
    assert signs_in(browser, participant.email, PASSWORD)
    strong = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert browser.post("/account/password", strong).status_code == 302
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.password_changed")
    ).one()
    assert (event.actor_id, event.target) == (participant.id, participant.email)
    assert NEW_PASSWORD not in str(event.detail) and PASSWORD not in str(event.detail)


def test_a_password_link_applies_the_rule_and_is_logged(
    app, browser, participant, mailbox
):
    browser.get("/forgot-password")
    browser.post("/forgot-password", {"email": participant.email})
    link = last_link(mailbox, participant.email)
    browser.get(link)
    personal = browser.post(
        link, {"password": "aygün is my name", "confirm": "aygün is my name"}
    )
    assert personal.status_code == 200
    assert "Do not use your name" in personal.get_data(as_text=True)
    assert browser.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert signs_in(browser, participant.email, NEW_PASSWORD)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "account.password_reset" in actions


def test_an_invitation_link_applies_the_rule(app, admin, mailbox):
    browser = Browser(app.test_client())
    browser.login(admin.email)
    browser.get("/admin/users/invite")
    invite = {"email": "leyla@example.org", "full_name": "Leyla Əhmədova"}
    browser.post("/admin/users/invite", {**invite, "role": "trainer", "cohort_id": "0"})
    link = last_link(mailbox, "leyla@example.org")
    browser.logout()
    browser.get(link)
    refused = browser.post(link, {"password": "qwertyuiop", "confirm": "qwertyuiop"})
    assert refused.status_code == 200 and GUESSABLE in refused.get_data(as_text=True)
    assert browser.get(link).status_code == 200  # the link still works


def test_the_command_line_applies_the_rule(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "t@example.org",
            "--name",
            "T",
            "--password",
            "12345678",
        ]
    )
    assert result.exit_code != 0 and GUESSABLE in result.output


def test_the_demo_accounts_meet_the_rule_and_match_the_readme(app):
    create_demo_accounts()
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for email, _name, _role, password in DEMO_ACCOUNTS:
        assert f"| {email} | {password} |" in readme
        assert authenticate(email, password) is not None


HEADER_TRICK = "nigar@example.org\r\nBcc: everyone@example.org"


@pytest.mark.parametrize(
    "address", [HEADER_TRICK, "nigar@example.org\nBcc: x@example.org", "nigar@", "a@b"]
)
def test_every_form_that_takes_an_email_refuses_a_bad_one(app, admin, address):
    browser = Browser(app.test_client())
    forms = [
        ("/login", {"email": address, "password": PASSWORD}),
        ("/forgot-password", {"email": address}),
        ("/register", {"full_name": "N", "email": address, "password": NEW_PASSWORD}),
    ]
    for url, data in forms:
        browser.get(url)
        page = browser.post(url, data).get_data(as_text=True)
        assert BAD_ADDRESS in page, url
    browser.login(admin.email)
    browser.get("/account")
    changed = browser.post(
        "/account/email", {"new_email": address, "current": PASSWORD}
    )
    assert BAD_ADDRESS in changed.get_data(as_text=True)
    browser.get("/admin/users/invite")
    invited = browser.post(
        "/admin/users/invite",
        {"email": address, "full_name": "N", "role": "trainer", "cohort_id": "0"},
    )
    assert BAD_ADDRESS in invited.get_data(as_text=True)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert users() == 1


def test_the_password_rule_speaks_the_page_language(browser):
    headers = {"Accept-Language": "az"}
    browser.get("/register", headers=headers)
    form = {"full_name": "Nigar", "email": "n@example.org", "password": "short"}
    refused = browser.post("/register", {**form, "confirm": "short"}, headers=headers)
    assert "Ən azı 8 simvoldan istifadə edin" in refused.get_data(as_text=True)
