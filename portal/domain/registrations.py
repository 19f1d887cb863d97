"""Registrations for optional events: who may register, what a newcomer gets (a
place, or a place on the waiting list), and who moves up when a place frees.

Registration closes when the session starts (:data:`CLOSES_BEFORE_START` before
it); giving a place up closes then too, since a place freed after the start helps
nobody on the waiting list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

#: How long before the start registration closes: at the start itself.
CLOSES_BEFORE_START = timedelta(0)


class Place(StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Refusal(StrEnum):
    """Why a registration (or giving one up) is refused."""

    OTHER_COHORT = "other_cohort"  # not a participant of the session's cohort
    REQUIRED = "required"  # everyone attends: there is nothing to register for
    CANCELLED = "cancelled"  # the session is off
    CLOSED = "closed"  # it has started (or the cut-off has passed)


@dataclass(frozen=True)
class Event:
    """What the rules need to know of a session."""

    cohort_id: int
    required: bool
    cancelled: bool
    starts_at: datetime
    capacity: int | None  # None: no limit


@dataclass(frozen=True)
class Entry:
    """One registration as the rules see it; ``created_at`` is its place in the
    queue (a registration made again starts at the back)."""

    id: int
    place: Place
    created_at: datetime


def closes_at(event: Event) -> datetime:
    """When registering and giving up a place stop."""
    return event.starts_at - CLOSES_BEFORE_START


def registration_refusal(
    event: Event, is_participant: bool, cohort_id: int | None, now: datetime
) -> Refusal | None:
    """Why this person may not register for ``event`` now, or None if they may.

    :param is_participant: the person is a participant (not staff, not applicant).
    :param cohort_id: the person's cohort.
    :param now: the server's time; nothing the client says about time counts.
    """
    if not is_participant or cohort_id != event.cohort_id:
        return Refusal.OTHER_COHORT
    if event.cancelled:
        return Refusal.CANCELLED
    if event.required:
        return Refusal.REQUIRED
    if now >= closes_at(event):
        return Refusal.CLOSED
    return None


def cancellation_refusal(event: Event, now: datetime) -> Refusal | None:
    """Why a registration may not be given up now, or None: a cancelled session
    keeps its registrations for the record, and after the start nothing moves."""
    if event.cancelled:
        return Refusal.CANCELLED
    if now >= closes_at(event):
        return Refusal.CLOSED
    return None


def places_left(capacity: int | None, registered: int) -> int | None:
    """Free places (never below zero, though staff may lower the capacity below
    the registrations already made), or None when there is no limit."""
    return None if capacity is None else max(0, capacity - registered)


def place_for_newcomer(capacity: int | None, registered: int, waiting: int) -> Place:
    """A place while places remain beyond everyone already waiting, else the
    waiting list: a newcomer never overtakes the queue.

    :param registered: how many hold a place.
    :param waiting: how many are on the waiting list.
    """
    if capacity is None or registered + waiting < capacity:
        return Place.REGISTERED
    return Place.WAITING


def waiting_order(entries: Iterable[Entry]) -> list[Entry]:
    """The waiting list, first come first served (ties by id, the order of
    insertion)."""
    return sorted(
        (e for e in entries if e.place == Place.WAITING),
        key=lambda e: (e.created_at, e.id),
    )


def places_to_offer(
    capacity: int | None, registered: int, waiting: Iterable[Entry]
) -> list[int]:
    """Who moves up from the waiting list, as many as there are free places (all of
    them when there is no limit).

    :param registered: how many hold a place now.
    :param waiting: the waiting registrations, in any order.
    :return: their ids, first in the queue first.
    """
    queue = waiting_order(waiting)
    free = places_left(capacity, registered)
    return [e.id for e in (queue if free is None else queue[:free])]


def waiting_position(entries: Sequence[Entry], registration_id: int) -> int | None:
    """The registration's place on the waiting list, counted from 1, or None if it
    is not waiting."""
    for number, entry in enumerate(waiting_order(entries), start=1):
        if entry.id == registration_id:
            return number
    return None


def giving_up_asks_first(capacity: int | None, place: str | None) -> bool:
    """Whether giving a registration up asks first: it does when registering again
    may not give it back (a limited place, someone else may take it; a place in the
    queue, again is at the back). An event without limit has nothing to lose."""
    if place == Place.WAITING:
        return True
    return place == Place.REGISTERED and capacity is not None
