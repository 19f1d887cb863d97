"""Throttling what can be guessed or abused: failed sign-ins per account and per
client address, and the forms that create accounts or send mail to a typed address.

The counters live in Flask-Limiter's storage (``RATELIMIT_STORAGE_URI``), so every
worker and host sees the same ones when it is Redis.
"""

from __future__ import annotations

import math
import time

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from limits import RateLimitItem, parse

from portal.extensions import limiter
from portal.models import User
from portal.services import sign_in_log, users
from portal.services.users import normalise_email
from portal.timeutil import utcnow
from portal.web import error_page


class TooManyAttempts(Exception):
    """Sign-in is locked for a while; ``message`` says for how long."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after
        self.message = try_again(retry_after)


def try_again(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many attempts. Wait %(num)d minute, then try again.",
        "Too many attempts. Wait %(num)d minutes, then try again.",
        minutes,
    )


def _sign_in_limits(email: str) -> list[tuple[str, RateLimitItem, str]]:
    """(what is counted, its limit, whose count) for a sign-in as ``email``."""
    config = current_app.config
    return [
        ("account", parse(config["SIGNIN_ACCOUNT_LIMIT"]), normalise_email(email)),
        ("address", parse(config["SIGNIN_ADDRESS_LIMIT"]), request.remote_addr or ""),
    ]


def _enabled() -> bool:
    return current_app.config.get("RATELIMIT_ENABLED", True)


def check_sign_in(email: str) -> None:
    """:raise TooManyAttempts: too many failed sign-ins lately for the account
    or from this address; the right password is not even checked then."""
    if not _enabled():
        return
    strategy = limiter.limiter
    waits = [
        strategy.get_window_stats(limit, "signin", kind, who).reset_time
        for kind, limit, who in _sign_in_limits(email)
        if not strategy.test(limit, "signin", kind, who)
    ]
    if waits:
        raise TooManyAttempts(max(1, math.ceil(max(waits) - time.time())))


def authenticate(email: str, password: str) -> User | None:
    """:func:`portal.services.users.authenticate`, throttled and logged: failures
    count towards a lockout, and a locked sign-in is refused before the password
    is looked at.

    :raise TooManyAttempts: locked now, or by this very failure.
    """
    check_sign_in(email)
    user = users.authenticate(email, password)
    if user is not None:
        forget_failures(email)
        return user
    locked = count_failure(email)
    sign_in_log.failed(email, utcnow(), locked)
    if locked:
        check_sign_in(email)
    return None


def count_failure(email: str) -> list[str]:
    """Count a failed sign-in against the account and the address.

    :return: what this failure locked (``account``, ``address``), if anything.
    """
    if not _enabled():
        return []
    strategy = limiter.limiter
    locked = []
    for kind, limit, who in _sign_in_limits(email):
        strategy.hit(limit, "signin", kind, who)
        if not strategy.test(limit, "signin", kind, who):
            locked.append(kind)
    return locked


def forget_failures(email: str) -> None:
    """The account's owner got in: earlier typos no longer count against it (the
    address keeps its count, so one account cannot unlock guessing at others)."""
    if _enabled():
        kind, limit, who = _sign_in_limits(email)[0]
        limiter.limiter.clear(limit, "signin", kind, who)


def typed_email() -> str:
    """Key for limits per address typed into a form (registration, reset)."""
    return "email:" + normalise_email(request.form.get("email", ""))


def signed_in_account() -> str:
    """Key for limits per signed-in account (confirmation again, new address)."""
    return f"account:{current_user.id}"  # get_id() names the session, not the account


def reauth_limit() -> str:
    """Guesses of the current password on a signed-in account's own forms (a new
    password or address, erasure), per account: a stolen session cannot try the
    password at leisure."""
    return current_app.config["REAUTH_ACCOUNT_LIMIT"]


def refused_form(response) -> bool:
    """Only refused forms (422) count towards :func:`reauth_limit`."""
    return response.status_code == 422


def mail_limit() -> str:
    """Per client address, for every form that sends mail to a typed address."""
    return current_app.config["ACCOUNT_MAIL_RATE_LIMIT"]


def mail_per_email() -> str:
    return current_app.config["MAIL_PER_EMAIL_RATE_LIMIT"]


def too_many_requests(error: RateLimitExceeded):
    """A limited form's 429 page, saying when to try again (or what the limit
    itself says, where it was given a message of its own)."""
    found = limiter.current_limit
    wait = found.reset_at - time.time() if found is not None else 60
    message = error.description if error.limit.error_message else try_again(int(wait))
    body, status = error_page(429, message, _("Too many attempts"))
    return body, status, {"Retry-After": str(max(1, math.ceil(wait)))}
