"""Refused authorisations, recorded: a signed-in person refused a staff page (or an
application's CV) leaves one audit event saying who tried what, and from where."""

from __future__ import annotations

from flask import Flask, Response, g, request

from portal.extensions import db
from portal.services import audit
from portal.timeutil import utcnow

#: Blueprints whose pages are for staff only; a 403 there is a refused authorisation.
STAFF_AREAS = frozenset(
    {
        "admin",
        "analytics",
        "authoring",
        "people",
        "quiz_authoring",
        "selection",
        "staff",
    }
)
#: Staff endpoints outside those blueprints (an applicant's CV, opened by reviewers).
STAFF_ENDPOINTS = frozenset({"admissions.cv"})


def is_refused_authorisation(status: int, blueprint: str | None, endpoint: str | None):
    return status == 403 and (blueprint in STAFF_AREAS or endpoint in STAFF_ENDPOINTS)


def record_refusal(response: Response) -> Response:
    """One insert per refusal. Anonymous visitors are sent to sign in (a redirect,
    never a 403) and are not recorded; the query string, which may carry a token
    or search terms, never is: only the path."""
    user = g.get("_login_user")
    if (
        user is None
        or not user.is_authenticated
        or not is_refused_authorisation(
            response.status_code, request.blueprint, request.endpoint
        )
    ):
        return response
    user_id = user.id
    db.session.rollback()  # nothing of the refused request is kept
    audit.record(
        user_id,
        "access.refused",
        request.path[:200],
        utcnow(),
        method=request.method,
        endpoint=request.endpoint or "",
    )
    db.session.commit()
    return response


def init_app(app: Flask) -> None:
    app.after_request(record_refusal)
