"""The security log of signing in: who got in, and which addresses were tried and
failed or got locked out. Never a password."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from portal.extensions import db
from portal.services import audit
from portal.services.users import find_user, normalise_email


def signed_in(user_id: int, email: str, now: datetime) -> None:
    audit.record(user_id, "auth.signed_in", email, now)
    db.session.commit()


def failed(email: str, now: datetime, locked: Sequence[str] = ()) -> None:
    """Record a failed sign-in as the address tried, and a lockout it started.

    :param locked: what the failure locked: ``account`` and/or ``address``.
    """
    user = find_user(email)
    if user is None:
        reason = "no account"
    else:
        reason = "wrong password" if user.active else "account deactivated"
    tried = normalise_email(email)[:200]
    audit.record(None, "auth.sign_in_failed", tried, now, reason=reason)
    if locked:
        audit.record(None, "auth.locked_out", tried, now, by=list(locked))
    db.session.commit()
