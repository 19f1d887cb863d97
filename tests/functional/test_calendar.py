"""The programme calendar: list and month views, filters, print styles, the course
home's next sessions, and who sees which cohort's programme."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from portal.domain.calendar_grid import Month
from portal.domain.zones import in_zone
from portal.extensions import db
from portal.models import SessionSpeaker, Speaker
from portal.timeutil import utcnow
from tests.conftest import signed_in


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def this_month() -> Month:
    return Month.of(in_zone(utcnow(), "Asia/Baku").date())


@pytest.fixture
def programme(make_cohort, make_session, participant, make_user):
    """The participant's cohort with a required training, an optional partner
    event, a cancelled lecture and a past workshop; another cohort with a session
    of its own."""
    mine, other = make_cohort("Cohort Spring"), make_cohort("Cohort Autumn")
    participant.cohort_id = mine.id
    db.session.commit()
    soon = utcnow().replace(microsecond=0) + timedelta(hours=3)
    training = make_session(mine, title="Asylum law basics", room="Room 204")
    event = make_session(
        mine,
        kind="partner_event",
        title="IOM round table",
        required=False,
        online_url="https://meet.example.org/x",
        starts_at=soon,
    )
    make_session(mine, kind="lecture", title="Dropped lecture", status="cancelled")
    make_session(
        mine,
        kind="workshop",
        title="Interview workshop",
        starts_at=utcnow().replace(microsecond=0) - timedelta(days=3),
    )
    make_session(other, title="Autumn secret session")
    speaker = Speaker(name="Leyla Quliyeva", organisation="UNHCR", role="Officer")
    db.session.add(speaker)
    db.session.flush()
    db.session.add(SessionSpeaker(session_id=training.id, speaker_id=speaker.id))
    db.session.commit()
    return {"mine": mine, "other": other, "training": training, "event": event}


def test_a_participant_sees_their_cohorts_programme_upcoming_first(
    app, programme, participant
):
    page = text(signed_in(app, participant).get("/programme/"))
    assert "Cohort Spring" in page
    order = [page.index(t) for t in ("IOM round table", "Asylum law basics")]
    assert order == sorted(order)  # soonest first
    assert page.index("Upcoming") < page.index("Past sessions")
    assert page.index("Past sessions") < page.index("Interview workshop")
    assert f'href="/programme/sessions/{programme["training"].id}"' in page
    assert "Room 204" in page and "Online" in page
    assert "Optional" in page and "Required" in page
    assert "Leyla Quliyeva (UNHCR)" in page
    assert "<del>Dropped lecture</del>" in page and "Cancelled" in page
    assert "Asia/Baku (GMT+04:00)" in page
    assert "Autumn secret session" not in page
    assert 'aria-current="page">Programme</a>' in page


def test_a_participant_never_sees_another_cohort_even_when_asking(
    app, programme, participant
):
    browser = signed_in(app, participant)
    other = programme["other"].id
    for url in (
        f"/programme/?cohort={other}",
        f"/programme/?view=month&cohort={other}",
    ):
        page = text(browser.get(url))
        assert "Autumn secret session" not in page
        assert "Asylum law basics" in page or "view=month" in url


def test_the_month_view_is_a_table_of_weeks(app, programme, participant):
    month = this_month()
    page = text(
        signed_in(app, participant).get(f"/programme/?view=month&month={month}")
    )
    assert '<table class="cal-month">' in page and "<caption" in page
    assert page.count('<th scope="col">') == 7
    assert "Monday" in page and "Sunday" in page
    assert f"month={month.previous}" in page and f"month={month.next}" in page
    assert 'aria-current="page">Month</a>' in page


def test_the_month_view_shows_the_month_it_is_asked_for(
    app, programme, participant, make_session
):
    make_session(
        programme["mine"], title="New year visit", starts_at=datetime(2031, 1, 15, 6)
    )
    browser = signed_in(app, participant)
    page = text(browser.get("/programme/?view=month&month=2031-01"))
    assert "January 2031" in page and "New year visit" in page
    assert "Asylum law basics" not in page
    assert "New year visit" not in text(
        browser.get("/programme/?view=month&month=2031-03")
    )
    assert "No sessions in March 2031" in text(
        browser.get("/programme/?view=month&month=2031-03")
    )


@pytest.mark.parametrize("month", ["2031-13", "garbage", "0001-01", "2031-1"])
def test_a_bad_month_shows_this_month_and_says_so(app, programme, participant, month):
    page = text(
        signed_in(app, participant).get(f"/programme/?view=month&month={month}")
    )
    assert "That month could not be read, so this month is shown." in page
    label = in_zone(utcnow(), "Asia/Baku").strftime("%B %Y")
    assert label in page


def test_filters_by_kind_and_required(app, programme, participant):
    browser = signed_in(app, participant)
    page = text(browser.get("/programme/?kind=partner_event"))
    assert "IOM round table" in page and "Asylum law basics" not in page
    page = text(browser.get("/programme/?required=optional"))
    assert "IOM round table" in page and "Asylum law basics" not in page
    page = text(browser.get("/programme/?required=required"))
    assert "IOM round table" not in page and "Asylum law basics" in page
    page = text(browser.get("/programme/?kind=exam"))
    assert "No sessions match these filters." in page
    # Unknown values are ignored, not an error.
    page = text(browser.get("/programme/?kind=party&required=maybe&view=year"))
    assert "IOM round table" in page and "Asylum law basics" in page


def test_the_page_prints_without_navigation_and_buttons(app, programme, participant):
    page = text(signed_in(app, participant).get("/programme/"))
    assert 'class="filters cal-screen-only"' in page
    assert 'class="cal-views cal-screen-only"' in page
    css = (Path(app.static_folder) / "css" / "portal.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print", css.index("Programme calendar")) :]
    assert ".cal-screen-only" in printed and "break-before: page" in printed
    assert ".site-header" in css[css.index("@media print") :]


def test_a_participant_without_a_cohort_sees_what_to_expect(app, make_user):
    loner = make_user()
    page = text(signed_in(app, loner).get("/programme/"))
    assert "You are not in a cohort yet" in page
    assert 'class="filters' not in page


def test_staff_see_every_cohort_they_teach_with_its_name(
    app, programme, trainer, teach, make_cohort, make_session
):
    third = make_cohort("Cohort Winter")
    make_session(third, title="Winter orientation")
    teach(trainer, programme["mine"])
    teach(trainer, third)
    browser = signed_in(app, trainer)
    page = text(browser.get("/programme/"))
    assert "Asylum law basics" in page and "Winter orientation" in page
    assert "Autumn secret session" not in page
    assert "<li>Cohort Winter</li>" in page and "<li>Cohort Spring</li>" in page
    assert f'<option value="{programme["other"].id}"' not in page
    page = text(browser.get(f"/programme/?cohort={third.id}"))
    assert "Winter orientation" in page and "Asylum law basics" not in page
    assert f'href="/programme/cohorts/{third.id}/sessions/new"' in page
    assert "/sessions/new" not in text(browser.get("/programme/"))  # two cohorts


def test_a_trainer_asking_for_a_cohort_they_do_not_teach_is_refused(
    app, programme, trainer, teach
):
    teach(trainer, programme["mine"])
    browser = signed_in(app, trainer)
    other = programme["other"].id
    for url in (
        f"/programme/?cohort={other}",
        f"/programme/?view=month&cohort={other}",
    ):
        response = browser.get(url)
        assert response.status_code == 404
        assert "Autumn secret session" not in response.get_data(as_text=True)


def test_a_trainer_teaching_no_cohort_sees_an_empty_state(app, programme, trainer):
    page = text(signed_in(app, trainer).get("/programme/"))
    assert "You do not teach any cohort yet" in page
    assert "Asylum law basics" not in page and "Autumn secret session" not in page


def test_administrators_see_every_cohort(app, programme, admin):
    page = text(signed_in(app, admin).get("/programme/"))
    assert "Asylum law basics" in page and "Autumn secret session" in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/programme/?view=month")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_applicants_are_sent_to_their_applications(app, make_user):
    applicant = make_user("applicant")
    response = signed_in(app, applicant).get("/programme/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my-applications")


def test_the_course_home_shows_the_next_three_sessions(
    app, course, programme, participant, make_session
):
    make_session(
        programme["mine"], title="Far future", starts_at=utcnow() + timedelta(days=90)
    )
    page = text(signed_in(app, participant).get("/course"))
    box = page[page.index('id="next-sessions"') : page.index("<h2>Modules</h2>")]
    assert "IOM round table" in box and "Asylum law basics" in box
    assert "Dropped lecture" not in box  # cancelled
    assert "Interview workshop" not in box  # over
    assert "Far future" in box and box.count("/programme/sessions/") == 3
    assert 'href="/programme/"' in box
    assert "Autumn secret session" not in box


def test_the_course_home_says_when_nothing_is_planned(app, course, make_user):
    page = text(signed_in(app, make_user()).get("/course"))
    assert "No sessions are planned yet." in page


def test_the_list_view_ignores_a_month(app, programme, participant):
    page = text(signed_in(app, participant).get("/programme/?month=garbage"))
    assert "could not be read" not in page and "Asylum law basics" in page
