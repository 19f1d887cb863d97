"""What participants did: lesson completions, quiz attempts, certificates.

Progress points at stable slugs, not row ids, so a re-imported course keeps it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.course import QuizRevision
from portal.models.users import User
from portal.timeutil import utcnow


class LessonCompletion(db.Model):
    __table_args__ = (
        UniqueConstraint("user_id", "module_slug", "lesson_slug"),
        # Covers the dashboards' grouped count and latest-activity queries.
        Index(
            "ix_lesson_completion_progress",
            "user_id",
            "module_slug",
            "lesson_slug",
            "completed_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    module_slug: Mapped[str] = mapped_column(String(100))
    lesson_slug: Mapped[str] = mapped_column(String(100))
    completed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class QuizAttempt(db.Model):
    """One attempt; its layout and grade never change once submitted.

    The unique (user, quiz, number) constraint is what keeps the attempt limit when two
    starts race: the second insert of the same number fails.
    """

    __table_args__ = (
        UniqueConstraint("user_id", "quiz_slug", "number"),
        # Covers the best-attempt, failure and activity queries without the table.
        Index(
            "ix_quiz_attempt_progress",
            "user_id",
            "quiz_slug",
            "status",
            "passed",
            "percent",
            "submitted_at",
            "started_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    quiz_slug: Mapped[str] = mapped_column(String(100))
    quiz_revision_id: Mapped[int] = mapped_column(ForeignKey("quiz_revision.id"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(
        String(20), default="open"
    )  # open|submitted|expired
    started_at: Mapped[datetime] = mapped_column(DateTime)
    deadline: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # What the participant sent, kept even when it arrived too late to count.
    raw_answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Answers saved while the attempt was open (parsed and checked like a submission),
    # so a reload resumes them and running out of time grades them.
    saved_answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    saved_at: Mapped[datetime | None] = mapped_column(DateTime)
    results: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    score: Mapped[float | None]
    max_score: Mapped[float | None]
    percent: Mapped[float | None]
    pass_mark: Mapped[float]
    passed: Mapped[bool | None]

    revision: Mapped[QuizRevision] = relationship(lazy="joined")
    user: Mapped[User] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class ProgressSummary(db.Model):
    """One participant's progress, rewritten with every lesson or attempt they record,
    so a cohort dashboard reads one short row per participant instead of grouping
    every completion and attempt."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    # {module slug: [lesson slugs done]}
    lessons: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    # {quiz slug: {"best_pass", "best_any", "failures"}}: see domain.quiz_facts; older
    # rows hold [best_pass, best_any, failures] lists, which still read.
    quizzes: Mapped[dict[str, Any]] = mapped_column(JSON)
    last_activity: Mapped[datetime | None] = mapped_column(DateTime)
    # Derived from the above for the course shape named by ``outline_key``: see
    # portal.domain.cohort_matrix.progress_cells.
    outline_key: Mapped[str] = mapped_column(String(32))
    cells: Mapped[str] = mapped_column(Text)
    percent: Mapped[int]
    final_passed: Mapped[bool]
    # The most times one quiz not passed yet was failed (0: none)
    most_failures: Mapped[int]


class Certificate(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    programme: Mapped[str] = mapped_column(String(200))
    cohort_label: Mapped[str] = mapped_column(String(200), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    # The holder's data was erased: the code stays (it verifies as erased, and is
    # never given again), the name is gone.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
