"""Cohort announcements at the service level: rendered once and sanitised, mailed
only when asked and only to the cohort's active participants, edited, deleted,
audited, and kept to the cohort's own staff and readers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.emails import write_email
from portal.extensions import db
from portal.models import Announcement, AuditEvent, OutboxMessage
from portal.services import announcements
from portal.services.errors import FormInvalid, NotFound
from portal.timeutil import utcnow

HOSTILE = (
    "Hello **everyone**.\n\n<script>alert('x')</script>\n\n"
    "[Click](javascript:alert(1)) <img src=x onerror=alert(2)>"
)


@pytest.fixture
def spring(make_cohort, make_user, trainer, teach):
    """A cohort the trainer teaches, with two active participants, one deactivated
    and one erased; and another cohort with a participant of its own."""
    cohort, other = make_cohort("Spring"), make_cohort("Autumn")
    people = {
        name: make_user("participant", f"{name}@example.org")
        for name in ("aysel", "murad", "gone", "erased", "elsewhere")
    }
    for name, person in people.items():
        person.cohort_id = other.id if name == "elsewhere" else cohort.id
    people["gone"].active = False
    people["erased"].erased_at = utcnow()
    db.session.commit()
    teach(trainer, cohort)
    return cohort, other, people


def post(cohort, actor, body="Text", email=False, title="Welcome", now=None):
    return announcements.post_announcement(
        cohort.id,
        title,
        body,
        email,
        actor,
        now or utcnow(),
        letters=write_email,
        link="https://portal.example.org/announcements/",
    )


def _letters() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.to)))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_post_is_rendered_once_and_sanitised(app, spring, trainer):
    cohort, _other, _people = spring
    with app.test_request_context():
        made = post(cohort, trainer, HOSTILE)
    assert made.body == HOSTILE.strip()
    html = made.body_html
    assert "<strong>everyone</strong>" in html
    # Raw HTML is shown as text, never run; the javascript: link is no link.
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "href" not in html
    assert made.author_id == trainer.id and made.emailed_at is None
    assert _letters() == []
    event = db.session.scalars(select(AuditEvent)).one()
    assert event.action == "announcement.posted"
    assert event.detail == {"cohort_id": cohort.id, "emailed": False}


def test_email_goes_only_to_the_cohorts_active_participants(app, spring, admin):
    cohort, _other, _people = spring
    now = utcnow().replace(microsecond=0)
    with app.test_request_context():
        made = post(cohort, admin, "Bring your passport.", email=True, now=now)
    letters = _letters()
    assert [m.to for m in letters] == ["aysel@example.org", "murad@example.org"]
    assert letters[0].subject == "Spring: Welcome"
    assert "Bring your passport." in letters[0].body
    assert "https://portal.example.org/announcements/" in letters[0].body
    assert made.emailed_at == now


def test_a_cohort_with_nobody_to_write_to_is_not_marked_emailed(
    app, make_cohort, admin
):
    empty = make_cohort("Empty")
    with app.test_request_context():
        made = post(empty, admin, "Anyone there?", email=True)
    assert _letters() == [] and made.emailed_at is None


def test_an_edit_renders_again_and_mails_nobody(app, spring, trainer):
    cohort, _other, _people = spring
    with app.test_request_context():
        made = post(cohort, trainer, "First *draft*", email=True)
        later = utcnow().replace(microsecond=0) + timedelta(minutes=5)
        announcements.edit_announcement(
            made.id, "Welcome again", "Second **take**", trainer, later
        )
    db.session.expire_all()
    edited = db.session.get(Announcement, made.id)
    assert edited.title == "Welcome again"
    assert edited.body_html.strip() == "<p>Second <strong>take</strong></p>"
    assert edited.edited_at == later
    assert len(_letters()) == 2  # the two letters of the post, none for the edit
    assert _actions() == ["announcement.posted", "announcement.edited"]


def test_an_edit_that_changes_nothing_records_nothing(app, spring, trainer):
    cohort, _other, _people = spring
    with app.test_request_context():
        made = post(cohort, trainer)
        announcements.edit_announcement(made.id, "Welcome", "Text", trainer, utcnow())
    assert db.session.get(Announcement, made.id).edited_at is None
    assert _actions() == ["announcement.posted"]


def test_a_deletion_is_audited_with_the_title(app, spring, trainer):
    cohort, _other, _people = spring
    with app.test_request_context():
        made = post(cohort, trainer, title="Room change")
        assert announcements.delete_announcement(made.id, trainer, utcnow()) == (
            cohort.id
        )
    assert db.session.scalar(select(func.count(Announcement.id))) == 0
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "announcement.deleted")
    ).one()
    assert event.actor_id == trainer.id
    assert event.detail == {"cohort_id": cohort.id, "title": "Room change"}


@pytest.mark.parametrize("title, body", [("", "Text"), ("   ", "Text"), ("T", " ")])
def test_a_post_needs_a_title_and_a_text(app, spring, trainer, title, body):
    cohort, _other, _people = spring
    with app.test_request_context(), pytest.raises(FormInvalid):
        post(cohort, trainer, body, title=title)
    assert db.session.scalar(select(func.count(Announcement.id))) == 0


def test_only_the_cohorts_staff_post_edit_and_delete(app, spring, trainer, make_user):
    cohort, other, people = spring
    stranger = make_user("trainer", "stranger@example.org")
    with app.test_request_context():
        made = post(cohort, trainer)
        for actor in (stranger, people["aysel"]):
            with pytest.raises(NotFound):
                post(cohort, actor)
            with pytest.raises(NotFound):
                announcements.edit_announcement(made.id, "X", "Y", actor, utcnow())
            with pytest.raises(NotFound):
                announcements.delete_announcement(made.id, actor, utcnow())
            with pytest.raises(NotFound):
                announcements.cohort_announcements(cohort.id, actor)
        with pytest.raises(NotFound):
            post(other, trainer)
    assert db.session.scalar(select(func.count(Announcement.id))) == 1


def test_readers_see_their_own_cohort_newest_first(app, spring, trainer, admin):
    cohort, other, people = spring
    start = utcnow()
    with app.test_request_context():
        for number in range(5):
            when = start + timedelta(days=number)
            post(cohort, trainer, title=f"Spring {number}", now=when)
        post(other, admin, title="Autumn only")
    latest = announcements.latest_announcements(people["aysel"])
    assert [a.title for a in latest] == ["Spring 4", "Spring 3", "Spring 2"]
    page = announcements.reader_announcements(people["aysel"])
    assert page.total == 5
    elsewhere = announcements.reader_announcements(people["elsewhere"])
    assert [a.title for a in elsewhere.items] == ["Autumn only"]
    assert announcements.reader_announcements(trainer) is None
    assert announcements.latest_announcements(trainer) == []


def test_the_staff_listing_pages_twenty_at_a_time(app, spring, trainer):
    cohort, _other, _people = spring
    start = utcnow()
    with app.test_request_context():
        for number in range(23):
            post(cohort, trainer, title=f"N{number}", now=start + timedelta(number))
    _cohort, first = announcements.cohort_announcements(cohort.id, trainer)
    assert (first.total, first.pages, first.items[0].title) == (23, 2, "N22")
    _cohort, second = announcements.cohort_announcements(cohort.id, trainer, page=9)
    assert [a.title for a in second.items] == ["N2", "N1", "N0"]
