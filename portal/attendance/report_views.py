"""Attendance reports: a cohort's matrix and one participant's attendance for the
staff who teach it, and a participant's own attendance. Tables download as CSV or
Excel."""

from __future__ import annotations

from functools import partial

from flask import current_app, render_template, request
from flask_login import current_user

from portal.attendance.blueprint import bp
from portal.domain.access import Duty
from portal.domain.paging import page_of
from portal.downloads import downloadable
from portal.formtools import page_number
from portal.models import Role
from portal.reports import attendance, tables
from portal.services import access
from portal.timeutil import utcnow
from portal.web import role_required, study_required

staff_only = role_required(Role.TRAINER, Role.ADMIN)


@bp.route("/cohorts/<int:cohort_id>")
@staff_only
def cohort_report(cohort_id: int):
    cohort = access.visible_cohort(current_user, cohort_id, Duty.TEACHER)
    matrix = attendance.attendance_matrix(cohort, utcnow())
    stem = f"cohort-{cohort_id}-attendance"
    if download := downloadable(stem, lambda: tables.attendance_matrix_table(matrix)):
        return download
    size = int(current_app.config["ANALYTICS_PAGE_SIZE"])
    lines, page, pages = page_of(matrix.lines, size, page_number(request.args))
    return render_template(
        "attendance/cohort_report.html",
        matrix=matrix,
        lines=lines,
        page=page,
        pages=pages,
    )


@bp.route("/cohorts/<int:cohort_id>/participants/<int:user_id>")
@staff_only
def participant_report(cohort_id: int, user_id: int):
    report = attendance.participant_attendance(
        current_user, cohort_id, user_id, utcnow()
    )
    return _participant_page(report, f"cohort-{cohort_id}-attendance-{user_id}")


@bp.route("/mine")
@study_required
def mine():
    report = attendance.own_attendance(current_user, utcnow())
    return _participant_page(report, "my-attendance")


def _participant_page(report: attendance.ParticipantAttendance, stem: str):
    table = partial(tables.participant_attendance_table, report)
    if download := downloadable(stem, table):
        return download
    return render_template("attendance/participant_report.html", report=report)
