"""A session's .ics file and the private feed: valid RFC 5545 as the icalendar
library reads it, stable UIDs, SEQUENCE, cancellations, zones; and who gets what."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from flask import render_template
from icalendar import Calendar
from sqlalchemy import select

from portal.domain.mail import redact_links
from portal.extensions import db
from portal.models import AuditEvent, CalendarFeed, Speaker
from portal.models.programme import SessionSpeaker
from portal.services import calendar_feed
from portal.timeutil import utcnow
from tests.conftest import signed_in

# 10:00 in Baku (UTC+4) on a day well ahead.
BAKU_TEN = datetime(2031, 3, 12, 6, 0)


def parse(response) -> Calendar:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


@pytest.fixture
def cohort(make_cohort):
    return make_cohort("Cohort Baku")


@pytest.fixture
def member(participant, cohort):
    participant.cohort_id = cohort.id
    db.session.commit()
    return participant


@pytest.fixture
def lecture(make_session, cohort):
    session = make_session(
        cohort,
        title="Refugee status determination",
        description="Read **chapter 2** first.",
        starts_at=BAKU_TEN,
        room="Room 4",
        address="Baku, Islam Safarli 4",
    )
    speaker = Speaker(name="Leyla Həsənova", organisation="UNHCR", role="Expert")
    session.speakers.append(SessionSpeaker(speaker=speaker, position=0))
    db.session.commit()
    return session


def test_a_session_file_is_valid_and_in_its_zone(app, member, lecture):
    browser = signed_in(app, member)
    response = browser.get(f"/programme/sessions/{lecture.id}.ics")
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = parse(response)
    assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
    assert "PRODID" in calendar
    [event] = calendar.events
    assert str(event["UID"]) == lecture.uid
    assert event["DTSTART"].params["TZID"] == "Asia/Baku"
    assert event.start.replace(tzinfo=None) == datetime(2031, 3, 12, 10, 0)
    assert event.end.replace(tzinfo=None) == datetime(2031, 3, 12, 12, 0)
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Baku"]
    assert calendar.get_missing_tzids() == set()
    assert event["STATUS"] == "CONFIRMED" and event["SEQUENCE"] == 0
    assert event["SUMMARY"] == "Refugee status determination"
    assert event["LOCATION"] == "Room 4, Baku, Islam Safarli 4"
    assert "Read **chapter 2** first." in event["DESCRIPTION"]
    assert "Leyla Həsənova — Expert, UNHCR" in event["DESCRIPTION"]
    assert str(event["URL"]).startswith("https://portal.example.org/programme/")
    assert event.categories == ["training"]
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event


def test_a_change_keeps_the_uid_and_raises_the_sequence(app, member, lecture):
    browser = signed_in(app, member)
    before = parse(browser.get(f"/programme/sessions/{lecture.id}.ics")).events[0]
    # What the editing service does on a reschedule (it is another part's).
    lecture.starts_at += timedelta(days=1, hours=2)
    lecture.ends_at += timedelta(days=1, hours=2)
    lecture.sequence += 1
    lecture.updated_at = utcnow()
    db.session.commit()
    after = parse(browser.get(f"/programme/sessions/{lecture.id}.ics")).events[0]
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.start.replace(tzinfo=None) == datetime(2031, 3, 13, 12, 0)


def test_a_cancelled_session_is_a_cancelled_event(app, member, lecture):
    lecture.status, lecture.sequence = "cancelled", 2
    db.session.commit()
    browser = signed_in(app, member)
    [event] = parse(browser.get(f"/programme/sessions/{lecture.id}.ics")).events
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 2


def test_another_zone_is_named_and_defined(app, member, make_session, cohort):
    session = make_session(cohort, starts_at=BAKU_TEN, time_zone="Europe/Berlin")
    browser = signed_in(app, member)
    calendar = parse(browser.get(f"/programme/sessions/{session.id}.ics"))
    [event] = calendar.events
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start.replace(tzinfo=None) == datetime(2031, 3, 12, 7, 0)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]


def test_an_online_session_links_to_its_meeting(app, member, make_session, cohort):
    session = make_session(cohort, online_url="https://meet.example.org/abc")
    browser = signed_in(app, member)
    [event] = parse(browser.get(f"/programme/sessions/{session.id}.ics")).events
    assert event["URL"] == "https://meet.example.org/abc"
    assert event["LOCATION"] == "https://meet.example.org/abc"


def test_who_may_download_a_session(
    app, client, lecture, cohort, make_cohort, make_user, teach, admin
):
    url = f"/programme/sessions/{lecture.id}.ics"
    other = make_user()
    other.cohort_id = make_cohort().id
    outsider, teacher = make_user("trainer"), make_user("trainer")
    applicant = make_user("applicant")
    db.session.commit()
    teach(teacher, cohort)
    for user in (other, outsider, applicant):
        assert signed_in(app, user).get(url).status_code == 404
    for user in (teacher, admin):
        assert signed_in(app, user).get(url).status_code == 200
    assert signed_in(app, admin).get("/programme/sessions/999.ics").status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


FEED = re.compile(r'value="https://portal\.example\.org(/programme/feed/[^"]+\.ics)"')


def make_feed(browser) -> str:
    """Make a feed on the page, as a person does: the path of its address."""
    page = browser.post("/programme/calendar-feed")
    found = FEED.search(page.get_data(as_text=True))
    assert page.status_code == 200 and found, page.get_data(as_text=True)
    return found.group(1)


def test_the_feed_holds_the_cohorts_programme_and_nobody_elses(
    app, client, member, lecture, make_session, cohort, make_cohort
):
    cancelled = make_session(cohort, title="Called off", status="cancelled")
    elsewhere = make_session(make_cohort(), title="Another cohort's")
    path = make_feed(signed_in(app, member))
    calendar = parse(client.get(path))  # no one signed in: a calendar application
    assert calendar["X-WR-CALNAME"] == "Migration School — Cohort Baku"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    status = {str(e["UID"]): str(e["STATUS"]) for e in calendar.events}
    assert status == {lecture.uid: "CONFIRMED", cancelled.uid: "CANCELLED"}
    assert elsewhere.uid not in status
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Baku"]


def test_a_trainers_feed_holds_only_the_cohorts_they_teach(
    app, client, trainer, teach, make_cohort, make_session
):
    taught, other = make_cohort(), make_cohort()
    teach(trainer, taught)
    mine, theirs = make_session(taught), make_session(other)
    calendar = parse(client.get(make_feed(signed_in(app, trainer))))
    uids = {str(e["UID"]) for e in calendar.events}
    assert mine.uid in uids and theirs.uid not in uids


def test_only_the_hash_is_kept_and_the_address_is_shown_once(app, member):
    browser = signed_in(app, member)
    path = make_feed(browser)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    feed = db.session.scalar(select(CalendarFeed))
    assert feed.token_hash == calendar_feed.token_digest(token) != token
    assert token not in browser.get("/programme/calendar-feed").get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "calendar.feed_created" in actions


def test_a_new_address_asks_first_then_ends_the_old_one(app, client, member):
    browser = signed_in(app, member)
    old = make_feed(browser)
    asked = browser.post("/programme/calendar-feed")
    assert asked.status_code == 200 and 'name="confirmed"' in asked.get_data(True)
    assert client.get(old).status_code == 200  # asking changed nothing
    page = browser.post("/programme/calendar-feed", {"confirmed": "yes"})
    new = FEED.search(page.get_data(as_text=True)).group(1)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_turning_the_feed_off_asks_first_then_ends_it(app, client, member):
    browser = signed_in(app, member)
    path = make_feed(browser)
    asked = browser.post("/programme/calendar-feed/off")
    assert 'name="confirmed"' in asked.get_data(as_text=True)
    assert client.get(path).status_code == 200
    done = browser.post("/programme/calendar-feed/off", {"confirmed": "yes"})
    assert done.status_code == 302
    assert client.get(path).status_code == 404
    assert db.session.scalar(select(CalendarFeed)) is None
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "calendar.feed_revoked" in actions


def test_unknown_feeds_and_closed_accounts_get_nothing(app, client, member):
    assert client.get("/programme/feed/not-a-real-token.ics").status_code == 404
    path = make_feed(signed_in(app, member))
    member.active = False
    db.session.commit()
    assert client.get(path).status_code == 404


def test_the_feed_page_is_for_the_signed_in_with_a_programme(app, client, make_user):
    assert client.get("/programme/calendar-feed").status_code == 302
    applicant = signed_in(app, make_user("applicant"))
    assert applicant.get("/programme/calendar-feed").status_code == 403
    assert applicant.post("/programme/calendar-feed").status_code == 403
    assert db.session.scalar(select(CalendarFeed)) is None


def test_a_feed_is_written_down_as_used_at_most_every_few_minutes(app, member):
    now = utcnow()
    token = calendar_feed.create_feed(member, now)
    url = lambda session: "https://x/"  # noqa: E731
    calendar_feed.feed_calendar(token, now, url, "MS")
    feed = db.session.scalar(select(CalendarFeed))
    assert feed.last_used_at == now
    calendar_feed.feed_calendar(token, now + timedelta(minutes=4), url, "MS")
    assert feed.last_used_at == now
    later = now + timedelta(minutes=5)
    calendar_feed.feed_calendar(token, later, url, "MS")
    assert feed.last_used_at == later


def test_unknown_feed_addresses_are_limited_per_client_address(app, client, member):
    app.config["CALENDAR_FEED_MISS_LIMIT"] = "2 per 10 minutes"
    path = make_feed(signed_in(app, member))
    for _ in range(2):
        assert client.get("/programme/feed/guess.ics").status_code == 404
    assert client.get("/programme/feed/guess.ics").status_code == 429
    # A right address was never the problem, and still answers from elsewhere.
    other = {"environ_base": {"REMOTE_ADDR": "198.51.100.7"}}
    assert client.get(path, **other).status_code == 200


def test_logs_never_show_a_feed_address():
    line = "GET /programme/feed/Zk9v_3-xQ1abcDEF.ics HTTP/1.1"
    assert redact_links(line) == "GET /programme/feed/[redacted] HTTP/1.1"


def test_the_session_pages_calendar_links(app, member, lecture):
    """The partial the session page includes: this session's file and the feed."""
    with app.test_request_context():
        html = render_template("programme/_calendar_links.html", session=lecture)
    assert f'href="/programme/sessions/{lecture.id}.ics"' in html
    assert 'href="/programme/calendar-feed"' in html
    assert "Add to calendar (.ics)" in html
