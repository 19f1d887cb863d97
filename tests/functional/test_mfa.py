"""Two-step sign-in through the pages: set-up, the code step, recovery codes,
turning it off, the requirement for staff and an administrator's reset."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from portal.cli import create_demo_accounts
from portal.extensions import db
from portal.models import (
    AuditEvent,
    Cohort,
    CohortStaff,
    MfaCredential,
    OutboxMessage,
    RecoveryCode,
)
from portal.security import vault
from portal.services import mfa
from portal.timeutil import utcnow
from tests.conftest import PASSWORD, Browser, signed_in
from tests.integration.counting import count_queries

CODE = re.compile(r'<code class="code">((?:[a-z0-9]{4}-){5}[a-z0-9]{4})</code>')


def code(secret: str, offset: int = 0) -> str:
    """The app's code now, or ``offset`` steps away (a later one than a code just
    used, which is refused as a replay)."""
    return pyotp.TOTP(secret).at(utcnow(), counter_offset=offset)


def set_up(browser: Browser, user) -> tuple[str, list[str]]:
    """Turn two-step sign-in on through the set-up page: (secret, recovery codes)."""
    browser.get("/account/mfa")
    browser.post("/account/mfa/start")
    secret = vault.decrypt(mfa.credential(user.id).secret)
    page = browser.post("/account/mfa/confirm", {"code": code(secret)})
    assert page.status_code == 200
    return secret, CODE.findall(page.get_data(as_text=True))


def actions() -> list[str]:
    """The two-step sign-in's own events (signing in is logged too)."""
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.not_like("auth.%"))
            .order_by(AuditEvent.id)
        )
    )


def start_sign_in(app, email: str, remember: bool = False, next_page: str = ""):
    browser = Browser(app.test_client())
    browser.get("/login")
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    url = f"/login?next={next_page}" if next_page else "/login"
    return browser, browser.post(url, data)


def test_set_up_shows_secret_and_qr_once_and_needs_a_first_code(
    app, browser, participant
):
    browser.login(participant.email)
    page = browser.get("/account/mfa").get_data(as_text=True)
    assert "Set up two-step sign-in" in page and 'src="data:image/svg' not in page
    browser.post("/account/mfa/start")
    page = browser.get("/account/mfa").get_data(as_text=True)
    secret = vault.decrypt(mfa.credential(participant.id).secret)
    assert secret in page and 'src="data:image/svg+xml' in page
    assert "otpauth://totp/" in page
    wrong = browser.post("/account/mfa/confirm", {"code": "000000"})
    assert wrong.status_code == 422 and not mfa.enabled(participant.id)
    done = browser.post("/account/mfa/confirm", {"code": code(secret)})
    codes = CODE.findall(done.get_data(as_text=True))
    assert len(codes) == 10 and mfa.enabled(participant.id)
    assert secret not in browser.get("/account/mfa").get_data(as_text=True)
    # Stored encrypted, and the recovery codes only as hashes.
    stored = mfa.credential(participant.id).secret
    hashes = list(db.session.scalars(select(RecoveryCode.code_hash)))
    assert secret not in stored and len(hashes) == 10
    assert not {c.replace("-", "") for c in codes} & set(hashes)
    assert actions() == ["mfa.enabled"]


def test_set_up_cannot_restart_once_on(app, browser, participant):
    browser.login(participant.email)
    set_up(browser, participant)
    assert browser.post("/account/mfa/start").status_code == 400
    assert mfa.enabled(participant.id)


def test_sign_in_asks_for_the_code_and_keeps_next_and_remember(
    app, browser, participant
):
    browser.login(participant.email)
    secret, _ = set_up(browser, participant)
    browser.logout()
    second, asked = start_sign_in(app, participant.email, True, "/account")
    assert asked.status_code == 302
    assert asked.headers["Location"] == "/login/verify?next=/account"
    assert second.get("/account").status_code == 302  # not signed in yet
    wrong = second.post("/login/verify?next=/account", {"code": "123456"})
    assert wrong.status_code == 422 and "not right" in wrong.get_data(as_text=True)
    right = second.post("/login/verify?next=/account", {"code": code(secret, 1)})
    assert right.headers["Location"] == "/account"
    assert "remember_token" in right.headers.get("Set-Cookie", "")
    assert second.get("/account").status_code == 200
    assert actions() == ["mfa.enabled", "mfa.failed"]


