"""The ORM models, one file per aggregate."""

from portal.models.admissions import (
    Application,
    ApplicationEvent,
    CohortStaff,
    InterviewBooking,
    InterviewSlot,
    ModuleRelease,
    OutboxMessage,
    ReviewNote,
    RubricLevel,
    ScoreSheet,
    StoredFile,
)
from portal.models.course import CourseImport, Lesson, Module, Quiz, QuizRevision
from portal.models.progress import Certificate, LessonCompletion, QuizAttempt
from portal.models.users import Cohort, Role, User

__all__ = [
    "Application",
    "ApplicationEvent",
    "CohortStaff",
    "InterviewBooking",
    "InterviewSlot",
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
    "LessonCompletion",
    "Module",
    "Quiz",
    "QuizAttempt",
    "QuizRevision",
    "Role",
    "User",
]
