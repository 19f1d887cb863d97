"""One-use links sent by mail (setting a password, confirming an address): random
tokens kept only as SHA-256 hashes, each for one purpose and one account, expiring,
and used in the same transaction as the change they make."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from portal.extensions import db
from portal.models import LinkToken
from portal.services.errors import NotFound

#: Invitations, administrators' resets and forgotten passwords: one purpose, so a
#: new link of any of them ends the older ones.
PASSWORD = "password"
EMAIL_CHANGE = "email-change"
VERIFY_EMAIL = "verify-email"


@dataclass(frozen=True)
class LinkMaker:
    """How the web layer wants a link: ``url`` turns a token into the absolute
    address mailed out, and a link lives ``max_age`` seconds."""

    url: Callable[[str], str]
    max_age: int


def token_digest(token: str) -> str:
    """The SHA-256 a random token is kept as (emailed links, calendar feeds)."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user_id: int, purpose: str, now: datetime, max_age: int, **data: Any) -> str:
    """A new token for ``purpose``; links of the same purpose sent to the account
    before and not used stop working. The caller commits.

    :return: the token, to be put in the mailed link and nowhere else.
    """
    revoke(user_id, purpose)
    token = secrets.token_urlsafe(32)
    db.session.add(
        LinkToken(
            token_hash=token_digest(token),
            purpose=purpose,
            user_id=user_id,
            data=data,
            created_at=now,
            expires_at=now + timedelta(seconds=max_age),
        )
    )
    return token


def new_link(
    maker: LinkMaker, user_id: int, purpose: str, now: datetime, **data: Any
) -> str:
    """The absolute link to mail for a token :func:`issue` makes."""
    return maker.url(issue(user_id, purpose, now, maker.max_age, **data))


def unstored() -> str:
    """A token shaped like a real one that opens nothing: for the letter written
    when an address has no account, so that reply costs the same work."""
    return secrets.token_urlsafe(32)


def revoke(user_id: int, purpose: str) -> None:
    """End every unused link of ``purpose`` sent to the account (caller commits)."""
    db.session.execute(
        delete(LinkToken).where(
            LinkToken.user_id == user_id,
            LinkToken.purpose == purpose,
            LinkToken.used_at.is_(None),
        )
    )


def find(token: str, purpose: str, now: datetime) -> LinkToken:
    """The stored link ``token`` opens, without using it (to show a form first).

    :raise NotFound: unknown, of another purpose, expired, or used already (the
        message says which of "used" and "not valid" it is).
    """
    link = db.session.scalar(
        select(LinkToken).where(
            LinkToken.token_hash == token_digest(token), LinkToken.purpose == purpose
        )
    )
    if link is not None and link.used_at is not None:
        raise NotFound(_("This link has been used already. Ask for a new one."))
    if link is None or link.expires_at <= now:
        raise NotFound(_("This link is not valid any more. Ask for a new one."))
    return link


def use(link: LinkToken, now: datetime) -> None:
    """Mark ``link`` used, in the caller's transaction. The UPDATE only takes a link
    nobody has used, so of two requests racing with one link only one goes on.

    :raise NotFound: another request used it first (this transaction is rolled back).
    """
    taken = db.session.execute(
        update(LinkToken)
        .where(LinkToken.id == link.id, LinkToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        raise NotFound(_("This link has been used already. Ask for a new one."))
    link.used_at = now
