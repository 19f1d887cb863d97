"""Those who must use two-step sign-in reach nothing but its set-up page (and
sign-out, public pages, static files) until it is on."""

from __future__ import annotations

from flask import Flask, current_app, redirect, request, url_for
from flask_login import current_user

from portal.domain.mfa import MAY_BE_REQUIRED
from portal.services import mfa

#: Where someone without the required second step may still go.
OPEN_ENDPOINTS = frozenset(
    {
        "static",
        "auth.login",
        "auth.logout",
        "mfa.setup",
        "mfa.start",
        "mfa.confirm",
        "mfa.verify",
        "people.set_password",  # a link from an email, signed in or not
    }
)
OPEN_BLUEPRINTS = frozenset({"public"})


def _open(endpoint: str | None) -> bool:
    if endpoint is None:  # no such page: the 404 is for everyone
        return True
    return endpoint in OPEN_ENDPOINTS or endpoint.split(".")[0] in OPEN_BLUEPRINTS


def init_app(app: Flask) -> None:
    @app.before_request
    def require_second_step():
        if not current_app.config["MFA_REQUIRED"] or _open(request.endpoint):
            return None
        if (
            not current_user.is_authenticated
            or current_user.role not in MAY_BE_REQUIRED  # participants: no query
            or mfa.enabled(current_user.id)
        ):
            return None
        if mfa.must_use(current_user):
            return redirect(url_for("mfa.setup"))
        return None
