"""Selection pages for reviewers, interviewers and administrators."""

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.domain.selection import CRITERIA, FIELDS_OF_STUDY
from portal.downloads import table_response
from portal.emails import write_email
from portal.models import Role
from portal.selection.forms import (
    DecisionForm,
    NoteForm,
    ScreenForm,
    SlotForm,
    rubric_form_class,
    score_form_class,
)
from portal.services import access, cohorts, decisions
from portal.services import interviews as interview_service
from portal.services import selection as service
from portal.services.errors import FormInvalid
from portal.timeutil import utcnow
from portal.web import asks_first, role_required, safe_back

bp = Blueprint("selection", __name__, url_prefix="/selection")
staff_only = role_required(Role.TRAINER, Role.ADMIN)


@bp.route("/")
@staff_only
def index():
    return render_template(
        "selection/index.html", cohorts=service.staff_cohorts(current_user)
    )


@bp.route("/cohorts/<int:cohort_id>")
@staff_only
def applications(cohort_id: int):
    args = request.args
    filters = service.Filters(
        args.get("status", ""),
        args.get("field", ""),
        args.get("language", ""),
        args.get("sort", "submitted"),
        args.get("dir") == "desc",
    )
    rows = service.application_table(current_user, cohort_id, filters)
    return render_template(
        "selection/applications.html",
        cohort=cohorts.get(cohort_id),
        rows=rows,
        filters=filters,
        fields=FIELDS_OF_STUDY,
        duties=access.duties(current_user, cohort_id),
        blind=service.blind,
    )


@bp.route("/applications/<int:application_id>")
@staff_only
def application(application_id: int):
    application = service.review_application(current_user, application_id)
    return render_template(
        "selection/application.html",
        application=application,
        flags=service.eligibility(application),
        notes=service.notes(application_id),
        history=service.history(application_id),
        note_form=NoteForm(),
        screen_form=ScreenForm(),
        decision_form=DecisionForm(),
        duties=access.duties(current_user, application.cohort_id),
        blind=service.blind(application),
        booking=interview_service.booking(application_id),
        sheet=interview_service.score_sheet(current_user, application_id),
    )


@bp.route("/applications/<int:application_id>/notes", methods=["POST"])
@staff_only
def add_note(application_id: int):
    form = NoteForm()
    if form.validate_on_submit():
        service.add_note(current_user, application_id, form.body.data, utcnow())
    return redirect(url_for("selection.application", application_id=application_id))


@bp.route("/applications/<int:application_id>/screen", methods=["POST"])
@staff_only
def screen(application_id: int):
    form = ScreenForm()
    if form.validate_on_submit():
        service.screen(
            current_user,
            application_id,
            form.target.data,
            form.note.data or "",
            utcnow(),
            letters=write_email,
        )
        flash(_("Decision recorded; the applicant has been told."), "info")
    return redirect(url_for("selection.application", application_id=application_id))


@bp.route("/applications/<int:application_id>/decide", methods=["POST"])
@staff_only
def decide(application_id: int):
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            decisions.decide(
                current_user,
                application_id,
                form.decision.data,
                utcnow(),
                form.note.data or "",
                letters=write_email,
            )
        except FormInvalid as error:
            flash(error.message, "error")
    return redirect(
        safe_back(url_for("selection.application", application_id=application_id))
    )


@bp.route("/applications/<int:application_id>/score", methods=["GET", "POST"])
@staff_only
@asks_first(
    _l("Submit the score sheet?"),
    _l("A submitted score sheet is final: it cannot be changed afterwards."),
    _l("Yes, submit the final scores"),
    lambda application_id: url_for("selection.score", application_id=application_id),
    when=lambda: "submit" in request.form,
)
def score(application_id: int):
    application = service.review_application(current_user, application_id)
    sheet = interview_service.score_sheet(current_user, application_id)
    form = score_form_class()(data=_sheet_data(sheet))
    if form.validate_on_submit():
        try:
            interview_service.save_score_sheet(
                current_user,
                application_id,
                form.scores(),
                form.comments(),
                bool(form.submit.data),
                utcnow(),
            )
        except FormInvalid as error:
            form.show_errors(error.errors)
        else:
            flash(
                _("Score sheet submitted.") if form.submit.data else _("Draft saved."),
                "info",
            )
            return redirect(url_for("selection.score", application_id=application_id))
    return _show_score_sheet(form, application, sheet)


