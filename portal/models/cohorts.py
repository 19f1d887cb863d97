"""Cohorts: one run of the programme, its staff and its module release dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.admissions import application_window_open
from portal.extensions import db

if TYPE_CHECKING:
    from portal.models.users import User


class Cohort(db.Model):
    """One six-month run of the programme, with its application window."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    applications_open: Mapped[datetime | None] = mapped_column(DateTime)
    applications_close: Mapped[datetime | None] = mapped_column(DateTime)
    interviews_start: Mapped[date | None] = mapped_column(Date)
    interviews_end: Mapped[date | None] = mapped_column(Date)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(default=30)
    waitlist_size: Mapped[int] = mapped_column(default=5)
    # Hide names and contact details from reviewers while they screen (stage 1).
    blind_review: Mapped[bool] = mapped_column(default=False)
    # The certificate's attendance rule: the share (percent) of required sessions
    # held so far that a participant must attend; None means no attendance rule.
    attendance_minimum: Mapped[int | None] = mapped_column()
    # How an excused absence counts: "attended", "excluded" (left out of the share)
    # or "absent" (a domain.attendance.ExcusedPolicy).
    excused_absences: Mapped[str] = mapped_column(String(20), default="excluded")

    def accepting_applications(self, now: datetime) -> bool:
        return application_window_open(
            self.applications_open, self.applications_close, now
        )


class CohortStaff(db.Model):
    """A trainer assigned to screen (reviewer), interview (interviewer) or teach
    (teacher) a cohort; what that allows is :mod:`portal.domain.access`."""

    __table_args__ = (UniqueConstraint("cohort_id", "user_id", "duty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    duty: Mapped[str] = mapped_column(String(20))  # an assignable Duty

    user: Mapped[User] = relationship()


class ModuleRelease(db.Model):
    """A module opens for a cohort on this date (once its prerequisites are done)."""

    __table_args__ = (UniqueConstraint("cohort_id", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    module_slug: Mapped[str] = mapped_column(String(100))
    opens_on: Mapped[date] = mapped_column(Date)
