"""Registrations read back: where the viewer stands at one event, a participant's
own registrations, and an event's list for its staff (and its download)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.domain.access import Duty
from portal.domain.registrations import (
    Entry,
    Place,
    cancellation_refusal,
    giving_up_asks_first,
    place_for_newcomer,
    places_left,
    registration_refusal,
    waiting_order,
    waiting_position,
)
from portal.downloads import Table
from portal.extensions import db
from portal.models import ProgrammeSession, SessionRegistration, User
from portal.services import access, programme
from portal.services.registrations import (
    ACTIVE,
    event,
    refusal_message,
)


@dataclass(frozen=True)
class Standing:
    """Where the viewer stands at one event, for the session page."""

    capacity: int | None
    registered: int
    waiting: int
    places_left: int | None
    place: str | None  # the viewer's: registered, waiting, or None
    position: int | None  # on the waiting list, from 1
    refused: str | None  # why the viewer may not register now, or None
    newcomer: Place  # what registering now would give
    may_give_up: bool  # the viewer's registration can still be given up


def _active(session_ids: list[int]):
    return db.session.execute(
        select(
            SessionRegistration.id,
            SessionRegistration.session_id,
            SessionRegistration.user_id,
            SessionRegistration.status,
            SessionRegistration.created_at,
        ).where(
            SessionRegistration.session_id.in_(session_ids),
            SessionRegistration.status.in_(ACTIVE),
        )
    ).all()


def standing(session: ProgrammeSession, viewer: User, now: datetime) -> Standing:
    """The places taken, the queue and the viewer's own registration, in one query."""
    rows = _active([session.id])
    found = [Entry(r.id, Place(r.status), r.created_at) for r in rows]
    mine = next((r for r in rows if r.user_id == viewer.id), None)
    registered = sum(e.place == Place.REGISTERED for e in found)
    rules = event(session)
    refusal = registration_refusal(rules, viewer.is_participant, viewer.cohort_id, now)
    return Standing(
        capacity=session.capacity,
        registered=registered,
        waiting=len(found) - registered,
        places_left=places_left(session.capacity, registered),
        place=mine.status if mine else None,
        position=waiting_position(found, mine.id) if mine else None,
        refused=None if refusal is None else refusal_message(refusal),
        newcomer=place_for_newcomer(
            session.capacity, registered, len(found) - registered
        ),
        may_give_up=mine is not None and cancellation_refusal(rules, now) is None,
    )


def asks_first(session_id: int, viewer: User) -> bool:
    """Whether the viewer giving up their registration must confirm first (False
    when there is nothing to give up: the service then says so)."""
    session = db.session.get(ProgrammeSession, session_id)
    if session is None:
        return False
    mine = db.session.scalar(
        select(SessionRegistration.status).where(
            SessionRegistration.session_id == session_id,
            SessionRegistration.user_id == viewer.id,
        )
    )
    return giving_up_asks_first(session.capacity, mine)


@dataclass(frozen=True)
class MyRegistration:
    session: ProgrammeSession
    place: str
    position: int | None
    may_give_up: bool


@dataclass(frozen=True)
class Mine:
    upcoming: list[MyRegistration]  # soonest first
    past: list[MyRegistration]  # latest first


def my_registrations(user: User, now: datetime) -> Mine:
    """The participant's places and waiting places (none given up), with their
    position in each queue: two queries."""
    rows = db.session.execute(
        select(SessionRegistration, ProgrammeSession)
        .join(ProgrammeSession, ProgrammeSession.id == SessionRegistration.session_id)
        .where(
            SessionRegistration.user_id == user.id,
            SessionRegistration.status.in_(ACTIVE),
        )
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    ).all()
    waiting_in = [s.id for r, s in rows if r.status == Place.WAITING]
    queues: dict[int, list[Entry]] = {}
    for r in _active(waiting_in) if waiting_in else ():
        queues.setdefault(r.session_id, []).append(
            Entry(r.id, Place(r.status), r.created_at)
        )
    found = [
        MyRegistration(
            s,
            r.status,
            waiting_position(queues.get(s.id, []), r.id),
            cancellation_refusal(event(s), now) is None,
        )
        for r, s in rows
    ]
    return Mine(
        upcoming=[m for m in found if m.session.ends_at >= now],
        past=[m for m in reversed(found) if m.session.ends_at < now],
    )


@dataclass(frozen=True)
class ListRow:
    registration_id: int
    name: str
    email: str
    place: str
    position: int | None
    since: datetime  # registered (or joined the queue) at


@dataclass(frozen=True)
class RegistrationList:
    session: ProgrammeSession
    registered: list[ListRow]  # in the order they registered
    waiting: list[ListRow]  # in the order they will move up


def registration_list(session_id: int, actor: User) -> RegistrationList:
    """The event's list for its teachers and administrators.

    :raise NotFound: no such session, or not in a cohort ``actor`` teaches.
    """
    session = programme.session_for_reader(session_id, actor)
    access.visible_cohort(actor, session.cohort_id, Duty.TEACHER)
    rows = db.session.execute(
        select(SessionRegistration, User.full_name, User.email)
        .join(User, User.id == SessionRegistration.user_id)
        .where(
            SessionRegistration.session_id == session_id,
            SessionRegistration.status.in_(ACTIVE),
        )
        .order_by(SessionRegistration.created_at, SessionRegistration.id)
    ).all()
    by_id = {r.id: (r, name, email) for r, name, email in rows}
    queue = waiting_order(
        Entry(r.id, Place(r.status), r.created_at) for r, _name, _email in rows
    )
    registered = [
        ListRow(r.id, name, email, r.status, None, r.created_at)
        for r, name, email in rows
        if r.status == Place.REGISTERED
    ]
    waiting = [
        ListRow(e.id, by_id[e.id][1], by_id[e.id][2], e.place, n, e.created_at)
        for n, e in enumerate(queue, start=1)
    ]
    return RegistrationList(session, registered, waiting)


def registration_table(found: RegistrationList) -> Table:
    """The list as a download: registered first, then the waiting list in order."""
    headers = ["name", "email", "status", "waiting_position", "since"]
    return headers, (
        [
            row.name,
            row.email,
            row.place,
            "" if row.position is None else row.position,
            row.since.isoformat(" ", "minutes"),
        ]
        for row in found.registered + found.waiting
    )
