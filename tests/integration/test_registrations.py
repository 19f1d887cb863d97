"""Registering for optional events: capacity, the waiting list moving up on
cancellation or when capacity rises, registering again, staff removing someone,
the audit trail, the mail hook, and two people racing for the last place."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, SessionRegistration
from portal.reports import registrations as report
from portal.services import programme_mail
from portal.services import registrations as service
from portal.services.errors import Forbidden, NotFound
from portal.timeutil import utcnow
from tests.integration.counting import count_queries


@pytest.fixture
def cohort(make_cohort):
    return make_cohort("Spring")


@pytest.fixture
def people(make_user, cohort):
    """Five participants of the cohort."""
    made = [make_user() for _ in range(5)]
    for person in made:
        person.cohort_id = cohort.id
    db.session.commit()
    return made


@pytest.fixture
def event(make_session, cohort):
    """An optional partner event with two places."""
    return make_session(cohort, kind="partner_event", required=False, capacity=2)


@pytest.fixture
def offered(monkeypatch):
    """The registrations the mail hook was told about."""
    told = []
    monkeypatch.setattr(
        programme_mail,
        "place_offered",
        lambda registration, now: told.append(registration.user_id),
    )
    return told


def _places(session_id: int) -> dict[int, str]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(SessionRegistration).where(SessionRegistration.session_id == session_id)
    )
    return {r.user_id: r.status for r in rows}


def _register_all(event, people, start=None):
    moment = start or utcnow()
    for number, person in enumerate(people):
        service.register(event.id, person, moment + timedelta(seconds=number))


def _actions() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("registration.%"))
            .order_by(AuditEvent.id)
        )
    )


def test_places_while_they_last_then_the_waiting_list(event, people):
    a, b, c, d, _e = people
    _register_all(event, [a, b, c, d])
    assert _places(event.id) == {
        a.id: "registered",
        b.id: "registered",
        c.id: "waiting",
        d.id: "waiting",
    }
    assert report.standing(event, d, utcnow()).position == 2
    assert _actions() == ["registration.created"] * 4


def test_an_event_without_limit_never_has_a_waiting_list(make_session, cohort, people):
    open_event = make_session(cohort, required=False, capacity=None)
    _register_all(open_event, people)
    assert set(_places(open_event.id).values()) == {"registered"}


def test_registering_twice_changes_nothing(event, people):
    service.register(event.id, people[0], utcnow())
    again = service.register(event.id, people[0], utcnow() + timedelta(minutes=5))
    assert again.status == "registered"
    assert db.session.scalars(select(SessionRegistration)).all() == [again]


def test_giving_up_a_place_moves_the_first_waiting_up(event, people, offered):
    a, b, c, d, _e = people
    _register_all(event, [a, b, c, d])
    service.cancel_registration(event.id, a, utcnow())
    places = _places(event.id)
    assert (places[a.id], places[c.id], places[d.id]) == (
        "cancelled",
        "registered",
        "waiting",
    )
    assert offered == [c.id]
    assert report.standing(event, d, utcnow()).position == 1
    assert _actions()[-2:] == ["registration.cancelled", "registration.moved_up"]


def test_leaving_the_waiting_list_moves_nobody_up(event, people, offered):
    a, b, c, d, _e = people
    _register_all(event, [a, b, c, d])
    service.cancel_registration(event.id, c, utcnow())
    assert offered == []
    assert report.standing(event, d, utcnow()).position == 1


def test_registering_again_goes_to_the_back_of_the_queue(event, people, offered):
    a, b, c, d, _e = people
    _register_all(event, [a, b, c, d])
    service.cancel_registration(event.id, a, utcnow())  # c moves up
    again = service.register(event.id, a, utcnow() + timedelta(minutes=1))
    assert again.status == "waiting"
    assert report.standing(event, a, utcnow()).position == 2  # behind d
    assert (
        db.session.scalar(
            select(SessionRegistration.id).where(SessionRegistration.user_id == a.id)
        )
        == again.id
    )  # the same row, reused


def test_raised_capacity_fills_places_in_queue_order(event, people, offered):
    a, b, c, d, e = people
    _register_all(event, people)
    event.capacity = 4
    db.session.commit()
    moved = service.fill_places(event.id, utcnow())
    assert [r.user_id for r in moved] == [c.id, d.id] == offered
    assert _places(event.id)[e.id] == "waiting"
    assert service.fill_places(event.id, utcnow()) == []  # nothing more to offer


def test_a_newcomer_does_not_overtake_the_queue(event, people, offered):
    """Capacity raised but fill_places not called yet: those waiting go first."""
    a, b, c, d, e = people
    _register_all(event, [a, b, c, d])
    event.capacity = 3
    db.session.commit()
    assert service.register(event.id, e, utcnow()).status == "waiting"
    assert _places(event.id)[c.id] == "registered" and offered == [c.id]


def test_fill_places_of_a_missing_session_is_not_found(app):
    with pytest.raises(NotFound):
        service.fill_places(999, utcnow())


@pytest.mark.parametrize(
    "fields",
    [
        {"required": True},
        {"status": "cancelled"},
        {"starts_at": utcnow() - timedelta(minutes=5)},
    ],
    ids=["required", "cancelled", "started"],
)
def test_no_registration_for_required_cancelled_or_started(
    make_session, cohort, people, fields
):
    fields.setdefault("required", False)
    session = make_session(cohort, capacity=5, **fields)
    with pytest.raises(Forbidden):
        service.register(session.id, people[0], utcnow())
    assert _places(session.id) == {}


def test_a_cancelled_session_keeps_its_registrations(event, people, offered):
    a, b, c, *_ = people
    _register_all(event, [a, b, c])
    event.status = "cancelled"
    db.session.commit()
    with pytest.raises(Forbidden):
        service.cancel_registration(event.id, a, utcnow())
    assert service.fill_places(event.id, utcnow()) == []
    assert _places(event.id) == {
        a.id: "registered",
        b.id: "registered",
        c.id: "waiting",
    }


def test_nothing_moves_once_the_session_has_started(event, people, offered):
    a, b, c, *_ = people
    _register_all(event, [a, b, c])
    with pytest.raises(Forbidden):
        service.cancel_registration(event.id, a, event.starts_at)


def test_another_cohorts_participant_is_not_told_the_session_exists(
    event, make_user, make_cohort
):
    stranger = make_user()
    stranger.cohort_id = make_cohort("Autumn").id
    db.session.commit()
    with pytest.raises(NotFound):
        service.register(event.id, stranger, utcnow())
    with pytest.raises(NotFound):
        service.cancel_registration(event.id, stranger, utcnow())


def test_staff_do_not_register(event, admin):
    with pytest.raises(Forbidden):
        service.register(event.id, admin, utcnow())


def test_cancelling_without_a_registration_is_not_found(event, people):
    with pytest.raises(NotFound):
        service.cancel_registration(event.id, people[0], utcnow())


def test_a_teacher_removes_someone_and_the_queue_moves(
    event, people, trainer, teach, cohort, offered
):
    teach(trainer, cohort)
    a, b, c, *_ = people
    _register_all(event, [a, b, c])
    mine = report.registration_list(event.id, trainer)
    assert [r.email for r in mine.registered] == [a.email, b.email]
    assert [(r.email, r.position) for r in mine.waiting] == [(c.email, 1)]
    service.remove_registration(
        event.id, mine.registered[0].registration_id, trainer, utcnow()
    )
    assert _places(event.id)[c.id] == "registered" and offered == [c.id]
    removed = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "registration.removed")
    )
    assert (removed.actor_id, removed.detail["user"]) == (trainer.id, a.id)


def test_a_trainer_of_another_cohort_neither_sees_nor_removes(event, people, trainer):
    registration = service.register(event.id, people[0], utcnow())
    with pytest.raises(NotFound):
        report.registration_list(event.id, trainer)
    with pytest.raises(NotFound):
        service.remove_registration(event.id, registration.id, trainer, utcnow())
    assert _places(event.id) == {people[0].id: "registered"}


def test_the_session_box_costs_one_query(event, people):
    _register_all(event, people[:3])
    db.session.refresh(event), db.session.refresh(people[2])  # as the page has them
    with count_queries() as statements:
        found = report.standing(event, people[2], utcnow())
    assert len(statements) == 1
    assert (found.places_left, found.waiting, found.position) == (0, 1, 1)


def test_my_registrations_upcoming_first_with_positions(make_session, cohort, people):
    a, b, *_ = people
    later = make_session(
        cohort, required=False, capacity=1, starts_at=utcnow() + timedelta(days=9)
    )
    sooner = make_session(cohort, required=False, capacity=5)
    past = make_session(
        cohort, required=False, capacity=5, starts_at=utcnow() - timedelta(days=3)
    )
    db.session.add(
        SessionRegistration(session_id=past.id, user_id=a.id, status="registered")
    )
    db.session.commit()
    service.register(later.id, b, utcnow())
    service.register(later.id, a, utcnow() + timedelta(seconds=1))
    service.register(sooner.id, a, utcnow())
    mine = report.my_registrations(a, utcnow())
    assert [(m.session.id, m.place, m.position) for m in mine.upcoming] == [
        (sooner.id, "registered", None),
        (later.id, "waiting", 1),
    ]
    assert [m.session.id for m in mine.past] == [past.id]
    assert [m.may_give_up for m in mine.upcoming + mine.past] == [True, True, False]


def test_two_people_racing_for_the_last_place_do_not_both_get_it(
    app, make_session, cohort, people
):
    """Five participants register at once for one place: one place is given."""
    session = make_session(cohort, required=False, capacity=1)
    ids = [p.id for p in people]
    barrier = threading.Barrier(len(ids))
    failures: list[BaseException] = []

    def race(user_id: int):
        from portal.models import User

        with app.app_context():
            try:
                person = db.session.get(User, user_id)
                barrier.wait()
                service.register(session.id, person, utcnow())
            except BaseException as error:  # noqa: BLE001 - reported below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    places = sorted(_places(session.id).values())
    assert places == ["registered"] + ["waiting"] * 4
