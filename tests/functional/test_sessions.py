"""Signed-in sessions: sign-out, timeouts, remember cookies, the list of sessions."""

from __future__ import annotations

import re
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import timeutil
from portal.extensions import db
from portal.models import AuditEvent, UserSession
from tests.conftest import PASSWORD, Browser
from tests.functional.test_accounts import forgot
from tests.functional.test_people import NEW_PASSWORD, last_link
from tests.integration.counting import count_queries

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
END_FORM = re.compile(r'action="(/account/sessions/(\d+)/end)"')


class Clock:
    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """The portal's clock (portal.timeutil.utcnow, wherever it was imported),
    moved by hand."""
    original = timeutil.utcnow
    clock = Clock(original())
    for name, module in list(sys.modules.items()):
        portal = name == "portal" or name.startswith("portal.")
        if portal and getattr(module, "utcnow", None) is original:
            monkeypatch.setattr(module, "utcnow", clock)
    return clock


def device(app, user_agent: str = FIREFOX, address: str = "203.0.113.7") -> Browser:
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    return Browser(client)


def signed_in_on(app, email: str, remember: bool = False, **kwargs) -> Browser:
    browser = device(app, **kwargs)
    fields = {"remember": "y"} if remember else {}
    assert browser.login(email, **fields).status_code == 302
    return browser


def copy_of(app, browser: Browser, *names: str) -> Browser:
    """Another browser holding a copy of ``browser``'s cookies ``names``."""
    thief = device(app)
    for name in names:
        thief.client.set_cookie(name, browser.client.get_cookie(name).value)
    return thief


def signed_in(browser: Browser) -> bool:
    return browser.get("/account").status_code == 200


def records() -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(UserSession).order_by(UserSession.id)))


def test_a_cookie_copied_before_sign_out_is_refused_after(app, participant):
    browser = signed_in_on(app, participant.email, remember=True)
    session_copy = copy_of(app, browser, "session")
    remember_copy = copy_of(app, browser, "remember_token")
    assert signed_in(session_copy)
    browser.logout()
    assert not signed_in(browser)
    assert not signed_in(session_copy)
    assert not signed_in(remember_copy)
    assert [r.end_reason for r in records()] == ["signed_out"]


def test_sign_in_makes_a_new_csrf_token_and_forgets_earlier_state(app, participant):
    browser = device(app)
    browser.get("/login")
    old_token = browser.token
    with browser.client.session_transaction() as session:
        old_raw = session["csrf_token"]
        session["planted"] = "by someone else"
        session["lang"] = "az"
    browser.login(participant.email)
    with browser.client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "az"  # the chosen language stays
    assert browser.get("/account").status_code == 200
    with browser.client.session_transaction() as session:
        assert session["csrf_token"] != old_raw
    assert browser.token != old_token
    stale = browser.post("/account/sessions", {"csrf_token": old_token})
    assert stale.status_code == 400  # the pre-sign-in token is no good
    assert len(records()) == 1 and records()[0].ended_at is None


def test_an_idle_participant_session_ends_after_two_hours(app, clock, participant):
    browser = signed_in_on(app, participant.email)
    clock.advance(minutes=119)
    assert signed_in(browser)
    clock.advance(minutes=119)  # activity keeps it going
    assert signed_in(browser)
    clock.advance(minutes=120)
    assert not signed_in(browser)
    assert records()[0].end_reason == "idle"
    clock.advance(minutes=1)
    assert not signed_in(browser)  # and it stays ended


def test_staff_sessions_end_after_thirty_idle_minutes(app, clock, trainer):
    browser = signed_in_on(app, trainer.email)
    clock.advance(minutes=29)
    assert signed_in(browser)
    clock.advance(minutes=30)
    assert not signed_in(browser)


def test_idle_limits_are_configurable(app, clock, trainer):
    app.config["SESSION_IDLE_MINUTES_STAFF"] = 5
    browser = signed_in_on(app, trainer.email)
    clock.advance(minutes=6)
    assert not signed_in(browser)


def test_a_session_ends_twelve_hours_after_sign_in_however_active(
    app, clock, participant
):
    browser = signed_in_on(app, participant.email)
    for _ in range(11):
        clock.advance(minutes=60)
        assert signed_in(browser)
    clock.advance(minutes=60)
    assert not signed_in(browser)
    assert records()[0].end_reason == "expired"


