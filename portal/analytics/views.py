"""Analytics for staff: cohort dashboards, participant timelines, quiz quality and
issued certificates. Every table downloads as CSV or Excel."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.analytics.forms import (
    ReissueForm,
    RevokeForm,
    dashboard_filters,
)
from portal.domain.access import Duty
from portal.domain.paging import page_of
from portal.domain.risk import RiskSettings
from portal.downloads import downloadable
from portal.formtools import page_number
from portal.models import Role
from portal.reports import dashboard as dashboard_report
from portal.reports import quiz_quality, tables
from portal.reports.lessons import lesson_report
from portal.reports.participant import participant_detail
from portal.services import access, certificates
from portal.timeutil import utcnow
from portal.web import asks_first, role_required

bp = Blueprint("analytics", __name__, url_prefix="/analytics")
staff_only = role_required(Role.TRAINER, Role.ADMIN)
admin_only = role_required(Role.ADMIN)


def risk_settings() -> RiskSettings:
    config = current_app.config
    return RiskSettings(
        inactive_days=int(config["ANALYTICS_INACTIVE_DAYS"]),
        failed_attempts=int(config["ANALYTICS_FAILED_ATTEMPTS"]),
        behind_days=int(config["ANALYTICS_BEHIND_DAYS"]),
    )


def _taught_cohort(cohort_id: int):
    """The cohort, if the signed-in staff member sees its reports (else 404)."""
    return access.visible_cohort(current_user, cohort_id, Duty.TEACHER)


@bp.route("/")
@staff_only
def index():
    return render_template(
        "analytics/index.html",
        cohorts=access.visible_cohorts(current_user, Duty.TEACHER),
    )


def _dashboard(cohort_id: int):
    cohort = _taught_cohort(cohort_id)
    filters = dashboard_filters(request.args)
    now = utcnow()
    return dashboard_report.cohort_dashboard(
        cohort, now.date(), risk_settings(), filters, now
    ), filters


@bp.route("/cohorts/<int:cohort_id>")
@staff_only
def dashboard(cohort_id: int):
    board, filters = _dashboard(cohort_id)
    stem = f"cohort-{cohort_id}-progress"  # a download has every matching row
    if download := downloadable(stem, lambda: tables.dashboard_table(board)):
        return download
    size = int(current_app.config["ANALYTICS_PAGE_SIZE"])
    rows, page, pages = page_of(board.rows, size, page_number(request.args))
    return render_template(
        "analytics/dashboard.html",
        board=board,
        filters=filters,
        rows=rows,
        page=page,
        pages=pages,
        settings=risk_settings(),
    )


@bp.route("/cohorts/<int:cohort_id>/lessons")
@staff_only
def lessons(cohort_id: int):
    cohort = _taught_cohort(cohort_id)
    size, rows = lesson_report(cohort.id)
    stem = f"cohort-{cohort_id}-lessons"
    if download := downloadable(stem, lambda: tables.lesson_table(rows)):
        return download
    return render_template(
        "analytics/lessons.html", cohort=cohort, size=size, rows=rows
    )


@bp.route("/participants/<int:user_id>")
@staff_only
def participant(user_id: int):
    detail = participant_detail(current_user, user_id, utcnow().date())
    return render_template("analytics/participant.html", detail=detail)


@bp.route("/cohorts/<int:cohort_id>/quizzes")
@staff_only
def quizzes(cohort_id: int):
    cohort = _taught_cohort(cohort_id)
    rows = quiz_quality.quiz_overview(cohort.id)
    stem = f"cohort-{cohort_id}-quizzes"
    if download := downloadable(stem, lambda: tables.quiz_overview_table(rows)):
        return download
    return render_template("analytics/quizzes.html", cohort=cohort, rows=rows)


@bp.route("/cohorts/<int:cohort_id>/quizzes/<slug>")
@staff_only
def quiz(cohort_id: int, slug: str):
    cohort = _taught_cohort(cohort_id)
    first_only = request.args.get("attempts") == "first"
    report = quiz_quality.quiz_report(cohort.id, slug, first_only)
    stem = f"cohort-{cohort_id}-{slug}-items"
    if download := downloadable(stem, lambda: tables.item_table(report)):
        return download
    return render_template("analytics/quiz.html", cohort=cohort, report=report)


@bp.route("/certificates")
@admin_only
def certificate_list():
    q = request.args.get("q", "")[:100]
    state = request.args.get("state", "")
    revoked = {"revoked": True, "valid": False}.get(state)
    found = certificates.issued_certificates(q, revoked)
    if download := downloadable(
        "certificates", lambda: tables.certificate_table(found)
    ):
        return download
    return render_template(
        "analytics/certificates.html", certificates=found, q=q, state=state
    )


def _certificate_page(certificate, revoke_form=None, reissue_form=None):
    return render_template(
        "analytics/certificate.html",
        certificate=certificate,
        revoke_form=revoke_form or RevokeForm(),
        reissue_form=reissue_form or ReissueForm(full_name=certificate.full_name),
    )


@bp.route("/certificates/<int:certificate_id>")
@admin_only
def certificate(certificate_id: int):
    return _certificate_page(certificates.get_certificate(certificate_id))


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["POST"])
@admin_only
@asks_first(
    _l("Revoke this certificate?"),
    _l(
        "Revoking cannot be undone: the verification page will say the certificate "
        "is revoked. Only a re-issue with a new code gives the person a valid one."
    ),
    _l("Yes, revoke the certificate"),
    lambda certificate_id: url_for(".certificate", certificate_id=certificate_id),
    when=lambda: bool(request.form.get("reason", "").strip()),  # else: the error
)
def revoke(certificate_id: int):
    found = certificates.get_certificate(certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        certificates.revoke_certificate(
            found.id, form.reason.data, current_user, utcnow()
        )
        flash(_("The certificate has been revoked."), "info")
        return redirect(url_for(".certificate", certificate_id=found.id))
    return _certificate_page(found, revoke_form=form), 422


@bp.route("/certificates/<int:certificate_id>/reissue", methods=["POST"])
@admin_only
def reissue(certificate_id: int):
    found = certificates.get_certificate(certificate_id)
    form = ReissueForm()
    if form.validate_on_submit():
        certificates.reissue_certificate(
            found.id, form.full_name.data, current_user, utcnow()
        )
        flash(_("The certificate has been re-issued with a new code."), "info")
        return redirect(url_for(".certificate", certificate_id=found.id))
    return _certificate_page(found, reissue_form=form), 422


@bp.context_processor
def chart_helpers():
    from portal import charts

    return {"charts": charts}
