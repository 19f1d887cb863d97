"""The register of a session: staff mark who came, correct marks, mark everyone
present at once and download who came."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.attendance.blueprint import bp
from portal.attendance.forms import AllPresentForm, RegisterForm, submitted_marks
from portal.downloads import downloadable
from portal.models import Role
from portal.reports.tables import session_attendance_table
from portal.services import attendance
from portal.timeutil import utcnow
from portal.web import role_required


def _saved(new: int, corrected: int) -> str:
    if not new and not corrected:
        return _("Nothing changed in the register.")
    parts = []
    if new:
        parts.append(ngettext("%(num)d mark added", "%(num)d marks added", new))
    if corrected:
        parts.append(
            ngettext("%(num)d mark corrected", "%(num)d marks corrected", corrected)
        )
    return _("Register saved: %(changes)s.", changes="; ".join(parts))


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.TRAINER)
def register(session_id: int):
    form = RegisterForm()
    if form.validate_on_submit():
        new, corrected = attendance.take_register(
            session_id, submitted_marks(request.form), current_user, utcnow()
        )
        flash(_saved(new, corrected), "info")
        return redirect(url_for("attendance.register", session_id=session_id))
    found = attendance.register_view(session_id, current_user)
    download = downloadable(
        f"session-{session_id}-attendance", lambda: session_attendance_table(found)
    )
    return download or render_template(
        "attendance/register.html",
        register=found,
        form=form,
        all_present=AllPresentForm(formdata=None),
    )


@bp.route("/sessions/<int:session_id>/all-present", methods=["POST"])
@role_required(Role.ADMIN, Role.TRAINER)
def all_present(session_id: int):
    if AllPresentForm().validate_on_submit():
        marked = attendance.mark_all_present(session_id, current_user, utcnow())
        flash(
            ngettext(
                "%(num)d participant marked present.",
                "%(num)d participants marked present.",
                marked,
            )
            if marked
            else _("Everyone already has a mark."),
            "info",
        )
    return redirect(url_for("attendance.register", session_id=session_id))
