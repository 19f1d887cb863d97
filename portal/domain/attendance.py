"""Attendance: the marks a register holds and who wrote them, what saving a
register changes, how excused absences count, which sessions count, and a
participant's attendance share and standing.

The rule, in one place:

- A session counts once it is *held*: required, not cancelled, and ended by
  ``now``. Optional events and sessions still to come never lower anyone's share.
- Present and late attend. An excused absence counts as the cohort's
  :class:`ExcusedPolicy` says: attended, left out of the share, or missed.
- No mark for a held session is an absence: a register not taken (or a check-in
  not made) is not attendance. Trainers correct the register when that is wrong.
- The share is attended ÷ counted, as a percent; ``None`` while nothing counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Mark(StrEnum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


class ExcusedPolicy(StrEnum):
    """How a cohort counts an excused absence towards the attendance share."""

    ATTENDED = "attended"  # as if present
    EXCLUDED = "excluded"  # left out: neither attended nor missed
    ABSENT = "absent"  # as a missed session


class Source(StrEnum):
    """Who wrote a mark: a trainer taking the register, or the participant
    checking in with the room's code."""

    REGISTER = "register"
    CHECK_IN = "check_in"


#: What a register row holds: (status, note).
Entry = tuple[str, str]


@dataclass(frozen=True)
class Correction:
    """A mark a register save changes: who, and what it was and becomes."""

    user_id: int
    before: Entry
    after: Entry


@dataclass(frozen=True)
class RegisterChanges:
    """What saving a register does: marks written for the first time, and
    corrections of marks already there (unchanged rows are in neither)."""

    new: dict[int, Entry] = field(default_factory=dict)
    corrected: tuple[Correction, ...] = ()


def register_changes(
    existing: Mapping[int, Entry], submitted: Mapping[int, Entry]
) -> RegisterChanges:
    """Compare a submitted register with the marks already held.

    :param existing: the marks held now, by participant id.
    :param submitted: the register as sent, by participant id.
    :return: the first marks and the corrections; a row sent as it already was
        changes nothing and is recorded nowhere.
    """
    new = {uid: entry for uid, entry in submitted.items() if uid not in existing}
    corrected = tuple(
        Correction(uid, existing[uid], entry)
        for uid, entry in sorted(submitted.items())
        if uid in existing and tuple(existing[uid]) != tuple(entry)
    )
    return RegisterChanges(new, corrected)


