"""The programme's letters: who gets them, the times in their zone with the zone
named, links to each session and its .ics, and the .ics attached."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage, SessionRegistration
from portal.services import programme_mail
from portal.services.outbox import _email, deliver_pending
from portal.timeutil import utcnow

# 10:00 in Baku (UTC+4), 07:00 in Berlin (UTC+1) on that day.
BAKU_TEN = datetime(2031, 3, 12, 6, 0)


@pytest.fixture
def cohort(make_cohort):
    return make_cohort("Cohort Baku")


@pytest.fixture
def people(app, make_user, cohort, make_cohort):
    """Two participants of the cohort (one reads Berlin time), one who left
    (closed account) and one of another cohort."""
    made = {}
    for name in ("baku", "berlin", "closed", "elsewhere"):
        made[name] = make_user(email=f"{name}@example.org", name=name.title())
        made[name].cohort_id = cohort.id
    made["berlin"].time_zone = "Europe/Berlin"
    made["closed"].active = False
    made["elsewhere"].cohort_id = make_cohort().id
    db.session.commit()
    return made


def send(app):
    db.session.commit()
    deliver_pending(app.config, utcnow())


def to(mailbox) -> list[str]:
    return sorted(m["to"] for m in mailbox.messages)


def test_an_invitation_lists_new_sessions_in_each_persons_zone(
    app, mailbox, people, cohort, make_session
):
    first = make_session(cohort, title="Asylum law", starts_at=BAKU_TEN, room="R1")
    second = make_session(cohort, title="Study visit", required=False)
    programme_mail.sessions_added([first, second], utcnow())
    send(app)
    assert to(mailbox) == ["baku@example.org", "berlin@example.org"]
    letter = mailbox.last("baku@example.org")
    assert letter["subject"] == "New sessions in your programme (2)"
    body = letter["body"]
    assert "Hello Baku," in body and "Cohort Baku" in body
    assert "Wednesday, March 12, 2031, 10:00–12:00 Asia/Baku (GMT+04:00)" in body
    assert "Asylum law" in body and "Study visit (optional)" in body
    assert f"https://portal.example.org/programme/sessions/{first.id}" in body
    assert f"/programme/sessions/{first.id}.ics" in body
    assert "https://portal.example.org/programme/calendar-feed" in body
    berlin = mailbox.last("berlin@example.org")["body"]
    assert "07:00–09:00 Europe/Berlin (GMT+01:00)" in berlin


def test_one_new_session_is_named_in_the_subject(
    app, mailbox, people, cohort, make_session
):
    programme_mail.sessions_added([make_session(cohort, title="Exam")], utcnow())
    send(app)
    assert mailbox.last("baku@example.org")["subject"] == "New in your programme: Exam"


def test_each_cohort_hears_only_of_its_own_sessions(
    app, mailbox, people, cohort, make_session
):
    other = people["elsewhere"].cohort
    ours, theirs = (
        make_session(cohort, title="Ours"),
        make_session(other, title="Theirs"),
    )
    programme_mail.sessions_added([theirs, ours], utcnow())
    send(app)
    assert to(mailbox) == [
        "baku@example.org",
        "berlin@example.org",
        "elsewhere@example.org",
    ]
    assert "Theirs" not in mailbox.last("baku@example.org")["body"]
    assert "Ours" not in mailbox.last("elsewhere@example.org")["body"]


def test_past_and_cancelled_sessions_are_not_announced(
    app, mailbox, people, cohort, make_session
):
    now = utcnow()
    past = make_session(cohort, starts_at=now - timedelta(days=3))
    off = make_session(cohort, status="cancelled")
    programme_mail.sessions_added([past, off], now)
    send(app)
    assert mailbox.messages == []


def test_the_letter_carries_the_sessions_as_a_calendar_file(
    app, people, cohort, make_session
):
    session = make_session(cohort, starts_at=BAKU_TEN)
    programme_mail.sessions_added([session], utcnow())
    db.session.commit()
    message = db.session.scalars(select(OutboxMessage)).first()
    email = _email(message, "portal@example.org")
    [part] = list(email.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_filename() == f"session-{session.id}.ics"
    [event] = Calendar.from_ical(part.get_content()).events
    assert str(event["UID"]) == session.uid
    assert event["DTSTART"].params["TZID"] == "Asia/Baku"


def test_a_change_notice_says_what_changed(app, mailbox, people, cohort, make_session):
    session = make_session(cohort, title="Asylum law", starts_at=BAKU_TEN)
    programme_mail.session_changed(session, utcnow(), ["time", "place"])
    send(app)
    assert to(mailbox) == ["baku@example.org", "berlin@example.org"]
    letter = mailbox.last("baku@example.org")
    assert letter["subject"] == "Changed: Asylum law"
    assert "has changed (the time, the place)" in letter["body"]
    assert "10:00–12:00 Asia/Baku" in letter["body"]


def test_a_cancellation_reaches_the_cohort_and_those_holding_places(
    app, mailbox, people, cohort, make_session, make_user
):
    session = make_session(cohort, title="Partner event", required=False)
    session.status = "cancelled"
    # Someone who has since left the cohort still holds a place.
    moved = make_user(email="moved@example.org")
    db.session.add(
        SessionRegistration(session_id=session.id, user_id=moved.id, status="waiting")
    )
    db.session.commit()
    programme_mail.session_cancelled(session, utcnow())
    send(app)
    assert to(mailbox) == [
        "baku@example.org",
        "berlin@example.org",
        "moved@example.org",
    ]
    letter = mailbox.last("moved@example.org")
    assert letter["subject"] == "Cancelled: Partner event"
    assert "cancelled and will not take place" in letter["body"]
    assert "Partner event (cancelled)" in letter["body"]


def test_a_place_offered_goes_to_that_person_only(
    app, mailbox, people, cohort, make_session
):
    session = make_session(cohort, title="Study visit", required=False)
    registration = SessionRegistration(
        session_id=session.id, user_id=people["berlin"].id, status="registered"
    )
    db.session.add(registration)
    db.session.commit()
    programme_mail.place_offered(registration, utcnow())
    send(app)
    assert to(mailbox) == ["berlin@example.org"]
    letter = mailbox.last("berlin@example.org")
    assert letter["subject"] == "You have a place: Study visit"
    assert "waiting list" in letter["body"]


def test_letters_are_written_in_the_readers_language(
    app, mailbox, people, cohort, make_session
):
    session = make_session(cohort, title="Sınaq", starts_at=BAKU_TEN)
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        programme_mail.session_cancelled(session, utcnow())
    send(app)
    letter = mailbox.last("baku@example.org")
    assert letter["subject"] == "Отменено: Sınaq"
    body = letter["body"]
    assert "Это занятие вашей программы отменено" in body
    assert "12 марта 2031" in body and "Asia/Baku (GMT+04:00)" in body


def test_an_invitation_counts_sessions_in_the_readers_language(
    app, mailbox, people, cohort, make_session
):
    sessions = [make_session(cohort) for _ in range(2)]
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        programme_mail.sessions_added(sessions, utcnow())
    send(app)
    body = mailbox.last("baku@example.org")["body"]
    assert "В программу потока Cohort Baku добавлено 2 занятия:" in body