def test_a_used_code_is_refused_again(app, browser, participant):
    browser.login(participant.email)
    secret, _ = set_up(browser, participant)
    used = code(secret, 1)
    first, _ = start_sign_in(app, participant.email)
    assert first.post("/login/verify", {"code": used}).status_code == 302
    again, _ = start_sign_in(app, participant.email)
    replay = again.post("/login/verify", {"code": used})
    assert replay.status_code == 422
    assert again.get("/account").status_code == 302


def test_a_recovery_code_signs_in_once(app, browser, participant):
    browser.login(participant.email)
    _, codes = set_up(browser, participant)
    first, _ = start_sign_in(app, participant.email)
    typed = codes[0].upper().replace("-", " ")
    assert first.post("/login/verify", {"code": typed}).status_code == 302
    assert first.get("/account").status_code == 200
    again, _ = start_sign_in(app, participant.email)
    assert again.post("/login/verify", {"code": codes[0]}).status_code == 422
    assert actions() == ["mfa.enabled", "mfa.recovery_used", "mfa.failed"]
    assert mfa.unused_codes(participant.id) == 9


def test_the_code_step_expires(app, browser, participant):
    browser.login(participant.email)
    secret, _ = set_up(browser, participant)
    app.config["MFA_PENDING_SECONDS"] = 0
    late, _ = start_sign_in(app, participant.email, next_page="/account")
    answer = late.post("/login/verify?next=/account", {"code": code(secret, 1)})
    assert answer.headers["Location"] == "/login?next=/account"
    assert late.get("/account").status_code == 302


def test_the_code_step_needs_a_right_password_first(app, participant):
    browser = Browser(app.test_client())
    assert browser.get("/login/verify").headers["Location"].startswith("/login")


def test_wrong_codes_are_limited_per_account(app, browser, participant):
    browser.login(participant.email)
    secret, _ = set_up(browser, participant)
    app.config["MFA_ACCOUNT_RATE_LIMIT"] = "3 per 5 minutes"
    trying, _ = start_sign_in(app, participant.email)
    for _ in range(3):
        assert trying.post("/login/verify", {"code": "000000"}).status_code == 422
    refused = trying.post("/login/verify", {"code": code(secret, 1)})
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.get_data(as_text=True)
    # Another device signing in to the same account meets the same limit.
    other, _ = start_sign_in(app, participant.email)
    assert other.post("/login/verify", {"code": code(secret, 1)}).status_code == 429


def test_wrong_codes_are_limited_per_address(app, make_user):
    app.config["MFA_ADDRESS_RATE_LIMIT"] = "2 per 5 minutes"
    people = [make_user() for _ in range(3)]
    for person in people:
        mfa.enrol_with_secret(person.id, pyotp.random_base32(), utcnow())
    answers = []
    for person in people:
        browser, _ = start_sign_in(app, person.email)
        answers.append(browser.post("/login/verify", {"code": "000000"}).status_code)
    assert answers == [422, 422, 429]


def test_turning_it_off_needs_password_and_code(app, browser, participant):
    browser.login(participant.email)
    secret, _ = set_up(browser, participant)
    wrong = browser.post(
        "/account/mfa/disable", {"password": "wrong password", "code": code(secret, 1)}
    )
    assert wrong.status_code == 422 and mfa.enabled(participant.id)
    right = browser.post(
        "/account/mfa/disable", {"password": PASSWORD, "code": code(secret, 1)}
    )
    assert right.status_code == 302 and not mfa.enabled(participant.id)
    assert actions()[-1] == "mfa.disabled"
    assert db.session.scalars(select(RecoveryCode)).all() == []


