"""Every column that points at an account, and what erasing the account does with
the rows it picks out (:mod:`portal.services.erasure` acts on these lists).
``tests/integration/test_erasure_rules.py`` fails when a column is added and not
listed, so no new copy is forgotten."""

from portal.models import (
    Announcement,
    Application,
    ApplicationEvent,
    AttendanceMark,
    AuditEvent,
    CalendarFeed,
    Certificate,
    CohortStaff,
    InterviewBooking,
    LessonCompletion,
    LessonRevision,
    LinkToken,
    MediaFile,
    MfaCredential,
    ModuleRevision,
    NameChange,
    ProgressSummary,
    QuizAttempt,
    QuizOverride,
    QuizRevision,
    RecoveryCode,
    ReviewNote,
    ScoreSheet,
    SessionRegistration,
    StoredFile,
    UserSession,
)

DELETED = (  # the person's own records, which nothing else needs
    CohortStaff.user_id,
    LessonCompletion.user_id,
    QuizAttempt.user_id,  # answers typed, saved and graded
    ProgressSummary.user_id,
    QuizOverride.user_id,
    NameChange.user_id,
    StoredFile.owner_id,  # every version of every CV uploaded
    UserSession.user_id,  # devices and addresses signed in from
    MfaCredential.user_id,
    RecoveryCode.user_id,
    LinkToken.user_id,  # mailed links, whose data names addresses
    SessionRegistration.user_id,
    AttendanceMark.user_id,
    CalendarFeed.user_id,  # the private feed's token
)
ERASED = (  # the row stays for others' figures, emptied of the person
    Application.user_id,  # status and history, so a cohort's numbers add up
    Certificate.user_id,  # the code, so /verify says what became of it
)
KEPT = (  # someone's act, kept with its actor now a pseudonym
    ApplicationEvent.actor_id,
    ReviewNote.author_id,
    InterviewBooking.booked_by_id,
    ScoreSheet.interviewer_id,
    AttendanceMark.marked_by_id,
    Announcement.author_id,
    AuditEvent.actor_id,
    NameChange.decided_by_id,
    QuizOverride.granted_by_id,
    QuizRevision.author_id,
    LessonRevision.author_id,
    ModuleRevision.author_id,
    MediaFile.uploaded_by_id,
)
