"""The web side of signed-in sessions: starting one at sign-in, loading it on each
request, rotating the remember cookie, and signing out."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, g, request, session
from flask_login import current_user, login_user, logout_user, user_loaded_from_cookie

from portal import timeutil
from portal.domain.sessions import SessionLimits, lifetime
from portal.models import User
from portal.services import sessions
from portal.services.errors import NotFound

#: Session keys that outlive signing in and out: the language picked in the footer.
KEPT = ("lang",)


def limits() -> SessionLimits:
    config = current_app.config
    remember = config["REMEMBER_COOKIE_DURATION"]
    return SessionLimits(
        idle_staff=timedelta(minutes=config["SESSION_IDLE_MINUTES_STAFF"]),
        idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        idle_remembered=timedelta(days=config["SESSION_REMEMBER_IDLE_DAYS"]),
        lifetime=timedelta(hours=config["SESSION_LIFETIME_HOURS"]),
        remember=remember
        if isinstance(remember, timedelta)
        else timedelta(seconds=remember),
    )


def _fresh_session() -> None:
    """Drop everything the session held before (session fixation), the CSRF token
    included, so that a new one is made; keep only the chosen language."""
    kept = {key: session[key] for key in KEPT if key in session}
    session.clear()
    session.update(kept)
    g.pop("csrf_token", None)  # Flask-WTF's copy for this request


def sign_in(user: User, remember: bool) -> None:
    """Start a session record for ``user`` and sign this browser in with it."""
    _fresh_session()
    user.session_key = sessions.start_session(
        user.id,
        remember=remember,
        user_agent=request.headers.get("User-Agent", ""),
        address=request.remote_addr or "",
        now=timeutil.utcnow(),
        limits=limits(),
    )
    login_user(user, remember=remember, duration=lifetime(limits(), True))


def current_key() -> str | None:
    """The key of the session this request is signed in with, if any."""
    return getattr(current_user, "session_key", None)


def sign_out() -> None:
    """End this session's record (a copy of its cookies stops working too)."""
    key = current_key()
    if key is not None:
        sessions.end_session(key, timeutil.utcnow())
    _fresh_session()
    logout_user()  # after the clear: it asks for the remember cookie to go


def load_user(session_id: str) -> User | None:
    return sessions.load_session(session_id, timeutil.utcnow(), limits())


def _rotate(app: Flask, user: User) -> None:
    """A remember cookie signed this browser in again: it is exchanged for a new
    one, and the old cookie (or a copy of it) stops working."""
    now = timeutil.utcnow()
    try:
        user.session_key, expires = sessions.rotate_session(user.session_key, now)
    except NotFound:  # a request in parallel rotated it first
        return
    session["_user_id"] = user.get_id()
    session["_remember"] = "set"
    session["_remember_seconds"] = (expires - now).total_seconds()


def init_app(app: Flask) -> None:
    user_loaded_from_cookie.connect(_rotate, app)
