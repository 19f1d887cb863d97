"""Two-step sign-in: setting up an authenticator app, checking codes at sign-in,
recovery codes, turning it off, and an administrator's reset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from portal.domain import mfa as rules
from portal.extensions import db
from portal.models import MfaCredential, RecoveryCode, User
from portal.security import passwords, vault
from portal.services import access, audit
from portal.services.errors import Forbidden, FormInvalid, Invalid, NotFound
from portal.services.outbox import Letters, queue_email
from portal.services.sessions import end_other_sessions


@dataclass(frozen=True)
class Setup:
    """What the set-up page shows while the first code is awaited."""

    secret: str
    uri: str


def credential(user_id: int) -> MfaCredential | None:
    return db.session.scalar(
        select(MfaCredential).where(MfaCredential.user_id == user_id)
    )


def enabled(user_id: int) -> bool:
    """Whether signing in as this person asks for a code."""
    found = credential(user_id)
    return found is not None and found.confirmed_at is not None


def must_use(user: User) -> bool:
    """Whether the person's role or duties require two-step sign-in."""
    return rules.mfa_required(user.role, access.assignments(user))


def unused_codes(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
        )
    )


def account(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    return user


def start_setup(user_id: int, now: datetime) -> None:
    """Make a new secret for the person to add to their app; nothing changes at
    sign-in until :func:`confirm_setup` sees a first right code.

    :raise Invalid: two-step sign-in is on already.
    """
    found = credential(user_id)
    if found is not None and found.confirmed_at is not None:
        raise Invalid(_("Two-step sign-in is on already."))
    if found is None:
        found = MfaCredential(user_id=user_id)
        db.session.add(found)
    found.secret, found.created_at = vault.encrypt(rules.new_secret()), now
    db.session.commit()


def pending_setup(user: User, issuer: str) -> Setup | None:
    """The secret awaiting its first code, or ``None`` (none started, or it is on:
    a confirmed secret is never shown again)."""
    found = credential(user.id)
    if found is None or found.confirmed_at is not None:
        return None
    secret = vault.decrypt(found.secret)
    if secret is None:
        return None
    return Setup(secret, rules.provisioning_uri(secret, user.email, issuer))


def _new_codes(user_id: int) -> list[str]:
    """Replace every recovery code of the person with fresh ones."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = rules.new_recovery_codes()
    db.session.add_all(
        RecoveryCode(
            user_id=user_id,
            code_hash=vault.digest(rules.normalise_recovery_code(code)),
        )
        for code in codes
    )
    return codes


def _take_step(found: MfaCredential, code: str, now: datetime) -> bool:
    """Accept a code once: the step is stored in the same statement that checks it
    is newer, so two requests with one code cannot both succeed."""
    secret = vault.decrypt(found.secret)
    step = rules.matching_step(secret, code, now) if secret else None
    if step is None or not rules.fresh_step(step, found.last_step):
        return False
    taken = db.session.execute(
        update(MfaCredential)
        .where(
            MfaCredential.id == found.id,
            (MfaCredential.last_step.is_(None)) | (MfaCredential.last_step < step),
        )
        .values(last_step=step)
    )
    db.session.expire(found)
    return taken.rowcount == 1


def _take_recovery_code(user_id: int, code: str, now: datetime) -> bool:
    digest = vault.digest(rules.normalise_recovery_code(code))
    taken = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == digest,
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    return taken.rowcount == 1


def confirm_setup(user_id: int, code: str, now: datetime) -> list[str]:
    """Turn two-step sign-in on once the first code from the app is right.

    :return: the recovery codes, to be shown this once.
    :raise FormInvalid: the code is not right (or no set-up was started).
    """
    user = _user(user_id)
    found = credential(user_id)
    if found is None or found.confirmed_at is not None:
        raise FormInvalid({"code": _("Start the set-up again.")})
    if not _take_step(found, code, now):
        raise FormInvalid({"code": _("This code is not right. Try the newest one.")})
    found.confirmed_at = now
    codes = _new_codes(user_id)
    audit.record(user.id, "mfa.enabled", user.email, now)
    db.session.commit()
    return codes


def verify_sign_in(user_id: int, code: str, now: datetime) -> User:
    """The second step of signing in: a code from the app, or a recovery code
    (which is then used up). A wrong one is recorded.

    :raise FormInvalid: neither kind of code is right.
    """
    user = _user(user_id)
    found = credential(user_id)
    if found is None or found.confirmed_at is None:
        raise FormInvalid({"code": _("Sign in again.")})
    if rules.looks_like_code(code):
        accepted = _take_step(found, code, now)
    elif _take_recovery_code(user_id, code, now):
        audit.record(user.id, "mfa.recovery_used", user.email, now)
        accepted = True
    else:
        accepted = False
    if not accepted:
        audit.record(user.id, "mfa.failed", user.email, now)
    db.session.commit()
    if not accepted:
        raise FormInvalid({"code": _("This code is not right.")})
    return user


def _check_code(user_id: int, code: str, now: datetime) -> bool:
    found = credential(user_id)
    return found is not None and _take_step(found, code, now)


def regenerate_codes(
    user_id: int, password: str, code: str, now: datetime
) -> list[str]:
    """New recovery codes (the old ones stop working), for someone who proves it
    is them with their password or a code from the app.

    :raise FormInvalid: neither is right.
    """
    user = _user(user_id)
    if not enabled(user_id):
        raise Invalid(_("Two-step sign-in is off."))
    proved = (password and passwords.verify(user.password_hash, password)) or (
        code and _check_code(user_id, code, now)
    )
    if not proved:
        raise FormInvalid(
            {"password": _("Give your password or a code from your app.")}
        )
    codes = _new_codes(user_id)
    audit.record(user.id, "mfa.codes_regenerated", user.email, now)
    db.session.commit()
    return codes


def _remove(user_id: int) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.execute(delete(MfaCredential).where(MfaCredential.user_id == user_id))


def disable(
    user_id: int, password: str, code: str, now: datetime, *, required: bool
) -> None:
    """Turn two-step sign-in off, for someone whose role does not need it.

    :param required: the requirement is in force (``MFA_REQUIRED``).
    :raise Forbidden: the person must keep it.
    :raise FormInvalid: the password or the code is not right.
    """
    user = _user(user_id)
    if required and must_use(user):
        raise Forbidden(_("Your role needs two-step sign-in: it stays on."))
    if not passwords.verify(user.password_hash, password):
        raise FormInvalid({"password": _("This is not your current password.")})
    if not _check_code(user_id, code, now):
        raise FormInvalid({"code": _("This code is not right.")})
    _remove(user_id)
    audit.record(user.id, "mfa.disabled", user.email, now)
    db.session.commit()


def reset(user_id: int, actor: User | None, now: datetime, *, letters: Letters) -> User:
    """An administrator removes someone's authenticator and recovery codes (a lost
    phone); every session of theirs ends, they are told by email, and they set it
    up again at the next sign-in if their role needs it.

    :param actor: ``None`` from the command line (the only administrator lost
        their phone).

    :raise Forbidden: one's own (another administrator resets it).
    :raise Invalid: the person has no two-step sign-in to reset.
    """
    user = _user(user_id)
    if actor is not None and user.id == actor.id:
        raise Forbidden(_("Another administrator resets your own two-step sign-in."))
    if credential(user_id) is None:
        raise Invalid(_("This person has no two-step sign-in to reset."))
    _remove(user_id)
    # A lost phone may be a stolen one: every session of the account ends.
    end_other_sessions(user.id, None, now, "mfa_reset")
    queue_email(
        letters,
        user.email,
        _("Your two-step sign-in was reset"),
        "mfa_reset",
        user=user,
    )
    audit.record(actor.id if actor else None, "mfa.reset", user.email, now)
    db.session.commit()
    return user


def enrol_with_secret(user_id: int, secret: str, now: datetime) -> None:
    """Turn it on with a known secret, without codes: only for the development demo
    accounts (``flask setup --demo``), whose secret the README gives."""
    _remove(user_id)
    db.session.add(
        MfaCredential(user_id=user_id, secret=vault.encrypt(secret), confirmed_at=now)
    )
    db.session.commit()
