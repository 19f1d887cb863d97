"""Attendance: the marks a register holds and how excused absences count."""

from __future__ import annotations

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
