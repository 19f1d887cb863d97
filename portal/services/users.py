"""Accounts: creating people, passwords, signing in."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.domain.passwords import password_problem
from portal.extensions import db
from portal.models import LinkToken, Role, User
from portal.security import passwords
from portal.services import audit, link_tokens
from portal.services.errors import FormInvalid, Invalid, NotFound
from portal.services.link_tokens import LinkMaker
from portal.services.outbox import Letters, queue_email
from portal.services.sessions import end_other_sessions
from portal.services.wording import translated
from portal.timeutil import utcnow


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
    """:raise Invalid: a bad role, a weak password or an email already in use."""
    if role not in {r.value for r in Role}:
        raise Invalid(f"unknown role {role!r}: use participant, trainer or admin")
    if problem := password_problem(password, email, full_name):
        raise Invalid(translated(problem))
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
    if problem := password_problem(password, user.email, user.full_name):
        raise Invalid(translated(problem))
    user.password_hash = passwords.hash(password)
    db.session.commit()
    return user


def check_password(
    password: str, email: str, name: str, field: str = "password"
) -> None:
    """The portal's one password rule, for a form.

    :raise FormInvalid: why ``password`` may not be used (named after ``field``).
    """
    if problem := password_problem(password, email, name):
        raise FormInvalid({field: translated(problem)})


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def register_applicant(
    email: str,
    full_name: str,
    password: str,
    now: datetime,
    verify_link: LinkMaker,
    *,
    letters: Letters,
) -> None:
    """Create an applicant account and email it a link to confirm the address.

    An address that has an account already gets a letter telling its owner
    instead, and the caller answers exactly as for a new account: registering
    does not tell anyone which addresses have accounts (the work is the same too,
    a password hashed and a letter queued).

    :raise FormInvalid: the password breaks the rule.
    """
    check_password(password, email, full_name)
    existing = find_user(email)
    if existing is not None:
        passwords.hash(password)
        queue_email(
            letters,
            existing.email,
            _("Someone tried to register with your address"),
            "register_existing",
            user=existing,
        )
        audit.record(None, "account.register_existing", existing.email, now)
        db.session.commit()
        return
    try:
        user = create_user(email, full_name, password, Role.APPLICANT)
    except Invalid as error:
        # create_user words its refusals for the command line; the form has
        # checked the name and password already, so the address is what is wrong.
        raise FormInvalid({"email": _("Enter a valid email address.")}) from error
    _queue_verification(user, verify_link, now, letters)
    db.session.commit()


def _queue_verification(
    user: User, verify_link: LinkMaker, now: datetime, letters: Letters
) -> None:
    queue_email(
        letters,
        user.email,
        _("Confirm your email address"),
        "verify_email",
        user=user,
        link=link_tokens.new_link(
            verify_link, user.id, link_tokens.VERIFY_EMAIL, now, email=user.email
        ),
    )


def resend_verification(
    user_id: int, verify_link: LinkMaker, now: datetime, *, letters: Letters
) -> bool:
    """Email the confirmation link again, for someone who lost the first one.

    :return: False when the address is confirmed already (nothing is sent).
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    if user.email_verified_at is not None:
        return False
    _queue_verification(user, verify_link, now, letters)
    db.session.commit()
    return True


def replace_password(
    user: User, password: str, field: str = "password", *, keep: str | None = None
) -> None:
    """Give ``user`` a new password under the portal's one password rule. Every
    session of the account but ``keep`` (its key) ends, remember cookies included,
    and so do password links sent and not used. The caller commits.

    :raise FormInvalid: the password breaks the rule (named after ``field``).
    """
    check_password(password, user.email, user.full_name, field)
    user.password_hash = passwords.hash(password)
    end_other_sessions(user.id, keep, utcnow(), "password")
    link_tokens.revoke(user.id, link_tokens.PASSWORD)


def _verification(token: str, now: datetime) -> tuple[LinkToken, User]:
    link = link_tokens.find(token, link_tokens.VERIFY_EMAIL, now)
    user = db.session.get(User, link.user_id)
    if user is None or user.email != link.data.get("email"):
        raise NotFound(_("This link is not valid any more. Ask for a new one."))
    return link, user


def address_to_verify(token: str, now: datetime) -> str:
    """The address a verification link would confirm, to show before it is used;
    the link is not used (opening it changes nothing).

    :raise NotFound: as :func:`verify_email`.
    """
    return _verification(token, now)[1].email


def verify_email(token: str, now: datetime) -> User:
    """Confirm the address a verification link was sent to; the link works once.

    :raise NotFound: the link is unknown, expired or used, or the address changed
        since it was sent.
    """
    link, user = _verification(token, now)
    link_tokens.use(link, now)
    if user.email_verified_at is None:
        user.email_verified_at = now
    db.session.commit()
    return user


def mark_verified(user_id: int, now: datetime) -> None:
    """Take an address as confirmed without a link (accounts made by an operator)."""
    user = db.session.get(User, user_id)
    if user is not None and user.email_verified_at is None:
        user.email_verified_at = now
        db.session.commit()
