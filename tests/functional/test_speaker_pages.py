"""The speakers list: staff add, correct and deactivate speakers; nobody else
sees it."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import AuditEvent, Speaker
from tests.conftest import signed_in


@pytest.fixture
def staff(app, trainer):
    return signed_in(app, trainer)


def everyone() -> list[Speaker]:
    return list(db.session.scalars(db.select(Speaker).order_by(Speaker.id)))


def test_a_trainer_adds_and_corrects_a_speaker(staff, trainer):
    assert "No speakers yet." in staff.get("/programme/speakers").get_data(as_text=True)
    assert staff.get("/programme/speakers/new").status_code == 200
    response = staff.post(
        "/programme/speakers/new",
        {"name": "  Rauf   Həsənov ", "role": "Lecturer", "organisation": "ADA"},
    )
    assert response.headers["Location"] == "/programme/speakers"
    [speaker] = everyone()
    assert (speaker.name, speaker.role, speaker.organisation, speaker.active) == (
        "Rauf Həsənov",
        "Lecturer",
        "ADA",
        True,
    )
    form = staff.get(f"/programme/speakers/{speaker.id}/edit").get_data(as_text=True)
    assert 'value="Lecturer"' in form
    staff.post(
        f"/programme/speakers/{speaker.id}/edit",
        {"name": "Rauf Həsənov", "role": "Professor", "organisation": "ADA"},
    )
    db.session.refresh(speaker)
    assert speaker.role == "Professor"
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.action.like("speaker.%"))
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("speaker.added", trainer.id),
        ("speaker.changed", trainer.id),
    ]
    assert events[1].detail == {"changed": ["role"]}


def test_deactivated_speakers_are_listed_last_and_not_offered(
    staff, app, trainer, make_cohort, teach
):
    db.session.add_all([Speaker(name="Aysel Bayramova"), Speaker(name="Zaur Əliyev")])
    db.session.commit()
    first = everyone()[0]
    staff.post(f"/programme/speakers/{first.id}/active", {"active": "0"})
    db.session.refresh(first)
    assert not first.active
    listing = staff.get("/programme/speakers").get_data(as_text=True)
    assert listing.index("Zaur Əliyev") < listing.index("Aysel Bayramova")
    assert "Deactivated" in listing and "Reactivate" in listing
    cohort = make_cohort()
    teach(trainer, cohort)
    form = staff.get(f"/programme/cohorts/{cohort.id}/sessions/new")
    assert "Aysel Bayramova" not in form.get_data(as_text=True)
    staff.post(f"/programme/speakers/{first.id}/active", {"active": "1"})
    db.session.refresh(first)
    assert first.active


def test_a_speaker_needs_a_name(staff):
    response = staff.post("/programme/speakers/new", {"name": "   ", "role": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    assert everyone() == []


def test_an_unknown_speaker_is_not_found(staff):
    assert staff.get("/programme/speakers/999/edit").status_code == 404
    assert (
        staff.post("/programme/speakers/999/active", {"active": "0"}).status_code == 404
    )


def test_participants_cannot_see_or_change_the_list(app, participant):
    db.session.add(Speaker(name="Kept"))
    db.session.commit()
    [speaker] = everyone()
    browser = signed_in(app, participant)
    for url in ("/programme/speakers", "/programme/speakers/new"):
        assert browser.get(url).status_code == 403
    assert (
        browser.post("/programme/speakers/new", {"name": "Intruder"}).status_code == 403
    )
    assert (
        browser.post(
            f"/programme/speakers/{speaker.id}/active", {"active": "0"}
        ).status_code
        == 403
    )
    assert [s.name for s in everyone()] == ["Kept"] and everyone()[0].active


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/programme/speakers/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
