"""The speakers list for staff: adding, correcting, deactivating speakers."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.programme.blueprint import bp
from portal.programme.forms import SpeakerForm, saved
from portal.programme.session_views import staff_only
from portal.services import speakers as service
from portal.timeutil import utcnow


@bp.route("/speakers")
@staff_only
def speakers():
    return render_template(
        "programme/speakers.html", speakers=service.speakers(current_user)
    )


@bp.route("/speakers/new", methods=["GET", "POST"])
@staff_only
def new_speaker():
    form = SpeakerForm()
    if saved(form, lambda data: service.add_speaker(data, current_user, utcnow())):
        flash(_("The speaker is added to the list."), "info")
        return redirect(url_for("programme.speakers"))
    return render_template("programme/speaker_form.html", form=form, speaker=None)


@bp.route("/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_speaker(speaker_id: int):
    speaker = service.get_speaker(speaker_id, current_user)
    form = SpeakerForm(obj=speaker)

    def save(data):
        return service.update_speaker(speaker_id, data, current_user, utcnow())

    if saved(form, save):
        flash(_("The speaker is saved."), "info")
        return redirect(url_for("programme.speakers"))
    return render_template("programme/speaker_form.html", form=form, speaker=speaker)


@bp.route("/speakers/<int:speaker_id>/active", methods=["POST"])
@staff_only
def speaker_active(speaker_id: int):
    active = request.form.get("active") == "1"
    service.set_speaker_active(speaker_id, active, current_user, utcnow())
    if active:
        flash(_("The speaker is offered for sessions again."), "info")
    else:
        flash(_("The speaker is no longer offered for new sessions."), "info")
    return redirect(url_for("programme.speakers"))
