"""Quiz overrides: the one rule that turns a quiz's settings and the overrides a
trainer granted into the limits one participant is held to.

Moodle calls these user and group overrides; here a group is a cohort. Each
setting is decided on its own: a participant's override beats their cohort's, which
beats the quiz's own setting. A quiz has no close date of its own: a close date is
only ever an override, so a cohort override with a close date *is* that cohort's
deadline for starting the quiz, and a participant override may move it for one
person (later, usually). Attempts already started keep their own time limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Grant:
    """What one override changes; ``None`` leaves that setting alone.

    :ivar extra_attempts: attempts on top of the quiz's allowance.
    :ivar time_limit: minutes per attempt, used only when longer than the quiz's.
    :ivar closes_at: no attempt may start after this moment (UTC).
    """

    extra_attempts: int | None = None
    time_limit: int | None = None
    closes_at: datetime | None = None


@dataclass(frozen=True)
class QuizLimits:
    """The limits one participant is held to, and which of them a trainer changed."""

    attempts: int | None  # None: unlimited
    time_limit: int | None  # minutes; None: no limit
    closes_at: datetime | None  # None: never closes
    extra_attempts: int = 0
    longer_time: bool = False

    def attempts_left(self, used: int) -> int | None:
        """:return: attempts still allowed after ``used``, ``None`` when unlimited."""
        return None if self.attempts is None else max(0, self.attempts - used)

    def closed(self, now: datetime) -> bool:
        """Whether starting an attempt at ``now`` is too late."""
        return self.closes_at is not None and now > self.closes_at


def _first(values: Iterable[object | None]) -> object | None:
    return next((v for v in values if v is not None), None)


def quiz_limits(
    attempts: int,
    time_limit: int,
    cohort: Grant | None = None,
    participant: Grant | None = None,
) -> QuizLimits:
    """Combine a quiz's settings with the overrides that apply to one participant.

    :param attempts: the quiz's allowance; 0 means unlimited (nothing to extend).
    :param time_limit: the quiz's minutes per attempt; 0 means none. An override
        never shortens the time nor puts a limit on an untimed quiz.
    :param cohort: the override granted to the participant's cohort, if any.
    :param participant: the override granted to the participant, if any; each of its
        settings beats the cohort's.
    :return: the limits start_attempt enforces and the quiz page shows.
    """
    grants = [g for g in (participant, cohort) if g is not None]
    extra = _first(g.extra_attempts for g in grants) or 0
    minutes = _first(g.time_limit for g in grants)
    longer = bool(time_limit and minutes and minutes > time_limit)
    return QuizLimits(
        attempts=attempts + extra if attempts else None,
        time_limit=(minutes if longer else time_limit) or None,
        closes_at=_first(g.closes_at for g in grants),
        extra_attempts=extra if attempts else 0,
        longer_time=longer,
    )
