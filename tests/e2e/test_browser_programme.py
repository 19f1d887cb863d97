"""The programme's live half in real browsers, end to end: a trainer adds a
session in the browser, a participant subscribes to their calendar feed (which
carries it) and checks in with the code on the trainer's screen, the trainer sees
the register; the participant, below the cohort's attendance minimum, reads on
the certificate page exactly which attendance is missing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from portal.domain.zones import in_zone
from portal.extensions import db
from portal.models import AttendanceMark, Cohort, CohortStaff, ProgrammeSession
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

TRAINER = "journey-trainer@example.org"
PARTICIPANT = "journey-participant@example.org"
MISSED = "Asylum procedures in practice"
TITLE = "Labour migration: a workshop"


@pytest.fixture(scope="module")
def cohort(live_app) -> int:
    """A cohort with an 80 % attendance rule, a trainer who teaches it and a
    participant who missed its one required session so far."""
    with live_app.app_context():
        now = utcnow()
        cohort = Cohort(
            name="Journey cohort",
            starts_on=(now - timedelta(days=20)).date(),
            ends_on=(now + timedelta(days=150)).date(),
            attendance_minimum=80,
        )
        db.session.add(cohort)
        db.session.flush()
        trainer = create_user(TRAINER, "Elvin Rəhimov", PASSWORD, "trainer")
        person = create_user(PARTICIPANT, "Nərmin Qasımova", PASSWORD)
        person.cohort_id = cohort.id
        db.session.add(
            CohortStaff(cohort_id=cohort.id, user_id=trainer.id, duty="teacher")
        )
        held = ProgrammeSession(
            uid="e2e-journey-held@migration-school.test",
            cohort_id=cohort.id,
            kind="lecture",
            title=MISSED,
            starts_at=now - timedelta(days=7),
            ends_at=now - timedelta(days=7) + timedelta(hours=2),
        )
        db.session.add(held)
        db.session.flush()
        db.session.add(
            AttendanceMark(
                session_id=held.id, user_id=person.id, status="absent", note=""
            )
        )
        db.session.commit()
        return cohort.id


def _add_session(page, cohort: int) -> int:
    """Fill the session form as a trainer would: a training that began five
    minutes ago (Baku time), so check-in is open; returns the new session's id."""
    starts = in_zone(utcnow() - timedelta(minutes=5), "Asia/Baku")
    ends = starts + timedelta(hours=2)
    page.goto(f"/programme/cohorts/{cohort}/sessions/new")
    page.get_by_label("Kind").select_option(label="Training")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Date", exact=True).fill(starts.strftime("%Y-%m-%d"))
    page.get_by_label("Starts at").fill(starts.strftime("%H:%M"))
    page.get_by_label("Ends at").fill(ends.strftime("%H:%M"))
    if ends.date() != starts.date():
        page.get_by_label("End date").fill(ends.strftime("%Y-%m-%d"))
    page.get_by_label("Room").fill("Room 305")
    page.get_by_role("button", name="Add session").click()
    expect(page.locator(".flash")).to_contain_text("added to the programme")
    found = re.search(r"/programme/sessions/(\d+)$", page.url)
    assert found, page.url
    return int(found.group(1))


def _subscribe(page) -> Calendar:
    """Make the private feed address and fetch it as a calendar application
    would (no cookies of the browser's own are needed: the token is the key)."""
    page.goto("/programme/calendar-feed")
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.locator("#feed-url").input_value()
    assert "/programme/feed/" in address
    response = page.context.request.get(address)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.body())


def test_a_trainer_adds_a_session_a_participant_subscribes_and_checks_in(room, cohort):
    screen, phone = room.screen, room.phone
    sign_in(screen, TRAINER)
    session_id = _add_session(screen, cohort)

    sign_in(phone, PARTICIPANT)
    feed = _subscribe(phone)
    summaries = [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]
    assert TITLE in summaries and MISSED in summaries
    event = next(e for e in feed.walk("VEVENT") if str(e["SUMMARY"]) == TITLE)
    assert event["DTSTART"].params["TZID"] == "Asia/Baku"

    screen.goto(f"/attendance/sessions/{session_id}/code")
    code = screen.locator("#room-code-digits").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)

    phone.goto(f"/programme/sessions/{session_id}")
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    phone.goto(f"/attendance/check-in?session={session_id}")
    phone.get_by_label("Code shown in the room").fill(code)
    phone.get_by_role("button", name="Check in").click()
    expect(phone.locator(".flash")).to_contain_text("You are checked in")

    expect(screen.locator("#arrivals")).to_contain_text(
        "Nərmin Qasımova", timeout=15_000
    )
    screen.get_by_role("link", name="Take the register").click()
    row = screen.get_by_role("row", name=re.compile("Nərmin Qasımova"))
    expect(row.get_by_role("radio", name="Present")).to_be_checked()

    # Below the minimum: the certificate page names the share and the session.
    phone.goto("/certificate")
    todo = phone.locator("main")
    expect(todo).to_contain_text("Attended 0 of 1 required session (0%).")
    expect(todo).to_contain_text("80% needed for the certificate.")
    expect(todo.locator("li", has_text=MISSED)).to_contain_text("Absent")
    phone.screenshot(path="e2e-artifacts/certificate-attendance.png")
    assert room.errors == [], room.errors
