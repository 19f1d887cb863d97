"""The reader's time zone: chosen in the account settings, audited, and then used by
every time Flask-Babel formats."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import select

from portal.extensions import db
from portal.models import Announcement, AuditEvent, User
from portal.services import accounts
from portal.services.errors import FormInvalid
from portal.timeutil import utcnow
from tests.conftest import signed_in

# Winter: Baku is UTC+4, Berlin UTC+1.
NOON_UTC = datetime(2026, 12, 7, 12, 0)


def test_the_account_page_names_the_zone_and_the_default_leads(app, participant):
    browser = signed_in(app, participant)
    account = browser.get("/account").get_data(as_text=True)
    assert "Asia/Baku" in account and 'href="/account/time-zone"' in account
    page = browser.get("/account/time-zone").get_data(as_text=True)
    options = page.split("<option")[1:]
    assert options[0].startswith(' selected value="Asia/Baku">Asia/Baku (UTC+04:00)')
    assert any('value="Europe/Berlin"' in o and "UTC+01:00" in o for o in options)


def test_choosing_berlin_is_saved_audited_and_shown(app, participant):
    browser = signed_in(app, participant)
    browser.get("/account/time-zone")
    saved = browser.post("/account/time-zone", {"time_zone": "Europe/Berlin"})
    assert saved.status_code == 302
    assert db.session.get(User, participant.id).time_zone == "Europe/Berlin"
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.time_zone_changed")
    ).one()
    assert event.detail == {"old": None, "new": "Europe/Berlin"}
    account = browser.get("/account").get_data(as_text=True)
    assert "Times are now shown in Europe/Berlin." in account
    assert "Europe/Berlin" in account


def test_an_unknown_zone_is_a_form_error(app, participant):
    browser = signed_in(app, participant)
    browser.get("/account/time-zone")
    refused = browser.post("/account/time-zone", {"time_zone": "Mars/Olympus_Mons"})
    assert refused.status_code == 422
    assert "There is a problem" in refused.get_data(as_text=True)
    assert db.session.get(User, participant.id).time_zone is None
    changed = select(AuditEvent.id).where(
        AuditEvent.action == "account.time_zone_changed"
    )
    assert db.session.scalar(changed) is None
    # The service refuses it too, for a caller that skips the form.
    with pytest.raises(FormInvalid) as refusal:
        accounts.set_time_zone(participant.id, "Mars/Olympus_Mons", utcnow())
    assert set(refusal.value.errors) == {"time_zone"}


def test_after_choosing_berlin_pages_show_berlin_time(app, make_cohort, participant):
    cohort = make_cohort("Spring")
    participant.cohort_id = cohort.id
    db.session.add(
        Announcement(cohort_id=cohort.id, title="Hi", body="x", created_at=NOON_UTC)
    )
    db.session.commit()
    browser = signed_in(app, participant)
    assert "7 December 2026, 16:00" in browser.get("/announcements/").get_data(
        as_text=True
    )
    browser.get("/account/time-zone")
    browser.post("/account/time-zone", {"time_zone": "Europe/Berlin"})
    page = browser.get("/announcements/").get_data(as_text=True)
    assert "7 December 2026, 13:00" in page and "16:00" not in page


def test_the_session_time_filter_follows_the_readers_zone(
    app, make_cohort, make_session, participant
):
    session = make_session(
        make_cohort(), starts_at=NOON_UTC, ends_at=NOON_UTC.replace(hour=14)
    )
    participant.time_zone = "Europe/Berlin"
    db.session.commit()
    with app.test_request_context():
        login_user(db.session.get(User, participant.id))
        when = render_template_string("{{ s|session_when }}", s=session)
    assert "13:00–15:00" in when and "Europe/Berlin (GMT+01:00)" in when
