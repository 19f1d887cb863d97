"""Two-step sign-in: who must use it, time-based codes (RFC 6238) and recovery
codes. Pure rules; the service stores what they decide."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import datetime

import pyotp

from portal.domain.access import Assignment, Duty, Role

#: Duties that open applicants' files: screening (stage 1) and interviews (stage 2).
APPLICANT_DUTIES = frozenset({Duty.REVIEWER, Duty.INTERVIEWER})
#: RFC 6238 defaults, which every authenticator app understands.
DIGITS = 6
STEP_SECONDS = 30
#: Steps either side of now still accepted: a phone clock a little off still works.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
#: Lower-case base32 without the letters and digits people confuse (0/o, 1/l/i).
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: 24 of 31 symbols: about 119 bits, above the 112 that lets a plain (keyed) hash
#: store them (ASVS 5.0 6.5.2) instead of a slow password hash.
_RECOVERY_LENGTH = 24


#: The only roles :func:`mfa_required` can ever say yes to: for everyone else the
#: answer needs no look at their duties (nor at the database).
MAY_BE_REQUIRED = frozenset({Role.ADMIN, Role.TRAINER})


def mfa_required(role: str, assignments: Iterable[Assignment]) -> bool:
    """Whether someone must sign in with a second step: administrators (who see
    and export everything), and trainers assigned to screen or interview
    applicants in any cohort, since those duties open applicants' files (CVs,
    motivation statements, contact details, scores).

    Trainers who only teach see participants' progress, not applicants' files;
    they may still turn it on. Applicants and participants may too.

    :param role: the person's role.
    :param assignments: the person's assignments, in every cohort.
    """
    if role not in MAY_BE_REQUIRED:
        return False
    if role == Role.ADMIN:
        return True
    return any(a.duty in APPLICANT_DUTIES for a in assignments)


def new_secret() -> str:
    """A fresh shared secret: 160 random bits in base32, as RFC 4226 recommends."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer
    )


def time_step(at: datetime) -> int:
    """The RFC 6238 counter for the moment ``at``."""
    return int(at.timestamp()) // STEP_SECONDS


def looks_like_code(text: str) -> bool:
    """Six digits (spaces allowed, as apps show "123 456")."""
    return re.fullmatch(rf"\d{{{DIGITS}}}", re.sub(r"\s", "", text)) is not None


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step whose code ``code`` is, within :data:`DRIFT_STEPS` of ``at``.

    :return: the step, to be remembered so the same code is refused again; ``None``
        when the code matches no step in the window.
    """
    code = re.sub(r"\s", "", code)
    if not looks_like_code(code):
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = time_step(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def fresh_step(step: int, last_used: int | None) -> bool:
    """A code counts once: only a step later than the last one used is accepted."""
    return last_used is None or step > last_used


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Single-use codes for when the phone is lost, shown once in groups of four
    (``abcd-efgh-...``)."""
    codes = []
    for _ in range(count):
        raw = "".join(
            secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH)
        )
        codes.append("-".join(raw[i : i + 4] for i in range(0, len(raw), 4)))
    return codes


def normalise_recovery_code(text: str) -> str:
    """What a recovery code is compared as: lower case, without spaces or dashes."""
    return re.sub(r"[\s-]", "", text).lower()


def pending_fresh(started: float, now: float, max_age: int) -> bool:
    """A half-finished sign-in (password right, code not yet given) still counts
    for ``max_age`` seconds after ``started``."""
    return 0 <= now - started <= max_age
