"""The quiz-override rule, table-driven: quiz settings + cohort + participant."""

from datetime import datetime

import pytest

from portal.domain.overrides import Grant, QuizLimits, quiz_limits

MAY = datetime(2025, 5, 1, 12)
JUNE = datetime(2025, 6, 1, 12)


@pytest.mark.parametrize(
    ("attempts", "minutes", "cohort", "participant", "expected"),
    [
        # nothing granted: the quiz's own settings
        (3, 20, None, None, QuizLimits(3, 20, None)),
        (0, 0, None, None, QuizLimits(None, None, None)),
        # a participant granted one more attempt
        (3, 20, None, Grant(extra_attempts=1), QuizLimits(3 + 1, 20, None, 1)),
        # a cohort's extra attempts, beaten by the participant's own
        (3, 20, Grant(extra_attempts=2), None, QuizLimits(5, 20, None, 2)),
        (
            3,
            20,
            Grant(extra_attempts=2),
            Grant(extra_attempts=1),
            QuizLimits(4, 20, None, 1),
        ),
        # a participant override without attempts leaves the cohort's in force
        (
            3,
            20,
            Grant(extra_attempts=2),
            Grant(time_limit=40),
            QuizLimits(5, 40, None, 2, True),
        ),
        # unlimited attempts stay unlimited
        (0, 20, None, Grant(extra_attempts=1), QuizLimits(None, 20, None)),
        # a longer time; a shorter one or one on an untimed quiz is ignored
        (3, 20, Grant(time_limit=30), None, QuizLimits(3, 30, None, 0, True)),
        (
            3,
            20,
            Grant(time_limit=30),
            Grant(time_limit=45),
            QuizLimits(3, 45, None, 0, True),
        ),
        (3, 20, None, Grant(time_limit=10), QuizLimits(3, 20, None)),
        (3, 0, None, Grant(time_limit=30), QuizLimits(3, None, None)),
        # close dates exist only as overrides; the participant's beats the cohort's
        (3, 20, Grant(closes_at=MAY), None, QuizLimits(3, 20, MAY)),
        (3, 20, Grant(closes_at=MAY), Grant(closes_at=JUNE), QuizLimits(3, 20, JUNE)),
        (
            3,
            20,
            Grant(closes_at=MAY),
            Grant(extra_attempts=1),
            QuizLimits(4, 20, MAY, 1),
        ),
    ],
)
def test_quiz_limits(attempts, minutes, cohort, participant, expected):
    assert quiz_limits(attempts, minutes, cohort, participant) == expected


@pytest.mark.parametrize(
    ("limits", "used", "left"),
    [
        (QuizLimits(3, None, None), 0, 3),
        (QuizLimits(3, None, None), 3, 0),
        (QuizLimits(3, None, None), 5, 0),  # a cohort override was removed
        (QuizLimits(None, None, None), 9, None),
    ],
)
def test_attempts_left(limits, used, left):
    assert limits.attempts_left(used) == left


@pytest.mark.parametrize(
    ("closes_at", "now", "closed"),
    [
        (None, JUNE, False),
        (MAY, MAY, False),  # the close moment itself is still open
        (MAY, JUNE, True),
        (JUNE, MAY, False),
    ],
)
def test_closed(closes_at, now, closed):
    assert QuizLimits(3, None, closes_at).closed(now) is closed
