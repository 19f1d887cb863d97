"""Refused authorisations and staff changes leave a trace in the audit log."""

from __future__ import annotations

from portal.extensions import db
from portal.models import AuditEvent, Cohort, CohortStaff
from tests.conftest import signed_in


def _events(action: str) -> list[AuditEvent]:
    return db.session.query(AuditEvent).filter_by(action=action).all()


def test_a_participant_refused_a_staff_page_is_recorded(app, course, participant):
    browser = signed_in(app, participant)
    response = browser.get("/analytics/?token=secret-value&q=x")
    assert response.status_code == 403
    [event] = _events("access.refused")
    assert event.actor_id == participant.id
    assert event.target == "/analytics/"  # the path only, never the query
    assert "secret-value" not in str(event.detail)
    assert event.detail == {"method": "GET", "endpoint": "analytics.index"}
    assert event.origin == "127.0.0.1"


def test_a_trainer_refused_an_administrators_action_is_recorded(
    app, course, trainer, participant
):
    browser = signed_in(app, trainer)
    browser.get("/analytics/")
    browser.post(f"/admin/users/{participant.id}/role", {"role": "admin"})
    [event] = _events("access.refused")
    assert (event.actor_id, event.target) == (
        trainer.id,
        f"/admin/users/{participant.id}/role",
    )
    assert event.detail["method"] == "POST"
    db.session.refresh(participant)
    assert participant.role == "participant"


def test_a_reviewer_refused_another_cohorts_selection_is_recorded(
    app, course, make_user
):
    cohort = Cohort(name="Not yours")
    db.session.add(cohort)
    db.session.commit()
    trainer = make_user("trainer")
    assert (
        signed_in(app, trainer).get(f"/selection/cohorts/{cohort.id}").status_code
        == 403
    )
    [event] = _events("access.refused")
    assert event.target == f"/selection/cohorts/{cohort.id}"


def test_anonymous_visitors_and_ordinary_refusals_are_not_recorded(
    app, client, course, participant
):
    assert client.get("/analytics/").status_code == 302  # to sign in
    browser = signed_in(app, participant)
    assert browser.get("/modules/protection").status_code == 403  # still locked
    assert _events("access.refused") == []


def test_cohort_changes_staff_and_release_dates_are_recorded(
    app, course, admin, trainer
):
    browser = signed_in(app, admin)
    browser.get("/admin/cohorts/new")
    created = browser.post("/admin/cohorts/new", {"name": "Audited", "capacity": "10"})
    assert created.status_code == 302, created.get_data(as_text=True)
    cohort = db.session.query(Cohort).filter_by(name="Audited").one()
    [made] = _events("cohort.created")
    assert made.actor_id == admin.id and made.target == f"cohort {cohort.id}"
    assert made.detail["changed"]["name"] == "Audited"

    browser.get(f"/admin/cohorts/{cohort.id}")
    browser.post(
        f"/admin/cohorts/{cohort.id}",
        {"name": "Audited", "capacity": "12", "blind_review": "y"},
    )
    [changed] = _events("cohort.changed")
    assert changed.detail["changed"] == {"capacity": "12", "blind_review": "True"}

    browser.post(
        f"/admin/cohorts/{cohort.id}/staff",
        {"teachers": [str(trainer.id)], "reviewers": [str(trainer.id)]},
    )
    [staffed] = _events("cohort.staff_changed")
    assert staffed.detail == {
        "before": {},
        "after": {"reviewer": [trainer.id], "teacher": [trainer.id]},
    }
    assert db.session.query(CohortStaff).count() == 2

    browser.post(
        f"/admin/cohorts/{cohort.id}/releases", {"release-basics": "2027-01-05"}
    )
    [released] = _events("cohort.releases_changed")
    assert released.detail == {"before": {}, "after": {"basics": "2027-01-05"}}

    # saving the same again records nothing new
    browser.post(
        f"/admin/cohorts/{cohort.id}/staff",
        {"teachers": [str(trainer.id)], "reviewers": [str(trainer.id)]},
    )
    browser.post(
        f"/admin/cohorts/{cohort.id}/releases", {"release-basics": "2027-01-05"}
    )
    assert len(_events("cohort.staff_changed")) == 1
    assert len(_events("cohort.releases_changed")) == 1
