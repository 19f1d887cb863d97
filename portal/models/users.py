"""People: accounts with one role each, and the cohorts participants study in."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.access import STAFF, Role
from portal.domain.sessions import session_id
from portal.extensions import db
from portal.models.cohorts import Cohort
from portal.timeutil import utcnow

# Role lives with the access rule
__all__ = ["NameChange", "Role", "User", "UserSession"]


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
    # Set when the person's data was erased: the row stays as a pseudonym that
    # others' records point at (portal.services.erasure).
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The zone the person reads times in (an IANA name); None: the default zone.
    time_zone: Mapped[str | None] = mapped_column(String(64))

    cohort: Mapped[Cohort | None] = relationship(lazy="joined")

    #: The key of the session record this request is signed in with (set when the
    #: session is loaded or started; not a column).
    session_key = None

    def get_id(self) -> str:
        """Flask-Login's id names the session record, not only the account: ending
        the record ends the session cookie and the remember cookie alike. Without a
        record the id is the bare account id, which signs no one in."""
        if self.session_key is None:
            return str(self.id)
        return session_id(self.id, self.session_key)

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


class NameChange(db.Model):
    """A person's request to be named differently on their certificate; it takes
    effect only when an administrator approves it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    # None while waiting; then True (approved) or False (refused).
    approved: Mapped[bool | None]
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


class UserSession(db.Model):
    """One signed-in session (a browser), so that it can be listed and ended."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the random key the cookies carry; the key itself is not stored.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    # When the password was typed; a rotated remember cookie keeps it.
    signed_in_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    remember: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(45), default="")
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    # signed_out, elsewhere, ended, password, email, idle, expired, rotated
    end_reason: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship()
