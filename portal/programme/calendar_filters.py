"""The calendar page's query string: which view, which month, which sessions.
Anything unreadable falls back to the default, and a bad month says so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from portal.domain.calendar_grid import Month, grid_bounds
from portal.domain.programme import Kind
from portal.reports.programme import CalendarFilters

VIEWS = ("list", "month")
REQUIRED = {"required": True, "optional": False}


@dataclass(frozen=True)
class CalendarQuery:
    view: str
    month: Month
    kind: str = ""
    required: str = ""  # "", "required" or "optional"
    cohort_id: int | None = None
    bad_month: bool = False  # the month view was asked for a month not YYYY-MM

    def filters(self, zone_name: str) -> CalendarFilters:
        """The report's filters; the month view asks only for its grid's days."""
        starts = until = None
        if self.view == "month":
            starts, until = grid_bounds(self.month, zone_name)
        return CalendarFilters(
            self.kind, REQUIRED.get(self.required), self.cohort_id, starts, until
        )

    def args(self, **changes: object) -> dict[str, object]:
        """The query string for a link to this calendar, with ``changes``; empty
        values left out."""
        args: dict[str, object] = {
            "view": self.view,
            "month": str(self.month) if self.view == "month" else "",
            "kind": self.kind,
            "required": self.required,
            "cohort": self.cohort_id or "",
        }
        args.update(changes)
        return {key: value for key, value in args.items() if value}


def calendar_query(args: Mapping[str, str], today: date) -> CalendarQuery:
    """Read the calendar's query string.

    :param today: the reader's local date: the month shown when none is asked.
    """
    view = args.get("view", "list")
    view = view if view in VIEWS else "list"
    month = Month.parse(args.get("month"))
    kind = args.get("kind", "")
    required = args.get("required", "")
    return CalendarQuery(
        view=view,
        month=month or Month.of(today),
        kind=kind if kind in set(Kind) else "",
        required=required if required in REQUIRED else "",
        cohort_id=_cohort_id(args.get("cohort", "")),
        bad_month=view == "month" and bool(args.get("month")) and month is None,
    )


def _cohort_id(raw: str) -> int | None:
    """A cohort id as written in a link, or ``None`` for anything else."""
    if not raw.isascii() or not raw.isdecimal() or len(raw) > 9:
        return None
    return int(raw) or None