def test_the_remember_cookie_is_rotated_on_use(app, clock, participant):
    browser = signed_in_on(app, participant.email, remember=True)
    first = browser.client.get_cookie("remember_token").value
    old_copy = copy_of(app, browser, "remember_token")
    browser.client.delete_cookie("session")  # the browser was closed
    clock.advance(hours=20)
    assert signed_in(browser)
    second = browser.client.get_cookie("remember_token").value
    assert second != first
    assert not signed_in(old_copy)  # the old cookie was used up
    assert signed_in(browser)
    browser.client.delete_cookie("session")
    assert signed_in(browser)  # the new cookie works, once more
    assert browser.client.get_cookie("remember_token").value not in (first, second)
    rows = records()
    assert [r.end_reason for r in rows] == ["rotated", "rotated", None]
    assert len({r.expires_at for r in rows}) == 1  # rotation never extends it
    assert len({r.signed_in_at for r in rows}) == 1


def test_remember_me_lasts_at_most_thirty_days(app, clock, participant):
    browser = device(app)
    browser.get("/login")
    response = browser.post(
        "/login", {"email": participant.email, "password": PASSWORD, "remember": "y"}
    )
    cookie = next(
        h for h in response.headers.getlist("Set-Cookie") if "remember_token" in h
    )
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    (record,) = records()
    assert record.expires_at - record.signed_in_at == timedelta(days=30)
    for _ in range(4):
        clock.advance(days=6)
        browser.client.delete_cookie("session")
        assert signed_in(browser)
    clock.advance(days=6)  # 30 days after signing in
    browser.client.delete_cookie("session")
    assert not signed_in(browser)


def test_a_longer_remember_setting_is_capped_at_thirty_days(app, participant):
    app.config["REMEMBER_COOKIE_DURATION"] = 365 * 24 * 3600
    signed_in_on(app, participant.email, remember=True)
    (record,) = records()
    assert record.expires_at - record.signed_in_at == timedelta(days=30)


def test_a_remembered_session_unused_for_a_week_ends(app, clock, participant):
    browser = signed_in_on(app, participant.email, remember=True)
    clock.advance(days=7, minutes=1)
    browser.client.delete_cookie("session")
    assert not signed_in(browser)


def test_a_password_change_ends_other_sessions_and_remember_cookies(app, participant):
    remembered = signed_in_on(app, participant.email, remember=True)
    other = signed_in_on(app, participant.email)
    browser = signed_in_on(app, participant.email)
    changed = browser.post(
        "/account/password",
        {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert signed_in(browser)
    assert not signed_in(other)
    remembered.client.delete_cookie("session")  # the remember cookie alone
    assert not signed_in(remembered)
    assert sorted(r.end_reason or "" for r in records()) == ["", "password", "password"]


def test_an_email_change_ends_other_sessions_and_remember_cookies(
    app, participant, mailbox
):
    remembered = signed_in_on(app, participant.email, remember=True)
    browser = signed_in_on(app, participant.email)
    browser.post(
        "/account/email", {"new_email": "new@example.org", "current": PASSWORD}
    )
    link = mailbox.link("new@example.org", "account/email")
    browser.get(link)
    assert signed_in(remembered)  # nothing changes until the button is pressed
    browser.post(link)
    assert signed_in(browser)
    remembered.client.delete_cookie("session")
    assert not signed_in(remembered)


def test_a_reset_password_ends_every_session(app, participant, mailbox):
    remembered = signed_in_on(app, participant.email, remember=True)
    stranger = device(app)
    forgot(stranger, participant.email)
    link = last_link(mailbox, participant.email)
    stranger.get(link)
    stranger.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    remembered.client.delete_cookie("session")
    assert not signed_in(remembered)


def test_a_deactivated_account_is_signed_out(app, participant):
    browser = signed_in_on(app, participant.email)
    participant.active = False
    db.session.commit()
    assert not signed_in(browser)


def test_the_account_page_lists_sessions_and_marks_this_one(app, participant):
    signed_in_on(app, participant.email, user_agent=IPHONE, address="198.51.100.4")
    laptop = signed_in_on(app, participant.email, remember=True)
    page = laptop.get("/account").get_data(as_text=True)
    items = re.findall(r'<li class="session-item">(.*?)</li>', page, re.S)
    assert len(items) == 2
    (here,) = [item for item in items if "This session" in item]
    (phone,) = [item for item in items if "This session" not in item]
    assert "Firefox on Linux" in here and "203.0.113.7" in here
    assert 'action="/logout"' in here  # this one signs out as usual
    assert "Mobile Safari on iOS (iPhone)" in phone and "198.51.100.4" in phone
    assert END_FORM.search(phone)
    assert "Signed in" in phone and "Last active" in phone


def test_a_session_ended_from_the_list_is_signed_out(app, participant):
    phone = signed_in_on(app, participant.email, user_agent=IPHONE)
    laptop = signed_in_on(app, participant.email)
    action, record_id = END_FORM.search(
        laptop.get("/account").get_data(as_text=True)
    ).groups()
    assert laptop.post(action).status_code == 302
    assert not signed_in(phone)
    assert signed_in(laptop)
    page = laptop.get("/account").get_data(as_text=True)
    assert "Mobile Safari" not in page
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "session.ended")
    )
    assert event.actor_id == participant.id and event.target == participant.email
    assert event.detail["session"] == int(record_id)
    assert event.origin == "203.0.113.7"