def _show_score_sheet(form, application, sheet):
    """The sheet beside the rubric, with any errors under their criteria."""
    return render_template(
        "selection/score.html",
        application=application,
        form=form,
        sheet=sheet,
        rubric=interview_service.rubric(),
        criteria=CRITERIA,
        blind=service.blind(application),
    )


def _sheet_data(sheet) -> dict:
    if sheet is None:
        return {}
    data = {f"score_{c}": str(v) for c, v in sheet.scores.items()}
    data.update({f"comment_{c}": v for c, v in sheet.comments.items()})
    return data


@bp.route("/cohorts/<int:cohort_id>/interviews", methods=["GET", "POST"])
@staff_only
def interviews(cohort_id: int):
    slots = interview_service.slots(current_user, cohort_id)
    form = SlotForm()
    if form.validate_on_submit():
        interview_service.create_slot(
            current_user,
            cohort_id,
            form.starts_at.data,
            form.minutes.data,
            form.location.data,
        )
        flash(_("Interview slot added."), "info")
        return redirect(url_for("selection.interviews", cohort_id=cohort_id))
    shortlisted = service.application_table(
        current_user, cohort_id, service.Filters(status="shortlisted")
    )
    return render_template(
        "selection/interviews.html",
        cohort=cohorts.get(cohort_id),
        form=form,
        slots=slots,
        shortlisted=shortlisted,
        duties=access.duties(current_user, cohort_id),
    )


@bp.route("/applications/<int:application_id>/assign", methods=["POST"])
@staff_only
def assign_slot(application_id: int):
    interview_service.book_slot(
        current_user, application_id, request.form.get("slot", type=int) or 0, utcnow()
    )
    flash(_("Interview slot assigned."), "info")
    return redirect(safe_back(url_for("selection.index")))


@bp.route("/cohorts/<int:cohort_id>/ranking")
@staff_only
def ranking(cohort_id: int):
    return render_template(
        "selection/ranking.html",
        cohort=cohorts.get(cohort_id),
        rows=decisions.ranking(current_user, cohort_id),
        form=DecisionForm(),
        duties=access.duties(current_user, cohort_id),
    )


@bp.route("/cohorts/<int:cohort_id>/promote", methods=["POST"])
@role_required(Role.ADMIN)
def promote(cohort_id: int):
    promoted = decisions.promote_from_waitlist(
        current_user, cohort_id, utcnow(), letters=write_email
    )
    flash(
        _("%(n)s has been offered the place.", n=promoted.full_name)
        if promoted
        else _("Nobody is on the waiting list."),
        "info",
    )
    return redirect(url_for("selection.ranking", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/applications.<any(csv, xlsx):fmt>")
@role_required(Role.ADMIN)
def export(cohort_id: int, fmt: str):
    return table_response(
        f"applications-{cohort_id}",
        fmt,
        *decisions.export_table(current_user, cohort_id),
    )


@bp.route("/rubric", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def rubric():
    current = interview_service.rubric()
    form = rubric_form_class()(
        data={
            f"{c}_{lv}": text
            for c, levels in current.items()
            for lv, text in levels.items()
        }
    )
    if form.validate_on_submit():
        interview_service.save_rubric(
            current_user,
            {(c, lv): form[f"{c}_{lv}"].data for c in CRITERIA for lv in range(1, 6)},
        )
        flash(_("The rubric is saved."), "info")
        return redirect(url_for("selection.rubric"))
    return render_template("selection/rubric.html", form=form, criteria=CRITERIA)
