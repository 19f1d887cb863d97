"""Two-step sign-in: a person's authenticator secret and their recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow


class MfaCredential(db.Model):
    """One per person who started setting up an authenticator app. It signs in
    only once ``confirmed_at`` is set (a first code was right)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True
    )
    # Fernet-encrypted base32 secret (see portal.security.Vault); never shown again
    # once confirmed.
    secret: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The RFC 6238 time step of the last code accepted: that code, and any older
    # one, is refused from then on.
    last_step: Mapped[int | None]


class RecoveryCode(db.Model):
    """A single-use code for signing in without the phone, kept only as a hash."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
