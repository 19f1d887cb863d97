"""The programme's use cases: what a create, an update, a reschedule and a
cancellation write, record and announce."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from portal.domain.programme import SessionValues
from portal.extensions import db
from portal.models import AuditEvent, SessionRegistration, Speaker
from portal.services import programme
from portal.services.errors import Forbidden, FormInvalid, Invalid, NotFound
from portal.timeutil import utcnow

VALUES = SessionValues(
    kind="lecture",
    title="Readmission agreements",
    starts=datetime(2026, 4, 2, 9, 0),
    ends=datetime(2026, 4, 2, 11, 0),
    description="The *EU* agreement.",
    room="Hall A",
)


@pytest.fixture
def hooks(monkeypatch):
    """The mail hooks' calls, by hook name, with what each was told."""
    calls: dict[str, list] = {"added": [], "changed": [], "cancelled": []}
    monkeypatch.setattr(
        programme.programme_mail,
        "sessions_added",
        lambda sessions, now: calls["added"].append([s.id for s in sessions]),
    )
    monkeypatch.setattr(
        programme.programme_mail,
        "session_changed",
        lambda s, now, changed: calls["changed"].append((s.id, tuple(changed))),
    )
    monkeypatch.setattr(
        programme.programme_mail,
        "session_cancelled",
        lambda s, now: calls["cancelled"].append(s.id),
    )
    return calls


@pytest.fixture
def cohort(make_cohort, trainer, teach):
    made = make_cohort()
    teach(trainer, made)
    return made


def actions() -> list[str]:
    return list(
        db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id))
    )


def test_create_stores_utc_renders_once_and_invites(cohort, trainer, hooks):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    assert (session.starts_at, session.ends_at) == (
        datetime(2026, 4, 2, 5, 0),
        datetime(2026, 4, 2, 7, 0),
    )
    assert session.description_html == "<p>The <em>EU</em> agreement.</p>\n"
    assert session.sequence == 0 and session.status == "scheduled"
    other = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    assert session.uid != other.uid
    assert hooks["added"] == [[session.id], [other.id]]
    assert actions() == ["programme.session_created"] * 2


def test_a_reschedule_raises_sequence_clears_the_reminder_and_tells_the_cohort(
    cohort, trainer, hooks
):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    session.reminded_at = utcnow()
    db.session.commit()
    later = replace(
        VALUES, starts=datetime(2026, 4, 3, 9, 0), ends=datetime(2026, 4, 3, 11, 0)
    )
    changed = programme.update_session(session.id, later, trainer, utcnow())
    assert changed == ("time",)
    assert session.sequence == 1 and session.reminded_at is None
    assert hooks["changed"] == [(session.id, ("time",))]
    [event] = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "programme.session_updated")
    )
    assert event.detail == {"changed": ["time"]}


def test_a_change_no_calendar_shows_raises_sequence_without_a_notice(
    cohort, trainer, hooks
):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    session.reminded_at = reminded = utcnow().replace(microsecond=0)
    db.session.commit()
    programme.update_session(
        session.id, replace(VALUES, capacity=12), trainer, utcnow()
    )
    assert session.sequence == 1 and session.capacity == 12
    assert session.reminded_at == reminded  # same time: no second reminder due
    assert hooks["changed"] == []


def test_the_description_is_rendered_again_when_it_changes(cohort, trainer, hooks):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    text = replace(VALUES, description="<script>x</script> **New**")
    programme.update_session(session.id, text, trainer, utcnow())
    assert "<strong>New</strong>" in session.description_html
    assert "<script>" not in session.description_html
    assert hooks["changed"] == [(session.id, ("description",))]


def test_no_change_writes_nothing(cohort, trainer, hooks):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    assert programme.update_session(session.id, VALUES, trainer, utcnow()) == ()
    assert session.sequence == 0 and hooks["changed"] == []
    assert actions() == ["programme.session_created"]


def test_speakers_keep_their_order_and_a_deactivated_one_stays(cohort, trainer, hooks):
    one, two = Speaker(name="One"), Speaker(name="Two")
    db.session.add_all([one, two])
    db.session.commit()
    with_both = replace(VALUES, speaker_ids=(two.id, one.id))
    session = programme.create_session(cohort.id, with_both, trainer, utcnow())
    assert [s.speaker.name for s in session.speakers] == ["Two", "One"]
    two.active = False
    db.session.commit()
    swapped = replace(VALUES, speaker_ids=(one.id, two.id))
    assert programme.update_session(session.id, swapped, trainer, utcnow()) == (
        "speakers",
    )
    assert [s.speaker.name for s in session.speakers] == ["One", "Two"]
    fresh = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    with pytest.raises(Invalid):  # a deactivated speaker is not offered anew
        programme.update_session(fresh.id, with_both, trainer, utcnow())


