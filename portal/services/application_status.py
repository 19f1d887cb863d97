"""Status changes of an application: who may make which move, the audit trail, the
role an admission grants, and the mail that tells the applicant."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.domain.admissions import Actor, Status, can_transition
from portal.extensions import db
from portal.labels import STATUS as STATUS_LABELS
from portal.models import Application, ApplicationEvent, Role, User
from portal.services.errors import Forbidden
from portal.services.outbox import Letters, queue_email


def move(
    application: Application,
    target: str,
    actor: User | None,
    now: datetime,
    note: str,
    letters: Letters,
) -> None:
    """Change the status, record it in the audit trail and tell the applicant."""
    event = ApplicationEvent(
        application_id=application.id,
        actor_id=actor.id if actor else None,
        at=now,
        kind="status",
        from_status=application.status,
        to_status=str(target),
        note=note,
    )
    db.session.add(event)
    application.status = str(target)
    application.updated_at = now
    if target == Status.ADMITTED:
        application.user.role = Role.PARTICIPANT
        application.user.cohort_id = application.cohort_id
    if (
        target in (Status.DECLINED, Status.WITHDRAWN)
        and application.user.role == Role.PARTICIPANT
        and application.user.cohort_id == application.cohort_id
    ):
        application.user.role = Role.APPLICANT
        application.user.cohort_id = None
    subject = _(
        "Your Migration School application: %(status)s",
        status=STATUS_LABELS[str(target)],
    )
    queue_email(
        letters,
        application.user.email,
        subject,
        "status",
        application=application,
        status=str(target),
        note=note,
    )


def change_status(
    application: Application,
    target: str,
    actor: User,
    actor_kind: Actor,
    now: datetime,
    note: str = "",
    *,
    letters: Letters,
) -> Application:
    """:raise Forbidden: the move is not one this kind of actor may make."""
    if not can_transition(application.status, target, actor_kind):
        raise Forbidden(
            _(
                "This change of status is not allowed here: %(status)s → %(target)s.",
                status=STATUS_LABELS.get(application.status, application.status),
                target=STATUS_LABELS.get(target, target),
            )
        )
    move(application, target, actor, now, note, letters)
    db.session.commit()
    return application
