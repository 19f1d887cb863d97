"""The programme's vocabulary (kinds of session, their states) and the rules for
a session's values: what may be saved, what a change changed, and when a
session's day-before reminder is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from portal.domain.zones import DEFAULT_ZONE, known_zone, to_utc


class Kind(StrEnum):
    TRAINING = "training"
    LECTURE = "lecture"
    WORKSHOP = "workshop"
    STUDY_VISIT = "study_visit"  # to one of the Service's structural units
    PARTNER_EVENT = "partner_event"
    EXAM = "exam"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


#: The longest a session may run: a study trip of two weeks, no more.
MAX_LENGTH = timedelta(days=14)
#: The web schemes an online link may use (no ``javascript:``, no ``file:``).
WEB_SCHEMES = ("http", "https")
#: What a session's calendar entry shows; a change to one of these is news to the
#: cohort (a notice), while the others (capacity, modules...) only update the page.
CALENDAR_FIELDS = ("time", "time_zone", "place", "title", "description", "speakers")


@dataclass(frozen=True)
class SessionValues:
    """What staff write about a session, times on the wall clock of ``time_zone``
    (as a form or a programme file gives them)."""

    kind: str
    title: str
    starts: datetime
    ends: datetime
    time_zone: str = DEFAULT_ZONE
    description: str = ""
    room: str = ""
    address: str = ""
    online_url: str = ""
    capacity: int | None = None
    required: bool = True
    speaker_ids: tuple[int, ...] = ()
    module_slugs: tuple[str, ...] = ()

    @property
    def starts_at(self) -> datetime:
        """The start in naive UTC, as stored."""
        return to_utc(self.starts, self.time_zone)

    @property
    def ends_at(self) -> datetime:
        return to_utc(self.ends, self.time_zone)


def web_link(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) address with a host."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def session_problems(values: SessionValues) -> dict[str, str]:
    """What is wrong with a session's values, as short codes by field.

    :param values: the session as written.
    :return: ``{field: code}``, empty when the session may be saved; codes are
        ``unknown`` (kind, time zone), ``empty`` (title), ``not_after_start`` and
        ``too_long`` (ends), ``too_small`` (capacity), ``not_web`` (online link).
    """
    problems: dict[str, str] = {}
    if values.kind not in set(Kind):
        problems["kind"] = "unknown"
    if not values.title.strip():
        problems["title"] = "empty"
    if not known_zone(values.time_zone):
        problems["time_zone"] = "unknown"
    else:
        length = values.ends_at - values.starts_at
        if length <= timedelta(0):
            problems["ends"] = "not_after_start"
        elif length > MAX_LENGTH:
            problems["ends"] = "too_long"
    if values.capacity is not None and values.capacity < 1:
        problems["capacity"] = "too_small"
    if values.online_url.strip() and not web_link(values.online_url):
        problems["online_url"] = "not_web"
    return problems


def changes(before: SessionValues, after: SessionValues) -> tuple[str, ...]:
    """The names of what changed between two versions of a session, in a fixed
    order: ``time`` (the start or end instant), ``time_zone`` (the zone it is held
    in), ``place`` (room, address or online link), ``title``, ``description``,
    ``speakers`` (who, or their order), ``kind``, ``required``, ``capacity``,
    ``modules``.

    :param before: the session as stored.
    :param after: the session as it is about to be saved.
    """
    places = ("room", "address", "online_url")
    compared = {
        "time": (before.starts_at, before.ends_at) != (after.starts_at, after.ends_at),
        "time_zone": before.time_zone != after.time_zone,
        "place": any(getattr(before, f) != getattr(after, f) for f in places),
        "title": before.title != after.title,
        "description": before.description != after.description,
        "speakers": before.speaker_ids != after.speaker_ids,
        "kind": before.kind != after.kind,
        "required": before.required != after.required,
        "capacity": before.capacity != after.capacity,
        "modules": set(before.module_slugs) != set(after.module_slugs),
    }
    return tuple(name for name, changed in compared.items() if changed)


def calendar_changes(changed: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``changed`` that a calendar entry shows (see CALENDAR_FIELDS)."""
    return tuple(name for name in changed if name in CALENDAR_FIELDS)


#: A session is reminded once, by the first ``flask events remind`` run that
#: finds it starting within this long (docs/calendar-feeds.md).
REMINDER_AHEAD = timedelta(hours=24)


def reminder_window(now: datetime) -> tuple[datetime, datetime]:
    """The starts a reminder run at ``now`` looks for: after ``now`` (a session
    under way is not reminded) and at most :data:`REMINDER_AHEAD` later."""
    return now, now + REMINDER_AHEAD


def reminder_due(
    starts_at: datetime, status: str, reminded_at: datetime | None, now: datetime
) -> bool:
    """Whether a run at ``now`` reminds a session: scheduled, not reminded for
    its current start, and starting inside :func:`reminder_window`."""
    after, until = reminder_window(now)
    return (
        status == SessionStatus.SCHEDULED
        and reminded_at is None
        and after < starts_at <= until
    )
