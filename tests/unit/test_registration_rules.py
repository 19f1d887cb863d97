"""The registration rules: who may register, what a newcomer gets, who moves up
from the waiting list and where someone stands in it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.domain.registrations import (
    Entry,
    Event,
    Place,
    Refusal,
    cancellation_refusal,
    giving_up_asks_first,
    place_for_newcomer,
    places_left,
    places_to_offer,
    registration_refusal,
    waiting_position,
)

NOW = datetime(2026, 3, 2, 9, 0)
SOON = NOW + timedelta(days=1)


def _event(**fields) -> Event:
    values = {
        "cohort_id": 1,
        "required": False,
        "cancelled": False,
        "starts_at": SOON,
        "capacity": 10,
    }
    return Event(**(values | fields))


def _at(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("fields", "participant", "cohort_id", "now", "refusal"),
    [
        ({}, True, 1, NOW, None),
        ({"capacity": None}, True, 1, NOW, None),
        ({}, True, 2, NOW, Refusal.OTHER_COHORT),
        ({}, True, None, NOW, Refusal.OTHER_COHORT),
        ({}, False, 1, NOW, Refusal.OTHER_COHORT),  # staff do not register
        ({"required": True}, True, 1, NOW, Refusal.REQUIRED),
        ({"cancelled": True}, True, 1, NOW, Refusal.CANCELLED),
        ({"cancelled": True, "required": True}, True, 1, NOW, Refusal.CANCELLED),
        ({}, True, 1, SOON - timedelta(seconds=1), None),
        ({}, True, 1, SOON, Refusal.CLOSED),  # closes at the start
        ({}, True, 1, SOON + timedelta(hours=1), Refusal.CLOSED),
    ],
)
def test_who_may_register(fields, participant, cohort_id, now, refusal):
    assert registration_refusal(_event(**fields), participant, cohort_id, now) == (
        refusal
    )


@pytest.mark.parametrize(
    ("fields", "now", "refusal"),
    [
        ({}, NOW, None),
        ({"required": True}, NOW, None),  # made required later: may still leave
        ({"cancelled": True}, NOW, Refusal.CANCELLED),
        ({}, SOON, Refusal.CLOSED),
    ],
)
def test_when_a_registration_may_be_given_up(fields, now, refusal):
    assert cancellation_refusal(_event(**fields), now) == refusal


@pytest.mark.parametrize(
    ("capacity", "registered", "left"),
    [(None, 40, None), (15, 7, 8), (15, 15, 0), (10, 12, 0), (0, 0, 0)],
)
def test_places_left(capacity, registered, left):
    assert places_left(capacity, registered) == left


@pytest.mark.parametrize(
    ("capacity", "registered", "waiting", "place"),
    [
        (None, 100, 0, Place.REGISTERED),
        (15, 14, 0, Place.REGISTERED),
        (15, 15, 0, Place.WAITING),
        (15, 13, 2, Place.WAITING),  # the free places are for those waiting
        (15, 12, 2, Place.REGISTERED),
        (10, 12, 0, Place.WAITING),  # capacity lowered below the registrations
        (0, 0, 0, Place.WAITING),
    ],
)
def test_what_a_newcomer_gets(capacity, registered, waiting, place):
    assert place_for_newcomer(capacity, registered, waiting) == place


QUEUE = [
    Entry(7, Place.WAITING, _at(30)),
    Entry(3, Place.WAITING, _at(10)),
    Entry(9, Place.WAITING, _at(10)),  # same moment as 3: inserted later
    Entry(4, Place.REGISTERED, _at(1)),
    Entry(5, Place.CANCELLED, _at(2)),
]


@pytest.mark.parametrize(
    ("capacity", "registered", "offered"),
    [
        (10, 10, []),
        (10, 9, [3]),
        (10, 8, [3, 9]),
        (10, 5, [3, 9, 7]),
        (10, 12, []),
        (None, 40, [3, 9, 7]),
    ],
)
def test_who_moves_up(capacity, registered, offered):
    assert places_to_offer(capacity, registered, QUEUE) == offered


def test_nobody_moves_up_when_nobody_waits():
    assert places_to_offer(10, 2, []) == []


@pytest.mark.parametrize(
    ("registration_id", "position"), [(3, 1), (9, 2), (7, 3), (4, None), (5, None)]
)
def test_position_on_the_waiting_list(registration_id, position):
    assert waiting_position(QUEUE, registration_id) == position


@pytest.mark.parametrize(
    ("capacity", "place", "asks"),
    [
        (10, "registered", True),
        (10, "waiting", True),
        (None, "registered", False),
        (10, None, False),
        (10, "cancelled", False),
    ],
)
def test_giving_up_asks_first(capacity, place, asks):
    assert giving_up_asks_first(capacity, place) is asks
