"""Signing in and out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.account.forms import ForgotPasswordForm
from portal.account.views import mail_limit
from portal.auth.forms import LoginForm
from portal.auth.sessions import sign_in, sign_out
from portal.emails import write_email
from portal.extensions import limiter
from portal.models import Role
from portal.people.views import password_link
from portal.services import accounts
from portal.services.users import authenticate
from portal.web import safe_next

bp = Blueprint("auth", __name__)


def _home(user) -> str:
    """Applicants land on their applications; everyone else on the course."""
    return url_for("admissions.mine" if user.role == Role.APPLICANT else "learn.course")


def finish_sign_in(user, remember: bool):
    """The password (and any further step) is right: start a fresh session for
    ``user`` and go where they were heading."""
    sign_in(user, remember)
    return redirect(safe_next(request.args.get("next")) or url_for("learn.course"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            return finish_sign_in(user, form.remember.data)
        form.form_errors.append(_("The email or password is not right."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sign_out()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(mail_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(
            form.email.data, password_link, letters=write_email
        )
        # The same page whether or not the address has an account.
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)
