"""The administrative audit log: recording actions and reading them back."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import AuditEvent
from portal.services.paging import paginate

#: Every action the portal records, for the filter on the audit page.
ACTIONS = (
    "user.invited",
    "user.role_changed",
    "user.deactivated",
    "user.reactivated",
    "user.password_reset_sent",
    "user.password_link_used",
    "certificate.revoked",
    "certificate.reissued",
    "account.email_changed",
    "account.name_requested",
    "account.name_approved",
    "account.name_refused",
    "quiz_override.granted",
    "quiz_override.removed",
    "cohort.created",
    "cohort.changed",
    "cohort.staff_changed",
    "cohort.releases_changed",
    "access.refused",
    "mfa.enabled",
    "mfa.disabled",
    "mfa.reset",
    "mfa.codes_regenerated",
    "mfa.recovery_used",
    "mfa.failed",
    "course.uploaded",
    "course.upload_refused",
    "programme.imported",
    "auth.signed_in",
    "auth.sign_in_failed",
    "auth.locked_out",
    "account.password_changed",
    "account.password_reset",
    "account.register_existing",
    "account.time_zone_changed",
    "session.ended",
    "session.ended_elsewhere",
    "session.ended_by_operator",
    "export.downloaded",
    "cv.downloaded",
    "application.erased",
    "person.erased",
    "programme.session_created",
    "programme.session_updated",
    "programme.session_cancelled",
    "speaker.added",
    "speaker.changed",
    "speaker.deactivated",
    "speaker.reactivated",
    "calendar.feed_created",
    "calendar.feed_revoked",
    "registration.created",
    "registration.cancelled",
    "registration.removed",
    "registration.moved_up",
    "attendance.marked",
    "attendance.corrected",
    "announcement.posted",
    "announcement.edited",
    "announcement.deleted",
)


#: The client address of the request being served; the web layer sets it for each
#: request, so services record "from where" without reading the request themselves.
request_origin: ContextVar[str] = ContextVar("request_origin", default="")


def record(
    actor_id: int | None, action: str, target: str, now: datetime, **detail: Any
) -> AuditEvent:
    """Add one event to the session; the caller commits it with the change itself,
    so the log never claims what did not happen."""
    event = AuditEvent(
        at=now,
        actor_id=actor_id,
        action=action,
        target=target,
        detail=detail,
        origin=request_origin.get(),
    )
    db.session.add(event)
    return event


def record_download(
    actor_id: int,
    what: str,
    now: datetime,
    action: str = "export.downloaded",
    **detail: Any,
) -> AuditEvent:
    """Record that someone took personal data away (a table, a CV, their own data)
    and commit it: a download changes nothing else, so it is its own transaction.

    :param what: which table or file, as its download is named (``users``,
        ``cohort-3-progress``, ``application 12``), never a person's name.
    """
    event = record(actor_id, action, what, now, **detail)
    db.session.commit()
    return event


def _events(action: str) -> Select:
    """Newest first, optionally one kind of action, with who did it."""
    query = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    return query.where(AuditEvent.action == action) if action else query


def audit_events(action: str = "", page: int = 1, size: int = 100) -> Pagination:
    """One page of the log, newest first, optionally one kind of action."""
    return paginate(_events(action), page, size)


def all_events(action: str = "") -> list[AuditEvent]:
    """The whole log :func:`audit_events` pages through (for a download)."""
    return list(db.session.scalars(_events(action)))
