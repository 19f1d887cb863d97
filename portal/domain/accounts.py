"""What a signed-in session remembers about its account, so that changing the
password or "sign out everywhere else" can end every other session at once."""

from __future__ import annotations


def session_id(user_id: int, version: int) -> str:
    """The id Flask-Login keeps in the session and the remember cookie.

    It carries the account's session version: bumping the version makes every id
    handed out before it stale.
    """
    return f"{user_id}:{version}"


def parse_session_id(raw: str) -> tuple[int, int] | None:
    """(user id, session version) from :func:`session_id`, or None when malformed.

    A bare number (a session from before versions existed) reads as version 0, so
    deploying this signs nobody out until their account's version moves on.
    """
    user, _, version = raw.partition(":")
    if not user.isdigit() or not (version.isdigit() or raw == user):
        return None
    return int(user), int(version or 0)


def name_change_problem(current: str, requested: str) -> str | None:
    """Why a requested certificate name cannot be asked for, as a short code, or
    None when it can: ``empty``, ``same`` or ``long``."""
    name = " ".join(requested.split())
    if not name:
        return "empty"
    if len(name) > 200:
        return "long"
    if name == " ".join(current.split()):
        return "same"
    return None
