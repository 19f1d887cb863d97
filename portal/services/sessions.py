"""Signed-in sessions as records: started at sign-in, checked on every request,
ended by signing out, from the account page, or when the password or email
changes."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import joinedload

from portal.domain.access import STAFF
from portal.domain.sessions import (
    SessionLimits,
    idle_limit,
    key_hash,
    lifetime,
    needs_touch,
    parse_session_id,
    session_problem,
)
from portal.extensions import db
from portal.models import User, UserSession
from portal.services import audit
from portal.services.errors import NotFound


def _new_record(user_id: int, now: datetime, **values) -> str:
    """Add a record (the caller commits) and return its key, which only the
    cookies keep."""
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(key_hash=key_hash(key), user_id=user_id, last_seen_at=now, **values)
    )
    return key


def start_session(
    user_id: int,
    *,
    remember: bool,
    user_agent: str,
    address: str,
    now: datetime,
    limits: SessionLimits,
) -> str:
    """Record a sign-in, and forget the account's sessions that are over.

    :return: the new session's key.
    """
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user_id,
            or_(UserSession.ended_at.is_not(None), UserSession.expires_at <= now),
        )
    )
    key = _new_record(
        user_id,
        now,
        signed_in_at=now,
        expires_at=now + lifetime(limits, remember),
        remember=remember,
        user_agent=user_agent[:300],
        address=address[:45],
    )
    db.session.commit()
    return key


def _idle(record: UserSession, limits: SessionLimits) -> timedelta:
    return idle_limit(limits, record.user.role in STAFF, record.remember)


def _write_apart(statement) -> None:
    """Write on a connection of its own: noting the time a session was seen (or
    that it ran out) must not commit, or expire, what the request has loaded."""
    with db.engine.begin() as connection:
        connection.execute(statement)


def load_session(raw_id: str, now: datetime, limits: SessionLimits) -> User | None:
    """The account a Flask-Login id signs in, in one query, or None when the
    session is unknown, over, or its account is off. A session found idle or
    expired is marked ended; a live one has its last-seen time written at most
    once a minute.
    """
    parsed = parse_session_id(raw_id)
    if parsed is None:
        return None
    record = db.session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.key_hash == key_hash(parsed[1]))
    )
    if record is None or record.user_id != parsed[0] or not record.user.active:
        return None
    idle = _idle(record, limits)
    problem = session_problem(
        now, record.last_seen_at, record.expires_at, record.ended_at, idle
    )
    by_id = update(UserSession).where(UserSession.id == record.id)
    if problem in ("idle", "expired"):
        _write_apart(by_id.values(ended_at=now, end_reason=problem))
    if problem is not None:
        return None
    if needs_touch(record.last_seen_at, now):
        _write_apart(by_id.values(last_seen_at=now))
    record.user.session_key = parsed[1]
    return record.user


def _record(key: str) -> UserSession | None:
    return db.session.scalar(
        select(UserSession).where(UserSession.key_hash == key_hash(key))
    )


def rotate_session(key: str, now: datetime) -> tuple[str, datetime]:
    """A remember cookie was used: its record ends and a new one, with a new key,
    takes its place until the same expiry (rotation never extends the cap).

    :return: the new key and when it expires.
    :raise NotFound: no such session.
    """
    old = _record(key)
    if old is None or old.ended_at is not None:
        raise NotFound(_("This session has ended."))
    old.ended_at, old.end_reason = now, "rotated"
    new = _new_record(
        old.user_id,
        now,
        signed_in_at=old.signed_in_at,
        expires_at=old.expires_at,
        remember=True,
        user_agent=old.user_agent,
        address=old.address,
    )
    db.session.commit()
    return new, old.expires_at


def end_session(key: str, now: datetime, reason: str = "signed_out") -> None:
    """Sign-out: the session's cookies, and any copy of them, stop working."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.key_hash == key_hash(key), UserSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )
    db.session.commit()


def end_other_sessions(
    user_id: int, keep: str | None, now: datetime, reason: str
) -> int:
    """End every session of the account but the one with key ``keep`` (all of
    them when None), remember cookies included. The caller commits.

    :return: how many sessions ended.
    """
    query = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.key_hash != key_hash(keep))
    result = db.session.execute(query.values(ended_at=now, end_reason=reason))
    return result.rowcount


def sign_out_elsewhere(user_id: int, keep: str | None, now: datetime) -> int:
    """The person's "sign out of every other session" (``keep`` is the asking
    session's key) or, with ``keep`` None, "sign out everywhere"; recorded in the
    audit log."""
    count = end_other_sessions(user_id, keep, now, "elsewhere")
    user = db.session.get(User, user_id)
    audit.record(
        user_id,
        "session.ended_elsewhere",
        user.email,
        now,
        sessions=count,
        this_one_too=keep is None,
    )
    db.session.commit()
    return count


def end_sessions_of(email: str | None, now: datetime) -> int:
    """An operator signs one account (``email``) or, with None, everyone out;
    recorded in the audit log.

    :return: how many sessions ended.
    :raise NotFound: no account has that address.
    """
    query = update(UserSession).where(UserSession.ended_at.is_(None))
    target = "*"
    if email is not None:
        user = db.session.scalar(
            select(User).where(User.email == email.strip().lower())
        )
        if user is None:
            raise NotFound(_("No such account."))
        query, target = query.where(UserSession.user_id == user.id), user.email
    result = db.session.execute(query.values(ended_at=now, end_reason="operator"))
    audit.record(
        None, "session.ended_by_operator", target, now, sessions=result.rowcount
    )
    db.session.commit()
    return result.rowcount


def end_listed_session(user_id: int, record_id: int, now: datetime) -> None:
    """End one of the person's own sessions, picked from the account page.

    :raise NotFound: no such session of theirs (another account's looks the same).
    """
    record = db.session.get(UserSession, record_id)
    if record is None or record.user_id != user_id:
        raise NotFound(_("No such session."))
    if record.ended_at is None:
        record.ended_at, record.end_reason = now, "ended"
        audit.record(
            user_id,
            "session.ended",
            record.user.email,
            now,
            session=record.id,
            signed_in_at=record.signed_in_at.isoformat(timespec="minutes"),
        )
    db.session.commit()


def active_sessions(
    user_id: int, now: datetime, limits: SessionLimits
) -> list[UserSession]:
    """The account's sessions that still sign someone in, last active first."""
    records = db.session.scalars(
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(
            UserSession.user_id == user_id,
            UserSession.ended_at.is_(None),
            UserSession.expires_at > now,
        )
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [
        record
        for record in records
        if session_problem(
            now, record.last_seen_at, record.expires_at, None, _idle(record, limits)
        )
        is None
    ]


def is_current(record: UserSession, key: str | None) -> bool:
    """Whether ``record`` is the session signed in with ``key``."""
    return key is not None and record.key_hash == key_hash(key)
