"""The ORM models, one file per aggregate."""

from portal.models.admissions import (
    Application,
    ApplicationEvent,
    InterviewBooking,
    InterviewSlot,
    ReviewNote,
    RubricLevel,
    ScoreSheet,
    StoredFile,
)
from portal.models.audit import AuditEvent
from portal.models.cohorts import Cohort, CohortStaff, ModuleRelease
from portal.models.course import (
    CourseImport,
    Lesson,
    LessonRevision,
    MediaFile,
    Module,
    ModuleRevision,
    Quiz,
    QuizRevision,
)
from portal.models.mfa import MfaCredential, RecoveryCode
from portal.models.outbox import LinkToken, OutboxMessage
from portal.models.overrides import QuizOverride
from portal.models.programme import (
    Announcement,
    AttendanceMark,
    CalendarFeed,
    ProgrammeSession,
    SessionModule,
    SessionRegistration,
    SessionSpeaker,
    Speaker,
)
from portal.models.progress import (
    Certificate,
    LessonCompletion,
    ProgressSummary,
    QuizAttempt,
)
from portal.models.users import NameChange, Role, User, UserSession

__all__ = [
    "Announcement",
    "AttendanceMark",
    "CalendarFeed",
    "ProgrammeSession",
    "SessionModule",
    "SessionRegistration",
    "SessionSpeaker",
    "Speaker",
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "CohortStaff",
    "InterviewBooking",
    "InterviewSlot",
    "LinkToken",
    "MfaCredential",
    "ModuleRelease",
    "OutboxMessage",
    "ReviewNote",
    "RubricLevel",
    "ScoreSheet",
    "StoredFile",
    "Certificate",
    "Cohort",
    "CourseImport",
    "Lesson",
    "LessonRevision",
    "MediaFile",
    "LessonCompletion",
    "Module",
    "ProgressSummary",
    "ModuleRevision",
    "NameChange",
    "Quiz",
    "QuizAttempt",
    "QuizOverride",
    "QuizRevision",
    "RecoveryCode",
    "Role",
    "User",
    "UserSession",
]
