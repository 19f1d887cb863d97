"""The programme's vocabulary: kinds of session and their states."""

from __future__ import annotations

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
