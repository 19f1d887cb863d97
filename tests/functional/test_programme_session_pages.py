"""The session pages: staff add, edit, reschedule and cancel sessions in the
browser; the cohort reads them; everyone else is refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal.extensions import db
from portal.models import (
    AuditEvent,
    ProgrammeSession,
    SessionModule,
    SessionSpeaker,
    Speaker,
)
from tests.conftest import signed_in

FORM = {
    "kind": "workshop",
    "title": "Interviewing asylum seekers",
    "description": "Bring **your notes**.",
    "starts_on": "2026-03-10",
    "start_time": "10:00",
    "end_time": "12:30",
    "ends_on": "",
    "time_zone": "Asia/Baku",
    "room": "Room 4",
    "address": "Baku, 1 Nizami street",
    "online_url": "",
    "capacity": "",
    "required": "y",
}


@pytest.fixture
def cohort(make_cohort):
    return make_cohort("Spring cohort")


@pytest.fixture
def other(make_cohort):
    return make_cohort("Other cohort")


@pytest.fixture
def teacher(app, trainer, cohort, teach):
    teach(trainer, cohort)
    return signed_in(app, trainer)


@pytest.fixture
def member(app, participant, cohort):
    participant.cohort_id = cohort.id
    db.session.commit()
    return signed_in(app, participant)


@pytest.fixture
def speakers(app):
    made = [
        Speaker(name="Leyla Quliyeva", role="Head of unit", organisation="SMS"),
        Speaker(name="Anna Berg", role="Legal officer", organisation="UNHCR"),
    ]
    db.session.add_all(made)
    db.session.commit()
    return made


def sessions() -> list[ProgrammeSession]:
    return list(db.session.scalars(db.select(ProgrammeSession)))


def test_a_teacher_adds_a_session_with_speakers_and_modules(
    teacher, cohort, speakers, course
):
    page = teacher.get(f"/programme/cohorts/{cohort.id}/sessions/new")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Study visit" in text and "Europe/Berlin" in text
    assert "Anna Berg, Legal officer, UNHCR" in text and "Migration basics" in text
    data = {**FORM, "speakers": [speakers[1].id, speakers[0].id], "modules": "basics"}
    response = teacher.post(f"/programme/cohorts/{cohort.id}/sessions/new", data)
    [made] = sessions()
    assert response.headers["Location"] == f"/programme/sessions/{made.id}"
    assert made.starts_at == datetime(2026, 3, 10, 6, 0)  # stored in UTC
    assert made.ends_at == datetime(2026, 3, 10, 8, 30)
    assert made.description_html == "<p>Bring <strong>your notes</strong>.</p>\n"
    assert made.uid.endswith("@migration-school") and made.sequence == 0
    assert [s.speaker.name for s in made.speakers] == ["Anna Berg", "Leyla Quliyeva"]
    assert [m.module_slug for m in made.modules] == ["basics"]
    shown = teacher.get(f"/programme/sessions/{made.id}").get_data(as_text=True)
    assert "Interviewing asylum seekers" in shown and "Workshop" in shown
    assert "Tuesday, March 10, 2026, 10:00–12:30 Asia/Baku (GMT+04:00)" in shown
    assert shown.index("Anna Berg") < shown.index("Leyla Quliyeva")
    assert 'href="/modules/basics"' in shown and "Edit or reschedule" in shown


def test_the_cohort_reads_the_session_without_staff_actions(
    member, cohort, make_session
):
    session = make_session(cohort, online_url="https://meet.example.org/x")
    text = member.get(f"/programme/sessions/{session.id}").get_data(as_text=True)
    assert session.title in text and "https://meet.example.org/x" in text
    assert "Edit or reschedule" not in text and "Cancel this session" not in text
    assert "Add a session" not in text


def test_a_reader_elsewhere_also_sees_the_local_time(
    member, participant, cohort, make_session
):
    participant.time_zone = "Europe/Berlin"
    db.session.commit()
    session = make_session(cohort, starts_at=datetime(2026, 3, 10, 6, 0))
    text = member.get(f"/programme/sessions/{session.id}").get_data(as_text=True)
    assert "07:00–09:00 Europe/Berlin" in text
    assert "Held in local time: Tuesday, March 10, 2026, 10:00–12:00 Asia/Baku" in text


def test_editing_shows_the_wall_clock_and_a_reschedule_is_saved(
    teacher, cohort, make_session
):
    session = make_session(
        cohort, starts_at=datetime(2026, 3, 10, 6, 0), reminded_at=datetime(2026, 3, 9)
    )
    form = teacher.get(f"/programme/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="2026-03-10"' in form and 'value="10:00"' in form
    data = {**FORM, "title": session.title, "start_time": "14:00", "end_time": "16:00"}
    response = teacher.post(f"/programme/sessions/{session.id}/edit", data)
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.starts_at == datetime(2026, 3, 10, 10, 0)
    assert session.sequence == 1 and session.reminded_at is None


def test_speakers_are_put_in_order_by_their_positions(
    teacher, cohort, make_session, speakers
):
    leyla, anna = speakers
    session = make_session(cohort)
    url = f"/programme/sessions/{session.id}/edit"
    data = {**FORM, "speakers": [anna.id, leyla.id]}
    teacher.post(url, {**data, f"speaker-position-{leyla.id}": "1"})
    db.session.refresh(session)
    assert [s.speaker_id for s in session.speakers] == [leyla.id, anna.id]
    form = teacher.get(url).get_data(as_text=True)
    assert f'name="speaker-position-{leyla.id}" value="1"' in form
    assert f'name="speaker-position-{anna.id}" value="2"' in form
    assert form.index("Leyla Quliyeva") < form.index("Anna Berg")
    teacher.post(
        url,
        {
            **data,
            f"speaker-position-{leyla.id}": "2",
            f"speaker-position-{anna.id}": "1",
        },
    )
    db.session.refresh(session)
    assert [s.speaker_id for s in session.speakers] == [anna.id, leyla.id]


def test_a_multi_day_study_visit(teacher, cohort):
    data = {**FORM, "kind": "study_visit", "ends_on": "2026-03-12"}
    teacher.post(f"/programme/cohorts/{cohort.id}/sessions/new", data)
    [made] = sessions()
    assert made.ends_at == datetime(2026, 3, 12, 8, 30)
    text = teacher.get(f"/programme/sessions/{made.id}").get_data(as_text=True)
    assert "Thursday, 12 March 2026, 12:30" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_time": "09:00"}, "The session must end after it starts."),
        ({"ends_on": "2026-04-10"}, "A session can last at most 14 days."),
        ({"online_url": "javascript:alert(1)"}, "full address starting with https://"),
        ({"capacity": "0"}, "Number must be between 1 and 10000."),
        ({"title": ""}, "This field is required."),
        ({"time_zone": "Mars/Olympus"}, "Not a valid choice."),
        ({"kind": "party"}, "Not a valid choice."),
        ({"starts_on": "10/03/2026"}, "Not a valid date value."),
    ],
)
def test_bad_input_gives_a_form_error_and_saves_nothing(
    teacher, cohort, change, message
):
    response = teacher.post(
        f"/programme/cohorts/{cohort.id}/sessions/new", {**FORM, **change}
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "There is a problem" in text and message in text
    assert sessions() == []


def test_an_unknown_speaker_is_refused(teacher, cohort):
    data = {**FORM, "speakers": "9999"}
    response = teacher.post(f"/programme/cohorts/{cohort.id}/sessions/new", data)
    assert "is not a valid choice" in response.get_data(as_text=True)
    assert sessions() == []


def test_saving_without_a_change_changes_nothing(teacher, cohort, make_session):
    session = make_session(cohort, starts_at=datetime(2026, 3, 10, 6, 0))
    data = {**FORM, "kind": "training", "title": session.title, "end_time": "12:00"}
    data.update(room="", address="", description="")
    response = teacher.post(f"/programme/sessions/{session.id}/edit", data)
    assert "Nothing changed." in teacher.get(response.headers["Location"]).get_data(
        as_text=True
    )
    db.session.refresh(session)
    assert session.sequence == 0


def test_cancelling_asks_first_then_keeps_the_session_marked(
    teacher, member, cohort, make_session
):
    session = make_session(cohort)
    page = teacher.get(f"/programme/sessions/{session.id}/cancel")
    assert "Cancelling cannot be undone" in page.get_data(as_text=True)
    bare = teacher.post(f"/programme/sessions/{session.id}/cancel", {})
    assert bare.status_code == 200 and "This field is required." in bare.get_data(
        as_text=True
    )
    db.session.refresh(session)
    assert not session.cancelled
    teacher.post(
        f"/programme/sessions/{session.id}/cancel", {"reason": "The trainer is ill."}
    )
    db.session.refresh(session)
    assert session.cancelled and session.cancel_reason == "The trainer is ill."
    text = member.get(f"/programme/sessions/{session.id}").get_data(as_text=True)
    assert "This session is cancelled." in text and "The trainer is ill." in text
    staff = teacher.get(f"/programme/sessions/{session.id}").get_data(as_text=True)
    assert "Edit or reschedule" not in staff
    assert teacher.get(f"/programme/sessions/{session.id}/edit").status_code == 403


def test_changes_are_in_the_audit_log(teacher, trainer, cohort, make_session):
    session = make_session(cohort, starts_at=datetime(2026, 3, 10, 6, 0))
    data = {**FORM, "title": "Renamed", "kind": "training", "end_time": "12:00"}
    teacher.post(f"/programme/sessions/{session.id}/edit", data)
    [event] = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "programme.session_updated")
    )
    assert event.actor_id == trainer.id and event.target == f"session {session.id}"
    assert event.detail["changed"] == ["place", "title", "description"]


# Refusals ---------------------------------------------------------------------


def test_a_participant_cannot_add_or_edit(member, cohort, make_session):
    session = make_session(cohort)
    for url in (
        f"/programme/cohorts/{cohort.id}/sessions/new",
        f"/programme/sessions/{session.id}/edit",
        f"/programme/sessions/{session.id}/cancel",
    ):
        assert member.get(url).status_code == 403
        assert member.post(url, FORM).status_code == 403
    assert len(sessions()) == 1 and not sessions()[0].cancelled


def test_a_trainer_who_does_not_teach_the_cohort_is_refused(
    teacher, other, make_session
):
    session = make_session(other)
    for url in (
        f"/programme/cohorts/{other.id}/sessions/new",
        f"/programme/sessions/{session.id}/edit",
        f"/programme/sessions/{session.id}/cancel",
        f"/programme/sessions/{session.id}",
    ):
        assert teacher.get(url).status_code == 404
    assert (
        teacher.post(f"/programme/cohorts/{other.id}/sessions/new", FORM).status_code
        == 404
    )
    data = {**FORM, "title": "Hijacked"}
    assert (
        teacher.post(f"/programme/sessions/{session.id}/edit", data).status_code == 404
    )
    cancel = {"reason": "x"}
    assert (
        teacher.post(f"/programme/sessions/{session.id}/cancel", cancel).status_code
        == 404
    )
    db.session.refresh(session)
    assert session.title != "Hijacked" and not session.cancelled


def test_a_participant_of_another_cohort_cannot_see_the_session(
    member, other, make_session
):
    session = make_session(other)
    assert member.get(f"/programme/sessions/{session.id}").status_code == 404
    assert member.get("/programme/sessions/99999").status_code == 404


def test_an_administrator_manages_every_cohort(app, admin, cohort, make_session):
    session = make_session(cohort)
    browser = signed_in(app, admin)
    assert browser.get(f"/programme/sessions/{session.id}/edit").status_code == 200
    assert (
        browser.get(f"/programme/cohorts/{cohort.id}/sessions/new").status_code == 200
    )


def test_an_applicant_cannot_see_a_session(app, make_user, cohort, make_session):
    session = make_session(cohort)
    applicant = make_user("applicant")
    browser = signed_in(app, applicant)
    assert browser.get(f"/programme/sessions/{session.id}").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, cohort, make_session):
    session = make_session(cohort)
    for url in (
        f"/programme/sessions/{session.id}",
        f"/programme/sessions/{session.id}/edit",
        f"/programme/sessions/{session.id}/cancel",
        f"/programme/cohorts/{cohort.id}/sessions/new",
        "/programme/speakers",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_session_page_costs_the_same_queries_however_many_speakers(
    member, cohort, make_session, course
):
    from tests.integration.counting import count_queries

    def cost(how_many: int) -> int:
        people = [Speaker(name=f"Speaker {n}") for n in range(how_many)]
        db.session.add_all(people)
        db.session.commit()
        session = make_session(cohort)
        session.speakers = [
            SessionSpeaker(speaker_id=p.id, position=n) for n, p in enumerate(people)
        ]
        session.modules = [SessionModule(module_slug="basics")]
        db.session.commit()
        member.get(f"/programme/sessions/{session.id}")  # warm the course outline
        with count_queries() as statements:
            assert member.get(f"/programme/sessions/{session.id}").status_code == 200
        return len(statements)

    assert cost(1) == cost(6)
