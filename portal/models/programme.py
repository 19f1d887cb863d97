"""The programme's live half: sessions and events, their speakers, registrations,
attendance, calendar feeds and cohort announcements."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.zones import DEFAULT_ZONE
from portal.extensions import db
from portal.timeutil import utcnow

if TYPE_CHECKING:
    from portal.models.cohorts import Cohort
    from portal.models.users import User


class Speaker(db.Model):
    """A trainer, lecturer or partner's representative, kept in one reusable list
    so the same person is written once across sessions and cohorts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")  # e.g. "Head of unit"
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ProgrammeSession(db.Model):
    """One training, lecture, workshop, study visit, partner event or exam in a
    cohort's programme.

    Times are naive UTC like every other time here; ``time_zone`` is the zone the
    session is held in, which the calendar files name and the forms write in.
    """

    __tablename__ = "programme_session"
    __table_args__ = (UniqueConstraint("cohort_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The iCalendar UID: never changes, so calendar applications update in place.
    uid: Mapped[str] = mapped_column(String(100), unique=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    # The stable id a programme file gives the session, so importing it again
    # updates instead of adding a copy; None for sessions made in the browser.
    key: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # a domain.programme.Kind
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The description rendered once when saved (portal.rendering), never per view.
    description_html: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_ZONE)
    room: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None] = mapped_column()  # None: no limit
    required: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    # RFC 5545 SEQUENCE: raised on every change a calendar should hear about.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Why it was cancelled, as staff wrote it, for the session page and notice.
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    # When the day-before reminder went out for the current start; a reschedule
    # clears it so the new date is reminded too.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The seed of the rotating check-in code, made when check-in is first shown.
    checkin_secret: Mapped[str | None] = mapped_column(String(64))

    speakers: Mapped[list[SessionSpeaker]] = relationship(
        order_by="SessionSpeaker.position",
        cascade="all, delete-orphan",
        back_populates="session",
    )
    modules: Mapped[list[SessionModule]] = relationship(
        cascade="all, delete-orphan", back_populates="session"
    )

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class SessionSpeaker(db.Model):
    """A speaker at a session, in the order they are listed."""

    __table_args__ = (UniqueConstraint("session_id", "speaker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("programme_session.id"), index=True
    )
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[ProgrammeSession] = relationship(back_populates="speakers")
    speaker: Mapped[Speaker] = relationship(lazy="joined")


class SessionModule(db.Model):
    """A course module a session belongs with (by slug, as progress does)."""

    __table_args__ = (UniqueConstraint("session_id", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("programme_session.id"), index=True
    )
    module_slug: Mapped[str] = mapped_column(String(100))

    session: Mapped[ProgrammeSession] = relationship(back_populates="modules")


class SessionRegistration(db.Model):
    """A participant's place at an optional event, or on its waiting list; the
    waiting list is served in ``created_at`` order."""

    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("programme_session.id"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # registered|waiting|cancelled
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AttendanceMark(db.Model):
    """Whether a participant attended a session: present, late, excused or absent.

    One row per participant and session; a correction overwrites it, and the audit
    log keeps who changed what when.
    """

    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("programme_session.id"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # a domain.attendance.Mark
    note: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(20), default="register")  # |check_in
    marked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class CalendarFeed(db.Model):
    """A person's private calendar feed; only the token's hash is kept, and
    making a new one revokes the old."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class Announcement(db.Model):
    """A message staff post to a cohort, shown on its course home."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered when saved
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When the text last changed after posting; None: never edited.
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)

    cohort: Mapped[Cohort] = relationship()
    author: Mapped[User | None] = relationship(lazy="joined")
