"""The calendar's shapes in the reader's zone: a month as weeks of days (Monday
first) with each day's sessions, and the list view's upcoming-then-past groups."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Generic, Protocol, TypeVar

from portal.domain.zones import in_zone, to_utc

#: The years a ``?month=`` may name: wide enough for any programme, narrow enough
#: that converting its edges between zones never overflows.
FIRST_YEAR, LAST_YEAR = 1970, 2200
MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")


class Timed(Protocol):
    """Anything with a stored naive-UTC start and end (a ProgrammeSession)."""

    starts_at: datetime
    ends_at: datetime


S = TypeVar("S", bound=Timed)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str | None) -> Month | None:
        """``YYYY-MM`` as a month, or ``None`` when it is not one we show."""
        found = MONTH_PATTERN.fullmatch(text or "")
        if not found:
            return None
        year, month = int(found[1]), int(found[2])
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            return None
        return cls(year, month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def previous(self) -> Month:
        return Month.of(self.first - timedelta(days=1))

    @property
    def next(self) -> Month:
        return Month.of(self.first + timedelta(days=31))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class DayEntry(Generic[S]):
    """A session on one day of the grid: it may start before or end after it."""

    session: S
    starts_here: bool
    ends_here: bool


@dataclass(frozen=True)
class Day(Generic[S]):
    day: date
    in_month: bool
    entries: tuple[DayEntry[S], ...]


@dataclass(frozen=True)
class MonthGrid(Generic[S]):
    month: Month
    weeks: tuple[tuple[Day[S], ...], ...]

    @property
    def empty(self) -> bool:
        """No session on any day of the month itself."""
        return not any(d.entries for week in self.weeks for d in week if d.in_month)


@dataclass(frozen=True)
class DayGroup(Generic[S]):
    day: date
    sessions: tuple[S, ...]


@dataclass(frozen=True)
class MonthGroup(Generic[S]):
    month: Month
    days: tuple[DayGroup[S], ...]


@dataclass(frozen=True)
class Agenda(Generic[S]):
    """The list view: what is still to come (soonest first), then what is over
    (most recent first), each in months of days."""

    upcoming: tuple[MonthGroup[S], ...]
    past: tuple[MonthGroup[S], ...]

    @property
    def empty(self) -> bool:
        return not self.upcoming and not self.past


def grid_days(month: Month) -> tuple[date, date]:
    """The first and last day the month's grid shows: the Monday on or before the
    1st and the Sunday on or after the month's last day.

    :param month: the month shown.
    :return: (first day, last day), both inclusive.
    """
    first = month.first - timedelta(days=month.first.weekday())
    last_of_month = month.next.first - timedelta(days=1)
    last = last_of_month + timedelta(days=6 - last_of_month.weekday())
    return first, last


def grid_bounds(month: Month, zone_name: str) -> tuple[datetime, datetime]:
    """The stored (naive UTC) times the grid covers in the reader's zone, for
    asking the database for the sessions that overlap it.

    :return: (from, until): a session overlaps if it starts before ``until`` and
        ends after ``from``.
    """
    first, last = grid_days(month)
    return (
        to_utc(datetime.combine(first, time()), zone_name),
        to_utc(datetime.combine(last + timedelta(days=1), time()), zone_name),
    )


def local_days(session: Timed, zone_name: str) -> list[date]:
    """The days, in the zone, that a session takes place on. A session that ends
    at midnight is not on the day that midnight begins."""
    starts = in_zone(session.starts_at, zone_name)
    ends = in_zone(session.ends_at, zone_name)
    last = ends.date()
    if ends.time() == time() and last > starts.date():
        last -= timedelta(days=1)
    count = max((last - starts.date()).days, 0) + 1
    return [starts.date() + timedelta(days=n) for n in range(count)]


def month_grid(month: Month, sessions: Iterable[S], zone_name: str) -> MonthGrid[S]:
    """The month as weeks of days, Monday first, each day with the sessions that
    take place on it in the reader's zone (a session over several days is on each).

    :param month: the month shown.
    :param sessions: the sessions, in any order; those outside the grid are left out.
    :param zone_name: the reader's IANA zone.
    :return: the grid; days before the 1st and after the month's end are marked
        ``in_month=False`` and keep their sessions.
    """
    first, last = grid_days(month)
    on_day: dict[date, list[DayEntry[S]]] = {}
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.ends_at)):
        days = local_days(session, zone_name)
        for day in days:
            if first <= day <= last:
                entry = DayEntry(session, day == days[0], day == days[-1])
                on_day.setdefault(day, []).append(entry)
    all_days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    cells = [Day(d, Month.of(d) == month, tuple(on_day.get(d, ()))) for d in all_days]
    return MonthGrid(
        month, tuple(tuple(cells[i : i + 7]) for i in range(0, len(cells), 7))
    )


def _grouped(sessions: Sequence[S], zone_name: str) -> tuple[MonthGroup[S], ...]:
    """Sessions in the order given, in runs of months and days by their local
    start date."""
    months: list[MonthGroup[S]] = []
    days: list[DayGroup[S]] = []
    for session in sessions:
        day = in_zone(session.starts_at, zone_name).date()
        if days and days[-1].day == day:
            days[-1] = DayGroup(day, (*days[-1].sessions, session))
            continue
        if days and Month.of(days[-1].day) != Month.of(day):
            months.append(MonthGroup(Month.of(days[-1].day), tuple(days)))
            days = []
        days.append(DayGroup(day, (session,)))
    if days:
        months.append(MonthGroup(Month.of(days[-1].day), tuple(days)))
    return tuple(months)


def is_upcoming(session: Timed, now: datetime, zone_name: str) -> bool:
    """Still to come, under way, or held earlier today in the reader's zone.

    :param now: the current naive-UTC time.
    """
    today = in_zone(now, zone_name).date()
    return session.ends_at > to_utc(datetime.combine(today, time()), zone_name)


def agenda(sessions: Iterable[S], now: datetime, zone_name: str) -> Agenda[S]:
    """The list view: today's and later sessions soonest first, then earlier ones
    most recent first, grouped by month and day in the reader's zone.

    :param sessions: the sessions, in any order.
    :param now: the current naive-UTC time.
    :param zone_name: the reader's IANA zone.
    """
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.ends_at))
    upcoming = [s for s in ordered if is_upcoming(s, now, zone_name)]
    past = [s for s in reversed(ordered) if not is_upcoming(s, now, zone_name)]
    return Agenda(_grouped(upcoming, zone_name), _grouped(past, zone_name))
