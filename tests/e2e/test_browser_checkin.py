"""Check-in in the room, in two real browsers: a trainer puts the code on the
screen, a participant types what the screen shows, the arrival appears on the
trainer's screen without a reload, and the register shows them present."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Cohort, CohortStaff, ProgrammeSession
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

TRAINER = "room-trainer@example.org"
PARTICIPANT = "room-participant@example.org"


@pytest.fixture(scope="module")
def training(live_app) -> int:
    """A session on now in a cohort the trainer teaches, with one participant."""
    with live_app.app_context():
        now = utcnow()
        cohort = Cohort(name="Check-in cohort")
        db.session.add(cohort)
        db.session.flush()
        trainer = create_user(TRAINER, "Kamran Əliyev", PASSWORD, "trainer")
        person = create_user(PARTICIPANT, "Səbinə Nəsirova", PASSWORD)
        person.cohort_id = cohort.id
        db.session.add(
            CohortStaff(cohort_id=cohort.id, user_id=trainer.id, duty="teacher")
        )
        session = ProgrammeSession(
            uid="e2e-checkin@migration-school.test",
            cohort_id=cohort.id,
            kind="training",
            title="Border management",
            starts_at=now - timedelta(minutes=2),
            ends_at=now + timedelta(hours=2),
        )
        db.session.add(session)
        db.session.commit()
        return session.id


def test_a_participant_checks_in_with_the_code_on_the_trainers_screen(room, training):
    screen, phone = room.screen, room.phone
    sign_in(screen, TRAINER)
    screen.goto(f"/attendance/sessions/{training}/code")
    expect(screen.locator("#arrival-count")).to_have_text("0 people checked in")
    code = screen.locator("#room-code-digits").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    expect(screen.get_by_role("img", name=re.compile("QR code"))).to_be_visible()

    sign_in(phone, PARTICIPANT)
    phone.goto("/attendance/check-in")
    phone.get_by_label("Session").select_option(label="Border management")
    # The code may have turned over since it was read; the last one still works.
    phone.get_by_label("Code shown in the room").fill(code)
    phone.get_by_role("button", name="Check in").click()
    expect(phone.locator(".flash")).to_have_text("You are checked in (Present).")

    # No reload: the screen's script asks the server and shows the arrival.
    screen.evaluate("window.__same_page = true")
    expect(screen.locator("#arrival-count")).to_have_text(
        "1 person checked in", timeout=15_000
    )
    expect(screen.locator("#arrivals")).to_contain_text("Səbinə Nəsirova")
    assert screen.evaluate("window.__same_page === true")

    screen.get_by_role("link", name="Take the register").click()
    row = screen.get_by_role("row", name=re.compile("Səbinə Nəsirova"))
    expect(row.get_by_role("radio", name="Present")).to_be_checked()
    expect(row).to_contain_text("Checked in")
    screen.screenshot(path="e2e-artifacts/register.png", full_page=True)
    assert room.errors == [], room.errors
