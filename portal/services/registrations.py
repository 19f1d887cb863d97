"""Registering for optional events, giving a place up, and the waiting list moving
up: every change happens with the session's row locked, so two people never take
the last place at once."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.domain.access import Duty, Role
from portal.domain.registrations import (
    Entry,
    Event,
    Place,
    Refusal,
    cancellation_refusal,
    closes_at,
    place_for_newcomer,
    places_to_offer,
    registration_refusal,
)
from portal.extensions import db
from portal.models import ProgrammeSession, SessionRegistration, User
from portal.services import access, audit, programme, programme_mail
from portal.services.errors import Forbidden, NotFound, PortalError

ACTIVE = (Place.REGISTERED, Place.WAITING)


def refusal_message(refusal: Refusal) -> str:
    """What a refusal says to the person refused."""
    return {
        Refusal.OTHER_COHORT: _(
            "Only the participants of this cohort register for its events."
        ),
        Refusal.REQUIRED: _(
            "This session is required: attendance is expected, so there is no "
            "registration."
        ),
        Refusal.CANCELLED: _(
            "This session is cancelled: its registrations are kept as they were."
        ),
        Refusal.CLOSED: _("Registration closed when the session started."),
    }[refusal]


def event(session: ProgrammeSession) -> Event:
    """The session as the registration rules see it."""
    return Event(
        cohort_id=session.cohort_id,
        required=session.required,
        cancelled=session.cancelled,
        starts_at=session.starts_at,
        capacity=session.capacity,
    )


def entries(rows: list[SessionRegistration]) -> list[Entry]:
    return [Entry(r.id, Place(r.status), r.created_at) for r in rows]


def _locked(session_id: int) -> ProgrammeSession:
    """The session, read again with its row locked until the commit.

    PostgreSQL locks the row (``FOR NO KEY UPDATE``, which inserts of rows pointing
    at the session do not wait for). SQLite has one lock for the whole database,
    taken at a transaction's first write, not its first read; a write that changes
    nothing takes it before anything is counted.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(ProgrammeSession)
            .where(ProgrammeSession.id == session_id)
            .values(sequence=ProgrammeSession.sequence)
            .execution_options(synchronize_session=False)
        )
    return db.session.scalars(
        select(ProgrammeSession)
        .where(ProgrammeSession.id == session_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one()


def _released(error: PortalError) -> PortalError:
    """Roll back (so the lock :func:`_locked` took is let go) before refusing."""
    db.session.rollback()
    return error


def _rows(session_id: int) -> list[SessionRegistration]:
    """Every registration of the session, given up ones too (the row is reused)."""
    return list(
        db.session.scalars(
            select(SessionRegistration)
            .where(SessionRegistration.session_id == session_id)
            .execution_options(populate_existing=True)
        )
    )


def _offer_places(
    session: ProgrammeSession, rows: list[SessionRegistration], now: datetime
) -> list[SessionRegistration]:
    """Move up whoever :func:`places_to_offer` names and tell them by email; nothing
    moves once the session is cancelled or registration has closed."""
    if session.cancelled or now >= closes_at(event(session)):
        return []
    registered = sum(r.status == Place.REGISTERED for r in rows)
    waiting = [e for e in entries(rows) if e.place == Place.WAITING]
    by_id = {r.id: r for r in rows}
    moved = [by_id[i] for i in places_to_offer(session.capacity, registered, waiting)]
    for registration in moved:
        registration.status = Place.REGISTERED
        registration.updated_at = now
        audit.record(
            None,
            "registration.moved_up",
            f"session {session.id}",
            now,
            user=registration.user_id,
        )
        programme_mail.place_offered(registration, now)
    return moved


def register(session_id: int, participant: User, now: datetime) -> SessionRegistration:
    """A place at the event while places remain, else one on its waiting list.

    Registering again after giving up reuses the row, at the back of the queue;
    registering while registered or waiting changes nothing.

    :raise NotFound: no such session, or not in the participant's cohort.
    :raise Forbidden: not a participant, or the session is required, cancelled or
        has started.
    """
    programme.session_for_reader(session_id, participant)
    session = _locked(session_id)
    refusal = registration_refusal(
        event(session),
        participant.role == Role.PARTICIPANT,
        participant.cohort_id,
        now,
    )
    if refusal is not None:
        raise _released(Forbidden(refusal_message(refusal)))
    rows = _rows(session_id)
    mine = next((r for r in rows if r.user_id == participant.id), None)
    if mine is not None and mine.status in ACTIVE:
        db.session.commit()  # nothing to change: let the lock go
        return mine
    _offer_places(session, rows, now)  # those waiting first, if a place was free
    place = place_for_newcomer(
        session.capacity,
        sum(r.status == Place.REGISTERED for r in rows),
        sum(r.status == Place.WAITING for r in rows),
    )
    if mine is None:
        mine = SessionRegistration(session_id=session_id, user_id=participant.id)
        db.session.add(mine)
    mine.status, mine.created_at, mine.updated_at = place, now, now
    audit.record(
        participant.id,
        "registration.created",
        f"session {session_id}",
        now,
        place=str(place),
    )
    db.session.commit()
    return mine


def _give_up(
    session: ProgrammeSession,
    rows: list[SessionRegistration],
    registration: SessionRegistration,
    actor_id: int,
    action: str,
    now: datetime,
) -> SessionRegistration:
    """The registration ends, recorded as ``action``; the freed place (if it was
    one) goes to the first waiting."""
    was = registration.status
    registration.status, registration.updated_at = Place.CANCELLED, now
    audit.record(
        actor_id,
        action,
        f"session {session.id}",
        now,
        user=registration.user_id,
        was=was,
    )
    _offer_places(session, rows, now)
    db.session.commit()
    return registration


def cancel_registration(
    session_id: int, participant: User, now: datetime
) -> SessionRegistration:
    """Give up a place (the first waiting moves up) or a place in the queue.

    :raise NotFound: no such session for the participant, or no registration.
    :raise Forbidden: the session is cancelled or has started.
    """
    programme.session_for_reader(session_id, participant)
    session = _locked(session_id)
    refusal = cancellation_refusal(event(session), now)
    if refusal is not None:
        raise _released(Forbidden(refusal_message(refusal)))
    rows = _rows(session_id)
    mine = next(
        (r for r in rows if r.user_id == participant.id and r.status in ACTIVE), None
    )
    if mine is None:
        raise _released(NotFound(_("You are not registered for this session.")))
    return _give_up(session, rows, mine, participant.id, "registration.cancelled", now)


def remove_registration(
    session_id: int, registration_id: int, actor: User, now: datetime
) -> SessionRegistration:
    """Staff take someone off the list (the first waiting moves up).

    :raise NotFound: not a session of a cohort ``actor`` teaches, or no such
        registration in it.
    :raise Forbidden: the session is cancelled: its list stays for the record.
    """
    session = programme.session_for_reader(session_id, actor)
    access.visible_cohort(actor, session.cohort_id, Duty.TEACHER)
    session = _locked(session_id)
    if session.cancelled:
        raise _released(Forbidden(refusal_message(Refusal.CANCELLED)))
    rows = _rows(session_id)
    found = next(
        (r for r in rows if r.id == registration_id and r.status in ACTIVE), None
    )
    if found is None:
        raise _released(NotFound(_("No such registration.")))
    return _give_up(session, rows, found, actor.id, "registration.removed", now)


def fill_places(session_id: int, now: datetime) -> list[SessionRegistration]:
    """Offer the places a raised capacity made to the first on the waiting list
    (the session editing service calls this after saving a new capacity).

    :return: the registrations that moved up, first in the queue first.
    :raise NotFound: no such session.
    """
    if db.session.get(ProgrammeSession, session_id) is None:
        raise NotFound(_("No such session."))
    session = _locked(session_id)
    moved = _offer_places(session, _rows(session_id), now)
    db.session.commit()
    return moved
