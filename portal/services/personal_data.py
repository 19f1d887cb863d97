"""An applicant's personal data: everything held about them, for download (its
erasure is portal.services.erasure)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ApplicationEvent,
    User,
)
from portal.services.applications import my_applications


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