def test_modules_must_be_live(cohort, trainer, hooks, course):
    linked = replace(VALUES, module_slugs=("basics",))
    session = programme.create_session(cohort.id, linked, trainer, utcnow())
    assert [m.module_slug for m in session.modules] == ["basics"]
    with pytest.raises(Invalid):
        programme.create_session(
            cohort.id, replace(VALUES, module_slugs=("nope",)), trainer, utcnow()
        )


def test_broken_rules_are_form_errors_and_nothing_is_saved(cohort, trainer, hooks):
    wrong = replace(VALUES, ends=VALUES.starts, capacity=0, online_url="ftp://x")
    with pytest.raises(FormInvalid) as raised:
        programme.create_session(cohort.id, wrong, trainer, utcnow())
    assert set(raised.value.errors) == {"ends", "capacity", "online_url"}
    assert actions() == [] and hooks["added"] == []


def test_cancelling_is_final_and_announced(cohort, trainer, hooks):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    now = utcnow()
    programme.cancel_session(session.id, "  Trainer ill. ", trainer, now)
    assert session.cancelled and session.cancelled_at == now
    assert session.cancel_reason == "Trainer ill." and session.sequence == 1
    assert hooks["cancelled"] == [session.id]
    assert actions()[-1] == "programme.session_cancelled"
    with pytest.raises(Forbidden):
        programme.update_session(session.id, VALUES, trainer, utcnow())
    with pytest.raises(Forbidden):
        programme.cancel_session(session.id, "again", trainer, utcnow())
    # still visible to its readers, marked cancelled
    assert programme.session_for_reader(session.id, trainer).cancelled


def test_only_teachers_and_administrators_manage(
    cohort, make_cohort, make_user, trainer, admin, hooks
):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    outsider = make_user("trainer")
    member = make_user("participant")
    member.cohort_id = cohort.id
    db.session.commit()
    for person in (outsider, member):
        with pytest.raises(NotFound):
            programme.create_session(cohort.id, VALUES, person, utcnow())
        with pytest.raises(NotFound):
            programme.update_session(session.id, VALUES, person, utcnow())
        with pytest.raises(NotFound):
            programme.cancel_session(session.id, "no", person, utcnow())
    programme.update_session(
        session.id, replace(VALUES, title="By admin"), admin, utcnow()
    )
    assert session.title == "By admin"


def test_who_may_read_a_session(cohort, make_cohort, make_user, trainer, admin, hooks):
    session = programme.create_session(cohort.id, VALUES, trainer, utcnow())
    member, stranger = make_user("participant"), make_user("participant")
    member.cohort_id = cohort.id
    stranger.cohort_id = make_cohort().id
    db.session.commit()
    for reader in (member, trainer, admin):
        assert programme.session_for_reader(session.id, reader) is session
    for reader in (stranger, make_user("trainer"), make_user("applicant")):
        with pytest.raises(NotFound):
            programme.session_for_reader(session.id, reader)
    with pytest.raises(NotFound):
        programme.session_for_reader(99999, admin)


def test_raising_the_capacity_moves_the_waiting_list_up(
    cohort, trainer, make_user, hooks, monkeypatch
):
    """Two wait for an event of one place; staff make it three places, and both
    get one, in the order they queued."""
    from portal.services import registrations

    offered = []
    monkeypatch.setattr(
        registrations.programme_mail,
        "place_offered",
        lambda registration, now: offered.append(registration.user_id),
    )
    now = utcnow()
    event = replace(
        VALUES,
        required=False,
        capacity=1,
        starts=datetime(now.year + 1, 4, 2, 9, 0),
        ends=datetime(now.year + 1, 4, 2, 11, 0),
    )
    session = programme.create_session(cohort.id, event, trainer, now)
    people = [make_user("participant") for _ in range(3)]
    for person in people:
        person.cohort_id = cohort.id
    db.session.commit()
    for person in people:
        registrations.register(session.id, person, now)
    programme.update_session(session.id, replace(event, capacity=3), trainer, now)
    assert offered == [people[1].id, people[2].id]
    statuses = db.session.scalars(
        db.select(SessionRegistration.status).order_by(SessionRegistration.id)
    )
    assert list(statuses) == ["registered"] * 3
