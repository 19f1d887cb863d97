"""A programme written as a data file: its sessions as values, when each falls
for a given cohort, and what re-importing it would change."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


@dataclass(frozen=True)
class SpeakerSpec:
    """A speaker as the file names them; matched to the reusable list by name
    and organisation."""

    name: str
    organisation: str = ""
    role: str = ""


@dataclass(frozen=True)
class Timing:
    """When a session is, as the file writes it: an absolute wall-clock start
    (``starts``), or a ``week`` (1 = the cohort's first seven days), ``weekday``
    (0 = Monday) and ``clock`` time relative to the cohort's start; and how long
    it lasts."""

    length: timedelta
    starts: datetime | None = None
    week: int | None = None
    weekday: int | None = None
    clock: time | None = None

    @property
    def relative(self) -> bool:
        return self.starts is None


@dataclass(frozen=True)
class SessionSpec:
    """One session of the file, checked; ``line`` is where its entry starts."""

    key: str
    kind: str
    title: str
    timing: Timing
    time_zone: str
    line: int
    description: str = ""
    room: str = ""
    address: str = ""
    online_url: str = ""
    capacity: int | None = None
    required: bool = True
    speakers: tuple[SpeakerSpec, ...] = ()
    modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgrammeSpec:
    """The programme file: its sessions in file order."""

    path: str
    sessions: tuple[SessionSpec, ...]


def week_day(cohort_start: date, week: int, weekday: int) -> date:
    """The date of ``weekday`` in ``week`` of a cohort: week 1 is the seven days
    from the cohort's first day, week 2 the seven after, whatever weekday the
    cohort starts on, so a session never falls before the start.

    :param week: 1 or more.
    :param weekday: 0 for Monday to 6 for Sunday.
    """
    first = cohort_start + timedelta(days=7 * (week - 1))
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def wall_times(timing: Timing, cohort_start: date | None) -> tuple[datetime, datetime]:
    """Start and end on the wall clock of the session's zone.

    :raise ValueError: the timing is relative and the cohort has no start date.
    """
    if timing.starts is not None:
        starts = timing.starts
    elif cohort_start is None:
        raise ValueError("the cohort has no start date")
    else:
        assert timing.week and timing.weekday is not None and timing.clock
        day = week_day(cohort_start, timing.week, timing.weekday)
        starts = datetime.combine(day, timing.clock)
    return starts, starts + timing.length


@dataclass(frozen=True)
class SessionValues:
    """What a programme file decides about a session, stored times in naive UTC;
    comparing two says what an import changes."""

    kind: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    room: str
    address: str
    online_url: str
    capacity: int | None
    required: bool
    speakers: tuple[tuple[str, str], ...]  # (name, organisation), in order
    modules: tuple[str, ...]  # sorted slugs


#: How a change is named to people and to the mail hook: fields move together.
CHANGE_NAMES = {
    "starts_at": "time",
    "ends_at": "time",
    "time_zone": "time",
    "room": "place",
    "address": "place",
    "online_url": "place",
}


def changed_fields(old: SessionValues, new: SessionValues) -> tuple[str, ...]:
    """What differs, named as ``time``, ``place``, ``title``, ``description``,
    ``kind``, ``capacity``, ``required``, ``speakers``, ``modules``, in that
    order and each once; empty when the file says nothing new."""
    names: list[str] = []
    for item in fields(SessionValues):
        if getattr(old, item.name) != getattr(new, item.name):
            name = CHANGE_NAMES.get(item.name, item.name)
            if name not in names:
                names.append(name)
    order = [
        "time",
        "place",
        "title",
        "description",
        "kind",
        "capacity",
        "required",
        "speakers",
        "modules",
    ]
    return tuple(sorted(names, key=order.index))
