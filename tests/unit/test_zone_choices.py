"""The time-zone choices of the account settings: the default first, offsets right."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal.domain.zones import DEFAULT_ZONE, utc_offset, zone_choices, zone_names

WINTER, SUMMER = datetime(2026, 1, 15, 12), datetime(2026, 7, 15, 12)


@pytest.mark.parametrize(
    "name, moment, offset",
    [
        ("Asia/Baku", WINTER, "+04:00"),
        ("Europe/Berlin", WINTER, "+01:00"),
        ("Europe/Berlin", SUMMER, "+02:00"),
        ("America/New_York", WINTER, "-05:00"),
        ("Asia/Kolkata", SUMMER, "+05:30"),
        ("UTC", SUMMER, "+00:00"),
        (None, WINTER, "+04:00"),  # no zone chosen: the default's
    ],
)
def test_utc_offset(name, moment, offset):
    assert utc_offset(name, moment) == offset


def test_the_default_zone_leads_and_every_zone_is_offered_once():
    choices = zone_choices(WINTER)
    assert choices[0] == (DEFAULT_ZONE, "Asia/Baku (UTC+04:00)")
    assert sorted(name for name, _label in choices) == sorted(zone_names())
    assert ("America/New_York", "America/New York (UTC-05:00)") in choices
