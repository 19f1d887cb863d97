"""People: accounts with one role each, and the cohorts participants study in."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow


class Role(StrEnum):
    PARTICIPANT = "participant"
    TRAINER = "trainer"
    ADMIN = "admin"


class Cohort(db.Model):
    """One six-month run of the programme."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.PARTICIPANT.value)
    active: Mapped[bool] = mapped_column(default=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    cohort: Mapped[Cohort | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive accounts
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.TRAINER, Role.ADMIN)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles
