"""The attendance share and standing, table-driven: which sessions count, every
excused-absence policy, the 80 % boundary, no sessions, all excused, late."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from portal.domain.attendance import (
    ExcusedPolicy,
    HeldSession,
    Mark,
    attendance_standing,
    below_minimum,
    counts,
    outcome,
    share,
    tally,
)

NOW = datetime(2025, 5, 10, 12, 0)
HOUR = timedelta(hours=1)
P, L, E, A = Mark.PRESENT, Mark.LATE, Mark.EXCUSED, Mark.ABSENT


def held(number: int, days_ago: int = 1, **fields) -> HeldSession:
    starts = NOW - timedelta(days=days_ago)
    return HeldSession(
        number, f"Session {number}", starts, starts + timedelta(hours=2), **fields
    )


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        (held(1), True),
        (held(1, required=False), False),  # an optional event never counts
        (held(1, cancelled=True), False),
        (held(1, days_ago=-1), False),  # still to come
        (HeldSession(1, "t", NOW - HOUR, NOW + HOUR), False),  # under way
        (HeldSession(1, "t", NOW - 2 * HOUR, NOW), True),  # just ended
    ],
)
def test_which_sessions_count(session, expected):
    assert counts(session, NOW) is expected


@pytest.mark.parametrize(
    ("mark", "policy", "expected"),
    [
        (P, ExcusedPolicy.EXCLUDED, True),
        (L, ExcusedPolicy.EXCLUDED, True),
        (A, ExcusedPolicy.ATTENDED, False),
        (None, ExcusedPolicy.ATTENDED, False),  # no mark: absent
        (E, ExcusedPolicy.ATTENDED, True),
        (E, ExcusedPolicy.EXCLUDED, None),
        (E, ExcusedPolicy.ABSENT, False),
        ("excused", "excluded", None),  # as the database holds them
    ],
)
def test_how_a_mark_counts(mark, policy, expected):
    assert outcome(mark, policy) is expected


@pytest.mark.parametrize(
    ("marks", "policy", "expected"),
    [
        # held, marks, policy -> (counted, attended)
        ([P, L, E, A, None], ExcusedPolicy.ATTENDED, (5, 3)),
        ([P, L, E, A, None], ExcusedPolicy.EXCLUDED, (4, 2)),
        ([P, L, E, A, None], ExcusedPolicy.ABSENT, (5, 2)),
        ([], ExcusedPolicy.EXCLUDED, (0, 0)),
        ([E, E], ExcusedPolicy.EXCLUDED, (0, 0)),
        ([E, E], ExcusedPolicy.ATTENDED, (2, 2)),
        ([E, E], ExcusedPolicy.ABSENT, (2, 0)),
        ([L, L, L], ExcusedPolicy.ABSENT, (3, 3)),  # late is attended
        ([None, None], ExcusedPolicy.ATTENDED, (2, 0)),
    ],
)
def test_tally(marks, policy, expected):
    found = Counter(m for m in marks if m is not None)
    assert tally(len(marks), found, policy) == expected


@pytest.mark.parametrize(
    ("attended", "counted", "minimum", "below"),
    [
        (8, 10, 80, False),  # exactly 80 %
        (7, 10, 80, True),
        (4, 5, 80, False),  # 80 % again, no rounding trouble
        (2, 3, 67, True),  # 66.7 % is below 67
        (0, 0, 80, False),  # nothing counted: nothing missed
        (0, 10, None, False),  # no rule
        (0, 10, 0, False),
        (10, 10, 100, False),
        (9, 10, 100, True),
    ],
)
def test_below_minimum(attended, counted, minimum, below):
    assert below_minimum(attended, counted, minimum) is below


def test_share_is_a_percent_or_none():
    assert share(2, 3) == pytest.approx(66.67, abs=0.01)
    assert share(0, 0) is None
    assert share(0, 4) == 0


def standing(marks, policy=ExcusedPolicy.EXCLUDED, minimum=80, extra=()):
    sessions = [held(i + 1, days_ago=len(marks) - i) for i in range(len(marks))]
    by_id = {s.id: (m, f"note {s.id}") for s, m in zip(sessions, marks, strict=True)}
    by_id = {k: v for k, v in by_id.items() if v[0] is not None}
    return attendance_standing([*sessions, *extra], by_id, policy, minimum, NOW)


@pytest.mark.parametrize(
    ("marks", "policy", "minimum", "share_", "meets"),
    [
        ([P] * 8 + [A] * 2, ExcusedPolicy.EXCLUDED, 80, 80.0, True),  # boundary
        ([P] * 7 + [A] * 3, ExcusedPolicy.EXCLUDED, 80, 70.0, False),
        ([P] * 7 + [E] + [A] * 2, ExcusedPolicy.EXCLUDED, 80, 7 / 9 * 100, False),
        ([P] * 7 + [E] + [A] * 2, ExcusedPolicy.ATTENDED, 80, 80.0, True),
        ([P] * 7 + [E] + [A] * 2, ExcusedPolicy.ABSENT, 80, 70.0, False),
        ([P] * 4 + [None], ExcusedPolicy.EXCLUDED, 80, 80.0, True),  # unmarked
        ([L] * 5, ExcusedPolicy.EXCLUDED, 100, 100.0, True),
        ([E] * 3, ExcusedPolicy.EXCLUDED, 80, None, True),  # all excused, left out
        ([E] * 3, ExcusedPolicy.ABSENT, 80, 0.0, False),
        ([], ExcusedPolicy.EXCLUDED, 80, None, True),  # no sessions held
        ([A] * 3, ExcusedPolicy.EXCLUDED, None, 0.0, True),  # no rule
    ],
)
def test_standing(marks, policy, minimum, share_, meets):
    result = standing(marks, policy, minimum)
    assert result.share == (None if share_ is None else pytest.approx(share_))
    assert result.meets_minimum is meets
    assert result.minimum == minimum


def test_standing_lists_missed_sessions_with_mark_and_note_in_date_order():
    result = standing([P, A, E, None, L], ExcusedPolicy.ABSENT)
    assert [(r.session.id, r.mark, r.note) for r in result.missed] == [
        (2, A, "note 2"),
        (3, E, "note 3"),
        (4, None, ""),
    ]
    assert (result.counted, result.attended) == (5, 2)
    assert [r.session.id for r in result.sessions] == [1, 2, 3, 4, 5]


def test_an_excused_absence_left_out_is_an_absence_but_not_missed():
    result = standing([P, E], ExcusedPolicy.EXCLUDED)
    assert result.missed == ()
    assert [r.mark for r in result.absences] == [E]
    assert (result.counted, result.attended) == (1, 1)


def test_sessions_that_do_not_count_are_left_out_and_to_come_is_listed():
    later = [held(20, days_ago=-3), held(21, days_ago=-1)]
    ignored = [held(30, required=False), held(31, cancelled=True)]
    ignored += [held(32, days_ago=-2, required=False)]
    result = standing([P, A], extra=[*later, *ignored])
    assert [r.session.id for r in result.sessions] == [1, 2]
    assert [s.id for s in result.to_come] == [21, 20]  # by date
