"""Signing in and out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.account.forms import ForgotPasswordForm
from portal.account.views import mail_limit
from portal.auth.forms import LoginForm
from portal.emails import write_email
from portal.extensions import limiter
from portal.mfa.signin import ask_for_code, needs_code
from portal.models import Role
from portal.people.views import password_link
from portal.services import accounts
from portal.services.users import authenticate
from portal.timeutil import utcnow
from portal.web import safe_next

bp = Blueprint("auth", __name__)


def _home(user) -> str:
    """Applicants land on their applications; everyone else on the course."""
    return url_for("admissions.mine" if user.role == Role.APPLICANT else "learn.course")


def finish_sign_in(user, remember: bool):
    """Sign ``user`` in (every step of signing in is done) and go where they were
    heading."""
    login_user(user, remember=remember)
    return redirect(safe_next(request.args.get("next")) or url_for("learn.course"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            if needs_code(user):
                return ask_for_code(user, form.remember.data)
            return finish_sign_in(user, form.remember.data)
        form.form_errors.append(_("The email or password is not right."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(mail_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(
            form.email.data, password_link(), utcnow(), letters=write_email
        )
        # The same page whether or not the address has an account.
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)
