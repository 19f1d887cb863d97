"""The calendar's month grid and list groups, in the reader's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from portal.domain.calendar_grid import (
    Month,
    agenda,
    grid_bounds,
    grid_days,
    is_upcoming,
    local_days,
    month_grid,
)

BAKU = "Asia/Baku"  # UTC+4, no summer time


@dataclass(frozen=True)
class Session:
    title: str
    starts_at: datetime
    ends_at: datetime


def at(text: str, hours: float = 2, title: str = "") -> Session:
    starts = datetime.fromisoformat(text)
    return Session(title or text, starts, starts + timedelta(hours=hours))


def days_with(grid) -> dict[date, list[str]]:
    return {
        d.day: [e.session.title for e in d.entries]
        for week in grid.weeks
        for d in week
        if d.entries
    }


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-12", Month(2026, 12)),
        ("2027-01", Month(2027, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("2026-1", None),
        ("26-01", None),
        ("1969-12", None),
        ("2201-01", None),
        ("2026-12-01", None),
        ("", None),
        (None, None),
        ("٢٠٢٦-١٢", None),  # other digits are not a month either
    ],
)
def test_a_month_is_read_from_yyyy_mm_only(text, month):
    assert Month.parse(text) == month


@pytest.mark.parametrize(
    ("month", "previous", "following"),
    [
        (Month(2026, 12), Month(2026, 11), Month(2027, 1)),
        (Month(2027, 1), Month(2026, 12), Month(2027, 2)),
        (Month(2028, 2), Month(2028, 1), Month(2028, 3)),
        (Month(2026, 3), Month(2026, 2), Month(2026, 4)),
    ],
)
def test_previous_and_next_months_cross_years(month, previous, following):
    assert (month.previous, month.next) == (previous, following)
    assert str(Month(2026, 3)) == "2026-03"


@pytest.mark.parametrize(
    ("month", "first", "last", "weeks"),
    [
        # December 2026 starts on a Tuesday and ends on a Thursday.
        (Month(2026, 12), date(2026, 11, 30), date(2027, 1, 3), 5),
        # February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
        (Month(2027, 2), date(2027, 2, 1), date(2027, 2, 28), 4),
        # August 2027 starts on a Sunday: six rows.
        (Month(2027, 8), date(2027, 7, 26), date(2027, 9, 5), 6),
    ],
)
def test_the_grid_is_whole_weeks_monday_first(month, first, last, weeks):
    assert grid_days(month) == (first, last)
    grid = month_grid(month, [], BAKU)
    assert len(grid.weeks) == weeks
    assert all(len(week) == 7 for week in grid.weeks)
    assert all(week[0].day.weekday() == 0 for week in grid.weeks)
    assert grid.weeks[0][0].day == first and grid.weeks[-1][-1].day == last
    assert grid.empty


def test_days_outside_the_month_are_marked_and_keep_their_sessions():
    grid = month_grid(Month(2026, 12), [at("2026-11-30T06:00")], BAKU)
    monday = grid.weeks[0][0]
    assert monday.day == date(2026, 11, 30) and not monday.in_month
    assert [e.session.title for e in monday.entries] == ["2026-11-30T06:00"]
    assert grid.weeks[0][1].in_month
    assert grid.empty  # nothing on a day of December itself


def test_a_session_at_2330_utc_is_on_the_next_day_in_baku():
    late = at("2026-12-09T23:30", hours=0.5)  # ends at midnight UTC
    grid = month_grid(Month(2026, 12), [late], BAKU)
    assert days_with(grid) == {date(2026, 12, 10): ["2026-12-09T23:30"]}
    assert days_with(month_grid(Month(2026, 12), [late], "UTC")) == {
        date(2026, 12, 9): ["2026-12-09T23:30"]
    }


def test_the_last_evening_of_a_month_in_utc_is_the_next_month_in_baku():
    late = at("2026-12-31T21:00", hours=1)  # 1 January, 01:00 in Baku
    assert days_with(month_grid(Month(2027, 1), [late], BAKU)) == {
        date(2027, 1, 1): ["2026-12-31T21:00"]
    }
    assert not month_grid(Month(2026, 12), [late], BAKU).weeks[-1][-1].in_month


def test_a_session_over_several_days_is_on_each_of_them():
    # Monday 09:00 to Wednesday 17:00 in Baku
    visit = at("2026-12-14T05:00", hours=24 * 2 + 8, title="visit")
    grid = month_grid(Month(2026, 12), [visit], BAKU)
    assert days_with(grid) == {
        date(2026, 12, 14): ["visit"],
        date(2026, 12, 15): ["visit"],
        date(2026, 12, 16): ["visit"],
    }
    entries = [d.entries[0] for week in grid.weeks for d in week if d.entries]
    assert [(e.starts_here, e.ends_here) for e in entries] == [
        (True, False),
        (False, False),
        (False, True),
    ]


def test_a_session_ending_at_midnight_is_not_on_the_next_day():
    evening = Session("evening", datetime(2026, 12, 10, 16), datetime(2026, 12, 10, 20))
    assert local_days(evening, BAKU) == [date(2026, 12, 10)]  # 20:00-00:00 Baku


def test_a_session_across_a_months_edge_is_on_both_grids_only_where_shown():
    visit = at("2026-12-30T05:00", hours=24 * 5, title="trip")  # 30 Dec - 4 Jan
    december = days_with(month_grid(Month(2026, 12), [visit], BAKU))
    assert sorted(december) == [date(2026, 12, d) for d in (30, 31)] + [
        date(2027, 1, d) for d in (1, 2, 3)
    ]
    # January's grid starts on Monday 28 December: the trip is on all six days.
    january = days_with(month_grid(Month(2027, 1), [visit], BAKU))
    assert sorted(january) == sorted(december) + [date(2027, 1, 4)]


def test_sessions_on_a_day_are_in_time_order():
    later, sooner = at("2026-12-10T10:00", title="b"), at("2026-12-10T06:00", title="a")
    assert days_with(month_grid(Month(2026, 12), [later, sooner], BAKU)) == {
        date(2026, 12, 10): ["a", "b"]
    }


@pytest.mark.parametrize(
    ("zone", "moment", "day"),
    [
        # Berlin keeps summer time until the last Sunday of October (UTC+2, then +1).
        ("Europe/Berlin", "2026-10-24T22:30", date(2026, 10, 25)),
        ("Europe/Berlin", "2026-10-25T22:30", date(2026, 10, 25)),
        ("Europe/Berlin", "2026-10-25T23:30", date(2026, 10, 26)),
        # New York: UTC-4 in summer, UTC-5 from the first Sunday of November.
        ("America/New_York", "2026-11-01T03:30", date(2026, 10, 31)),
        ("America/New_York", "2026-11-02T04:30", date(2026, 11, 1)),
        ("America/New_York", "2026-11-02T05:30", date(2026, 11, 2)),
    ],
)
def test_days_follow_summer_time_in_zones_that_keep_it(zone, moment, day):
    assert local_days(at(moment, hours=0.25), zone) == [day]


def test_grid_bounds_are_the_grids_edges_in_the_readers_zone():
    assert grid_bounds(Month(2026, 12), BAKU) == (
        datetime(2026, 11, 29, 20),
        datetime(2027, 1, 3, 20),
    )
    # Berlin's December grid starts in winter time (UTC+1).
    assert grid_bounds(Month(2026, 12), "Europe/Berlin")[0] == datetime(
        2026, 11, 29, 23
    )


NOW = datetime(2026, 12, 10, 12)  # 16:00 in Baku


def test_the_list_shows_upcoming_soonest_first_then_past_most_recent_first():
    sessions = [
        at("2026-11-20T06:00", title="november"),
        at("2026-12-12T06:00", title="saturday"),
        at("2026-12-10T05:00", title="this morning"),  # over, but today
        at("2027-01-05T06:00", title="january"),
        at("2026-12-09T06:00", title="yesterday"),
        at("2026-12-11T06:00", title="tomorrow"),
    ]
    shown = agenda(sessions, NOW, BAKU)
    upcoming = [
        (str(m.month), d.day.day, [s.title for s in d.sessions])
        for m in shown.upcoming
        for d in m.days
    ]
    assert upcoming == [
        ("2026-12", 10, ["this morning"]),
        ("2026-12", 11, ["tomorrow"]),
        ("2026-12", 12, ["saturday"]),
        ("2027-01", 5, ["january"]),
    ]
    past = [[s.title for d in m.days for s in d.sessions] for m in shown.past]
    assert past == [["yesterday"], ["november"]]
    assert not shown.empty and agenda([], NOW, BAKU).empty


def test_today_is_the_readers_today():
    # 21:30 UTC on the 9th is already the 10th in Baku: "today" there.
    last_night = at("2026-12-09T20:30", hours=1)  # 00:30-01:30 on the 10th in Baku
    assert is_upcoming(last_night, NOW, BAKU)
    assert not is_upcoming(last_night, NOW, "UTC")


def test_a_session_under_way_is_upcoming():
    running = at("2026-12-08T06:00", hours=24 * 5)
    assert is_upcoming(running, NOW, BAKU)
    assert agenda([running], NOW, BAKU).past == ()
