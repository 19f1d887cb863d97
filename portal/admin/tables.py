"""The administration tables people take away as CSV or Excel."""

from __future__ import annotations

from collections.abc import Iterable

from portal.downloads import Table
from portal.models import AuditEvent, User


def user_table(users: Iterable[User]) -> Table:
    headers = ["name", "email", "role", "active", "cohort", "created_at"]
    return headers, (
        [
            u.full_name,
            u.email,
            u.role,
            "yes" if u.active else "no",
            u.cohort.name if u.cohort else "",
            u.created_at.isoformat(" ", "minutes"),
        ]
        for u in users
    )


def audit_detail(detail: dict | None) -> str:
    """An event's details on one line, as the page and the download show them."""
    return "; ".join(f"{key}: {value}" for key, value in (detail or {}).items())


def audit_table(events: Iterable[AuditEvent]) -> Table:
    headers = ["at", "actor", "action", "target", "detail"]
    return headers, (
        [
            e.at.isoformat(" ", "seconds"),
            e.actor.email if e.actor else "",
            e.action,
            e.target,
            audit_detail(e.detail),
        ]
        for e in events
    )
