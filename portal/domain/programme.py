"""The programme's vocabulary: kinds of session and their states, and when a
session's day-before reminder is due."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


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


#: A session is reminded once, by the first ``flask events remind`` run that
#: finds it starting within this long (docs/calendar.md).
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
