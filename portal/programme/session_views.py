"""The session pages: one session as its readers see it, and the staff forms that
add, change, reschedule and cancel sessions."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.domain.access import Duty, Role
from portal.models import ProgrammeSession
from portal.programme.blueprint import bp
from portal.programme.forms import CancelForm, SessionForm, saved
from portal.services import access
from portal.services import programme as service
from portal.services.outline import course_snapshot
from portal.services.speakers import speaker_choices
from portal.timeutil import utcnow
from portal.web import role_required

staff_only = role_required(Role.TRAINER, Role.ADMIN)


def _session_form(session: ProgrammeSession | None = None) -> SessionForm:
    """The form with its choices; a session's own speakers come first, in their
    order, so the order the form sends back keeps it."""
    form = SessionForm()
    chosen = [s.speaker_id for s in session.speakers] if session else []
    offered = sorted(
        speaker_choices(chosen),
        key=lambda s: chosen.index(s.id) if s.id in chosen else len(chosen),
    )
    form.offer(offered, [(m.slug, m.title) for m in course_snapshot().modules])
    return form


def _form_page(form: SessionForm, cohort=None, session=None) -> str:
    return render_template(
        "programme/session_form.html", form=form, cohort=cohort, session=session
    )


def _page(session_id: int):
    return redirect(url_for("programme.session", session_id=session_id))


@bp.route("/cohorts/<int:cohort_id>/sessions/new", methods=["GET", "POST"])
@staff_only
def new_session(cohort_id: int):
    cohort = access.visible_cohort(current_user, cohort_id, Duty.TEACHER)
    form = _session_form()
    session = saved(
        form,
        lambda values: service.create_session(
            cohort_id, values, current_user, utcnow()
        ),
    )
    if session:
        flash(_("The session is added to the programme."), "info")
        return _page(session.id)
    return _form_page(form, cohort=cohort)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_session(session_id: int):
    session = service.managed_session(session_id, current_user)
    form = _session_form(session)
    if not form.is_submitted():
        form.show(service.values_of(session))

    def save(values):
        return service.update_session(session_id, values, current_user, utcnow())

    changed = saved(form, save)
    if changed is not None:
        flash(_("The session is saved.") if changed else _("Nothing changed."), "info")
        return _page(session_id)
    return _form_page(form, session=session)


@bp.route("/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@staff_only
def cancel_session(session_id: int):
    session = service.managed_session(session_id, current_user)
    form = CancelForm()
    if form.validate_on_submit():
        service.cancel_session(session_id, form.reason.data, current_user, utcnow())
        flash(_("The session is cancelled and the cohort is told."), "info")
        return _page(session_id)
    return render_template("programme/cancel.html", form=form, session=session)


@bp.route("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    page = service.session_page(session_id, current_user)
    return render_template(
        "programme/session.html",
        session=page.session,
        manage=page.manage,
        modules=page.modules,
    )