def test_those_who_must_have_it_cannot_turn_it_off(app, admin):
    app.config["MFA_REQUIRED"] = True
    browser = Browser(app.test_client())
    browser.login(admin.email)
    secret, _ = set_up(browser, admin)
    page = browser.get("/account/mfa").get_data(as_text=True)
    assert "it stays on" in page
    refused = browser.post(
        "/account/mfa/disable", {"password": PASSWORD, "code": code(secret, 2)}
    )
    assert refused.status_code == 403 and mfa.enabled(admin.id)


def test_new_recovery_codes_replace_the_old_ones(app, browser, participant):
    browser.login(participant.email)
    _, old = set_up(browser, participant)
    refused = browser.post("/account/mfa/codes", {"password": "not it"})
    assert refused.status_code == 422
    fresh = browser.post("/account/mfa/codes", {"password": PASSWORD})
    new = CODE.findall(fresh.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    trying, _ = start_sign_in(app, participant.email)
    assert trying.post("/login/verify", {"code": old[0]}).status_code == 422
    assert trying.post("/login/verify", {"code": new[0]}).status_code == 302
    assert "mfa.codes_regenerated" in actions()


def test_new_recovery_codes_with_a_code_instead_of_the_password(
    app, browser, participant
):
    browser.login(participant.email)
    secret, _ = set_up(browser, participant)
    fresh = browser.post("/account/mfa/codes", {"code": code(secret, 1)})
    assert len(CODE.findall(fresh.get_data(as_text=True))) == 10


@pytest.fixture
def required(app):
    app.config["MFA_REQUIRED"] = True


def test_an_admin_without_it_is_sent_to_set_up_and_kept_there(
    app, required, admin, browser
):
    signed = browser.login(admin.email)
    landed = browser.get(signed.headers["Location"])
    assert landed.headers["Location"] == "/account/mfa"
    for page in ("/admin/users", "/admin/audit", "/account", "/selection/"):
        assert browser.get(page).headers.get("Location") == "/account/mfa", page
    refused = browser.post(f"/admin/users/{admin.id}/role", {"role": "participant"})
    assert refused.headers["Location"] == "/account/mfa"
    assert "your role" in browser.get("/account/mfa").get_data(as_text=True).lower()
    assert browser.get("/").status_code == 200  # public pages stay open
    set_up(browser, admin)
    assert browser.get("/admin/users").status_code == 200
    assert browser.logout().status_code == 302


def test_trainers_who_screen_applicants_must_have_it_teachers_need_not(
    app, required, make_user
):
    cohort = Cohort(name="C", starts_on=utcnow().date(), ends_on=utcnow().date())
    db.session.add(cohort)
    db.session.flush()
    teacher, reviewer = make_user("trainer"), make_user("trainer")
    db.session.add_all(
        [
            CohortStaff(cohort_id=cohort.id, user_id=teacher.id, duty="teacher"),
            CohortStaff(cohort_id=cohort.id, user_id=reviewer.id, duty="reviewer"),
        ]
    )
    db.session.commit()
    assert signed_in(app, teacher).get("/analytics/").status_code == 200
    stopped = signed_in(app, reviewer).get("/analytics/")
    assert stopped.headers["Location"] == "/account/mfa"


def test_participants_are_not_made_to_use_it(app, required, participant):
    browser = signed_in(app, participant)
    assert browser.get("/account").status_code == 200


def test_the_requirement_can_be_switched_off(app, admin):
    app.config["MFA_REQUIRED"] = False
    assert signed_in(app, admin).get("/admin/users").status_code == 200


def test_an_admin_resets_someones_after_asking_and_they_are_told(
    app, admin, participant
):
    person = Browser(app.test_client())
    person.login(participant.email)
    set_up(person, participant)
    boss = Browser(app.test_client())
    boss.login(admin.email)
    page = boss.get(f"/admin/users/{participant.id}").get_data(as_text=True)
    assert "Reset two-step sign-in" in page
    asked = boss.post(f"/admin/users/{participant.id}/mfa/reset")
    assert "Yes, reset two-step sign-in" in asked.get_data(as_text=True)
    assert mfa.enabled(participant.id)  # nothing happened yet
    done = boss.post(f"/admin/users/{participant.id}/mfa/reset", {"confirmed": "yes"})
    assert done.status_code == 302 and not mfa.enabled(participant.id)
    assert db.session.scalars(select(MfaCredential)).all() == []
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to == participant.email)
    ).one()
    assert "reset your two-step sign-in" in mail.body
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "mfa.reset")
    ).one()
    assert event.actor_id == admin.id and event.target == participant.email
    assert person.get("/account").status_code == 302  # signed out everywhere
    # The person signs in with the password alone now.
    again, answer = start_sign_in(app, participant.email)
    assert answer.headers["Location"] != "/login/verify"


