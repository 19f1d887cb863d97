"""Attendance: the marks a register holds, who wrote them, what saving a register
changes, and how excused absences count."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
