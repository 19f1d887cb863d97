"""Links in mail: built from BASE_URL whatever Host a request names, random tokens
kept only as hashes, one use each, a new link ending the older ones, and never shown
in the administrators' outbox."""

from __future__ import annotations

import hashlib
import threading

import pytest
from sqlalchemy import select

from portal import ConfigError, create_app
from portal.extensions import db
from portal.models import AuditEvent, LinkToken, OutboxMessage
from portal.services import people
from portal.services.errors import NotFound
from portal.services.link_tokens import LinkMaker
from portal.timeutil import utcnow
from tests.conftest import PASSWORD, signed_in
from tests.functional.test_people import NEW_PASSWORD, last_link, signs_in

BASE = "https://portal.example.org"


def forgot(browser, email: str, **headers):
    browser.get("/forgot-password", headers=headers)
    return browser.post("/forgot-password", {"email": email}, headers=headers)


def test_a_forged_host_header_does_not_reach_the_mail(browser, participant, mailbox):
    sent = forgot(browser, participant.email, Host="evil.example")
    assert sent.status_code == 200
    body = mailbox.last(participant.email)["body"]
    assert f"{BASE}/reset-password/" in body and "evil.example" not in body


def test_without_base_url_development_uses_the_request_host(
    app, browser, participant, mailbox
):
    app.config["BASE_URL"] = None
    forgot(browser, participant.email)
    assert "http://localhost/reset-password/" in mailbox.last(participant.email)["body"]


@pytest.mark.parametrize("base_url", [None, "", "portal.example.org", "ftp://x"])
def test_production_refuses_to_start_without_a_base_url(database_url, base_url):
    settings = {
        "ENV_NAME": "production",
        "SECRET_KEY": "x" * 40,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "BASE_URL": base_url,
    }
    with pytest.raises(ConfigError, match="BASE_URL"):
        create_app(settings)
    assert create_app({**settings, "BASE_URL": BASE}).config["BASE_URL"] == BASE


def test_only_a_hash_of_the_token_is_stored(browser, participant, mailbox):
    forgot(browser, participant.email)
    token = last_link(mailbox, participant.email).rsplit("/", 1)[1]
    link = db.session.scalars(select(LinkToken)).one()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (link.purpose, link.user_id) == ("password", participant.id)
    stored = db.session.scalars(select(OutboxMessage.body)).one()
    assert token not in stored and "/reset-password/[redacted]" in stored


def test_a_new_password_link_ends_the_older_one(browser, admin, participant, mailbox):
    browser.login(admin.email)
    browser.post(f"/admin/users/{participant.id}/reset")
    first = last_link(mailbox, participant.email)
    browser.post(f"/admin/users/{participant.id}/reset")
    second = last_link(mailbox, participant.email)
    browser.logout()
    assert first != second
    assert browser.get(first).status_code == 404
    done = browser.post(second, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert signs_in(browser, participant.email, NEW_PASSWORD)


def test_using_a_link_is_audited_without_the_token(browser, participant, mailbox):
    forgot(browser, participant.email)
    link = last_link(mailbox, participant.email)
    browser.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.password_link_used")
    ).one()
    assert (event.actor_id, event.target) == (participant.id, participant.email)
    assert link.rsplit("/", 1)[1] not in str(event.detail)


def test_a_password_change_ends_links_sent_before(browser, participant, mailbox):
    forgot(browser, participant.email)
    link = last_link(mailbox, participant.email)
    browser.login(participant.email)
    changed = browser.post(
        "/account/password",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    browser.logout()
    assert browser.get(link).status_code == 404


def test_a_used_verification_link_says_so(browser, mailbox):
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
    link = mailbox.link("new@example.org", "verify-email")
    assert link.startswith("/verify-email/")
    assert browser.use_link(link).status_code == 302
    for again in (browser.get(link), browser.post(link)):
        assert again.status_code == 404
        assert "used already" in again.get_data(as_text=True)


def test_a_new_email_change_ends_the_older_link(browser, participant, mailbox):
    browser.login(participant.email)
    for address in ("first@example.org", "second@example.org"):
        browser.post("/account/email", {"new_email": address, "current": PASSWORD})
    first = mailbox.link("first@example.org", "account/email")
    second = mailbox.link("second@example.org", "account/email")
    assert browser.get(first).status_code == 404
    assert browser.post(first).status_code == 404
    assert browser.use_link(second).status_code == 302
    db.session.refresh(participant)
    assert participant.email == "second@example.org"


def test_the_outbox_page_never_shows_a_link(app, admin, participant):
    with app.test_request_context():
        people.send_password_reset(
            participant.id,
            admin,
            utcnow(),
            LinkMaker(lambda token: f"{BASE}/reset-password/{token}", 3600),
            letters=lambda template, **c: f"Open {c['link']}",
        )
    waiting = db.session.scalars(select(OutboxMessage)).one()
    token = waiting.body.rsplit("/", 1)[1]  # not delivered yet: still whole here
    page = signed_in(app, admin).get("/admin/outbox").get_data(as_text=True)
    assert "/reset-password/[redacted]" in page and token not in page


def test_two_requests_racing_with_one_link_set_one_password(
    app, participant, mailbox, browser
):
    forgot(browser, participant.email)
    token = last_link(mailbox, participant.email).rsplit("/", 1)[1]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def use(password: str):
        with app.app_context():
            barrier.wait()
            try:
                people.set_password_from_link(token, password, utcnow())
                outcomes.append("set")
            except NotFound:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=use, args=(p,))
        for p in ("first new password", "second new password")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "set"]
