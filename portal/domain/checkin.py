"""Self check-in in the room: when it is open, whether an arrival is on time or
late, the rotating code shown on the room's screen, and why a check-in is refused.
Pure rules; the attendance service loads the rows and stores what they decide."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import pyotp

from portal.domain.attendance import Mark

#: The code on the screen changes every minute; six digits, as people read them.
STEP_SECONDS = 60
DIGITS = 6


class Refusal(StrEnum):
    """Why the server refused a check-in (checked in this order)."""

    NOT_IN_COHORT = "not_in_cohort"
    CANCELLED_SESSION = "cancelled_session"
    OUTSIDE_WINDOW = "outside_window"
    ALREADY_MARKED = "already_marked"
    WRONG_OR_EXPIRED_CODE = "wrong_or_expired_code"


@dataclass(frozen=True)
class Window:
    """The time in which participants may check themselves in: from ``opens``
    (inclusive) until ``closes`` (exclusive), naive UTC."""

    opens: datetime
    closes: datetime

    def contains(self, moment: datetime) -> bool:
        return self.opens <= moment < self.closes

    def ahead(self, moment: datetime) -> bool:
        """The window has not opened yet at ``moment``."""
        return moment < self.opens


def checkin_window(
    starts_at: datetime, ends_at: datetime, opens_minutes: int
) -> Window:
    """Check-in opens ``opens_minutes`` before the start and closes at the end.

    :param starts_at: the session's start, naive UTC.
    :param ends_at: the session's end, naive UTC.
    :param opens_minutes: how early people may check in (people come in early).
    """
    return Window(starts_at - timedelta(minutes=opens_minutes), ends_at)


def checkin_mark(
    starts_at: datetime, moment: datetime, late_after_minutes: int
) -> Mark:
    """What a check-in at ``moment`` counts as: present up to ``late_after_minutes``
    after the start, late from then on.

    :param starts_at: the session's start, naive UTC.
    :param moment: when the participant checked in, naive UTC.
    :param late_after_minutes: the grace after the start.
    """
    if moment < starts_at + timedelta(minutes=late_after_minutes):
        return Mark.PRESENT
    return Mark.LATE


@dataclass(frozen=True)
class CheckInRules:
    """The two settings check-in follows (``ATTENDANCE_CHECKIN_OPENS_MINUTES`` and
    ``ATTENDANCE_LATE_AFTER_MINUTES``), passed in by whoever read the config."""

    opens_minutes: int = 15
    late_after_minutes: int = 15

    def window(self, starts_at: datetime, ends_at: datetime) -> Window:
        return checkin_window(starts_at, ends_at, self.opens_minutes)

    def mark(self, starts_at: datetime, moment: datetime) -> Mark:
        return checkin_mark(starts_at, moment, self.late_after_minutes)


DEFAULT_RULES = CheckInRules()


def new_secret() -> str:
    """A fresh seed for a session's rotating code (160 random bits, base32)."""
    return pyotp.random_base32(32)


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def _step(moment: datetime) -> int:
    # Stored times are naive UTC: say so, or timestamp() reads the machine's zone.
    return int(moment.replace(tzinfo=UTC).timestamp()) // STEP_SECONDS


def room_code(secret: str, moment: datetime) -> str:
    """The code the room's screen shows at ``moment``."""
    return _totp(secret).generate_otp(_step(moment))


def code_changes_at(moment: datetime) -> datetime:
    """When the code shown at ``moment`` is replaced by the next one (it is still
    accepted for one more step after that, for whoever is typing it)."""
    return datetime.fromtimestamp((_step(moment) + 1) * STEP_SECONDS, UTC).replace(
        tzinfo=None
    )


def code_accepted(secret: str, code: str, moment: datetime) -> bool:
    """Whether ``code`` is the current step's code or the previous step's; spaces
    are ignored, anything else is wrong.

    :param secret: the session's ``checkin_secret``.
    :param code: what the participant typed.
    :param moment: when they sent it, naive UTC.
    """
    code = re.sub(r"\s", "", code or "")
    if re.fullmatch(rf"\d{{{DIGITS}}}", code) is None:
        return False
    step = _step(moment)
    totp = _totp(secret)
    # Both compared, always: the answer's timing says nothing about which matched.
    matches = [
        hmac.compare_digest(totp.generate_otp(s), code) for s in (step - 1, step)
    ]
    return any(matches)


def checkin_refusal(
    *,
    in_cohort: bool,
    cancelled: bool,
    window_open: bool,
    already_marked: bool,
    code_ok: bool,
) -> Refusal | None:
    """Why a check-in is refused, or ``None`` when it counts.

    The cohort is asked first, so someone from another cohort learns nothing about
    the session; a mark already there (a trainer's or an earlier check-in) is never
    replaced, so the code is asked last.
    """
    if not in_cohort:
        return Refusal.NOT_IN_COHORT
    if cancelled:
        return Refusal.CANCELLED_SESSION
    if not window_open:
        return Refusal.OUTSIDE_WINDOW
    if already_marked:
        return Refusal.ALREADY_MARKED
    if not code_ok:
        return Refusal.WRONG_OR_EXPIRED_CODE
    return None
