"""Staff pages: the old participants' progress address, kept as a redirect."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from portal.domain.access import Duty
from portal.models import Role
from portal.services.access import visible_cohorts
from portal.web import role_required

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/progress")
@role_required(Role.TRAINER, Role.ADMIN)
def progress():
    """Retired for the cohort dashboard, the one participant x module matrix: the
    newest cohort the user sees, or the analytics index when they see none."""
    cohorts = visible_cohorts(current_user, Duty.TEACHER)
    if not cohorts:
        return redirect(url_for("analytics.index"))
    return redirect(url_for("analytics.dashboard", cohort_id=cohorts[0].id))
