"""Accounts: creating people, passwords, signing in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Role, User
from portal.security import passwords
from portal.services.errors import FormInvalid, Invalid, NotFound
from portal.services.outbox import Letters, queue_email
from portal.services.sessions import end_other_sessions
from portal.timeutil import utcnow

MIN_PASSWORD = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user if the email and password match an active account, else None.

    A missing account costs the same hash check as a wrong password.
    """
    user = find_user(email)
    valid = passwords.verify(user.password_hash if user else None, password)
    return user if valid and user is not None and user.active else None


def create_user(
    email: str,
    full_name: str,
    password: str,
    role: str = Role.PARTICIPANT,
    cohort_id: int | None = None,
) -> User:
    """:raise Invalid: a bad role, a short password or an email already in use."""
    if role not in {r.value for r in Role}:
        raise Invalid(f"unknown role {role!r}: use participant, trainer or admin")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"the password needs at least {MIN_PASSWORD} characters")
    if find_user(email):
        raise Invalid(f"an account for {normalise_email(email)} already exists")
    if "@" not in email or not full_name.strip():
        raise Invalid("give a valid email and a full name")
    user = User(
        email=normalise_email(email),
        full_name=full_name.strip(),
        password_hash=passwords.hash(password),
        role=str(role),
        cohort_id=cohort_id,
    )
    db.session.add(user)
    db.session.commit()
    return user


def set_password(email: str, password: str) -> User:
    user = find_user(email)
    if user is None:
        raise NotFound(f"no account for {email}")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"the password needs at least {MIN_PASSWORD} characters")
    user.password_hash = passwords.hash(password)
    db.session.commit()
    return user


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def register_applicant(
    email: str,
    full_name: str,
    password: str,
    now: datetime,
    verify_link: Callable[[int], str],
    *,
    letters: Letters,
) -> User:
    """Create an applicant account and email it a link to confirm the address.

    :raise FormInvalid: the email already has an account.
    """
    if find_user(email):
        raise FormInvalid(
            {"email": _("An account with this email exists: sign in instead.")}
        )
    try:
        user = create_user(email, full_name, password, Role.APPLICANT)
    except Invalid as error:
        # create_user words its refusals for the command line; the form has
        # checked the name and password already, so the address is what is wrong.
        raise FormInvalid({"email": _("Enter a valid email address.")}) from error
    _queue_verification(user, verify_link, letters)
    db.session.commit()
    return user


def _queue_verification(
    user: User, verify_link: Callable[[int], str], letters: Letters
) -> None:
    queue_email(
        letters,
        user.email,
        _("Confirm your email address"),
        "verify_email",
        user=user,
        link=verify_link(user.id),
    )


def resend_verification(
    user_id: int, verify_link: Callable[[int], str], *, letters: Letters
) -> bool:
    """Email the confirmation link again, for someone who lost the first one.

    :return: False when the address is confirmed already (nothing is sent).
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    if user.email_verified_at is not None:
        return False
    _queue_verification(user, verify_link, letters)
    db.session.commit()
    return True


def replace_password(
    user: User, password: str, field: str = "password", *, keep: str | None = None
) -> None:
    """Give ``user`` a new password under the portal's one password rule. Every
    session of the account but ``keep`` (its key) ends, remember cookies included,
    and so do password links already sent (their fingerprint was the old hash). The
    caller commits.

    :raise FormInvalid: the password is too short (named after ``field``).
    """
    if len(password) < MIN_PASSWORD:
        raise FormInvalid({field: _("Use at least %(n)s characters.", n=MIN_PASSWORD)})
    user.password_hash = passwords.hash(password)
    end_other_sessions(user.id, keep, utcnow(), "password")


def verify_email(user_id: int, now: datetime) -> None:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    if user.email_verified_at is None:
        user.email_verified_at = now
        db.session.commit()