def test_nobody_ends_another_persons_session(app, participant, trainer):
    theirs = signed_in_on(app, participant.email)
    (record,) = records()
    mine = signed_in_on(app, trainer.email)
    refused = mine.post(f"/account/sessions/{record.id}/end")
    assert refused.status_code == 404
    assert signed_in(theirs)
    assert not [
        action
        for action in db.session.scalars(select(AuditEvent.action))
        if action.startswith("session.")
    ]


def test_ending_a_session_needs_the_form_token(app, participant):
    phone = signed_in_on(app, participant.email, user_agent=IPHONE)
    laptop = signed_in_on(app, participant.email)
    action, _ = END_FORM.search(laptop.get("/account").get_data(as_text=True)).groups()
    assert laptop.post(action, csrf=False).status_code == 400
    assert signed_in(phone)


def test_sign_out_everywhere_else_is_audited(app, participant):
    others = [signed_in_on(app, participant.email) for _ in range(2)]
    browser = signed_in_on(app, participant.email)
    assert browser.post("/account/sessions").status_code == 302
    assert signed_in(browser)
    assert not any(signed_in(other) for other in others)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "session.ended_elsewhere")
    )
    assert event.actor_id == participant.id
    assert event.detail == {"sessions": 2, "this_one_too": False}


def test_last_seen_is_written_at_most_once_a_minute(app, clock, participant):
    browser = signed_in_on(app, participant.email)
    with count_queries() as statements:
        for _ in range(3):
            clock.advance(seconds=15)
            assert signed_in(browser)
    updates = [s for s in statements if s.startswith("UPDATE user_session")]
    lookups = [s for s in statements if "FROM user_session" in s]
    assert updates == []
    assert len(lookups) == 3 + 3  # one per request, and the page's own list
    clock.advance(seconds=20)
    with count_queries() as statements:
        assert signed_in(browser)
    assert len([s for s in statements if s.startswith("UPDATE user_session")]) == 1
    assert records()[0].last_seen_at == clock.now


def test_a_signed_in_page_loads_its_session_and_account_in_one_query(app, participant):
    browser = signed_in_on(app, participant.email)
    with count_queries() as statements:
        assert browser.get("/").status_code == 200
    lookups = [s for s in statements if "FROM user_session" in s]
    assert len(lookups) == 1 and "JOIN cohort" in lookups[0]  # the account too
    assert not [s for s in statements if 'FROM "user"' in s]
    assert not [s for s in statements if s.startswith("UPDATE")]


def test_sign_out_everywhere_includes_this_session(app, participant):
    remembered = signed_in_on(app, participant.email, remember=True)
    browser = signed_in_on(app, participant.email, remember=True)
    done = browser.post("/account/sessions", {"everywhere": "yes"})
    assert done.status_code == 302 and done.location.endswith("/")
    assert not signed_in(browser)
    remembered.client.delete_cookie("session")
    assert not signed_in(remembered)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "session.ended_elsewhere")
    )
    assert event.detail == {"sessions": 2, "this_one_too": True}


def test_an_operator_signs_one_account_or_everyone_out(app, participant, trainer):
    runner = app.test_cli_runner()
    theirs = signed_in_on(app, participant.email, remember=True)
    staff = signed_in_on(app, trainer.email)
    result = runner.invoke(args=["users", "sign-out", "Participant@example.org"])
    assert result.exit_code == 0 and "1 session(s) ended" in result.output
    theirs.client.delete_cookie("session")
    assert not signed_in(theirs)
    assert signed_in(staff)
    assert runner.invoke(args=["users", "sign-out", "--all"]).exit_code == 0
    assert not signed_in(staff)
    unknown = runner.invoke(args=["users", "sign-out", "nobody@example.org"])
    assert unknown.exit_code != 0 and "No such account." in unknown.output
    assert runner.invoke(args=["users", "sign-out"]).exit_code != 0
    targets = db.session.scalars(
        select(AuditEvent.target)
        .where(AuditEvent.action == "session.ended_by_operator")
        .order_by(AuditEvent.id)
    )
    assert list(targets) == ["participant@example.org", "*"]
