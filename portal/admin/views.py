"""Administration: cohorts (dates, staff, module releases), the outbox, erasure."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.admin.forms import CohortForm, StaffForm
from portal.domain.mail import redact_links
from portal.formtools import apply_errors, options
from portal.models import Role
from portal.services import cohorts
from portal.services.erasure import erase_application
from portal.services.errors import FormInvalid
from portal.services.outbox import recent_messages
from portal.services.outline import course_snapshot
from portal.timeutil import utcnow
from portal.web import asks_first, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
admin_only = role_required(Role.ADMIN)


@bp.route("/cohorts")
@admin_only
def cohort_list():
    return render_template(
        "admin/cohorts.html", cohorts=cohorts.all_cohorts(), now=utcnow()
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
@admin_only
def cohort_edit(cohort_id: int | None = None):
    cohort = cohorts.get(cohort_id) if cohort_id else None
    form = CohortForm(obj=cohort)
    if form.validate_on_submit():
        data = cohorts.CohortForm(**{name: form[name].data for name in form.FIELDS})
        data.waitlist_size = data.waitlist_size or 0
        try:
            saved = cohorts.save_cohort(cohort_id, data, current_user, utcnow())
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Cohort saved."), "info")
            return redirect(url_for("admin.cohort_edit", cohort_id=saved.id))
    staff_form = _staff_form(cohort_id) if cohort_id else None
    return render_template(
        "admin/cohort.html",
        form=form,
        cohort=cohort,
        staff_form=staff_form,
        modules=course_snapshot().modules,
        releases=cohorts.releases(cohort_id) if cohort_id else {},
    )


def _staff_form(cohort_id: int) -> StaffForm:
    form = StaffForm()
    choices = options((u.id, f"{u.full_name} <{u.email}>") for u in cohorts.trainers())
    form.reviewers.choices = form.interviewers.choices = choices
    form.teachers.choices = choices
    if request.method == "GET":
        assigned = cohorts.staff(cohort_id)
        form.reviewers.data = [s.user_id for s in assigned if s.duty == "reviewer"]
        form.interviewers.data = [
            s.user_id for s in assigned if s.duty == "interviewer"
        ]
        form.teachers.data = [s.user_id for s in assigned if s.duty == "teacher"]
    return form


@bp.route("/cohorts/<int:cohort_id>/staff", methods=["POST"])
@admin_only
def cohort_staff(cohort_id: int):
    form = _staff_form(cohort_id)
    if form.validate_on_submit():
        try:
            cohorts.set_staff(
                cohort_id,
                form.reviewers.data,
                form.interviewers.data,
                form.teachers.data,
                actor=current_user,
                now=utcnow(),
            )
        except FormInvalid as error:
            flash(error.message, "error")
        else:
            flash(_("Staff saved."), "info")
    return redirect(url_for("admin.cohort_edit", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/releases", methods=["POST"])
@admin_only
def cohort_releases(cohort_id: int):
    dates = {}
    for module in course_snapshot().modules:
        raw = request.form.get(f"release-{module.slug}", "").strip()
        try:
            dates[module.slug] = date.fromisoformat(raw) if raw else None
        except ValueError:
            flash(_("“%(v)s” is not a date (use YYYY-MM-DD).", v=raw), "error")
            return redirect(url_for("admin.cohort_edit", cohort_id=cohort_id))
    cohorts.set_releases(cohort_id, dates, current_user, utcnow())
    flash(_("Module release dates saved."), "info")
    return redirect(url_for("admin.cohort_edit", cohort_id=cohort_id))


def _application_page(application_id: int) -> str:
    return url_for("selection.application", application_id=application_id)


@bp.route("/applications/<int:application_id>/erase", methods=["POST"])
@admin_only
@asks_first(
    _l("Erase this application's personal data?"),
    _l(
        "Erasing cannot be undone: the name, contacts, statement, every CV "
        "version, the reviewers' notes, the scores and the status letters go. "
        "The status and the dates of its history stay."
    ),
    _l("Yes, erase it"),
    _application_page,
)
def erase(application_id: int):
    erase_application(application_id, current_user, utcnow())
    flash(_("The applicant's personal data has been erased."), "info")
    return redirect(_application_page(application_id))


@bp.route("/outbox")
@admin_only
def outbox():
    # Bodies waiting to be sent still hold their links: the page never shows them.
    return render_template(
        "admin/outbox.html", messages=recent_messages(), redact=redact_links
    )