def test_only_administrators_reset_it_and_not_their_own(
    app, admin, trainer, participant
):
    mfa.enrol_with_secret(participant.id, pyotp.random_base32(), utcnow())
    url = f"/admin/users/{participant.id}/mfa/reset"
    assert signed_in(app, trainer).post(url, {"confirmed": "yes"}).status_code == 403
    assert mfa.enabled(participant.id)
    secret = pyotp.random_base32()
    mfa.enrol_with_secret(admin.id, secret, utcnow())
    boss, _ = start_sign_in(app, admin.email)
    assert boss.post("/login/verify", {"code": code(secret)}).status_code == 302
    own = boss.post(f"/admin/users/{admin.id}/mfa/reset", {"confirmed": "yes"})
    assert own.status_code == 403 and mfa.enabled(admin.id)


def test_operators_reset_it_from_the_command_line(app, runner, admin):
    mfa.enrol_with_secret(admin.id, pyotp.random_base32(), utcnow())
    result = runner.invoke(args=["users", "reset-mfa", admin.email])
    assert result.exit_code == 0, result.output
    assert not mfa.enabled(admin.id)
    assert runner.invoke(args=["users", "reset-mfa", "x@example.org"]).exit_code == 1


def test_demo_staff_sign_in_with_the_documented_secret(app, required, runner):
    create_demo_accounts()
    demo_code = runner.invoke(args=["users", "demo-code"]).output.strip()
    browser = Browser(app.test_client())
    browser.get("/login")
    asked = browser.post(
        "/login", {"email": "admin@example.org", "password": "silver falcon orchard"}
    )
    assert asked.headers["Location"] == "/login/verify"
    assert browser.post("/login/verify", {"code": demo_code}).status_code == 302
    assert browser.get("/admin/users").status_code == 200


def test_demo_staff_are_not_enrolled_when_it_is_off(app, runner):
    create_demo_accounts()
    browser = Browser(app.test_client())
    browser.get("/login")
    signed = browser.post(
        "/login", {"email": "admin@example.org", "password": "silver falcon orchard"}
    )
    assert signed.headers["Location"] == "/course"


def test_demo_code_is_for_development_only(app, runner):
    app.config["ENV_NAME"] = "production"
    assert runner.invoke(args=["users", "demo-code"]).exit_code == 1


def test_a_new_password_does_not_skip_the_code(app, browser, participant, mailbox):
    from tests.functional.test_accounts import forgot
    from tests.functional.test_people import last_link

    mfa.enrol_with_secret(participant.id, pyotp.random_base32(), utcnow())
    forgot(browser, participant.email)
    link = last_link(mailbox, participant.email)
    browser.get(link)
    new = "a brand new password"
    assert browser.post(link, {"password": new, "confirm": new}).status_code == 302
    browser.get("/login")
    asked = browser.post("/login", {"email": participant.email, "password": new})
    assert asked.headers["Location"] == "/login/verify"
    assert browser.get("/account").status_code == 302


def test_the_requirement_costs_participants_no_query(app, course, participant):
    browser = Browser(app.test_client())
    browser.login(participant.email)
    counts = {}
    for required in (False, True):
        app.config["MFA_REQUIRED"] = required
        browser.get("/course")  # the outline and progress caches are warm
        with count_queries() as statements:
            assert browser.get("/course").status_code == 200
        counts[required] = len(statements)
    assert counts[True] == counts[False]
