"""Staff pages: participants' progress (trainers and administrators)."""

from flask import Blueprint, render_template

from portal.models import Role
from portal.reports import participant_progress_list
from portal.timeutil import utcnow
from portal.web import role_required

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/progress")
@role_required(Role.TRAINER, Role.ADMIN)
def progress():
    rows, outline = participant_progress_list(utcnow().date())
    return render_template("staff/progress.html", rows=rows, outline=outline)
