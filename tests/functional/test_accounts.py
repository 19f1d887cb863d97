"""Self-service accounts: a forgotten password, the account page, name changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Certificate,
    LinkToken,
    NameChange,
    OutboxMessage,
    User,
)
from portal.timeutil import utcnow
from tests.conftest import CSRF, PASSWORD, Browser
from tests.functional.test_people import NEW_PASSWORD, last_link, signs_in


def mail_count(to: str | None = None) -> int:
    query = select(func.count(OutboxMessage.id))
    if to is not None:
        query = query.where(OutboxMessage.to == to)
    return db.session.scalar(query) or 0


def last_body(to: str) -> str:
    return db.session.scalars(
        select(OutboxMessage.body)
        .where(OutboxMessage.to == to)
        .order_by(OutboxMessage.id.desc())
    ).first()


def expire_links() -> None:
    """Every link sent so far is past its expiry time."""
    for link in db.session.scalars(select(LinkToken)):
        link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def forgot(browser, email: str):
    browser.get("/forgot-password")
    return browser.post("/forgot-password", {"email": email})


def test_sign_in_page_links_to_recovery_and_registration(browser):
    page = browser.get("/login").get_data(as_text=True)
    assert 'href="/forgot-password"' in page and 'href="/register"' in page


def test_known_and_unknown_addresses_get_the_same_page(browser, participant):
    known = forgot(browser, participant.email)
    unknown = forgot(browser, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200

    def page(response, email: str) -> str:
        # CSRF tokens carry the second they were signed in, so they may differ
        text = response.get_data(as_text=True).replace(email, "ADDRESS")
        return CSRF.sub("CSRF", text)

    assert page(known, participant.email) == page(unknown, "nobody@example.org")
    assert mail_count(participant.email) == 1 and mail_count() == 1


def test_forgotten_password_link_works_once(browser, participant, mailbox):
    forgot(browser, participant.email)
    link = last_link(mailbox, participant.email)
    assert browser.get(link).status_code == 200
    done = browser.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    used = browser.get(link)
    assert used.status_code == 404 and "used already" in used.get_data(as_text=True)
    again = browser.post(link, {"password": "yet another one", "confirm": "x"})
    assert again.status_code == 404
    assert signs_in(browser, participant.email, NEW_PASSWORD)
    assert not signs_in(browser, participant.email, PASSWORD)


def test_forgotten_password_link_expires(browser, participant, mailbox):
    forgot(browser, participant.email)
    link = last_link(mailbox, participant.email)
    expire_links()
    assert browser.get(link).status_code == 404
    refused = browser.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert refused.status_code == 404
    assert signs_in(browser, participant.email, PASSWORD)


def test_a_deactivated_account_gets_no_link(browser, participant):
    participant.active = False
    db.session.commit()
    assert forgot(browser, participant.email).status_code == 200
    assert mail_count() == 0


def test_mail_sending_forms_are_rate_limited(app, browser, participant):
    app.config["ACCOUNT_MAIL_RATE_LIMIT"] = "2 per minute"
    assert forgot(browser, participant.email).status_code == 200
    assert forgot(browser, "nobody@example.org").status_code == 200
    assert forgot(browser, participant.email).status_code == 429
    assert mail_count() == 1


def test_confirmation_email_can_be_sent_again(browser, mailbox):
    browser.get("/register")
    browser.post(
        "/register",
        {
            "full_name": "New Applicant",
            "email": "new@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    browser.login("new@example.org")
    assert "Send the confirmation email again" in browser.get(
        "/my-applications"
    ).get_data(as_text=True)
    first = mailbox.link("new@example.org", "verify-email")
    again = browser.post("/account/confirmation", {"back": "/my-applications"})
    assert again.status_code == 302 and again.headers["Location"] == "/my-applications"
    assert mail_count("new@example.org") == 2
    link = mailbox.link("new@example.org", "verify-email")
    assert browser.get(first).status_code == 404  # the new link ends the old one
    assert browser.use_link(link).status_code == 302
    browser.post("/account/confirmation")
    assert mail_count("new@example.org") == 2  # confirmed: nothing more is sent


def test_account_page_is_for_signed_in_people(browser, participant):
    assert browser.get("/account").status_code == 302
    browser.login(participant.email)
    page = browser.get("/account").get_data(as_text=True)
    assert "Your account" in page and participant.email in page
    assert 'href="/account"' in page  # the nav links to it


def test_password_change_needs_the_current_password(browser, participant):
    browser.login(participant.email)
    wrong = browser.post(
        "/account/password",
        {
            "current": "not my password",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 422
    assert "This is not your current password." in wrong.get_data(as_text=True)
    short = browser.post(
        "/account/password",
        {"current": PASSWORD, "password": "short", "confirm": "short"},
    )
    assert short.status_code == 422
    assert signs_in(browser, participant.email, PASSWORD)
    changed = browser.post(
        "/account/password",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert browser.get("/account").status_code == 200  # this session stays in
    assert signs_in(browser, participant.email, NEW_PASSWORD)


def test_a_changed_password_ends_other_sessions(app, browser, participant):
    other = Browser(app.test_client())
    other.login(participant.email)
    assert other.get("/account").status_code == 200
    browser.login(participant.email)
    browser.post(
        "/account/password",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert browser.get("/account").status_code == 200
    assert other.get("/account").status_code == 302  # to sign in


def test_sign_out_of_every_other_session(app, browser, participant):
    remembered = Browser(app.test_client())
    remembered.get("/login")
    remembered.post(
        "/login", {"email": participant.email, "password": PASSWORD, "remember": "y"}
    )
    other = Browser(app.test_client())
    other.login(participant.email)
    browser.login(participant.email)
    assert browser.post("/account/sessions").status_code == 302
    assert browser.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
    remembered.client.delete_cookie("session")  # the remember cookie alone
    assert remembered.get("/account").status_code == 302
    assert signs_in(other, participant.email, PASSWORD)  # the password still works


def test_email_changes_only_after_confirmation(app, browser, participant, mailbox):
    browser.login(participant.email)
    wrong = browser.post(
        "/account/email", {"new_email": "new@example.org", "current": "wrong one"}
    )
    assert wrong.status_code == 422 and mail_count() == 0
    sent = browser.post(
        "/account/email", {"new_email": "New@Example.org", "current": PASSWORD}
    )
    assert sent.status_code == 302
    db.session.refresh(participant)
    assert participant.email == "participant@example.org"  # not yet
    link = mailbox.link("new@example.org", "account/email")
    assert browser.use_link(link).status_code == 302
    db.session.refresh(participant)
    assert participant.email == "new@example.org"
    assert "new@example.org" in last_body("participant@example.org")  # old is told
    assert browser.get(link).status_code == 404  # single use
    assert browser.post(link).status_code == 404
    assert signs_in(browser, "new@example.org", PASSWORD)


def test_email_change_refuses_a_taken_address(browser, participant, trainer):
    browser.login(participant.email)
    taken = browser.post(
        "/account/email", {"new_email": trainer.email, "current": PASSWORD}
    )
    assert taken.status_code == 422 and mail_count() == 0


def test_email_change_link_expires(browser, participant, mailbox):
    browser.login(participant.email)
    browser.post(
        "/account/email", {"new_email": "new@example.org", "current": PASSWORD}
    )
    link = mailbox.link("new@example.org", "account/email")
    expire_links()
    assert browser.get(link).status_code == 404
    assert browser.post(link).status_code == 404
    db.session.refresh(participant)
    assert participant.email == "participant@example.org"


@pytest.fixture
def certificate(participant):
    found = Certificate(
        user_id=participant.id,
        code="MS-AAAA-BBBB-CCCC-DDDD",
        full_name=participant.full_name,
        programme="Migration School",
        issued_at=utcnow(),
    )
    db.session.add(found)
    db.session.commit()
    return found


def ask_for_name(app, participant, name: str) -> Browser:
    asking = Browser(app.test_client())
    asking.login(participant.email)
    response = asking.post("/account/name", {"full_name": name})
    assert response.status_code == 302, response.get_data(as_text=True)
    return asking


def test_name_changes_only_after_approval(
    app, browser, admin, participant, certificate
):
    old_code = certificate.code
    asking = ask_for_name(app, participant, "Aygün Əliyeva")
    db.session.refresh(certificate)
    assert certificate.full_name == "Aygün Məmmədova"  # not yet
    assert "Waiting for approval" in asking.get("/account").get_data(as_text=True)
    browser.login(admin.email)
    listing = browser.get("/admin/users/name-changes").get_data(as_text=True)
    assert "Aygün Əliyeva" in listing
    change = db.session.scalar(select(NameChange))
    approved = browser.post(
        f"/admin/users/name-changes/{change.id}", {"decision": "approve"}
    )
    assert approved.status_code == 302
    db.session.refresh(certificate)
    assert certificate.full_name == "Aygün Əliyeva" and certificate.code != old_code
    assert db.session.get(User, participant.id).full_name == "Aygün Əliyeva"
    page = asking.get("/certificate").get_data(as_text=True)
    assert "Aygün Əliyeva" in page
    verify = browser.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Aygün Əliyeva" in verify
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert {"account.name_requested", "account.name_approved"} <= set(actions)
    assert "certificate.reissued" in actions
    again = browser.post(
        f"/admin/users/name-changes/{change.id}", {"decision": "refuse"}
    )
    assert again.status_code == 409  # decided already


def test_a_refused_name_changes_nothing(app, browser, admin, participant, certificate):
    ask_for_name(app, participant, "Someone Else")
    change = db.session.scalar(select(NameChange))
    browser.login(admin.email)
    browser.post(f"/admin/users/name-changes/{change.id}", {"decision": "refuse"})
    db.session.refresh(certificate)
    assert certificate.full_name == "Aygün Məmmədova"
    assert "account.name_refused" in db.session.scalars(select(AuditEvent.action))


def test_name_request_refuses_the_same_or_an_empty_name(browser, participant):
    browser.login(participant.email)
    for name in ("Aygün Məmmədova", "   "):
        assert browser.post("/account/name", {"full_name": name}).status_code == 422
    assert db.session.scalar(select(func.count(NameChange.id))) == 0


@pytest.mark.parametrize("role", ["participant", "trainer", "applicant"])
def test_only_administrators_approve_names(app, make_user, participant, role):
    ask_for_name(app, participant, "Aygün Əliyeva")
    change = db.session.scalar(select(NameChange))
    other = Browser(app.test_client())
    other.login(make_user(role).email)
    assert other.get("/admin/users/name-changes").status_code == 403
    refused = other.post(
        f"/admin/users/name-changes/{change.id}", {"decision": "approve"}
    )
    assert refused.status_code == 403
    db.session.refresh(change)
    assert change.approved is None
    anonymous = Browser(app.test_client())
    assert anonymous.get("/admin/users/name-changes").status_code == 302
