"""People: accounts with one role each, and the cohorts participants study in."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.access import STAFF, Role
from portal.domain.admissions import application_window_open
from portal.extensions import db
from portal.timeutil import utcnow

__all__ = ["Cohort", "Role", "User"]  # Role lives with the access rule


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

    def accepting_applications(self, now: datetime) -> bool:
        return application_window_open(
            self.applications_open, self.applications_close, now
        )


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.PARTICIPANT.value)
    active: Mapped[bool] = mapped_column(default=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"))
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    cohort: Mapped[Cohort | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive accounts
        return self.active

    # Templates and views ask these rather than compare role strings.
    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_participant(self) -> bool:
        return self.role == Role.PARTICIPANT

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    def has_role(self, *roles: str) -> bool:
        return self.role in roles
