"""The calendar's read-only queries: the sessions a person may see (a participant's
cohort, or every cohort a staff member teaches), filtered, speakers loaded with
them, in a fixed number of queries however many sessions there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.domain.programme import SessionStatus
from portal.extensions import db
from portal.models import Cohort, ProgrammeSession, SessionSpeaker, User
from portal.services.access import NEWEST_FIRST, programme_cohort_ids
from portal.services.errors import NotFound


@dataclass(frozen=True)
class CalendarFilters:
    """What the calendar shows: a kind, required or optional sessions only, one
    cohort (staff), and a time range (the month view's grid)."""

    kind: str = ""
    required: bool | None = None
    cohort_id: int | None = None
    starts: datetime | None = None  # naive UTC: sessions ending after this
    until: datetime | None = None  # naive UTC: sessions starting before this


@dataclass(frozen=True)
class Calendar:
    """Sessions with the cohorts they belong to.

    ``cohorts`` are every cohort the reader may choose from (staff) or their own
    (participants); ``names`` names each session's cohort.
    """

    sessions: list[ProgrammeSession]
    cohorts: list[Cohort] = field(default_factory=list)

    @property
    def names(self) -> dict[int, str]:
        return {cohort.id: cohort.name for cohort in self.cohorts}


def _sessions(cohort_ids: list[int], filters: CalendarFilters) -> Select:
    """The sessions of those cohorts that match ``filters``, soonest first."""
    query = (
        select(ProgrammeSession)
        .where(ProgrammeSession.cohort_id.in_(cohort_ids))
        .options(
            selectinload(ProgrammeSession.speakers).joinedload(SessionSpeaker.speaker)
        )
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    if filters.kind:
        query = query.where(ProgrammeSession.kind == filters.kind)
    if filters.required is not None:
        query = query.where(ProgrammeSession.required.is_(filters.required))
    if filters.starts is not None:
        query = query.where(ProgrammeSession.ends_at > filters.starts)
    if filters.until is not None:
        query = query.where(ProgrammeSession.starts_at < filters.until)
    return query


def _load(cohort_ids: list[int], filters: CalendarFilters) -> list[ProgrammeSession]:
    if not cohort_ids:
        return []
    return list(db.session.scalars(_sessions(cohort_ids, filters)))


def readers_cohorts(viewer: User) -> list[Cohort]:
    """The cohorts whose programme ``viewer`` sees: a participant's own (if any);
    for staff those they teach (every cohort for administrators), newest first."""
    ids = programme_cohort_ids(viewer)
    query = select(Cohort).order_by(*NEWEST_FIRST)
    if ids is not None:
        query = query.where(Cohort.id.in_(ids))
    return list(db.session.scalars(query))


def calendar_for(viewer: User, filters: CalendarFilters) -> Calendar:
    """The sessions ``viewer`` may see: a participant's own cohort's (the cohort
    filter is ignored), a staff member's over every cohort they teach.

    :param viewer: the signed-in participant or staff member.
    :param filters: what to show.
    :raise NotFound: staff asked for a cohort they do not teach (or none such).
    """
    cohorts = readers_cohorts(viewer)
    wanted = [c.id for c in cohorts]
    if viewer.is_staff and filters.cohort_id is not None:
        if filters.cohort_id not in wanted:
            raise NotFound(_("No such cohort."))
        wanted = [filters.cohort_id]
    return Calendar(_load(wanted, filters), cohorts)


def next_sessions(viewer: User, now: datetime, limit: int = 3) -> Calendar:
    """The next few sessions not yet over and not cancelled, for the course home:
    a participant's cohort's, or those of the cohorts a staff member teaches.

    :param now: the current naive-UTC time.
    :param limit: how many at most.
    """
    cohorts = readers_cohorts(viewer)
    if not cohorts:
        return Calendar([], [])
    query = (
        _sessions([c.id for c in cohorts], CalendarFilters(starts=now))
        .where(ProgrammeSession.status == SessionStatus.SCHEDULED)
        .limit(limit)
    )
    return Calendar(list(db.session.scalars(query)), cohorts)
