"""Cohort announcements: staff post, participants read them on the course home."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.announcements.forms import AnnouncementForm, EditAnnouncementForm
from portal.domain.access import Duty
from portal.emails import write_email
from portal.formtools import apply_errors, page_number
from portal.links import absolute_url
from portal.models import Role
from portal.services import announcements
from portal.services.access import visible_cohorts
from portal.services.errors import FormInvalid
from portal.timeutil import utcnow
from portal.web import asks_first, role_required, safe_back

bp = Blueprint("announcements", __name__, url_prefix="/announcements")
staff_only = role_required(Role.TRAINER, Role.ADMIN)


@bp.app_template_global()
def latest_announcements() -> list:
    """The course home's few newest announcements of the reader's cohort."""
    if not current_user.is_authenticated:
        return []
    return announcements.latest_announcements(current_user)


@bp.route("/")
@login_required
def mine():
    """Everyone reads their own cohort's; staff also find the cohorts they post to."""
    staff = current_user.has_role(Role.TRAINER, Role.ADMIN)
    return render_template(
        "announcements/index.html",
        found=announcements.reader_announcements(
            current_user, page_number(request.args)
        ),
        cohorts=visible_cohorts(current_user, Duty.TEACHER) if staff else [],
    )


def _cohort_page(cohort_id: int, form: AnnouncementForm, status: int = 200):
    cohort, found = announcements.cohort_announcements(
        cohort_id, current_user, page_number(request.args)
    )
    return render_template(
        "announcements/cohort.html", cohort=cohort, found=found, form=form
    ), status


@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
@staff_only
def cohort(cohort_id: int):
    form = AnnouncementForm()
    if form.validate_on_submit():
        try:
            announcements.post_announcement(
                cohort_id,
                form.title.data,
                form.body.data,
                form.email.data,
                current_user,
                utcnow(),
                letters=write_email,
                link=absolute_url("announcements.mine"),
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            sent = _("Announcement posted and sent by email.")
            flash(sent if form.email.data else _("Announcement posted."), "info")
            return redirect(url_for("announcements.cohort", cohort_id=cohort_id))
    return _cohort_page(cohort_id, form, 422 if form.errors else 200)


@bp.route("/<int:announcement_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(announcement_id: int):
    announcement = announcements.announcement_to_edit(announcement_id, current_user)
    form = EditAnnouncementForm(obj=announcement)
    if form.validate_on_submit():
        try:
            announcements.edit_announcement(
                announcement_id,
                form.title.data,
                form.body.data,
                current_user,
                utcnow(),
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Announcement saved."), "info")
            cohort_id = announcement.cohort_id
            return redirect(url_for("announcements.cohort", cohort_id=cohort_id))
    return render_template(
        "announcements/edit.html", announcement=announcement, form=form
    ), (422 if form.errors else 200)


@bp.route("/<int:announcement_id>/delete", methods=["POST"])
@staff_only
@asks_first(
    _l("Delete this announcement?"),
    _l(
        "Deleting cannot be undone: the announcement leaves the course home and "
        "the announcements page. Letters already sent stay in people's mailboxes."
    ),
    _l("Yes, delete it"),
    lambda **_ids: safe_back(url_for("announcements.mine")),
)
def delete(announcement_id: int):
    cohort_id = announcements.delete_announcement(
        announcement_id, current_user, utcnow()
    )
    flash(_("Announcement deleted."), "info")
    return redirect(url_for("announcements.cohort", cohort_id=cohort_id))
