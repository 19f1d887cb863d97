"""User management by administrators: invitations, roles, deactivation and password
links, each recorded in the audit log."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import LinkToken, Role, User
from portal.security import passwords
from portal.services import audit, link_tokens
from portal.services.errors import Forbidden, FormInvalid, NotFound
from portal.services.link_tokens import LinkMaker
from portal.services.outbox import Letters, queue_email
from portal.services.paging import paginate
from portal.services.users import find_user, normalise_email, replace_password


def _password_link(token: str, now: datetime) -> tuple[LinkToken, User]:
    link = link_tokens.find(token, link_tokens.PASSWORD, now)
    user = db.session.get(User, link.user_id)
    if user is None or not user.active:
        raise NotFound(_("This link is not valid any more. Ask for a new one."))
    return link, user


def account_for_link(token: str, now: datetime) -> User:
    """The account a password link was made for, to show its form; the link is
    not used yet.

    :raise NotFound: the link is unknown, expired or used, or the account is off.
    """
    return _password_link(token, now)[1]


def set_password_from_link(token: str, password: str, now: datetime) -> User:
    """Set the password a link was sent for; the link is used up in the same
    transaction, so it works once.

    :raise NotFound: the link is not valid (any more).
    :raise FormInvalid: the password breaks the password rule.
    """
    link, user = _password_link(token, now)
    link_tokens.use(link, now)
    try:
        replace_password(user, password)
    except FormInvalid:
        db.session.rollback()  # the link stays usable for a better password
        raise
    audit.record(user.id, "account.password_reset", user.email, now)
    if user.email_verified_at is None:  # they read the mail we sent
        user.email_verified_at = now
    audit.record(user.id, "user.password_link_used", user.email, now)
    db.session.commit()
    return user


def _users(q: str, role: str) -> Select:
    """Accounts by name, optionally searched and of one role."""
    query = select(User).order_by(User.full_name, User.id)
    if q.strip():
        like = f"%{q.strip().lower()}%"
        query = query.where(
            or_(func.lower(User.full_name).like(like), User.email.like(like))
        )
    if role:
        query = query.where(User.role == role)
    return query


def list_users(
    q: str = "", role: str = "", page: int = 1, size: int = 50
) -> Pagination:
    """One page of accounts by name, optionally searched and of one role."""
    return paginate(_users(q, role), page, size)


def all_users(q: str = "", role: str = "") -> list[User]:
    """Every account :func:`list_users` would page through (for a download)."""
    return list(db.session.scalars(_users(q, role).options(joinedload(User.cohort))))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    return user


def _living_user(user_id: int) -> User:
    """:raise Forbidden: the account was erased; nothing brings it back."""
    user = get_user(user_id)
    if user.erased_at is not None:
        raise Forbidden(_("This account has been erased: it cannot be changed."))
    return user


def invite(
    email: str,
    full_name: str,
    role: str,
    cohort_id: int | None,
    actor: User,
    now: datetime,
    link: LinkMaker,
    *,
    letters: Letters,
) -> User:
    """Create an account nobody can sign in to yet and email it a set-password link.

    :raise FormInvalid: the email has an account already.
    """
    if role not in {r.value for r in Role}:
        raise FormInvalid({"role": _("Choose a role.")})
    if find_user(email):
        raise FormInvalid({"email": _("An account with this email exists already.")})
    user = User(
        email=normalise_email(email),
        full_name=full_name.strip(),
        # Random and never told to anyone: unusable until the link sets a password.
        password_hash=passwords.hash(secrets.token_urlsafe(32)),
        role=role,
        cohort_id=cohort_id,
        created_at=now,
    )
    db.session.add(user)
    db.session.flush()
    queue_email(
        letters,
        user.email,
        _("Your account on the portal"),
        "invitation",
        user=user,
        link=link_tokens.new_link(link, user.id, link_tokens.PASSWORD, now),
    )
    audit.record(actor.id, "user.invited", user.email, now, role=role)
    db.session.commit()
    return user


def change_role(user_id: int, role: str, actor: User, now: datetime) -> User:
    """:raise Forbidden: administrators cannot change their own role (lock-out)."""
    user = _living_user(user_id)
    if role not in {r.value for r in Role}:
        raise FormInvalid({"role": _("Choose a role.")})
    if user.id == actor.id:
        raise Forbidden(_("You cannot change your own role."))
    if user.role != role:
        audit.record(
            actor.id, "user.role_changed", user.email, now, old=user.role, new=role
        )
        user.role = role
        db.session.commit()
    return user


def set_active(user_id: int, active: bool, actor: User, now: datetime) -> User:
    """Deactivated accounts cannot sign in; their records stay.

    :raise Forbidden: administrators cannot deactivate themselves.
    """
    user = _living_user(user_id)
    if user.id == actor.id:
        raise Forbidden(_("You cannot deactivate your own account."))
    if user.active != active:
        action = "user.reactivated" if active else "user.deactivated"
        audit.record(actor.id, action, user.email, now)
        user.active = active
        db.session.commit()
    return user


def send_password_reset(
    user_id: int,
    actor: User,
    now: datetime,
    link: LinkMaker,
    *,
    letters: Letters,
) -> User:
    """Email the person a link to choose a new password (the old one still works
    until they do)."""
    user = get_user(user_id)
    if not user.active:
        raise Forbidden(_("Reactivate the account first."))
    queue_email(
        letters,
        user.email,
        _("Choose a new password"),
        "password_reset",
        user=user,
        link=link_tokens.new_link(link, user.id, link_tokens.PASSWORD, now),
    )
    audit.record(actor.id, "user.password_reset_sent", user.email, now)
    db.session.commit()
    return user
