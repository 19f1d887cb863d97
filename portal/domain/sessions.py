"""How long a signed-in session lasts: its id, its idle and absolute limits, and
when its last-seen time is worth writing down."""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

#: "Keep me signed in" never lasts longer than this, whatever the configuration.
REMEMBER_CAP = timedelta(days=30)
#: Last-seen times are written at most this often per session.
TOUCH_EVERY = timedelta(minutes=1)

_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "-_")


@dataclass(frozen=True)
class SessionLimits:
    """The configured limits (see ``SESSION_*`` and ``REMEMBER_COOKIE_DURATION``)."""

    idle_staff: timedelta
    idle: timedelta
    idle_remembered: timedelta
    lifetime: timedelta
    remember: timedelta


def lifetime(limits: SessionLimits, remember: bool) -> timedelta:
    """How long after signing in a session ends, however active it is.

    :param remember: the person ticked "keep me signed in".
    """
    return min(limits.remember, REMEMBER_CAP) if remember else limits.lifetime


def idle_limit(limits: SessionLimits, staff: bool, remember: bool) -> timedelta:
    """How long a session may go unused before it ends: a kept session is judged
    by days, a staff session more strictly than a participant's."""
    if remember:
        return limits.idle_remembered
    return limits.idle_staff if staff else limits.idle


def session_problem(
    now: datetime,
    last_seen: datetime,
    expires: datetime,
    ended: datetime | None,
    idle: timedelta,
) -> str | None:
    """Why a session no longer signs anyone in, or None while it does:
    ``ended`` (signed out or revoked), ``expired`` (past its absolute lifetime) or
    ``idle`` (unused for longer than ``idle``)."""
    if ended is not None:
        return "ended"
    if now >= expires:
        return "expired"
    if now - last_seen >= idle:
        return "idle"
    return None


def needs_touch(last_seen: datetime, now: datetime) -> bool:
    """Whether this request should write the session's last-seen time."""
    return now - last_seen >= TOUCH_EVERY


def key_hash(key: str) -> str:
    """What the database keeps of a session key: a copy of the table signs no one
    in. The key is random, so a plain SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


def session_id(user_id: int, key: str) -> str:
    """The id Flask-Login keeps in the session and the remember cookie."""
    return f"{user_id}.{key}"


def parse_session_id(raw: str) -> tuple[int, str] | None:
    """(user id, session key) from :func:`session_id`, or None when malformed
    (an id from before session records, ``"12:3"``, reads as malformed)."""
    user, _, key = raw.partition(".")
    if not user.isdigit() or not key or not set(key) <= _KEY_CHARS:
        return None
    return int(user), key
