"""``flask events remind``: each session reminded once, within the day before it
starts, to the people expected there; a second run sends nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.domain.programme import REMINDER_AHEAD, reminder_due
from portal.emails import write_email
from portal.extensions import db
from portal.models import SessionRegistration
from portal.services.reminders import due_sessions, send_reminders
from portal.timeutil import utcnow

NOW = datetime(2031, 3, 11, 12, 0)


@pytest.mark.parametrize(
    ("starts", "status", "reminded", "due"),
    [
        (NOW + timedelta(hours=1), "scheduled", None, True),
        (NOW + REMINDER_AHEAD, "scheduled", None, True),  # exactly a day ahead
        (NOW + REMINDER_AHEAD + timedelta(seconds=1), "scheduled", None, False),
        (NOW, "scheduled", None, False),  # starting now: too late to remind
        (NOW - timedelta(minutes=5), "scheduled", None, False),
        (NOW + timedelta(hours=3), "cancelled", None, False),
        (NOW + timedelta(hours=3), "scheduled", NOW - timedelta(hours=1), False),
    ],
)
def test_when_a_reminder_is_due(starts, status, reminded, due):
    assert reminder_due(starts, status, reminded, NOW) is due


@pytest.fixture
def cohort(make_cohort):
    return make_cohort("Cohort Baku")


@pytest.fixture
def members(make_user, cohort):
    made = [make_user(email=f"p{n}@example.org") for n in range(3)]
    for person in made:
        person.cohort_id = cohort.id
    db.session.commit()
    return made


def test_the_window_edges_match_the_rule(app, cohort, make_session):
    inside = make_session(cohort, starts_at=NOW + REMINDER_AHEAD)
    make_session(cohort, starts_at=NOW + REMINDER_AHEAD + timedelta(seconds=1))
    make_session(cohort, starts_at=NOW)
    make_session(cohort, starts_at=NOW + timedelta(hours=2), status="cancelled")
    assert [s.id for s in due_sessions(NOW)] == [inside.id]


def test_required_sessions_remind_the_cohort_optional_ones_the_registered(
    app, members, cohort, make_session
):
    required = make_session(cohort, starts_at=NOW + timedelta(hours=5))
    optional = make_session(cohort, starts_at=NOW + timedelta(hours=6), required=False)
    for person, status in zip(members, ("registered", "waiting"), strict=False):
        db.session.add(
            SessionRegistration(
                session_id=optional.id, user_id=person.id, status=status
            )
        )
    db.session.commit()
    done = send_reminders(NOW, letters=write_email)
    assert [(d.session_id, d.letters) for d in done] == [
        (required.id, 3),
        (optional.id, 1),
    ]
    assert required.reminded_at == NOW and optional.reminded_at == NOW
    assert send_reminders(NOW + timedelta(minutes=30), letters=write_email) == []


def test_a_rescheduled_session_is_reminded_again(app, members, cohort, make_session):
    session = make_session(cohort, starts_at=NOW + timedelta(hours=5))
    send_reminders(NOW, letters=write_email)
    # The editing service clears reminded_at when the start moves.
    session.starts_at += timedelta(days=3)
    session.ends_at += timedelta(days=3)
    session.reminded_at = None
    db.session.commit()
    assert send_reminders(NOW, letters=write_email) == []
    later = NOW + timedelta(days=3)
    assert [d.session_id for d in send_reminders(later, letters=write_email)] == [
        session.id
    ]


def test_the_command_reminds_once_and_says_what_it_did(
    app, runner, mailbox, members, cohort, make_session
):
    now = utcnow()
    soon = make_session(
        cohort,
        title="Asylum law",
        starts_at=now + REMINDER_AHEAD - timedelta(minutes=1),
    )
    make_session(cohort, title="Next week", starts_at=now + timedelta(days=7))
    make_session(cohort, title="Going on", starts_at=now - timedelta(minutes=1))
    result = runner.invoke(args=["events", "remind"])
    assert result.exit_code == 0, result.output
    assert "reminded: Asylum law (starts " in result.output
    assert "Asia/Baku): 3 letter(s)" in result.output
    assert "1 session(s) reminded, 3 letter(s) queued" in result.output
    assert sorted(m["to"] for m in mailbox.messages) == [p.email for p in members]
    letter = mailbox.last(members[0].email)
    assert letter["subject"] == "Reminder: Asylum law"
    assert "Attendance counts towards your certificate" in letter["body"]
    db.session.expire_all()
    assert soon.reminded_at is not None
    again = runner.invoke(args=["events", "remind"])
    assert "0 session(s) reminded, 0 letter(s) queued" in again.output
    assert len(mailbox.messages) == 3
