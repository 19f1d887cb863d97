"""Cohort announcements through the pages: staff post, edit and delete on the
cohort's page; participants read them on the course home and their own page; every
refusal (another cohort's participant, a trainer who does not teach the cohort,
anyone not signed in) and every bad form."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Announcement, AuditEvent, OutboxMessage
from tests.conftest import Browser, signed_in


@pytest.fixture
def cohorts(make_cohort, make_user, participant, trainer, teach):
    """Spring, taught by the trainer, with the participant and a classmate; Autumn
    with a participant of its own."""
    spring, autumn = make_cohort("Spring"), make_cohort("Autumn")
    classmate = make_user("participant", "classmate@example.org")
    outsider = make_user("participant", "outsider@example.org")
    participant.cohort_id = classmate.cohort_id = spring.id
    outsider.cohort_id = autumn.id
    db.session.commit()
    teach(trainer, spring)
    return spring, autumn, outsider


def _count() -> int:
    return db.session.scalar(select(func.count(Announcement.id))) or 0


def _post(browser: Browser, cohort_id: int, **fields):
    page = f"/announcements/cohorts/{cohort_id}"
    browser.get(page)
    data = {"title": "Study visit on Friday", "body": "Meet at **09:30**."}
    return browser.post(page, {**data, **fields})


def test_staff_post_and_the_cohort_reads_it(app, course, cohorts, participant, trainer):
    spring, _autumn, outsider = cohorts
    staff = signed_in(app, trainer)
    page = staff.get(f"/announcements/cohorts/{spring.id}").get_data(as_text=True)
    assert "Post an announcement" in page and "Also send by email" in page
    posted = _post(staff, spring.id)
    assert posted.status_code == 302
    listing = staff.get(posted.headers["Location"]).get_data(as_text=True)
    assert "Announcement posted." in listing
    assert "Meet at <strong>09:30</strong>." in listing
    assert f"/announcements/{db.session.scalar(select(Announcement.id))}/edit" in (
        listing
    )
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0

    reader = signed_in(app, participant)
    home = reader.get("/course").get_data(as_text=True)
    assert "Study visit on Friday" in home and 'href="/announcements/"' in home
    assert "All announcements" in home
    mine = reader.get("/announcements/").get_data(as_text=True)
    assert "Meet at <strong>09:30</strong>." in mine
    assert "Post an announcement" not in mine and "Delete" not in mine

    other = signed_in(app, outsider)
    assert "Study visit" not in other.get("/course").get_data(as_text=True)
    assert "Study visit" not in other.get("/announcements/").get_data(as_text=True)


def test_the_course_home_shows_the_latest_three(app, course, cohorts, participant):
    spring, _autumn, _outsider = cohorts
    for number in range(1, 6):
        db.session.add(
            Announcement(
                cohort_id=spring.id,
                title=f"Notice {number}",
                body="Text",
                body_html="<p>Text</p>",
                created_at=datetime(2026, 11, number, 9),
            )
        )
    db.session.commit()
    home = signed_in(app, participant).get("/course").get_data(as_text=True)
    shown = [f"Notice {n}" in home for n in range(1, 6)]
    assert shown == [False, False, True, True, True]
    assert home.index("Notice 5") < home.index("Notice 3")


def test_emailing_reaches_the_cohort_only(app, cohorts, trainer, mailbox):
    spring, _autumn, _outsider = cohorts
    staff = signed_in(app, trainer)
    response = _post(staff, spring.id, email="y")
    assert response.status_code == 302
    sent = sorted(m["to"] for m in mailbox.messages)
    assert sent == ["classmate@example.org", "participant@example.org"]
    letter = mailbox.last("participant@example.org")
    assert letter["subject"] == "Spring: Study visit on Friday"
    assert "https://portal.example.org/announcements/" in letter["body"]


def test_an_empty_title_is_a_form_error_and_saves_nothing(app, cohorts, trainer):
    spring, _autumn, _outsider = cohorts
    response = _post(signed_in(app, trainer), spring.id, title="  ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and 'href="#title"' in page
    assert _count() == 0


def test_edit_shows_it_was_edited(app, cohorts, participant, trainer):
    spring, _autumn, _outsider = cohorts
    staff = signed_in(app, trainer)
    _post(staff, spring.id)
    made = db.session.scalar(select(Announcement))
    form = staff.get(f"/announcements/{made.id}/edit").get_data(as_text=True)
    assert "Study visit on Friday" in form
    saved = staff.post(
        f"/announcements/{made.id}/edit",
        {"title": "Study visit moved", "body": "Now on *Monday*."},
    )
    assert saved.status_code == 302
    mine = signed_in(app, participant).get("/announcements/").get_data(as_text=True)
    assert "Study visit moved" in mine and "<em>Monday</em>" in mine
    assert "edited" in mine
    refused = staff.post(f"/announcements/{made.id}/edit", {"title": "", "body": "x"})
    assert refused.status_code == 422


def test_delete_asks_first_then_is_audited(app, cohorts, trainer):
    spring, _autumn, _outsider = cohorts
    staff = signed_in(app, trainer)
    _post(staff, spring.id)
    made = db.session.scalar(select(Announcement))
    back = f"/announcements/cohorts/{spring.id}"
    url = f"/announcements/{made.id}/delete"
    asked = staff.post(url, {"back": back})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert "Delete this announcement?" in page and f'href="{back}"' in page
    assert _count() == 1
    done = staff.post(url, {"back": back, "confirmed": "yes"})
    assert done.status_code == 302 and done.headers["Location"] == back
    assert _count() == 0
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "announcement.deleted" in actions


def test_a_participant_cannot_post_edit_or_delete(app, cohorts, participant, trainer):
    spring, _autumn, _outsider = cohorts
    _post(signed_in(app, trainer), spring.id)
    made = db.session.scalar(select(Announcement))
    reader = signed_in(app, participant)
    assert reader.get(f"/announcements/cohorts/{spring.id}").status_code == 403
    assert _post(reader, spring.id).status_code == 403
    assert reader.get(f"/announcements/{made.id}/edit").status_code == 403
    confirmed = {"confirmed": "yes"}
    assert reader.post(f"/announcements/{made.id}/delete", confirmed).status_code == (
        403
    )
    assert _count() == 1


def test_a_trainer_who_does_not_teach_the_cohort_gets_404(
    app, cohorts, trainer, make_user, teach
):
    spring, autumn, _outsider = cohorts
    _post(signed_in(app, trainer), spring.id)
    made = db.session.scalar(select(Announcement))
    stranger = make_user("trainer", "stranger@example.org")
    teach(stranger, autumn)
    other = signed_in(app, stranger)
    assert other.get(f"/announcements/cohorts/{spring.id}").status_code == 404
    assert (
        other.post(
            f"/announcements/cohorts/{spring.id}", {"title": "X", "body": "Y"}
        ).status_code
        == 404
    )
    assert other.get(f"/announcements/{made.id}/edit").status_code == 404
    edit = {"title": "Hijacked", "body": "Y"}
    assert other.post(f"/announcements/{made.id}/edit", edit).status_code == 404
    gone = other.post(f"/announcements/{made.id}/delete", {"confirmed": "yes"})
    assert gone.status_code == 404
    assert db.session.get(Announcement, made.id).title == "Study visit on Friday"
    mine = other.get("/announcements/").get_data(as_text=True)
    assert f"/announcements/cohorts/{autumn.id}" in mine
    assert f"/announcements/cohorts/{spring.id}" not in mine


@pytest.mark.parametrize(
    "url", ["/announcements/", "/announcements/cohorts/1", "/announcements/1/edit"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, cohorts, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_dashboard_links_to_the_announcements(app, cohorts, trainer):
    spring, _autumn, _outsider = cohorts
    page = signed_in(app, trainer).get(f"/analytics/cohorts/{spring.id}")
    assert f'href="/announcements/cohorts/{spring.id}"' in page.get_data(as_text=True)
