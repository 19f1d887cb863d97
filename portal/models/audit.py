"""The administrative audit log: who did what to whom, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.users import User
from portal.timeutil import utcnow


class AuditEvent(db.Model):
    """One administrative or security action (role change, sign-in, certificate
    revoked...): who, what, to whom, when and from where."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The client address the request came from ("" for the command line).
    origin: Mapped[str] = mapped_column(String(64), default="", server_default="")

    actor: Mapped[User | None] = relationship()
