"""User management, password links, certificate revocation and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Certificate, User
from portal.timeutil import utcnow
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new password"


def last_link(mailbox, to: str) -> str:
    """The set-password link of the last mail to ``to``, as it was sent."""
    return mailbox.link(to, "reset-password")


def signs_in(browser, email: str, password: str) -> bool:
    browser.logout()
    response = browser.login(email, password)
    return response.status_code == 302


def staff_events():
    """What administrators did: signing in is logged too, but not asked about here."""
    return select(AuditEvent).where(AuditEvent.action.not_like("auth.%"))


def actions() -> list[str]:
    return [
        e.action for e in db.session.scalars(staff_events().order_by(AuditEvent.id))
    ]


def test_invitation_sets_a_password_once(browser, admin, mailbox):
    browser.login(admin.email)
    assert browser.get("/admin/users/invite").status_code == 200
    response = browser.post(
        "/admin/users/invite",
        {
            "email": "New.Trainer@example.org",
            "full_name": "New Trainer",
            "role": "trainer",
            "cohort_id": "0",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(
        select(User).where(User.email == "new.trainer@example.org")
    )
    assert user.role == "trainer"
    link = last_link(mailbox, user.email)
    browser.logout()
    page = browser.get(link)
    assert page.status_code == 200 and "Choose a password" in page.get_data(
        as_text=True
    )
    short = browser.post(link, {"password": "short", "confirm": "short"})
    assert short.status_code == 200  # the form shows the error
    done = browser.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert browser.get(link).status_code == 404  # used up
    assert signs_in(browser, user.email, NEW_PASSWORD)
    assert "user.invited" in actions()


def test_invitation_refuses_an_existing_email(browser, admin, participant):
    browser.login(admin.email)
    response = browser.post(
        "/admin/users/invite",
        {
            "email": participant.email,
            "full_name": "Again",
            "role": "participant",
            "cohort_id": "0",
        },
    )
    assert response.status_code == 200
    assert "exists already" in response.get_data(as_text=True)


def test_reset_link_works_once(browser, admin, participant, mailbox):
    browser.login(admin.email)
    assert browser.get(f"/admin/users/{participant.id}").status_code == 200
    assert browser.post(f"/admin/users/{participant.id}/reset").status_code == 302
    link = last_link(mailbox, participant.email)
    assert signs_in(browser, participant.email, PASSWORD)  # still works meanwhile
    browser.logout()
    assert (
        browser.post(
            link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        ).status_code
        == 302
    )
    assert (
        browser.post(
            link, {"password": "another one!!", "confirm": "another one!!"}
        ).status_code
        == 404
    )
    assert not signs_in(browser, participant.email, PASSWORD)
    assert signs_in(browser, participant.email, NEW_PASSWORD)
    assert "user.password_reset_sent" in actions()


def test_forged_link_is_refused(browser):
    assert browser.get("/reset-password/not-a-token").status_code == 404


def test_deactivated_user_cannot_sign_in(browser, admin, participant):
    browser.login(admin.email)
    browser.post(f"/admin/users/{participant.id}/active", {"active": "0"})
    assert not db.session.get(User, participant.id).active
    assert not signs_in(browser, participant.email, PASSWORD)
    browser.login(admin.email)
    browser.post(f"/admin/users/{participant.id}/active", {"active": "1"})
    assert signs_in(browser, participant.email, PASSWORD)
    assert actions()[-2:] == ["user.deactivated", "user.reactivated"]


def test_role_change_and_self_protection(browser, admin, participant):
    browser.login(admin.email)
    browser.post(f"/admin/users/{participant.id}/role", {"role": "trainer"})
    assert db.session.get(User, participant.id).role == "trainer"
    assert (
        browser.post(
            f"/admin/users/{admin.id}/role", {"role": "participant"}
        ).status_code
        == 403
    )
    assert (
        browser.post(f"/admin/users/{admin.id}/active", {"active": "0"}).status_code
        == 403
    )
    refused = db.session.scalars(
        select(AuditEvent.target).where(AuditEvent.action == "access.refused")
    ).all()
    assert refused == [
        f"/admin/users/{admin.id}/role",
        f"/admin/users/{admin.id}/active",
    ]
    event = db.session.scalars(
        staff_events().where(AuditEvent.action != "access.refused")
    ).one()
    assert (event.action, event.actor_id, event.detail) == (
        "user.role_changed",
        admin.id,
        {"old": "participant", "new": "trainer"},
    )


def test_user_list_searches(browser, admin, participant, trainer):
    browser.login(admin.email)
    page = browser.get("/admin/users?q=aygün").get_data(as_text=True)
    assert participant.email in page and trainer.email not in page
    page = browser.get("/admin/users?role=trainer").get_data(as_text=True)
    assert trainer.email in page and participant.email not in page


@pytest.fixture
def certificate(participant):
    found = Certificate(
        user_id=participant.id,
        code="MS-AAAA-BBBB-CCCC-DDDD",
        full_name="Aygun Mammadova",
        programme="Migration School",
        issued_at=utcnow(),
    )
    db.session.add(found)
    db.session.commit()
    return found


def test_revoke_then_verify_says_revoked(browser, admin, certificate):
    browser.login(admin.email)
    assert "Aygun Mammadova" in browser.get("/analytics/certificates").get_data(
        as_text=True
    )
    assert browser.get(f"/analytics/certificates/{certificate.id}").status_code == 200
    empty = browser.post(
        f"/analytics/certificates/{certificate.id}/revoke", {"reason": ""}
    )
    assert empty.status_code == 422
    asked = browser.post(
        f"/analytics/certificates/{certificate.id}/revoke",
        {"reason": "Issued in error"},
    )
    assert "Revoking cannot be undone" in asked.text
    db.session.refresh(certificate)
    assert certificate.revoked_at is None
    browser.post(
        f"/analytics/certificates/{certificate.id}/revoke",
        {"reason": "Issued in error", "confirmed": "yes"},
    )
    verify = browser.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Revoked certificate" in verify
    revoked = browser.get("/analytics/certificates?state=revoked").get_data(
        as_text=True
    )
    assert certificate.code in revoked
    assert actions() == ["certificate.revoked"]


def test_reissue_corrects_the_name(browser, admin, participant, certificate):
    browser.login(admin.email)
    old_code = certificate.code
    browser.post(
        f"/analytics/certificates/{certificate.id}/reissue",
        {"full_name": "Aygün Məmmədova"},
    )
    db.session.refresh(certificate)
    assert certificate.full_name == "Aygün Məmmədova"
    assert certificate.code != old_code
    assert db.session.get(User, participant.id).full_name == "Aygün Məmmədova"
    page = browser.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Valid certificate" in page and "Aygün Məmmədova" in page
    assert browser.get(f"/verify/{old_code}").status_code == 404
    event = db.session.scalars(staff_events()).one()
    assert event.detail["old_code"] == old_code


def test_audit_log_lists_actions(browser, admin, participant, certificate):
    browser.login(admin.email)
    browser.post(f"/admin/users/{participant.id}/role", {"role": "trainer"})
    browser.post(
        f"/analytics/certificates/{certificate.id}/revoke",
        {"reason": "Wrong person", "confirmed": "yes"},
    )
    page = browser.get("/admin/audit").get_data(as_text=True)
    assert "user.role_changed" in page and "certificate.revoked" in page
    filtered = browser.get("/admin/audit?action=certificate.revoked").get_data(
        as_text=True
    )
    assert "Wrong person" in filtered and "old: participant" not in filtered


def test_an_audited_action_records_the_client_address(browser, admin, make_user):
    target = make_user("participant")
    browser.login(admin.email)
    response = browser.post(
        f"/admin/users/{target.id}/active",
        {"active": "0", "confirmed": "yes"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert response.status_code == 302
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.deactivated")
    ).one()
    assert event.origin == "198.51.100.7"
    assert "198.51.100.7" in browser.get("/admin/audit").get_data(as_text=True)
