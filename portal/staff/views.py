"""Staff pages: quiz overrides per cohort, and the old participants' progress
address, kept as a redirect."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access import Duty
from portal.formtools import apply_errors
from portal.models import Role
from portal.reports.overrides import quiz_override_page
from portal.services import quiz_overrides
from portal.services.access import visible_cohorts
from portal.services.errors import FormInvalid
from portal.staff.forms import OverrideForm
from portal.timeutil import utcnow
from portal.web import role_required, safe_back

bp = Blueprint("staff", __name__, url_prefix="/staff")
staff_only = role_required(Role.TRAINER, Role.ADMIN)


@bp.route("/progress")
@staff_only
def progress():
    """Retired for the cohort dashboard, the one participant x module matrix: the
    newest cohort the user sees, or the analytics index when they see none."""
    cohorts = visible_cohorts(current_user, Duty.TEACHER)
    if not cohorts:
        return redirect(url_for("analytics.index"))
    return redirect(url_for("analytics.dashboard", cohort_id=cohorts[0].id))


@bp.route("/cohorts/<int:cohort_id>/quizzes/<slug>/overrides")
@staff_only
def quiz_overrides_page(cohort_id: int, slug: str):
    page = quiz_override_page(current_user, cohort_id, slug)
    form = OverrideForm.for_page(page, request.args.get("who", ""))
    return render_template("staff/overrides.html", page=page, form=form)


@bp.route("/cohorts/<int:cohort_id>/quizzes/<slug>/overrides", methods=["POST"])
@staff_only
def grant_override(cohort_id: int, slug: str):
    page = quiz_override_page(current_user, cohort_id, slug)
    form = OverrideForm.for_page(page)
    if form.validate_on_submit():
        target = form.target() or {"cohort_id": cohort_id}
        try:
            quiz_overrides.grant_override(
                current_user, slug, form.grant(), utcnow(), **target
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Override saved."), "info")
            return redirect(request.path)
    return render_template("staff/overrides.html", page=page, form=form), 422


@bp.route("/overrides/<int:override_id>/remove", methods=["POST"])
@staff_only
def remove_override(override_id: int):
    quiz_overrides.remove_override(current_user, override_id, utcnow())
    flash(_("Override removed."), "info")
    return redirect(safe_back(url_for("analytics.index")))
