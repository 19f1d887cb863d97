"""The ORM models, one file per aggregate."""

from portal.models.course import CourseImport, Lesson, Module, Quiz, QuizRevision
from portal.models.progress import Certificate, LessonCompletion, QuizAttempt
from portal.models.users import Cohort, Role, User

__all__ = [
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
