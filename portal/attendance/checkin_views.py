"""Self check-in: the room's screen with the rotating code and its arrivals, the
participant's check-in form, and the attendance links of the session page."""

from __future__ import annotations

from datetime import datetime

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_time, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import labels
from portal.attendance.blueprint import bp
from portal.attendance.forms import CheckInForm
from portal.domain.checkin import CheckInRules
from portal.extensions import limiter
from portal.formtools import apply_errors
from portal.links import absolute_url
from portal.mfa.views import qr_code
from portal.models import Role
from portal.services import checkin
from portal.services.checkin import CheckInRefused, CodeScreen, SessionLinks
from portal.timeutil import utcnow
from portal.web import role_required


def checkin_rules() -> CheckInRules:
    config = current_app.config
    return CheckInRules(
        config["ATTENDANCE_CHECKIN_OPENS_MINUTES"],
        config["ATTENDANCE_LATE_AFTER_MINUTES"],
    )


def _screen(session_id: int) -> tuple[CodeScreen, dict[str, object]]:
    """The room's screen and what both its page and its JSON show."""
    now = utcnow()
    screen = checkin.current_code(session_id, current_user, now, checkin_rules())
    link = qr = None
    if screen.code:
        link = absolute_url(
            "attendance.check_in", session=screen.session.id, code=screen.code
        )
        qr = qr_code(link)
    count = len(screen.arrivals)
    return screen, {
        "state": screen.state(now),
        "page": absolute_url("attendance.check_in"),
        "code": screen.code,
        "link": link,
        "qr": qr,
        # Ask again when the code changes, or in five seconds for new arrivals.
        "refresh_in": _seconds_until(screen.changes_at, now),
        "count_text": ngettext(
            "%(num)d person checked in", "%(num)d people checked in", count
        ),
        "arrivals": [
            {
                "name": a.name,
                "mark": str(labels.MARKS[a.status]),
                "time": format_time(a.marked_at, "HH:mm"),
            }
            for a in screen.arrivals
        ],
    }


def _seconds_until(moment: datetime | None, now: datetime) -> int:
    if moment is None:
        return 5
    return max(1, min(5, int((moment - now).total_seconds()) + 1))


@bp.route("/sessions/<int:session_id>/code")
@role_required(Role.ADMIN, Role.TRAINER)
def code_screen(session_id: int):
    screen, shown = _screen(session_id)
    return render_template("attendance/code.html", screen=screen, shown=shown)


@bp.route("/sessions/<int:session_id>/code.json")
@role_required(Role.ADMIN, Role.TRAINER)
def code_status(session_id: int):
    return jsonify(_screen(session_id)[1])


def _wrong_code(response) -> bool:
    """Only wrong codes count towards the limit, not refusals of other kinds."""
    return response.status_code == 422


def _guesser() -> str:
    """Wrong codes are counted per participant and session (as a number, so
    "05" and "5" count as one)."""
    return f"checkin:{current_user.id}:{request.form.get('session', type=int)}"


def _too_many() -> str:
    return _("Too many wrong codes. Wait a few minutes, then try again.")


def _form(now: datetime) -> CheckInForm:
    """The form, with the QR link's session and code filled in (a GET only
    fills in: it never checks anyone in)."""
    asked = request.values.get("session", type=int)
    form = CheckInForm(session=asked, code=request.args.get("code", ""))
    sessions = checkin.open_sessions(current_user, now, checkin_rules())
    form.session.choices = [(s.id, s.title) for s in sessions]
    if asked and asked not in {s.id for s in sessions}:
        form.session.choices.insert(
            0, (asked, _("The session of the code you scanned"))
        )
    return form


@bp.route("/check-in", methods=["GET", "POST"])
@login_required
@limiter.limit(
    lambda: current_app.config["ATTENDANCE_CHECKIN_RATE_LIMIT"],
    key_func=_guesser,
    methods=["POST"],
    deduct_when=_wrong_code,
    error_message=_too_many,
)
def check_in():
    now = utcnow()
    form = _form(now)
    if form.validate_on_submit():
        try:
            mark = checkin.check_in(
                form.session.data, current_user, form.code.data, now, checkin_rules()
            )
        except CheckInRefused as refused:
            apply_errors(form, refused)
            return render_template(
                "attendance/check_in.html", form=form
            ), refused.status
        flash(
            _("You are checked in (%(mark)s).", mark=labels.MARKS[mark.status]), "info"
        )
        return redirect(url_for("attendance.check_in"))
    status = 422 if form.is_submitted() else 200
    return render_template("attendance/check_in.html", form=form), status


@bp.app_template_global()
def attendance_links(session) -> SessionLinks:
    """What templates/attendance/_session_links.html offers on the session page."""
    if not current_user.is_authenticated:
        return SessionLinks(False, False, None)
    return checkin.session_links(session, current_user, utcnow(), checkin_rules())
