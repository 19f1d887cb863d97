"""What every page shares: error pages, security headers, role checks, helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import (
    Flask,
    current_app,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from portal import labels, refusals
from portal.domain.course import term_anchor
from portal.services import audit
from portal.services.errors import Locked, PortalError
from portal.timeutil import utcnow

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Browser features no page of the portal uses, switched off for every page.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "serial=(), bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=()"
)


def role_required(*roles: str):
    """Allow a view only to signed-in users holding one of ``roles``; others get 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                return error_page(403, _("This page is for staff only."))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def study_required(view):
    """Course pages are for participants and staff; applicants are sent to their
    applications until they are admitted."""

    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_applicant:
            return redirect(url_for("admissions.mine"))
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: object) -> str | None:
    """The one rule for a redirect target that came from the client (``next``, a
    form's ``back``, the language switch): a path on this site, or ``None``.

    Refused: absolute and scheme-relative URLs, backslashes (browsers read them as
    slashes), and control characters, raw or percent-encoded (browsers drop a tab or
    newline, so ``/\\t/evil.example`` would become ``//evil.example``).
    """
    if not isinstance(target, str) or not 0 < len(target) <= 2048:
        return None
    for form in (target, unquote(target)):
        if (
            not form.startswith("/")
            or form.startswith("//")
            or "\\" in form
            or any(ord(c) < 32 or ord(c) == 127 for c in form)
        ):
            return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def safe_back(default: str) -> str:
    """Where a form's hidden ``back`` field points, if :func:`safe_next` allows it;
    otherwise ``default``."""
    return safe_next(request.form.get("back")) or default


#: The field a confirmation page adds to the form it posts again.
CONFIRMED = "confirmed"


def asks_first(
    title: str,
    consequence: str,
    button: str,
    cancel: Callable[..., str],
    when: Callable[[], bool] | None = None,
):
    """An irreversible action asks first, and the server enforces it: a POST without
    ``confirmed=yes`` (a bare POST, or a script that skips the page) changes nothing
    and gets a page saying what cannot be undone, whose button posts the same form
    again, confirmed.

    :param cancel: the way back, built from the view's arguments.
    :param when: ask only when this says the post is the irreversible kind (for
        example the final "submit", not "save draft").
    """

    def decorate(view):
        @wraps(view)
        def wrapped(**kwargs):
            if (
                request.method != "POST"
                or request.form.get(CONFIRMED) == "yes"
                or (when is not None and not when())
            ):
                return view(**kwargs)
            fields = [
                (name, value)
                for name, value in request.form.items(multi=True)
                if name not in ("csrf_token", CONFIRMED)
            ]
            return render_template(
                "confirm.html",
                title=title,
                consequence=consequence,
                button=button,
                action=request.path,
                fields=fields,
                cancel=cancel(**kwargs),
            )

        return wrapped

    return decorate


def grace() -> timedelta:
    return timedelta(seconds=current_app.config["QUIZ_GRACE_SECONDS"])


def error_page(
    status: int, message: str = "", title: str | None = None, **context: object
):
    titles = {
        400: _("The request could not be understood"),
        403: _("Not available"),
        404: _("Page not found"),
        409: _("Already done"),
        405: _("Not allowed"),
        413: _("File too large"),
        500: _("Something went wrong"),
    }
    return render_template(
        "error.html",
        status=status,
        title=title or titles.get(status, _("Error")),
        message=message,
        **context,
    ), status


def init_app(app: Flask) -> None:
    from portal.log_redaction import RedactingFilter

    app.logger.addFilter(RedactingFilter())  # no one-use link in the app's log

    @app.errorhandler(PortalError)
    def portal_error(error: PortalError):
        return error_page(error.status, error.message)

    @app.errorhandler(Locked)
    def locked(error: Locked):
        return error_page(
            403,
            error.message,
            _("Not open yet"),
            missing=[
                (title, url_for("learn.module", slug=slug))
                for slug, title in error.missing
            ],
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_page(
            400,
            _(
                "The form had expired or was sent from elsewhere. "
                "Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # Not one of TRUSTED_HOSTS: no URL can be built for it, so no page either.
        return (
            _("This site does not answer to that host name."),
            400,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_page(
            error.code or 500, error.description if error.code not in (404, 405) else ""
        )

    @app.before_request
    def remember_origin():
        # Behind a configured proxy, ProxyFix has already put the client here.
        audit.request_origin.set(request.remote_addr or "")

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # No other site's window keeps a handle on ours, nor loads our files.
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Pages made for a signed-in user must not be kept by shared caches. Reading
        # g, not current_user, keeps this from loading the user on every request.
        user = g.get("_login_user")
        if user is not None and user.is_authenticated:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    app.add_template_filter(term_anchor, "term_anchor")
    refusals.init_app(app)

    @app.after_request
    def send_queued_mail(response):
        # Mail is queued in the same transaction as the change it reports; a request
        # that queued some hands it to SMTP (or the log) once it has succeeded.
        from portal.extensions import db

        if db.session.info.pop("mail_queued", False) and response.status_code < 400:
            from portal.services.outbox import deliver_pending

            deliver_pending(current_app.config, utcnow())
        return response

    @app.context_processor
    def globals_for_templates():
        return {
            "programme_name": current_app.config["PROGRAMME_NAME"],
            "issuer_name": current_app.config["ISSUER_NAME"],
            "labels": labels,
            "now": utcnow,
            "request_path": request.path if has_request_context() else "",
            "languages": current_app.config["LANGUAGE_NAMES"],
            "get_locale": get_locale,
        }
