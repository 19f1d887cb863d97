"""A participant makes their calendar feed, copies the address once, a calendar
application fetches it without signing in, and a new address ends the old one."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Cohort, ProgrammeSession
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in
from tests.e2e.test_browser_axe import axe_source, violations  # noqa: F401

READER = "feed-reader@example.org"


@pytest.fixture(scope="module")
def programme(live_app):
    """A cohort with one session ahead and one cancelled, and a participant."""
    with live_app.app_context():
        now = utcnow().replace(microsecond=0)
        cohort = Cohort(
            name="Feed cohort",
            starts_on=now.date() - timedelta(days=10),
            ends_on=now.date() + timedelta(days=170),
        )
        db.session.add(cohort)
        db.session.commit()
        user = create_user(READER, "Feed Reader", PASSWORD)
        user.cohort_id = cohort.id
        uids = []
        for number, status in enumerate(("scheduled", "cancelled")):
            session = ProgrammeSession(
                uid=f"e2e-feed-{number}@migration-school.test",
                cohort_id=cohort.id,
                kind="lecture",
                title=f"Feed lecture {number}",
                starts_at=now + timedelta(days=3 + number),
                ends_at=now + timedelta(days=3 + number, hours=2),
                status=status,
            )
            db.session.add(session)
            uids.append(session.uid)
        db.session.commit()
        return uids


def fetch(address: str) -> tuple[int, bytes]:
    """As a calendar application does: no cookies, no sign-in."""
    try:
        with urllib.request.urlopen(address) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_a_participant_subscribes_and_can_change_the_address(
    page,
    programme,
    axe_source,  # noqa: F811
):
    sign_in(page, READER)
    page.goto("/programme/calendar-feed")
    page.get_by_role("button", name="Make my calendar address").click()
    field = page.get_by_role("textbox", name="Calendar address")
    address = field.input_value()
    assert "/programme/feed/" in address and address.endswith(".ics")
    expect(page.get_by_role("button", name="Copy the address")).to_be_visible()
    assert violations(page, axe_source) == []
    page.screenshot(path=str(ARTIFACTS / "calendar-feed-address.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})

    status, body = fetch(address)
    assert status == 200
    calendar = Calendar.from_ical(body)
    states = {str(e["UID"]): str(e["STATUS"]) for e in calendar.events}
    assert states == {programme[0]: "CONFIRMED", programme[1]: "CANCELLED"}

    # Reloading the page never shows the address again.
    page.goto("/programme/calendar-feed")
    assert address not in page.content()
    page.get_by_role("button", name="Make a new address").click()
    expect(
        page.get_by_role("heading", name="Make a new calendar address?")
    ).to_be_visible()
    page.get_by_role("button", name="Make a new address").click()
    renewed = page.get_by_role("textbox", name="Calendar address").input_value()
    assert renewed != address
    assert fetch(address)[0] == 404
    assert fetch(renewed)[0] == 200

    page.get_by_role("button", name="Turn the feed off").click()
    page.get_by_role("button", name="Turn the feed off").click()
    expect(page.get_by_text("Your calendar feed is off.")).to_be_visible()
    assert fetch(renewed)[0] == 404
