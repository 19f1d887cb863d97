"""Two-step sign-in pages: the code step of signing in, set-up and its recovery
codes on "Your account", and an administrator's reset."""

from __future__ import annotations

import segno
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
from flask_login import current_user, login_required

from portal.auth.views import finish_sign_in
from portal.emails import write_email
from portal.extensions import limiter
from portal.formtools import apply_errors
from portal.mfa import signin
from portal.mfa.forms import ConfirmForm, DisableForm, RegenerateForm, VerifyForm
from portal.models import Role
from portal.services import mfa
from portal.services.errors import FormInvalid
from portal.timeutil import utcnow
from portal.web import asks_first, role_required

bp = Blueprint("mfa", __name__)


def _wrong_code(response) -> bool:
    """Only wrong codes count towards the limits, not pages or right codes."""
    return response.status_code == 422


def _too_many() -> str:
    return _("Too many wrong codes. Wait a few minutes, then try again.")


@bp.route("/login/verify", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["MFA_ACCOUNT_RATE_LIMIT"],
    key_func=signin.pending_key,
    methods=["POST"],
    deduct_when=_wrong_code,
    error_message=_too_many,
)
@limiter.limit(
    lambda: current_app.config["MFA_ADDRESS_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=_wrong_code,
    error_message=_too_many,
)
def verify():
    found = signin.pending_user()
    if found is None:
        flash(_("The sign-in took too long or has ended. Sign in again."), "info")
        return redirect(url_for("auth.login", next=request.args.get("next")))
    user, remember = found
    form = VerifyForm()
    if form.validate_on_submit():
        try:
            mfa.verify_sign_in(user.id, form.code.data, utcnow())
        except FormInvalid as error:
            apply_errors(form, error)
            return render_template("mfa/verify.html", form=form), 422
        signin.clear_pending()
        return finish_sign_in(user, remember)
    return render_template("mfa/verify.html", form=form)


def qr_code(uri: str) -> str:
    """The otpauth address as an SVG QR code in a data: URI (the CSP allows those
    for images), drawn here: nothing is fetched from elsewhere."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4)


def _page(status: int = 200, **forms):
    """The set-up page, with the forms not given fresh."""
    forms.setdefault("confirm_form", ConfirmForm(formdata=None))
    forms.setdefault("disable_form", DisableForm(formdata=None))
    forms.setdefault("codes_form", RegenerateForm(formdata=None))
    pending = mfa.pending_setup(current_user, current_app.config["PROGRAMME_NAME"])
    return render_template(
        "mfa/setup.html",
        enabled=mfa.enabled(current_user.id),
        pending=pending,
        qr=qr_code(pending.uri) if pending else None,
        required=mfa.must_use(current_user),
        enforced=current_app.config["MFA_REQUIRED"],
        unused=mfa.unused_codes(current_user.id),
        **forms,
    ), status


@bp.route("/account/mfa")
@login_required
def setup():
    return _page()


@bp.route("/account/mfa/start", methods=["POST"])
@login_required
def start():
    # CSRFProtect has checked the token: a new secret needs nothing else.
    mfa.start_setup(current_user.id, utcnow())
    return redirect(url_for("mfa.setup"))


def _codes(codes: list[str]):
    return render_template("mfa/codes.html", codes=codes)


@bp.route("/account/mfa/confirm", methods=["POST"])
@login_required
def confirm():
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            codes = mfa.confirm_setup(current_user.id, form.code.data, utcnow())
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Two-step sign-in is on."), "info")
            return _codes(codes)
    return _page(422, confirm_form=form)


@bp.route("/account/mfa/codes", methods=["POST"])
@login_required
def regenerate():
    form = RegenerateForm()
    if form.validate_on_submit():
        try:
            codes = mfa.regenerate_codes(
                current_user.id, form.password.data, form.code.data, utcnow()
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            return _codes(codes)
    return _page(422, codes_form=form)


@bp.route("/account/mfa/disable", methods=["POST"])
@login_required
def disable():
    form = DisableForm()
    if form.validate_on_submit():
        try:
            mfa.disable(
                current_user.id,
                form.password.data,
                form.code.data,
                utcnow(),
                required=current_app.config["MFA_REQUIRED"],
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Two-step sign-in is off."), "info")
            return redirect(url_for("mfa.setup"))
    return _page(422, disable_form=form)


@bp.route("/admin/users/<int:user_id>/mfa/reset", methods=["POST"])
@role_required(Role.ADMIN)
@asks_first(
    _l("Reset this person's two-step sign-in?"),
    _l(
        "Their authenticator app and recovery codes stop working at once and they "
        "are signed out everywhere. They sign in with their password alone and, if "
        "their role needs it, set up a new app straight away. We email them to say "
        "so."
    ),
    _l("Yes, reset two-step sign-in"),
    lambda user_id: url_for("people.user", user_id=user_id),
)
def reset(user_id: int):
    found = mfa.reset(user_id, current_user, utcnow(), letters=write_email)
    flash(_("Two-step sign-in of %(e)s is reset.", e=found.email), "info")
    return redirect(url_for("people.user", user_id=user_id))
