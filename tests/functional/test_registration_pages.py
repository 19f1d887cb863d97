"""The registration pages: registering and giving up from the session page's box,
"My registrations", the staff list with its downloads, and every refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, SessionRegistration
from portal.services import programme_mail
from portal.services import registrations as service
from portal.timeutil import utcnow
from tests.conftest import signed_in
from tests.integration import test_registrations as shared

cohort, people = shared.cohort, shared.people  # the integration tests' fixtures


@pytest.fixture
def member(people):
    return people[0]


@pytest.fixture
def others(people):
    return people[1:3]


@pytest.fixture
def event(make_session, cohort):
    return make_session(
        cohort,
        kind="partner_event",
        title="UNHCR open day",
        required=False,
        capacity=2,
    )


def _status(event, user) -> str | None:
    db.session.expire_all()
    return db.session.scalar(
        select(SessionRegistration.status).where(
            SessionRegistration.session_id == event.id,
            SessionRegistration.user_id == user.id,
        )
    )


def _box(app, session, user) -> str:
    """The session page's registration box, as ``user`` sees it."""
    with app.test_request_context("/programme/sessions/1"):
        login_user(user)
        return render_template("programme/_registration.html", session=session)


def test_the_box_offers_a_place_and_counts_them(app, event, member):
    html = _box(app, event, member)
    assert "2 of 2 places left." in html
    assert f'action="/programme/sessions/{event.id}/register"' in html
    assert "Register</button>" in html


def test_the_box_shows_the_waiting_position(app, event, member, others):
    for person in others:
        service.register(event.id, person, utcnow())
    html = _box(app, event, member)
    assert "Full: all 2 places are taken." in html
    assert "Join the waiting list" in html
    service.register(event.id, member, utcnow())
    html = _box(app, event, member)
    assert "Waiting list" in html and "number 1 in the queue" in html
    assert "Leave the waiting list" in html


def test_the_box_of_a_required_session_asks_no_registration(
    app, make_session, cohort, member
):
    html = _box(app, make_session(cohort), member)
    assert "attendance is expected" in html and "<form" not in html


def test_the_box_of_a_started_event_says_registration_closed(
    app, make_session, cohort, member
):
    started = make_session(
        cohort, required=False, starts_at=utcnow() - timedelta(minutes=1)
    )
    html = _box(app, started, member)
    assert "Registration closed when the session started." in html
    assert "<form" not in html


def test_the_box_shows_staff_the_list(app, event, admin, others):
    service.register(event.id, others[0], utcnow())
    html = _box(app, event, admin)
    assert f"/programme/sessions/{event.id}/registrations" in html
    assert "Who is registered (1)" in html and "<form" not in html


def test_registering_and_giving_up_through_the_pages(browser, event, member, others):
    browser.login(member.email)
    back = f"/programme/sessions/{event.id}"
    response = browser.post(f"{back}/register", {"back": back})
    assert response.status_code == 302 and response.headers["Location"] == back
    assert _status(event, member) == "registered"
    # A limited place asks first: a bare post changes nothing.
    asked = browser.post(f"{back}/unregister", {"back": "/programme/registrations"})
    assert asked.status_code == 200 and 'name="confirmed"' in asked.get_data(True)
    assert _status(event, member) == "registered"
    done = browser.post(
        f"{back}/unregister", {"back": "/programme/registrations", "confirmed": "yes"}
    )
    assert done.headers["Location"] == "/programme/registrations"
    assert _status(event, member) == "cancelled"


def test_an_unlimited_event_is_left_without_asking(
    browser, make_session, cohort, member
):
    open_event = make_session(cohort, required=False, capacity=None)
    browser.login(member.email)
    browser.post(f"/programme/sessions/{open_event.id}/register")
    response = browser.post(f"/programme/sessions/{open_event.id}/unregister")
    assert response.status_code == 302
    assert _status(open_event, member) == "cancelled"


def test_giving_up_a_place_offers_it_to_the_first_waiting(
    browser, event, member, others, monkeypatch
):
    told = []
    monkeypatch.setattr(
        programme_mail, "place_offered", lambda r, now: told.append(r.user_id)
    )
    service.register(event.id, member, utcnow())
    for person in others:
        service.register(event.id, person, utcnow())
    browser.login(member.email)
    browser.post(f"/programme/sessions/{event.id}/unregister", {"confirmed": "yes"})
    assert told == [others[1].id] and _status(event, others[1]) == "registered"


