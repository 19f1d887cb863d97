"""Signing in and out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required

from portal.account.forms import ForgotPasswordForm
from portal.auth import throttle
from portal.auth.forms import LoginForm
from portal.auth.sessions import sign_in, sign_out
from portal.emails import write_email
from portal.extensions import limiter
from portal.mfa.signin import ask_for_code, needs_code
from portal.models import Role, User
from portal.people.views import password_link
from portal.services import accounts, sign_in_log
from portal.timeutil import utcnow
from portal.web import safe_next

bp = Blueprint("auth", __name__)
bp.app_errorhandler(RateLimitExceeded)(throttle.too_many_requests)


def _home(user) -> str:
    """Applicants land on their applications; everyone else on the course."""
    return url_for("admissions.mine" if user.role == Role.APPLICANT else "learn.course")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = throttle.authenticate(form.email.data, form.password.data)
        except throttle.TooManyAttempts as locked:
            form.form_errors.append(locked.message)
            wait = {"Retry-After": str(locked.retry_after)}
            return render_template("auth/login.html", form=form), 429, wait
        if user is not None:
            if needs_code(user):
                return ask_for_code(user, form.remember.data)
            return finish_sign_in(user, form.remember.data)
        form.form_errors.append(_("The email or password is not right."))
    return render_template("auth/login.html", form=form)


def finish_sign_in(user: User, remember: bool):
    """The password (and any further step) is right: start a fresh session for
    ``user`` and go where they were heading."""
    sign_in(user, remember)
    sign_in_log.signed_in(user.id, user.email, utcnow())
    return redirect(safe_next(request.args.get("next")) or url_for("learn.course"))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sign_out()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(throttle.mail_limit, methods=["POST"])
@limiter.limit(throttle.mail_per_email, key_func=throttle.typed_email, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(
            form.email.data, password_link(), utcnow(), letters=write_email
        )
        # The same page whether or not the address has an account.
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)
