"""Self-service accounts: a forgotten password, a new password or email address,
the time zone times are shown in.
Administrators' tools live in ``people``; sessions in ``sessions``."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.domain.zones import known_zone
from portal.extensions import db
from portal.models import LinkToken, User
from portal.security import passwords
from portal.services import audit, link_tokens
from portal.services.errors import FormInvalid, NotFound
from portal.services.link_tokens import LinkMaker
from portal.services.outbox import Letters, queue_email, write_unsent
from portal.services.sessions import end_other_sessions
from portal.services.users import find_user, normalise_email, replace_password


def request_password_reset(
    email: str, link: LinkMaker, now: datetime, *, letters: Letters
) -> None:
    """Email a set-password link (the administrators' one: same kind of token,
    same single use) to the account of ``email``, if there is an active one.

    The caller shows the same page either way, and an unknown address costs the
    same work: the letter is written and the mail sender woken, only nothing is
    stored or sent.
    """
    user = find_user(email)
    found = user is not None and user.active
    account = user if found else User(id=0, email=email, full_name="", password_hash="")
    subject = _("Choose a new password")
    if found:
        url = link_tokens.new_link(link, account.id, link_tokens.PASSWORD, now)
        queue_email(
            letters, account.email, subject, "forgot_password", user=account, link=url
        )
        db.session.commit()
    else:
        url = link.url(link_tokens.unstored())
        write_unsent(letters, "forgot_password", user=account, link=url)


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    return user


def _check_current(user: User, password: str) -> None:
    """:raise FormInvalid: ``password`` is not the account's current password."""
    if not passwords.verify(user.password_hash, password):
        raise FormInvalid({"current": _("This is not your current password.")})


def change_password(
    user_id: int, current: str, new: str, now: datetime, keep: str | None = None
) -> User:
    """Change the password of someone who knows the current one. Every session of
    the account but ``keep`` (the key of the one asking) ends.

    :raise FormInvalid: a wrong current password, or a new one the rule refuses.
    """
    user = _account(user_id)
    _check_current(user, current)
    replace_password(user, new, keep=keep)
    audit.record(user.id, "account.password_changed", user.email, now)
    db.session.commit()
    return user


def request_email_change(
    user_id: int,
    password: str,
    new_email: str,
    link: LinkMaker,
    now: datetime,
    *,
    letters: Letters,
) -> str:
    """Send a confirmation link to the new address; nothing changes until it is
    opened.

    :return: the new address, normalised.
    :raise FormInvalid: a wrong password, the same address, or one in use.
    """
    user = _account(user_id)
    _check_current(user, password)
    email = normalise_email(new_email)
    if email == user.email:
        raise FormInvalid({"email": _("This is your address already.")})
    if find_user(email):
        raise FormInvalid({"email": _("An account with this email exists already.")})
    queue_email(
        letters,
        email,
        _("Confirm your new email address"),
        "confirm_new_email",
        user=user,
        new_email=email,
        link=link_tokens.new_link(
            link, user.id, link_tokens.EMAIL_CHANGE, now, old=user.email, new=email
        ),
    )
    db.session.commit()
    return email


def _email_change(token: str, now: datetime) -> tuple[LinkToken, User]:
    link = link_tokens.find(token, link_tokens.EMAIL_CHANGE, now)
    user = db.session.get(User, link.user_id)
    if user is None or not user.active or user.email != link.data.get("old"):
        raise NotFound(_("This link is not valid any more."))
    if find_user(link.data["new"]):
        raise FormInvalid({"email": _("An account with this email exists already.")})
    return link, user


def new_address_for_link(token: str, now: datetime) -> str:
    """The address a confirmation link would change the account to, to show before
    it is used; the link is not used (opening it changes nothing).

    :raise NotFound, FormInvalid: as :func:`confirm_email_change`.
    """
    return _email_change(token, now)[0].data["new"]


def confirm_email_change(
    token: str, now: datetime, *, letters: Letters, keep: str | None = None
) -> User:
    """Make the change a confirmation link asked for, and tell the old address.
    The link is used up in the same transaction. Every session of the account but
    ``keep`` (the key of the session that opened the link, if it is the account's)
    ends, remember cookies included.

    :raise NotFound: the link is unknown, expired or used, the address changed
        since, or the account is off.
    :raise FormInvalid: someone else took the address in the meantime.
    """
    link, user = _email_change(token, now)
    link_tokens.use(link, now)
    old_email, user.email, user.email_verified_at = user.email, link.data["new"], now
    audit.record(user.id, "account.email_changed", user.email, now, old=old_email)
    end_other_sessions(user.id, keep, now, "email")
    queue_email(
        letters,
        old_email,
        _("Your email address was changed"),
        "email_changed",
        user=user,
        old_email=old_email,
    )
    db.session.commit()
    return user


def set_time_zone(user_id: int, name: str, now: datetime) -> User:
    """Show the person every time in the zone called ``name`` (an IANA name).

    :raise FormInvalid: a zone the machine does not know.
    """
    user = _account(user_id)
    if not known_zone(name):
        raise FormInvalid({"time_zone": _("Choose a time zone from the list.")})
    if name != user.time_zone:
        audit.record(
            user.id,
            "account.time_zone_changed",
            user.email,
            now,
            old=user.time_zone,
            new=name,
        )
        user.time_zone = name
        db.session.commit()
    return user
