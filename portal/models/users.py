"""People: accounts with one role each, and the cohorts participants study in."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.access import STAFF, Role
from portal.extensions import db
from portal.models.cohorts import Cohort
from portal.timeutil import utcnow

__all__ = ["Role", "User"]  # Role lives with the access rule


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
