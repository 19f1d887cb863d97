"""How a session's time is written for one reader: in their zone, named, in
their language; one date when it starts and ends on the same day there."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal.domain.zones import when, zone_label

STARTS = datetime(2031, 3, 12, 6, 0)  # naive UTC: 10:00 in Baku


@pytest.mark.parametrize(
    ("ends", "zone", "locale", "text"),
    [
        (
            datetime(2031, 3, 12, 8, 0),
            "Asia/Baku",
            "en",
            "Wednesday, March 12, 2031, 10:00–12:00 Asia/Baku (GMT+04:00)",
        ),
        (
            datetime(2031, 3, 12, 8, 0),
            None,  # no preference: the default zone
            "en",
            "Wednesday, March 12, 2031, 10:00–12:00 Asia/Baku (GMT+04:00)",
        ),
        (
            datetime(2031, 3, 12, 8, 0),
            "Europe/Berlin",
            "en",
            "Wednesday, March 12, 2031, 07:00–09:00 Europe/Berlin (GMT+01:00)",
        ),
        (
            datetime(2031, 3, 12, 8, 0),
            "Asia/Baku",
            "ru",
            "среда, 12 марта 2031\u202fг., 10:00–12:00 Asia/Baku (GMT+04:00)",
        ),
        (
            # Ends after midnight in Baku: both dates are written.
            datetime(2031, 3, 12, 21, 0),
            "Asia/Baku",
            "en",
            "Wednesday, 12 March 2031, 10:00 – Thursday, 13 March 2031, 01:00 "
            "Asia/Baku (GMT+04:00)",
        ),
    ],
    ids=["baku", "default", "berlin", "russian", "two-days"],
)
def test_when(ends, zone, locale, text):
    assert when(STARTS, ends, zone, locale) == text


def test_an_unknown_zone_reads_as_the_default():
    assert zone_label(STARTS, "Mars/Olympus", "en") == "Asia/Baku (GMT+04:00)"