def test_the_back_field_cannot_send_anyone_elsewhere(browser, event, member):
    browser.login(member.email)
    response = browser.post(
        f"/programme/sessions/{event.id}/register", {"back": "//evil.example/"}
    )
    assert response.headers["Location"] == f"/programme/sessions/{event.id}"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"required": True}, "attendance is expected"),
        ({"status": "cancelled"}, "This session is cancelled"),
        (
            {"starts_at": utcnow() - timedelta(minutes=5)},
            "Registration closed when the session started.",
        ),
    ],
    ids=["required", "cancelled", "started"],
)
def test_refused_registrations_say_why(
    browser, make_session, cohort, member, fields, message
):
    fields.setdefault("required", False)
    session = make_session(cohort, capacity=5, **fields)
    browser.login(member.email)
    response = browser.post(
        f"/programme/sessions/{session.id}/register", follow_redirects=True
    )
    assert message in response.get_data(as_text=True)
    assert _status(session, member) is None


def test_another_cohorts_participant_gets_not_found(
    browser, event, make_user, make_cohort
):
    stranger = make_user()
    stranger.cohort_id = make_cohort("Autumn").id
    db.session.commit()
    browser.login(stranger.email)
    for action in ("register", "unregister"):
        response = browser.post(
            f"/programme/sessions/{event.id}/{action}", {"confirmed": "yes"}
        )
        assert response.status_code == 404
    assert _status(event, stranger) is None


def test_anonymous_visitors_are_sent_to_sign_in(browser, event):
    for url in (
        "/programme/registrations",
        f"/programme/sessions/{event.id}/registrations",
    ):
        response = browser.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = browser.post(f"/programme/sessions/{event.id}/register")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalars(select(SessionRegistration)).all() == []


def test_a_post_without_the_form_token_is_refused(browser, event, member):
    browser.login(member.email)
    response = browser.post(f"/programme/sessions/{event.id}/register", csrf=False)
    assert response.status_code == 400
    assert _status(event, member) is None


def test_my_registrations_lists_places_and_queue(
    browser, event, member, others, make_session, cohort
):
    for person in others:
        service.register(event.id, person, utcnow())
    service.register(event.id, member, utcnow())
    talk = make_session(cohort, title="Study visit", required=False, capacity=9)
    service.register(talk.id, member, utcnow())
    browser.login(member.email)
    page = browser.get("/programme/registrations").get_data(as_text=True)
    assert "UNHCR open day" in page and "number 1 in the queue" in page
    assert "Study visit" in page and "Give up my place" in page
    assert f'href="/programme/sessions/{talk.id}"' in page


def test_my_registrations_when_there_are_none(browser, member):
    browser.login(member.email)
    page = browser.get("/programme/registrations").get_data(as_text=True)
    assert "You have no registrations for events to come." in page


def test_teachers_see_the_list_in_order(
    app, event, member, others, trainer, teach, cohort
):
    teach(trainer, cohort)
    service.register(event.id, member, utcnow())
    for person in others:
        service.register(event.id, person, utcnow())
    page = signed_in(app, trainer).get(f"/programme/sessions/{event.id}/registrations")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.index(member.email) < text.index(others[0].email)
    assert text.index(others[0].email) < text.index(others[1].email)  # waiting


def test_a_teacher_removes_someone_after_confirming(
    app, event, member, trainer, teach, cohort
):
    teach(trainer, cohort)
    registration = service.register(event.id, member, utcnow())
    staff = signed_in(app, trainer)
    staff.get(f"/programme/sessions/{event.id}/registrations")
    url = f"/programme/sessions/{event.id}/registrations/{registration.id}/remove"
    assert 'name="confirmed"' in staff.post(url).get_data(as_text=True)
    assert _status(event, member) == "registered"
    assert staff.post(url, {"confirmed": "yes"}).status_code == 302
    assert _status(event, member) == "cancelled"


@pytest.mark.parametrize("who", ["stranger", "participant"])
def test_the_list_is_refused_to_others(app, event, member, make_user, who):
    person = make_user("trainer") if who == "stranger" else member
    response = signed_in(app, person).get(
        f"/programme/sessions/{event.id}/registrations"
    )
    assert response.status_code == (404 if who == "stranger" else 403)


def test_a_trainer_of_another_cohort_cannot_remove(app, event, member, make_user):
    registration = service.register(event.id, member, utcnow())
    staff = signed_in(app, make_user("trainer"))
    response = staff.post(
        f"/programme/sessions/{event.id}/registrations/{registration.id}/remove",
        {"confirmed": "yes"},
    )
    assert response.status_code == 404
    assert _status(event, member) == "registered"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_list_downloads_and_is_audited(app, event, member, admin, fmt):
    service.register(event.id, member, utcnow())
    response = signed_in(app, admin).get(
        f"/programme/sessions/{event.id}/registrations?format={fmt}"
    )
    assert response.status_code == 200
    stem = f"session-{event.id}-registrations"
    assert f'filename="{stem}.{fmt}"' in response.headers["Content-Disposition"]
    if fmt == "csv":
        assert member.email in response.get_data(as_text=True)
    event_row = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "export.downloaded")
    )
    assert (event_row.actor_id, event_row.target) == (admin.id, stem)
    assert event_row.detail["rows"] == 1
