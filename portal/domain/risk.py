"""At-risk rules: who needs a trainer's attention, and why."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from portal.domain.attendance import below_minimum

INACTIVE = "inactive"
FAILED_TWICE = "failed_twice"
BEHIND_SCHEDULE = "behind_schedule"
LOW_ATTENDANCE = "low_attendance"


@dataclass(frozen=True)
class RiskSettings:
    """Thresholds, from ``ANALYTICS_*`` settings."""

    inactive_days: int = 14
    failed_attempts: int = 2
    behind_days: int = 7


def inactive(
    last_activity: datetime | None, since: date | None, today: date, days: int
) -> bool:
    """No lesson completed and no quiz attempted for ``days`` days or more.

    :param since: when the clock starts for someone who has never done anything
        (the cohort's start, else when the account was made); ``None`` never flags.
    """
    start = last_activity.date() if last_activity is not None else since
    return start is not None and (today - start).days >= days


def failed_twice(
    failures: Mapping[str, int], passed: Mapping[str, bool], limit: int
) -> tuple[str, ...]:
    """Quizzes failed ``limit`` times or more and still not passed."""
    return tuple(
        sorted(
            quiz
            for quiz, count in failures.items()
            if count >= limit and not passed.get(quiz, False)
        )
    )


def most_failures(failures: Mapping[str, int], passed: Mapping[str, bool]) -> int:
    """The most times one quiz, not passed since, was failed (0 when none was):
    :func:`failed_twice` names a quiz exactly when this reaches its ``limit``."""
    return max(
        (count for quiz, count in failures.items() if not passed.get(quiz, False)),
        default=0,
    )


def behind_schedule(
    releases: Sequence[tuple[str, date | None]],
    completed: Collection[str],
    today: date,
    days: int,
) -> tuple[str, ...]:
    """Modules released more than ``days`` days ago and still not complete.

    :param releases: (module slug, release date or None) in course order.
    """
    return tuple(
        slug
        for slug, opens_on in releases
        if opens_on is not None
        and slug not in completed
        and (today - opens_on).days > days
    )


def low_attendance(attended: int, counted: int, minimum: int | None) -> bool:
    """The attendance share is below the cohort's minimum: only when the cohort
    sets one and at least one required session has counted
    (:func:`portal.domain.attendance.below_minimum`)."""
    return below_minimum(attended, counted, minimum)


@cache  # sixteen answers, asked for every row of a dashboard
def flags_of(
    idle: bool, failed: bool, behind: bool, low: bool = False
) -> tuple[str, ...]:
    """The flags that hold, always in the same order."""
    hits = (
        (INACTIVE, idle),
        (FAILED_TWICE, failed),
        (BEHIND_SCHEDULE, behind),
        (LOW_ATTENDANCE, low),
    )
    return tuple(flag for flag, hit in hits if hit)


def risk_flags(
    *,
    last_activity: datetime | None,
    since: date | None,
    failures: Mapping[str, int],
    passed: Mapping[str, bool],
    releases: Sequence[tuple[str, date | None]],
    completed: Collection[str],
    today: date,
    settings: RiskSettings,
    attendance: tuple[int, int] = (0, 0),
    attendance_minimum: int | None = None,
) -> tuple[str, ...]:
    """Every at-risk flag that applies, in a fixed order; empty when none does.

    The cohort dashboard applies the same four rules from a progress summary:
    :func:`most_failures` stands in for :func:`failed_twice` there.

    :param attendance: ``(attended, counted)`` required sessions.
    :param attendance_minimum: the cohort's minimum percent, or ``None``.
    """
    return flags_of(
        inactive(last_activity, since, today, settings.inactive_days),
        bool(failed_twice(failures, passed, settings.failed_attempts)),
        bool(behind_schedule(releases, completed, today, settings.behind_days)),
        low_attendance(*attendance, attendance_minimum),
    )
