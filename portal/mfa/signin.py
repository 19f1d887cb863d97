"""The half-way state of a sign-in whose password was right and whose code is
awaited: kept in the session for a few minutes, with "keep me signed in"."""

from __future__ import annotations

import hashlib
import time

from flask import current_app, redirect, request, session, url_for

from portal.domain.mfa import pending_fresh
from portal.models import User
from portal.services import mfa

PENDING = "mfa_pending"


def _account_state(user: User) -> str:
    """Changes when the password does: a half-finished sign-in started before a
    password change cannot be finished after it. (A digest, so the session cookie
    carries nothing of the stored hash.)"""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def needs_code(user: User) -> bool:
    """Whether this sign-in goes on to the code step."""
    return mfa.enabled(user.id)


def ask_for_code(user: User, remember: bool):
    """Remember who is half-way signed in and send them to the code step; "next"
    travels along in the address, as it came to the sign-in page."""
    session[PENDING] = {
        "user": user.id,
        "version": _account_state(user),
        "remember": bool(remember),
        "at": time.time(),
    }
    return redirect(url_for("mfa.verify", next=request.args.get("next")))


def pending_user() -> tuple[User, bool] | None:
    """The account half-way signed in and its "keep me signed in" choice, or
    ``None`` when there is none, it is too old, or the account changed since."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    max_age = current_app.config["MFA_PENDING_SECONDS"]
    if not pending_fresh(float(pending.get("at", 0)), time.time(), max_age):
        session.pop(PENDING, None)
        return None
    user = mfa.account(int(pending.get("user", 0)))
    if (
        user is None
        or not user.active
        or _account_state(user) != pending.get("version")
    ):
        session.pop(PENDING, None)
        return None
    return user, bool(pending.get("remember"))


def pending_key() -> str:
    """The rate limit's key for the code step: the account being signed in to."""
    pending = session.get(PENDING)
    user = pending.get("user") if isinstance(pending, dict) else None
    return f"mfa-account:{user}"


def clear_pending() -> None:
    session.pop(PENDING, None)
