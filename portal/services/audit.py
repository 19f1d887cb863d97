"""The administrative audit log: recording actions and reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import AuditEvent

#: Every action the portal records, for the filter on the audit page.
ACTIONS = (
    "user.invited",
    "user.role_changed",
    "user.deactivated",
    "user.reactivated",
    "user.password_reset_sent",
    "certificate.revoked",
    "certificate.reissued",
)


def record(
    actor_id: int | None, action: str, target: str, now: datetime, **detail: Any
) -> AuditEvent:
    """Add one event to the session; the caller commits it with the change itself,
    so the log never claims what did not happen."""
    event = AuditEvent(
        at=now, actor_id=actor_id, action=action, target=target, detail=detail
    )
    db.session.add(event)
    return event


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def audit_events(action: str = "", page: int = 1, size: int = 100) -> AuditPage:
    """Newest first, optionally one kind of action; ``size=0`` returns everything."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    total = db.session.scalar(query.with_only_columns(func.count(AuditEvent.id))) or 0
    pages = max(1, -(-total // size)) if size else 1
    page = min(max(page, 1), pages)
    query = query.options(joinedload(AuditEvent.actor)).order_by(
        AuditEvent.at.desc(), AuditEvent.id.desc()
    )
    if size:
        query = query.offset((page - 1) * size).limit(size)
    return AuditPage(list(db.session.scalars(query)), total, page, pages)
