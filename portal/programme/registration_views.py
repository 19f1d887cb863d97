"""Registration pages: register for an optional event and give the place up, "My
registrations", and an event's list for its staff (with downloads); and the
template global the session page's registration box reads."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.domain.access import Role
from portal.domain.registrations import Place
from portal.downloads import downloadable
from portal.programme.blueprint import bp
from portal.reports import registrations as report
from portal.services import registrations
from portal.services.errors import Forbidden
from portal.timeutil import utcnow
from portal.web import asks_first, role_required, safe_back, study_required

staff_only = role_required(Role.TRAINER, Role.ADMIN)


def session_page(session_id: int) -> str:
    return url_for("programme.session", session_id=session_id)


def _back(session_id: int) -> str:
    """Where a registration form was sent from (its ``back`` field), else the
    session page."""
    return safe_back(session_page(session_id))


def _list_page(session_id: int, **_ignored) -> str:
    return url_for("programme.session_registrations", session_id=session_id)


@bp.app_template_global()
def registration_of(session) -> report.Standing:
    """Where the signed-in viewer stands at ``session`` (one query)."""
    return report.standing(session, current_user, utcnow())


@bp.route("/sessions/<int:session_id>/register", methods=["POST"])
@study_required
def register(session_id: int):
    try:
        mine = registrations.register(session_id, current_user, utcnow())
    except Forbidden as refused:
        flash(refused.message, "error")
    else:
        if mine.status == Place.REGISTERED:
            flash(_("You are registered: your place is kept for you."), "info")
        else:
            flash(
                _(
                    "The event is full, so you are on the waiting list. If a place "
                    "frees, it is yours and you get an email."
                ),
                "info",
            )
    return redirect(_back(session_id))


@bp.route("/sessions/<int:session_id>/unregister", methods=["POST"])
@study_required
@asks_first(
    _l("Give up your registration?"),
    _l(
        "Your place goes to the next person waiting, or to whoever registers "
        "first. If you register again, you join the back of the queue."
    ),
    _l("Yes, give it up"),
    _back,
    when=lambda: report.asks_first(request.view_args["session_id"], current_user),
)
def unregister(session_id: int):
    try:
        registrations.cancel_registration(session_id, current_user, utcnow())
    except Forbidden as refused:
        flash(refused.message, "error")
    else:
        flash(_("Your registration is cancelled."), "info")
    return redirect(_back(session_id))


@bp.route("/registrations")
@study_required
def my_registrations():
    mine = report.my_registrations(current_user, utcnow())
    return render_template("programme/registrations.html", mine=mine)


@bp.route("/sessions/<int:session_id>/registrations")
@staff_only
def session_registrations(session_id: int):
    found = report.registration_list(session_id, current_user)
    stem = f"session-{session_id}-registrations"
    if download := downloadable(stem, lambda: report.registration_table(found)):
        return download
    return render_template(
        "programme/session_registrations.html",
        found=found,
        session_page=session_page(session_id),
    )


@bp.route(
    "/sessions/<int:session_id>/registrations/<int:registration_id>/remove",
    methods=["POST"],
)
@staff_only
@asks_first(
    _l("Take this person off the list?"),
    _l(
        "They lose their place or their place in the queue, and the next person "
        "waiting moves up. They may register again, at the back of the queue."
    ),
    _l("Yes, take them off"),
    _list_page,
)
def remove_registration(session_id: int, registration_id: int):
    try:
        registrations.remove_registration(
            session_id, registration_id, current_user, utcnow()
        )
    except Forbidden as refused:
        flash(refused.message, "error")
    else:
        flash(_("The registration is removed."), "info")
    return redirect(_list_page(session_id))
