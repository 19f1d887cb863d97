"""Admissions: applications, screening, interviews and decisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from portal.extensions import db
from portal.models.cohorts import Cohort
from portal.models.users import User
from portal.timeutil import utcnow


class StoredFile(db.Model):
    """An uploaded file kept in the database, so every host of a deployment sees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Application(db.Model):
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id"),
        Index("ix_application_cohort_status", "cohort_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    full_name: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    citizenship: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    university: Mapped[str] = mapped_column(String(200), default="")
    field_of_study: Mapped[str] = mapped_column(String(40), default="")
    field_other: Mapped[str] = mapped_column(String(100), default="")
    degree: Mapped[str] = mapped_column(String(20), default="")
    study_status: Mapped[str] = mapped_column(String(20), default="")
    graduation_year: Mapped[int | None]
    languages: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    motivation: Mapped[str] = mapped_column(Text, default="")
    consent: Mapped[bool] = mapped_column(default=False)
    cv_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)

    cohort: Mapped[Cohort] = relationship()
    user: Mapped[User] = relationship()
    cv: Mapped[StoredFile | None] = relationship()


class ApplicationEvent(db.Model):
    """The audit trail: every status change and booking, with who, when and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20), default="status")  # status|slot|erase
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


class ReviewNote(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author: Mapped[User] = relationship()


class InterviewSlot(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    minutes: Mapped[int] = mapped_column(default=30)
    location: Mapped[str] = mapped_column(String(300))  # a room or a video link


class InterviewBooking(db.Model):
    """One slot per application, one application per slot (unique keys)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id"), unique=True
    )
    slot_id: Mapped[int] = mapped_column(ForeignKey("interview_slot.id"), unique=True)
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    booked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    slot: Mapped[InterviewSlot] = relationship(lazy="joined")


class ScoreSheet(db.Model):
    """One interviewer's scores for one candidate; final once submitted."""

    __table_args__ = (UniqueConstraint("application_id", "interviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id"), index=True
    )
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    comments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)

    interviewer: Mapped[User] = relationship()


class RubricLevel(db.Model):
    """What a score of 1-5 means on one criterion; administrators edit the wording."""

    __table_args__ = (UniqueConstraint("criterion", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion: Mapped[str] = mapped_column(String(40))
    level: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
