"""The application's life: statuses, who may move it where, and the window rule."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ON_HOLD = "on_hold"
    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"
    ADMITTED = "admitted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Actor(StrEnum):
    APPLICANT = "applicant"
    REVIEWER = "reviewer"  # stage 1 screening
    ADMIN = "admin"  # stage 2 decisions


# Who may move an application from one status to another.
TRANSITIONS: dict[tuple[Status, Status], frozenset[Actor]] = {
    (Status.DRAFT, Status.SUBMITTED): frozenset({Actor.APPLICANT}),
    (Status.SUBMITTED, Status.SHORTLISTED): frozenset({Actor.REVIEWER, Actor.ADMIN}),
    (Status.SUBMITTED, Status.ON_HOLD): frozenset({Actor.REVIEWER, Actor.ADMIN}),
    (Status.SUBMITTED, Status.REJECTED): frozenset({Actor.REVIEWER, Actor.ADMIN}),
    (Status.ON_HOLD, Status.SHORTLISTED): frozenset({Actor.REVIEWER, Actor.ADMIN}),
    (Status.ON_HOLD, Status.REJECTED): frozenset({Actor.REVIEWER, Actor.ADMIN}),
    (Status.SHORTLISTED, Status.ADMITTED): frozenset({Actor.ADMIN}),
    (Status.SHORTLISTED, Status.WAITLISTED): frozenset({Actor.ADMIN}),
    (Status.SHORTLISTED, Status.REJECTED): frozenset({Actor.ADMIN}),
    (Status.WAITLISTED, Status.ADMITTED): frozenset({Actor.ADMIN}),
    (Status.WAITLISTED, Status.REJECTED): frozenset({Actor.ADMIN}),
    (Status.ADMITTED, Status.DECLINED): frozenset({Actor.APPLICANT, Actor.ADMIN}),
}
WITHDRAWABLE = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.ON_HOLD,
        Status.SHORTLISTED,
        Status.WAITLISTED,
    }
)
STAGE_ONE = frozenset({Status.SUBMITTED, Status.ON_HOLD})


def can_transition(current: str, target: str, actor: Actor) -> bool:
    """The one rule for status changes; withdrawing is the applicant's own right."""
    if target == Status.WITHDRAWN:
        return actor is Actor.APPLICANT and current in WITHDRAWABLE
    try:
        allowed = TRANSITIONS.get((Status(current), Status(target)), frozenset())
    except ValueError:
        return False
    return actor in allowed


def application_window_open(
    opens: datetime | None, closes: datetime | None, now: datetime
) -> bool:
    """Applications are taken from ``opens`` up to (not including) ``closes``."""
    return opens is not None and closes is not None and opens <= now < closes


def editable_by_applicant(status: str, window_open: bool) -> bool:
    """Applicants may change a draft or a submitted form until the window closes."""
    return window_open and status in (Status.DRAFT, Status.SUBMITTED)


def word_count(text: str) -> int:
    return len(text.split())
