"""Requests to change the name shown on certificates: the person asks, an
administrator approves or refuses, and an approval re-issues the certificate."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.accounts import name_change_problem
from portal.extensions import db
from portal.models import Certificate, NameChange, User
from portal.services import audit
from portal.services.certificates import reissue_certificate
from portal.services.errors import AttemptClosed, FormInvalid, NotFound


def _problem_message(code: str) -> str:
    return {
        "empty": _("Give the name as it must appear."),
        "same": _("This is the name on your account already."),
        "long": _("Use at most 200 characters."),
    }[code]


def pending_name_change(user_id: int) -> NameChange | None:
    """The person's request still waiting for an administrator, if any."""
    return db.session.scalar(
        select(NameChange).where(
            NameChange.user_id == user_id, NameChange.approved.is_(None)
        )
    )


def request_name_change(user_id: int, full_name: str, now: datetime) -> NameChange:
    """Ask for a new certificate name; a newer request replaces a waiting one.

    :raise FormInvalid: the name is empty, too long or unchanged.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    if problem := name_change_problem(user.full_name, full_name):
        raise FormInvalid({"full_name": _problem_message(problem)})
    name = " ".join(full_name.split())
    change = pending_name_change(user_id)
    if change is None:
        change = NameChange(user_id=user_id, full_name=name, requested_at=now)
        db.session.add(change)
    change.full_name, change.requested_at = name, now
    audit.record(user_id, "account.name_requested", user.email, now, name=name)
    db.session.commit()
    return change


def pending_name_changes() -> list[NameChange]:
    """Every waiting request, oldest first, for the administrators' page."""
    return list(
        db.session.scalars(
            select(NameChange)
            .where(NameChange.approved.is_(None))
            .order_by(NameChange.requested_at, NameChange.id)
        )
    )


def decide_name_change(
    change_id: int, approve: bool, actor: User, now: datetime
) -> NameChange:
    """Approve (the account and any valid certificate take the name; the
    certificate is re-issued with a new code) or refuse a waiting request.

    A revoked certificate keeps its revocation: re-issuing it would lift that.

    :raise NotFound: no such request.
    :raise AttemptClosed: it was decided already.
    """
    change = db.session.get(NameChange, change_id)
    if change is None:
        raise NotFound(_("No such request."))
    if change.approved is not None:
        raise AttemptClosed(_("This request has been decided already."))
    change.approved, change.decided_at, change.decided_by_id = approve, now, actor.id
    user = change.user
    action = "account.name_approved" if approve else "account.name_refused"
    audit.record(
        actor.id, action, user.email, now, old=user.full_name, new=change.full_name
    )
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.user_id == user.id)
    )
    if approve and certificate is not None and certificate.revoked_at is None:
        reissue_certificate(certificate.id, change.full_name, actor, now)  # commits
        return change
    if approve:
        user.full_name = change.full_name
    db.session.commit()
    return change
