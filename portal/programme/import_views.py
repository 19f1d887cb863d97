"""Importing a programme file into a cohort in the browser: choose the file,
see what it adds, changes and leaves alone, then confirm."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access import Duty, Role
from portal.formtools import apply_errors
from portal.programme.blueprint import bp
from portal.programme.import_forms import ConfirmImportForm, ImportProgrammeForm
from portal.services import programme_import
from portal.services.access import visible_cohort
from portal.services.errors import FormInvalid
from portal.services.wording import translated
from portal.timeutil import utcnow
from portal.web import role_required

staff = role_required(Role.TRAINER, Role.ADMIN)


def _page(form, cohort, problems=(), status=200):
    shown = [(p.path, p.line, translated(p.message)) for p in problems]
    return render_template(
        "programme/import.html", form=form, cohort=cohort, problems=shown
    ), status


@bp.route("/cohorts/<int:cohort_id>/import", methods=["GET", "POST"])
@staff
def import_programme(cohort_id: int):
    cohort = visible_cohort(current_user, cohort_id, Duty.TEACHER)
    form = ImportProgrammeForm()
    if not form.validate_on_submit():
        return _page(form, cohort, status=422 if form.is_submitted() else 200)
    upload = request.files.get(form.file.name)
    try:
        name, text = programme_import.programme_source(
            form.source.data,
            upload.read(programme_import.MAX_BYTES + 1) if upload else None,
            Path(current_app.config["MODULES_DIR"]),
        )
    except FormInvalid as error:
        apply_errors(form, error)
        return _page(form, cohort, status=422)
    plan = programme_import.plan_import(cohort.id, text, name, current_user, utcnow())
    if plan.problems:
        return _page(form, cohort, plan.problems, 422)
    confirm = ConfirmImportForm(text=ConfirmImportForm.encode(text), name=name)
    return render_template("programme/import_preview.html", plan=plan, form=confirm)


@bp.route("/cohorts/<int:cohort_id>/import/confirm", methods=["POST"])
@staff
def confirm_import(cohort_id: int):
    cohort = visible_cohort(current_user, cohort_id, Duty.TEACHER)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        flash(_("The previewed file was damaged: choose it again."), "error")
        return redirect(url_for("programme.import_programme", cohort_id=cohort.id))
    plan = programme_import.import_programme(
        cohort.id, form.source_text(), form.name.data, current_user, utcnow()
    )
    if plan.problems:
        return _page(ImportProgrammeForm(formdata=None), cohort, plan.problems, 422)
    counts = plan.counts()
    flash(
        _(
            "Programme imported: %(added)s added, %(changed)s changed, "
            "%(unchanged)s unchanged, %(left_alone)s left alone.",
            **counts,
        ),
        "info",
    )
    return redirect(url_for("programme.import_programme", cohort_id=cohort.id))
