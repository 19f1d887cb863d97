"""The "Your account" page: a new password, email address or certificate name, the
time zone times are shown in, and the list of signed-in sessions, each of which can
be signed out."""

from __future__ import annotations

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
from flask_login import current_user, login_required

from portal.account.devices import describe_device
from portal.account.forms import (
    EmailChangeForm,
    EmptyForm,
    EraseAccountForm,
    NameChangeForm,
    PasswordChangeForm,
    TimeZoneForm,
)
from portal.admissions.views import verify_link
from portal.auth import throttle
from portal.auth.sessions import current_key, limits, sign_out
from portal.emails import write_email
from portal.extensions import limiter
from portal.formtools import apply_errors
from portal.links import token_link
from portal.services import accounts, erasure, name_changes, sessions
from portal.services.errors import FormInvalid
from portal.services.users import resend_verification
from portal.timeutil import utcnow
from portal.web import asks_first, safe_back

bp = Blueprint("account", __name__)

#: Forms that ask for the current password: refused ones count per account, so a
#: stolen session cannot try the password at leisure.
guesses_limited = limiter.limit(
    throttle.reauth_limit,
    key_func=throttle.signed_in_account,
    deduct_when=throttle.refused_form,
    methods=["POST"],
)


def _page(status: int = 200, **forms):
    """The account page, with the forms not given fresh."""
    forms.setdefault("password_form", PasswordChangeForm(formdata=None))
    forms.setdefault("email_form", EmailChangeForm(formdata=None))
    forms.setdefault("name_form", NameChangeForm(formdata=None))
    pending = name_changes.pending_name_change(current_user.id)
    return render_template(
        "account/index.html",
        pending=pending,
        plain=EmptyForm(),
        sessions=_session_rows(),
        **forms,
    ), status


def _session_rows() -> list[dict]:
    """The active sessions as the page shows them, the current one marked."""
    key = current_key()
    return [
        {
            "record": record,
            "device": describe_device(record.user_agent),
            "current": sessions.is_current(record, key),
        }
        for record in sessions.active_sessions(current_user.id, utcnow(), limits())
    ]


@bp.route("/account")
@login_required
def index():
    return _page()


@bp.route("/account/password", methods=["POST"])
@login_required
@guesses_limited
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user.id,
                form.current.data,
                form.password.data,
                utcnow(),
                current_key(),
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Your password is changed. Other sessions are signed out."), "info")
            return redirect(url_for("account.index"))
    return _page(422, password_form=form)


@bp.route("/account/email", methods=["POST"])
@login_required
@guesses_limited
@limiter.limit(throttle.mail_limit)
@limiter.limit(throttle.mail_per_email, key_func=throttle.signed_in_account)
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            email = accounts.request_email_change(
                current_user.id,
                form.current.data,
                form.new_email.data,
                token_link("account.confirm_email", "EMAIL_TOKEN_MAX_AGE"),
                utcnow(),
                letters=write_email,
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(
                _("We have sent a link to %(e)s: open it to make the change.", e=email),
                "info",
            )
            return redirect(url_for("account.index"))
    return _page(422, email_form=form)


@bp.route("/account/email/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """Opening the link only asks (a mail scanner's GET uses nothing up); the
    button's POST makes the change."""
    email = accounts.new_address_for_link(token, utcnow())
    if request.method == "GET":
        return render_template(
            "account/use_link.html",
            title=_("Change your email address"),
            lead=_("Your account's email address will become %(e)s.", e=email),
            button=_("Change my address"),
        )
    accounts.confirm_email_change(
        token, utcnow(), letters=write_email, keep=current_key()
    )
    flash(_("Your email address is changed. Sign in with the new one."), "info")
    return redirect(url_for("account.index"))


@bp.route("/account/name", methods=["POST"])
@login_required
def request_name():
    form = NameChangeForm()
    if form.validate_on_submit():
        try:
            name_changes.request_name_change(
                current_user.id, form.full_name.data, utcnow()
            )
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Your request is sent. An administrator will review it."), "info")
            return redirect(url_for("account.index"))
    return _page(422, name_form=form)


@bp.route("/account/time-zone", methods=["GET", "POST"])
@login_required
def time_zone():
    form = TimeZoneForm.for_reader(current_user.time_zone, utcnow())
    if form.validate_on_submit():
        try:
            accounts.set_time_zone(current_user.id, form.time_zone.data, utcnow())
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            flash(_("Times are now shown in %(z)s.", z=form.time_zone.data), "info")
            return redirect(url_for("account.index"))
    return render_template("account/time_zone.html", form=form), (
        422 if form.errors else 200
    )


@bp.route("/account/sessions", methods=["POST"])
@login_required
def sign_out_others():
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("account.index"))
    if request.form.get("everywhere") == "yes":
        sessions.sign_out_elsewhere(current_user.id, None, utcnow())
        sign_out()
        flash(_("You have signed out everywhere."), "info")
        return redirect(url_for("public.home"))
    sessions.sign_out_elsewhere(current_user.id, current_key(), utcnow())
    flash(_("Every other session is signed out."), "info")
    return redirect(url_for("account.index"))


@bp.route("/account/sessions/<int:record_id>/end", methods=["POST"])
@login_required
def end_session(record_id: int):
    if EmptyForm().validate_on_submit():
        sessions.end_listed_session(current_user.id, record_id, utcnow())
        flash(_("That session is signed out."), "info")
    return redirect(url_for("account.index"))


@bp.route("/account/confirmation", methods=["POST"])
@login_required
@limiter.limit(throttle.mail_limit)
@limiter.limit(throttle.mail_per_email, key_func=throttle.signed_in_account)
def resend_confirmation():
    sent = resend_verification(
        current_user.id, verify_link(), utcnow(), letters=write_email
    )
    if sent:
        flash(_("We have sent the link again to %(e)s.", e=current_user.email), "info")
    else:
        flash(_("Your email address is confirmed already."), "info")
    return redirect(safe_back(url_for("account.index")))


@bp.route("/account/erase", methods=["POST"])
@login_required
@guesses_limited
@asks_first(
    _l("Erase your account?"),
    _l(
        "Erasing cannot be undone: your name, email address, applications, CVs, "
        "progress, quiz answers and letters go, and nobody can sign in to this "
        "account again. A certificate's code then verifies only as erased."
    ),
    _l("Yes, erase my account"),
    lambda: url_for("account.index"),
)
def erase():
    """Confirmed first (asks_first), then the password again, then erased."""
    form = EraseAccountForm()
    if form.current.name in request.form and form.validate_on_submit():
        try:
            erasure.erase_own_account(current_user.id, form.current.data, utcnow())
        except FormInvalid as error:
            apply_errors(form, error)
        else:
            sign_out()
            flash(_("Your account and your personal data have been erased."), "info")
            return redirect(url_for("public.home"))
    return render_template("account/erase.html", form=form), (
        422 if form.errors else 200
    )
