"""The attendance pages: the register, the room's code screen and its JSON, the
participant's check-in form and the session page's attendance links; every
refusal the issue names, through the real pages."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import render_template
from sqlalchemy import select

from portal.domain import checkin as rules
from portal.extensions import db
from portal.models import AttendanceMark, AuditEvent
from portal.timeutil import utcnow
from tests.conftest import signed_in


@pytest.fixture
def room(make_cohort, make_user, trainer, teach, make_session, participant):
    """A cohort taught by ``trainer``, two participants, a session that started
    five minutes ago, and one next week."""
    cohort = make_cohort()
    teach(trainer, cohort)
    other = make_user(name="Rəşad Quliyev")
    participant.cohort_id = other.cohort_id = cohort.id
    db.session.commit()
    now = utcnow().replace(microsecond=0)
    session = make_session(
        cohort, starts_at=now - timedelta(minutes=5), title="Asylum law"
    )
    later = make_session(cohort, starts_at=now + timedelta(days=7))
    return cohort, session, later, (participant, other)


def _mark(session_id, user_id):
    db.session.expire_all()
    return db.session.scalar(
        select(AttendanceMark).where(
            AttendanceMark.session_id == session_id, AttendanceMark.user_id == user_id
        )
    )


def _code(session) -> str:
    db.session.expire_all()
    return rules.room_code(session.checkin_secret, utcnow())


def test_the_register_page_lists_the_cohort_and_saves_marks(app, room, trainer):
    _cohort, session, _later, (a, b) = room
    browser = signed_in(app, trainer)
    page = browser.get(f"/attendance/sessions/{session.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert a.full_name in html and b.full_name in html and "Asylum law" in html
    assert f'name="status-{a.id}"' in html and "Mark all present" in html
    saved = browser.post(
        f"/attendance/sessions/{session.id}",
        {
            f"status-{a.id}": "present",
            f"status-{b.id}": "excused",
            f"note-{b.id}": "ill",
        },
    )
    assert saved.status_code == 302
    page = browser.get(f"/attendance/sessions/{session.id}").get_data(as_text=True)
    assert "Register saved: 2 marks added." in page
    assert 'value="excused" checked' in page and 'value="ill"' in page
    assert _mark(session.id, b.id).note == "ill"
    browser.post(f"/attendance/sessions/{session.id}", {f"status-{b.id}": "absent"})
    assert "Register saved: 1 mark corrected." in browser.get(
        f"/attendance/sessions/{session.id}"
    ).get_data(as_text=True)
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "attendance.corrected")
    ).all()
    assert event.detail["before"]["status"] == "excused"
    assert event.detail["after"] == {"status": "absent", "note": ""}


def test_a_forged_register_row_is_refused(app, room, trainer, make_user):
    _cohort, session, _later, _people = room
    stranger = make_user()
    browser = signed_in(app, trainer)
    browser.get(f"/attendance/sessions/{session.id}")
    for forged in ({f"status-{stranger.id}": "present"}, {"status-1": "asleep"}):
        assert (
            browser.post(f"/attendance/sessions/{session.id}", forged).status_code
            == 400
        )
    assert _mark(session.id, stranger.id) is None


def test_mark_all_present_marks_the_rest(app, room, trainer):
    _cohort, session, _later, (a, b) = room
    browser = signed_in(app, trainer)
    browser.get(f"/attendance/sessions/{session.id}")
    browser.post(f"/attendance/sessions/{session.id}", {f"status-{a.id}": "late"})
    response = browser.post(f"/attendance/sessions/{session.id}/all-present")
    assert response.status_code == 302
    page = browser.get(f"/attendance/sessions/{session.id}").get_data(as_text=True)
    assert "1 participant marked present." in page
    assert _mark(session.id, a.id).status == "late"
    assert _mark(session.id, b.id).status == "present"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_who_came_downloads_and_is_audited(app, room, trainer, fmt):
    _cohort, session, _later, (a, b) = room
    browser = signed_in(app, trainer)
    browser.get(f"/attendance/sessions/{session.id}")
    browser.post(f"/attendance/sessions/{session.id}", {f"status-{a.id}": "present"})
    response = browser.get(f"/attendance/sessions/{session.id}?format={fmt}")
    assert response.status_code == 200
    assert (
        f"session-{session.id}-attendance.{fmt}"
        in response.headers["Content-Disposition"]
    )
    if fmt == "csv":
        rows = list(
            csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
        )
        assert rows[0][:3] == ["name", "email", "mark"]
        assert [a.full_name, a.email, "present"] == rows[
            1 + sorted([a.full_name, b.full_name]).index(a.full_name)
        ][:3]
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.downloaded")
    ).all()
    assert (
        event.target == f"session-{session.id}-attendance"
        and event.actor_id == trainer.id
    )


def test_the_code_screen_shows_the_code_a_qr_and_arrivals(
    app, room, trainer, participant
):
    _cohort, session, _later, _people = room
    staff = signed_in(app, trainer)
    page = staff.get(f"/attendance/sessions/{session.id}/code")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    code = _code(session)
    assert code in html and "data:image/svg+xml" in html
    assert "js/checkin-screen.js" in html and "<script>" not in html
    assert "0 people checked in" in html
    person = signed_in(app, participant)
    person.get("/attendance/check-in")
    assert (
        person.post(
            "/attendance/check-in", {"session": session.id, "code": code}
        ).status_code
        == 302
    )
    status = staff.get(f"/attendance/sessions/{session.id}/code.json").get_json()
    assert status["state"] == "open" and status["code"] == _code(session)
    assert status["count_text"] == "1 person checked in"
    assert [a["name"] for a in status["arrivals"]] == [participant.full_name]
    assert status["arrivals"][0]["mark"] == "Present"
    assert status["link"] == (
        f"https://portal.example.org/attendance/check-in?session={session.id}"
        f"&code={status['code']}"
    )
    register = staff.get(f"/attendance/sessions/{session.id}").get_data(as_text=True)
    assert "Checked in" in register


def test_the_code_screen_says_when_check_in_opens(app, room, trainer):
    _cohort, _session, later, _people = room
    html = signed_in(app, trainer).get(f"/attendance/sessions/{later.id}/code")
    text = html.get_data(as_text=True)
    assert "Check-in opens at" in text and 'room-code-digits"></span>' in text
    db.session.expire_all()
    assert later.checkin_secret is None


def test_a_qr_link_fills_the_form_and_never_checks_in_on_get(
    app, room, trainer, participant
):
    _cohort, session, _later, _people = room
    signed_in(app, trainer).get(f"/attendance/sessions/{session.id}/code")
    code = _code(session)
    person = signed_in(app, participant)
    page = person.get(f"/attendance/check-in?session={session.id}&code={code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f'value="{code}"' in html
    assert f'<option selected value="{session.id}">Asylum law</option>' in html
    assert _mark(session.id, participant.id) is None
    done = person.post("/attendance/check-in", {"session": session.id, "code": code})
    assert done.status_code == 302
    page = person.get("/attendance/check-in").get_data(as_text=True)
    assert "You are checked in (Present)." in page
    mark = _mark(session.id, participant.id)
    assert (mark.status, mark.source) == ("present", "check_in")


def _refused(app, who, session_id, code, status, message):
    person = signed_in(app, who)
    person.get("/attendance/check-in")
    response = person.post(
        "/attendance/check-in", {"session": session_id, "code": code}
    )
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_check_in_refusals_through_the_page(
    app, room, trainer, participant, make_cohort, make_user, make_session
):
    cohort, session, later, (_a, other) = room
    signed_in(app, trainer).get(f"/attendance/sessions/{session.id}/code")
    code = _code(session)
    elsewhere = make_cohort()
    stranger = make_user()
    stranger.cohort_id = elsewhere.id
    db.session.commit()
    _refused(app, stranger, session.id, code, 404, "not in your cohort")
    expired = rules.room_code(session.checkin_secret, utcnow() - timedelta(minutes=3))
    _refused(app, participant, session.id, expired, 422, "wrong or has expired")
    _refused(app, participant, later.id, code, 403, "Check-in is closed")
    _refused(app, participant, session.id, code, 302, "")
    _refused(app, participant, session.id, code, 409, "already recorded")  # reused
    assert _mark(session.id, other.id) is None


def test_wrong_codes_are_limited_per_participant_and_session(
    app, room, participant, trainer
):
    app.config["ATTENDANCE_CHECKIN_RATE_LIMIT"] = "2 per 5 minutes"
    _cohort, session, _later, _people = room
    signed_in(app, trainer).get(f"/attendance/sessions/{session.id}/code")
    person = signed_in(app, participant)
    person.get("/attendance/check-in")
    wrong = {"session": session.id, "code": "000000"}
    if wrong["code"] == _code(session):
        wrong["code"] = "111111"
    assert person.post("/attendance/check-in", wrong).status_code == 422
    padded = {**wrong, "session": f"0{session.id}"}  # the same session, written apart
    assert person.post("/attendance/check-in", padded).status_code == 422
    blocked = person.post(
        "/attendance/check-in", {"session": session.id, "code": _code(session)}
    )
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.get_data(as_text=True)
    assert _mark(session.id, participant.id) is None


@pytest.mark.parametrize(
    "url",
    [
        "/attendance/sessions/{id}",
        "/attendance/sessions/{id}/code",
        "/attendance/sessions/{id}/code.json",
    ],
)
def test_staff_pages_refuse_everyone_else(
    app, client, room, participant, make_user, url
):
    _cohort, session, _later, _people = room
    url = url.format(id=session.id)
    assert client.get(url).status_code == 302  # anonymous: to the sign-in
    assert "/login" in client.get(url).headers["Location"]
    assert signed_in(app, participant).get(url).status_code == 403
    assert signed_in(app, make_user("trainer")).get(url).status_code == 404
    assert signed_in(app, make_user("admin")).get(url).status_code == 200


def test_a_trainer_not_teaching_the_cohort_cannot_post_the_register(
    app, room, make_user
):
    _cohort, session, _later, (a, _b) = room
    outsider = signed_in(app, make_user("trainer"))
    outsider.get("/account")
    for url, data in (
        (f"/attendance/sessions/{session.id}", {f"status-{a.id}": "absent"}),
        (f"/attendance/sessions/{session.id}/all-present", {}),
    ):
        assert outsider.post(url, data).status_code == 404
    assert _mark(session.id, a.id) is None


def test_the_check_in_page_needs_a_sign_in(client):
    response = client.get("/attendance/check-in")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_check_in_page_without_open_sessions_says_so(app, participant):
    page = signed_in(app, participant).get("/attendance/check-in")
    assert "No session of your cohort is open for check-in now." in page.get_data(
        as_text=True
    )


def _links(app, user, session) -> str:
    from flask_login import login_user

    with app.test_request_context("/"):
        login_user(user)
        return render_template("attendance/_session_links.html", session=session)


def test_the_session_page_partial_offers_what_each_reader_may_do(
    app, room, trainer, participant, make_user
):
    _cohort, session, later, (_a, other) = room
    staff = _links(app, trainer, session)
    assert "Take the register" in staff and "Show the check-in code" in staff
    assert "Check in" in _links(app, participant, session)
    assert "Check in" not in _links(app, participant, later)
    assert _links(app, make_user("trainer"), session).strip() == ""
    signed_in(app, trainer).get(f"/attendance/sessions/{session.id}/code")
    person = signed_in(app, participant)
    person.get("/attendance/check-in")
    person.post("/attendance/check-in", {"session": session.id, "code": _code(session)})
    assert "Your attendance: <strong>Present</strong>" in _links(
        app, participant, session
    )


def test_a_check_in_without_a_code_is_a_form_error(app, room, participant):
    _cohort, session, _later, _people = room
    person = signed_in(app, participant)
    person.get("/attendance/check-in")
    for data in ({"session": session.id, "code": ""}, {"session": "x", "code": "1"}):
        response = person.post("/attendance/check-in", data)
        assert response.status_code == 422
        assert "There is a problem" in response.get_data(as_text=True)
    assert _mark(session.id, participant.id) is None
