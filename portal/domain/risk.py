"""At-risk rules: who needs a trainer's attention, and why."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

INACTIVE = "inactive"
FAILED_TWICE = "failed_twice"
BEHIND_SCHEDULE = "behind_schedule"


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
) -> tuple[str, ...]:
    """Every at-risk flag that applies, in a fixed order; empty when none does."""
    flags = []
    if inactive(last_activity, since, today, settings.inactive_days):
        flags.append(INACTIVE)
    if failed_twice(failures, passed, settings.failed_attempts):
        flags.append(FAILED_TWICE)
    if behind_schedule(releases, completed, today, settings.behind_days):
        flags.append(BEHIND_SCHEDULE)
    return tuple(flags)
