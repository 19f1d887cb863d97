"""Quiz overrides a trainer granted to one participant or to a whole cohort."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.overrides import Grant
from portal.extensions import db
from portal.models.cohorts import Cohort
from portal.models.users import User


class QuizOverride(db.Model):
    """Extra attempts, a longer time or a close date for one quiz (by slug, so a new
    revision keeps it), granted to exactly one participant or one cohort; granting
    again replaces it. The rule that applies it is :mod:`portal.domain.overrides`."""

    __table_args__ = (
        UniqueConstraint("quiz_slug", "user_id", name="uq_quiz_override_user"),
        UniqueConstraint("quiz_slug", "cohort_id", name="uq_quiz_override_cohort"),
        CheckConstraint(
            "(user_id IS NULL) <> (cohort_id IS NULL)", name="override_one_target"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_slug: Mapped[str] = mapped_column(String(100), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE")
    )
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE")
    )
    extra_attempts: Mapped[int | None]
    time_limit: Mapped[int | None]  # minutes per attempt
    closes_at: Mapped[datetime | None] = mapped_column(DateTime)
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    granted_at: Mapped[datetime] = mapped_column(DateTime)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    cohort: Mapped[Cohort | None] = relationship()
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])

    @property
    def grant(self) -> Grant:
        return Grant(self.extra_attempts, self.time_limit, self.closes_at)
