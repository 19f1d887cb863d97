"""An applicant's personal data: everything held about them, for download, and its
erasure once their cohort has ended."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    InterviewBooking,
    ReviewNote,
    ScoreSheet,
    User,
)
from portal.services.applications import ApplicationData, my_applications
from portal.services.errors import Forbidden, NotFound


def applicant_data(user: User) -> dict[str, Any]:
    """Everything the portal holds about an applicant's applications (for download)."""
    mine = my_applications(user.id)
    events: dict[int, list[ApplicationEvent]] = {app.id: [] for app in mine}
    for event in db.session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id.in_(list(events)))
        .order_by(ApplicationEvent.at, ApplicationEvent.id)
    ):
        events[event.application_id].append(event)
    applications = []
    for app in mine:
        applications.append(
            {
                "cohort": app.cohort.name,
                "status": app.status,
                "submitted_at": _iso(app.submitted_at),
                "full_name": app.full_name,
                "date_of_birth": _iso(app.date_of_birth),
                "citizenship": app.citizenship,
                "phone": app.phone,
                "city": app.city,
                "university": app.university,
                "field_of_study": app.field_of_study,
                "field_other": app.field_other,
                "degree": app.degree,
                "study_status": app.study_status,
                "graduation_year": app.graduation_year,
                "languages": app.languages,
                "motivation": app.motivation,
                "consent": app.consent,
                "cv": app.cv.filename if app.cv else None,
                "history": [
                    {
                        "at": _iso(e.at),
                        "from": e.from_status,
                        "to": e.to_status,
                        "note": e.note,
                    }
                    for e in events[app.id]
                ],
            }
        )
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "created_at": _iso(user.created_at),
        },
        "applications": applications,
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def erase_application(application_id: int, admin: User, now: datetime) -> None:
    """Remove an applicant's personal data once their cohort has ended.

    The row stays with its status and audit trail (who decided what, when), so the
    cohort's figures still add up; names, contacts, statement, notes, scores and CV go.

    :raise Forbidden: the cohort has not ended yet.
    """
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound(_("No such application."))
    cohort = application.cohort
    if cohort.ends_on is None or now.date() <= cohort.ends_on:
        raise Forbidden(
            _("Applications can be erased only after the cohort has ended.")
        )
    for name, value in vars(ApplicationData()).items():
        setattr(application, name, value)
    cv = application.cv
    application.cv_file_id = None
    application.erased_at = now
    for model in (ReviewNote, ScoreSheet, InterviewBooking):
        for row in db.session.scalars(
            select(model).where(model.application_id == application.id)
        ):
            db.session.delete(row)
    db.session.add(
        ApplicationEvent(
            application_id=application.id,
            actor_id=admin.id,
            at=now,
            kind="erase",
            from_status=application.status,
            to_status=application.status,
            note="personal data erased",
        )
    )
    db.session.flush()
    if cv is not None:
        db.session.delete(cv)
    db.session.commit()