@dataclass(frozen=True)
class HeldSession:
    """A session as the attendance rule sees it (times naive UTC)."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    required: bool = True
    cancelled: bool = False


@dataclass(frozen=True)
class SessionAttendance:
    """One counted session for one participant: the mark (``None``: not marked),
    the register's note, and how it counts (True attended, False missed, None
    left out)."""

    session: HeldSession
    mark: Mark | None
    note: str
    attended: bool | None


@dataclass(frozen=True)
class AttendanceStanding:
    """A participant's attendance of required sessions held so far.

    :param counted: sessions in the share (held, less excused ones left out).
    :param attended: of those, attended.
    :param share: attended ÷ counted in percent, ``None`` when nothing counted.
    :param minimum: the cohort's minimum percent, ``None`` for no attendance rule.
    :param sessions: every held session with its mark, in date order.
    :param to_come: required sessions not yet ended, in date order.
    """

    counted: int
    attended: int
    share: float | None
    minimum: int | None
    sessions: tuple[SessionAttendance, ...]
    to_come: tuple[HeldSession, ...]

    @property
    def missed(self) -> tuple[SessionAttendance, ...]:
        """The held sessions counted as missed."""
        return tuple(s for s in self.sessions if s.attended is False)

    @property
    def absences(self) -> tuple[SessionAttendance, ...]:
        """Every held session not attended in person: absent, excused or unmarked,
        whichever way the policy counts it; the report lists them with reasons."""
        return tuple(s for s in self.sessions if s.mark not in ATTENDING)

    @property
    def meets_minimum(self) -> bool:
        """The share reaches the minimum; true without a minimum, and while no
        session counts (nothing held can have been missed)."""
        return not below_minimum(self.attended, self.counted, self.minimum)


ATTENDING = frozenset({Mark.PRESENT, Mark.LATE})

# How each mark counts under each policy: attended, missed, or left out (None).
_OUTCOMES: dict[ExcusedPolicy, dict[Mark | None, bool | None]] = {
    policy: {
        Mark.PRESENT: True,
        Mark.LATE: True,
        Mark.ABSENT: False,
        None: False,
        Mark.EXCUSED: {
            ExcusedPolicy.ATTENDED: True,
            ExcusedPolicy.EXCLUDED: None,
            ExcusedPolicy.ABSENT: False,
        }[policy],
    }
    for policy in ExcusedPolicy
}


def outcome(mark: Mark | None, policy: ExcusedPolicy) -> bool | None:
    """How one mark of a held session counts.

    :param mark: the register's mark, ``None`` when the participant has none.
    :return: True attended, False missed, None left out of the share.
    """
    return _OUTCOMES[ExcusedPolicy(policy)][Mark(mark) if mark else None]


def counts(session: HeldSession, now: datetime) -> bool:
    """A session counts once held: required, not cancelled, ended by ``now``."""
    return session.required and not session.cancelled and session.ends_at <= now


def to_come(sessions: Iterable[HeldSession], now: datetime) -> list[HeldSession]:
    """Required, not cancelled sessions that have not ended by ``now``."""
    return sorted(
        (s for s in sessions if s.required and not s.cancelled and s.ends_at > now),
        key=lambda s: (s.starts_at, s.id),
    )


def tally(
    held: int, marks: Mapping[Mark, int], policy: ExcusedPolicy
) -> tuple[int, int]:
    """Counted and attended sessions from how many marks of each kind someone has.

    :param held: sessions that count (:func:`counts`); those without a mark are
        missed.
    :param marks: how many of those sessions carry each mark.
    :return: ``(counted, attended)``.
    """
    counted, attended = held, 0
    for mark, number in marks.items():
        result = outcome(mark, policy)
        counted -= number if result is None else 0
        attended += number if result else 0
    return counted, attended


def share(attended: int, counted: int) -> float | None:
    """Attended ÷ counted as a percent; ``None`` when nothing counted."""
    return 100 * attended / counted if counted else None


def below_minimum(attended: int, counted: int, minimum: int | None) -> bool:
    """The share is below ``minimum`` percent; never without a minimum or while
    nothing counts. Compared in whole numbers, so 8 of 10 meets 80 % exactly."""
    return minimum is not None and counted > 0 and attended * 100 < minimum * counted


def attendance_standing(
    sessions: Sequence[HeldSession],
    marks: Mapping[int, tuple[Mark, str]],
    policy: ExcusedPolicy,
    minimum: int | None,
    now: datetime,
) -> AttendanceStanding:
    """A participant's standing from the cohort's sessions and their marks.

    :param sessions: the cohort's sessions (any; those that do not count are
        ignored, required ones still to come are listed).
    :param marks: session id to (mark, note) for the participant.
    :param policy: how the cohort counts excused absences.
    :param minimum: the cohort's minimum percent, or ``None``.
    """
    held = sorted((s for s in sessions if counts(s, now)), key=lambda s: s.starts_at)
    rows = []
    for session in held:
        mark, note = marks.get(session.id, (None, ""))
        mark = Mark(mark) if mark else None
        rows.append(SessionAttendance(session, mark, note, outcome(mark, policy)))
    found = Counter(row.mark for row in rows if row.mark is not None)
    counted, attended = tally(len(held), found, policy)
    return AttendanceStanding(
        counted,
        attended,
        share(attended, counted),
        minimum,
        tuple(rows),
        tuple(to_come(sessions, now)),
    )
