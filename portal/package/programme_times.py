"""A programme session's time, in whichever of the file's two styles it is
written: ``starts`` (a date and time) or ``week``, ``day`` and ``time``; and its
end as ``ends`` or ``hours``."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from portal.domain.programme_file import WEEKDAYS, Timing
from portal.domain.text import N_

MAX_HOURS = 168  # a week: longer is a typing mistake, not a session
MAX_WEEK = 104
_ANY_DAY = date(2000, 1, 3)  # where a relative session's clock times are compared
_CLOCK = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def key_line(entry: dict[str, Any], key: str) -> int:
    """The line of ``key`` in a mapping the loader read, else the mapping's."""
    return entry.get("__lines__", {}).get(key, entry.get("__line__", 1))


def read_timing(file: Any, entry: dict[str, Any]) -> Timing | None:
    """The session's timing; None (with problems reported to ``file``, the
    programme file being read) when it is missing or wrong."""
    return _Timing(file, entry).timing()


class _Timing:
    """One session's time, in whichever of the two styles it is written."""

    def __init__(self, file: Any, entry: dict):
        self.file, self.entry = file, entry

    def timing(self) -> Timing | None:
        entry, file = self.entry, self.file
        relative_keys = [k for k in ("week", "day", "time") if k in entry]
        if "starts" in entry and relative_keys:
            file.problem(
                key_line(entry, relative_keys[0]),
                N_("give either 'starts' or 'week', 'day' and 'time', not both"),
            )
            return None
        if "starts" in entry:
            starts = self._moment("starts")
            return self._ending(starts, starts) if starts else None
        if not relative_keys:
            file.problem(
                entry["__line__"],
                N_("give the session's time as 'starts', or 'week', 'day' and 'time'"),
            )
            return None
        week = self._week()
        weekday = file.choice(entry, "day", WEEKDAYS)
        clock = self._clock("time", required=True)
        if not (week and weekday and clock):
            return None
        timing = self._ending(datetime.combine(_ANY_DAY, clock), None)
        if timing is None:
            return None
        return Timing(timing.length, None, week, WEEKDAYS.index(weekday), clock)

    def _ending(self, starts: datetime, absolute: datetime | None) -> Timing | None:
        """The end as ``ends`` (a time that day, or a date and time when absolute)
        or as ``hours``; the start is ``absolute`` or a clock time on a blank day."""
        entry, file = self.entry, self.file
        if "ends" in entry and "hours" in entry:
            file.problem(
                key_line(entry, "hours"), N_("give 'ends' or 'hours', not both")
            )
            return None
        if "hours" in entry:
            length = self._hours()
            ends = starts + length if length else None
        elif "ends" in entry:
            ends = self._end(starts, absolute)
        else:
            file.problem(
                entry["__line__"], N_("give the session's end as 'ends' or 'hours'")
            )
            return None
        if ends is None:
            return None
        if ends <= starts:
            file.problem(
                key_line(entry, "ends"), N_("the session ends before it starts")
            )
            return None
        return Timing(ends - starts, absolute)

    def _end(self, starts: datetime, absolute: datetime | None) -> datetime | None:
        raw = self.entry["ends"]
        if absolute is not None and "-" in str(raw):  # a date too, not only a time
            return self._moment("ends")
        clock = self._clock("ends")
        return datetime.combine(starts.date(), clock) if clock else None

    def _moment(self, key: str) -> datetime | None:
        raw = self.entry[key]
        try:
            moment = datetime.fromisoformat(str(raw).strip())
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is not None:
            self.file.problem(
                key_line(self.entry, key),
                N_("'%(key)s' must be a date and time such as 2027-03-02 10:00"),
                key=key,
            )
            return None
        return moment.replace(second=0, microsecond=0)

    def _clock(self, key: str, required: bool = False) -> time | None:
        raw = self.entry.get(key)
        found = _CLOCK.match(str(raw).strip()) if raw is not None else None
        if found:
            return time(int(found[1]), int(found[2]))
        if raw is not None:
            self.file.problem(
                key_line(self.entry, key),
                N_("'%(key)s' must be a time such as 10:00"),
                key=key,
            )
        elif required:
            self.file.problem(
                self.entry["__line__"], N_("'%(key)s' is required"), key=key
            )
        return None

    def _week(self) -> int | None:
        week = self.file.reader.field(self.entry, "week", int, self.file.path)
        if week is not None and not 1 <= week <= MAX_WEEK:
            return self._out_of_range("week", 1, MAX_WEEK)
        return week

    def _hours(self) -> timedelta | None:
        hours = self.file.reader.field(
            self.entry, "hours", (int, float), self.file.path
        )
        if hours is None:
            return None
        if isinstance(hours, bool) or not 0 < hours <= MAX_HOURS:
            return self._out_of_range("hours", 0, MAX_HOURS)
        return timedelta(minutes=round(hours * 60))

    def _out_of_range(self, key: str, low: int, high: int) -> None:
        self.file.problem(
            key_line(self.entry, key),
            N_("'%(key)s' must be between %(low)s and %(high)s"),
            key=key,
            low=low,
            high=high,
        )
