"""A session's values: what may be saved, and which changes a calendar hears of."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from portal.domain.programme import (
    SessionValues,
    calendar_changes,
    changes,
    session_problems,
    web_link,
)

START = datetime(2026, 3, 10, 10, 0)
GOOD = SessionValues(
    kind="training",
    title="Asylum procedures",
    starts=START,
    ends=START + timedelta(hours=2),
    room="Room 4",
    speaker_ids=(1, 2),
    module_slugs=("basics",),
)


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({}, {}),
        ({"kind": "party"}, {"kind": "unknown"}),
        ({"title": "  "}, {"title": "empty"}),
        ({"ends": START}, {"ends": "not_after_start"}),
        ({"ends": START - timedelta(minutes=1)}, {"ends": "not_after_start"}),
        ({"ends": START + timedelta(days=14)}, {}),
        ({"ends": START + timedelta(days=14, minutes=1)}, {"ends": "too_long"}),
        ({"capacity": 0}, {"capacity": "too_small"}),
        ({"capacity": -3}, {"capacity": "too_small"}),
        ({"capacity": 1}, {}),
        ({"capacity": None}, {}),
        ({"online_url": "https://meet.example.org/room"}, {}),
        ({"online_url": "http://meet.example.org"}, {}),
        ({"online_url": "javascript:alert(1)"}, {"online_url": "not_web"}),
        ({"online_url": "ftp://files.example.org"}, {"online_url": "not_web"}),
        ({"online_url": "meet.example.org"}, {"online_url": "not_web"}),
        ({"online_url": "https://"}, {"online_url": "not_web"}),
        ({"time_zone": "Europe/Berlin"}, {}),
        ({"time_zone": "Mars/Olympus"}, {"time_zone": "unknown"}),
        ({"time_zone": ""}, {"time_zone": "unknown"}),
        (
            {"title": "", "capacity": 0, "kind": "x"},
            {"title": "empty", "capacity": "too_small", "kind": "unknown"},
        ),
    ],
)
def test_session_problems(change, problems):
    assert session_problems(replace(GOOD, **change)) == problems


def test_end_after_start_is_judged_in_real_time_across_a_clock_change():
    """01:30 to 03:10 on the night Berlin's clocks go forward is 40 minutes long."""
    night = SessionValues(
        kind="exam",
        title="Night exam",
        starts=datetime(2026, 3, 29, 1, 30),
        ends=datetime(2026, 3, 29, 3, 10),
        time_zone="Europe/Berlin",
    )
    assert session_problems(night) == {}
    assert night.ends_at - night.starts_at == timedelta(minutes=40)


def test_wall_clock_times_are_stored_in_utc():
    assert GOOD.starts_at == datetime(2026, 3, 10, 6, 0)  # Baku is UTC+4


@pytest.mark.parametrize(
    ("change", "changed"),
    [
        ({}, ()),
        ({"starts": START - timedelta(hours=1)}, ("time",)),
        ({"ends": START + timedelta(hours=3)}, ("time",)),
        # The same instant written in another zone: only the zone changed.
        (
            {
                "starts": START - timedelta(hours=3),
                "ends": START - timedelta(hours=1),
                "time_zone": "Europe/Berlin",
            },
            ("time_zone",),
        ),
        ({"time_zone": "Europe/Berlin"}, ("time", "time_zone")),
        ({"room": "Room 5"}, ("place",)),
        ({"address": "Baku, 1 Street"}, ("place",)),
        ({"online_url": "https://meet.example.org"}, ("place",)),
        ({"title": "Other"}, ("title",)),
        ({"description": "New text"}, ("description",)),
        ({"speaker_ids": (2, 1)}, ("speakers",)),
        ({"speaker_ids": (1,)}, ("speakers",)),
        ({"kind": "lecture"}, ("kind",)),
        ({"required": False}, ("required",)),
        ({"capacity": 20}, ("capacity",)),
        ({"module_slugs": ()}, ("modules",)),
        ({"module_slugs": ("basics",)}, ()),
        ({"title": "Other", "room": "Hall"}, ("place", "title")),
    ],
)
def test_changes(change, changed):
    assert changes(GOOD, replace(GOOD, **change)) == changed


@pytest.mark.parametrize(
    ("changed", "news"),
    [
        ((), ()),
        (("capacity", "modules", "required", "kind"), ()),
        (("time", "capacity"), ("time",)),
        (
            ("place", "title", "description", "speakers"),
            ("place", "title", "description", "speakers"),
        ),
        (("time_zone",), ("time_zone",)),
    ],
)
def test_calendar_changes(changed, news):
    assert calendar_changes(changed) == news


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org", True),
        ("HTTPS://example.org/x", True),
        (" https://example.org ", True),
        ("mailto:a@example.org", False),
        ("//example.org", False),
        ("", False),
    ],
)
def test_web_link(url, ok):
    assert web_link(url) is ok


def test_every_kind_has_a_label():
    from portal import labels
    from portal.domain.programme import Kind

    assert set(labels.KINDS) == set(Kind)
