"""Sign-in, registration, password reset and confirmation mail are throttled per
account and per client address (ASVS 6.3.1); only failed sign-ins count."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.config import DEFAULTS
from portal.extensions import db
from portal.models import AuditEvent, User
from tests.conftest import PASSWORD, Browser

WRONG = "not the password at all"
LOCKED = "Too many attempts. Wait 15 minutes, then try again."


def attempt(browser: Browser, email: str, password: str, address="192.0.2.1"):
    where = {"environ_base": {"REMOTE_ADDR": address}}
    browser.get("/login", **where)
    return browser.post("/login", {"email": email, "password": password}, **where)


def signed_in(browser: Browser) -> bool:
    return browser.get("/course").status_code == 200


@pytest.fixture
def limits(app):
    app.config.update(
        SIGNIN_ACCOUNT_LIMIT="3 per 15 minutes",
        SIGNIN_ADDRESS_LIMIT="5 per 15 minutes",
    )


def test_failed_sign_ins_lock_the_account_even_for_the_right_password(
    app, limits, browser, participant
):
    assert attempt(browser, participant.email, WRONG).status_code == 200
    assert attempt(browser, participant.email, WRONG).status_code == 200
    third = attempt(browser, participant.email, WRONG)
    assert third.status_code == 429 and LOCKED in third.get_data(as_text=True)
    assert 890 <= int(third.headers["Retry-After"]) <= 900
    # The right password during the lockout does not sign in, from anywhere.
    right = attempt(browser, participant.email, PASSWORD, address="203.0.113.9")
    assert right.status_code == 429 and LOCKED in right.get_data(as_text=True)
    assert not signed_in(browser)


def test_the_account_is_counted_by_its_normalised_address(
    app, limits, browser, participant
):
    for typed in (
        "Participant@Example.org",
        "PARTICIPANT@example.org",
        "x@EXAMPLE.org",
    ):
        attempt(browser, typed.replace("x@", "participant@"), WRONG)
    assert attempt(browser, participant.email, PASSWORD).status_code == 429


def test_other_accounts_still_sign_in_during_an_account_lockout(
    app, limits, browser, participant, trainer
):
    for _ in range(3):
        attempt(browser, participant.email, WRONG, address="198.51.100.1")
    assert attempt(browser, trainer.email, PASSWORD).status_code == 302
    assert signed_in(browser)


def test_failures_from_one_address_lock_it_for_every_account(
    app, limits, browser, participant, make_user
):
    for number in range(5):  # one failure each: no account reaches its limit
        attempt(browser, f"guess{number}@example.org", WRONG)
    assert attempt(browser, participant.email, PASSWORD).status_code == 429
    elsewhere = Browser(app.test_client())
    assert (
        attempt(elsewhere, participant.email, PASSWORD, "203.0.113.5").status_code
        == 302
    )


def test_only_failures_count_and_signing_in_forgets_them(
    app, limits, browser, participant
):
    for _ in range(5):
        assert attempt(browser, participant.email, PASSWORD).status_code == 302
        browser.logout()
    for _ in range(2):  # two typos and the right one, twice
        attempt(browser, participant.email, WRONG)
        attempt(browser, participant.email, WRONG)
        assert attempt(browser, participant.email, PASSWORD).status_code == 302
        browser.logout()


def test_the_default_limits_stop_sixty_quick_guesses(app, browser, participant):
    app.config.update(
        SIGNIN_ACCOUNT_LIMIT=DEFAULTS["SIGNIN_ACCOUNT_LIMIT"],
        SIGNIN_ADDRESS_LIMIT=DEFAULTS["SIGNIN_ADDRESS_LIMIT"],
    )
    statuses = [
        attempt(browser, participant.email, WRONG).status_code for _ in range(60)
    ]
    assert statuses.count(200) < 5 and statuses[-55:] == [429] * 55


def test_the_lockout_message_is_translated(app, limits, browser, participant):
    headers = {"Accept-Language": "ru"}
    for _ in range(3):
        browser.get("/login", headers=headers)
        page = browser.post(
            "/login", {"email": participant.email, "password": WRONG}, headers=headers
        )
    assert page.status_code == 429
    assert "Слишком много попыток" in page.get_data(as_text=True)


def test_sign_in_events_are_logged_without_the_password(
    app, limits, browser, participant
):
    attempt(browser, "nobody@example.org", WRONG)
    for _ in range(3):
        attempt(browser, participant.email, WRONG)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.target, e.detail) for e in events] == [
        ("auth.sign_in_failed", "nobody@example.org", {"reason": "no account"}),
        ("auth.sign_in_failed", participant.email, {"reason": "wrong password"}),
        ("auth.sign_in_failed", participant.email, {"reason": "wrong password"}),
        ("auth.sign_in_failed", participant.email, {"reason": "wrong password"}),
        ("auth.locked_out", participant.email, {"by": ["account"]}),
    ]
    assert all(e.actor_id is None and e.origin == "192.0.2.1" for e in events)
    assert all(WRONG not in str(e.detail) for e in events)
    other = Browser(app.test_client())
    attempt(other, participant.email, PASSWORD, address="203.0.113.5")  # locked
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == 5


def test_a_successful_sign_in_is_logged(app, browser, participant):
    attempt(browser, participant.email, PASSWORD)
    event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.target) == (
        "auth.signed_in",
        participant.id,
        participant.email,
    )


def register(browser: Browser, email: str, address: str):
    where = {"environ_base": {"REMOTE_ADDR": address}}
    browser.get("/register", **where)
    form = {"full_name": "Nigar Həsənova", "email": email}
    form.update(password=PASSWORD, confirm=PASSWORD)
    return browser.post("/register", form, **where)


def test_registration_is_limited_per_address_typed_and_per_client(app, browser):
    app.config["MAIL_PER_EMAIL_RATE_LIMIT"] = "2 per hour"
    app.config["ACCOUNT_MAIL_RATE_LIMIT"] = "2 per hour"
    assert register(browser, "nigar@example.org", "192.0.2.1").status_code == 200
    assert register(browser, "nigar@example.org", "192.0.2.2").status_code == 200
    third = register(browser, "Nigar@Example.org", "192.0.2.3")
    assert third.status_code == 429
    assert "Wait 60 minutes, then try again." in third.get_data(as_text=True)
    assert register(browser, "leyla@example.org", "192.0.2.1").status_code == 200
    assert register(browser, "kamran@example.org", "192.0.2.1").status_code == 429


def test_password_reset_is_limited_per_address_typed(app, browser, participant):
    app.config["MAIL_PER_EMAIL_RATE_LIMIT"] = "2 per hour"
    statuses = []
    for number in range(3):
        where = {"environ_base": {"REMOTE_ADDR": f"192.0.2.{number}"}}
        browser.get("/forgot-password", **where)
        sent = browser.post("/forgot-password", {"email": participant.email}, **where)
        statuses.append(sent.status_code)
    assert statuses == [200, 200, 429]


def test_confirmation_mail_is_limited_per_account(app, participant):
    app.config["MAIL_PER_EMAIL_RATE_LIMIT"] = "2 per hour"
    statuses = []
    for number in range(3):
        browser = Browser(app.test_client())
        where = {"environ_base": {"REMOTE_ADDR": f"192.0.2.{number}"}}
        attempt(browser, participant.email, PASSWORD, f"192.0.2.{number}")
        statuses.append(browser.post("/account/confirmation", **where).status_code)
    assert statuses == [302, 302, 429]


def test_administrators_can_filter_the_log_for_lockouts(
    app, limits, browser, participant, admin
):
    for _ in range(3):
        attempt(browser, participant.email, WRONG, address="198.51.100.23")
    staff = Browser(app.test_client())
    staff.login(admin.email)
    page = staff.get("/admin/audit?action=auth.locked_out").get_data(as_text=True)
    assert "auth.locked_out" in page and participant.email in page
    assert "198.51.100.23" in page and WRONG not in page


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/account/password", {"password": "amber canyon lantern ok"}),
        ("/account/email", {"new_email": "new@example.org"}),
        ("/account/erase", {"confirmed": "yes"}),
    ],
)
def test_guessing_the_current_password_while_signed_in_is_limited(
    app, participant, path, fields
):
    app.config["REAUTH_ACCOUNT_LIMIT"] = "2 per hour"
    browser = Browser(app.test_client())
    browser.login(participant.email)
    fields = {**fields, "confirm": fields.get("password", "")}
    statuses = [
        browser.post(path, {**fields, "current": guess}).status_code
        for guess in ("wrong one", "wrong two", PASSWORD)
    ]
    assert statuses == [422, 422, 429]  # the right password waits its turn too
    assert db.session.get(User, participant.id).erased_at is None
