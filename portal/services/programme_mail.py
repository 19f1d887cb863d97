"""The programme's emails, queued in the outbox with the change they report (the
caller commits): an invitation when a session is added, a notice when it changes
or is cancelled, a place offered from a waiting list, the day-before reminder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from portal.models import ProgrammeSession, SessionRegistration


def sessions_added(sessions: Sequence[ProgrammeSession], now: datetime) -> None:
    """Invite the cohort's participants to new sessions (one letter per person,
    however many sessions a programme file added)."""


def session_changed(
    session: ProgrammeSession, now: datetime, changed: Sequence[str]
) -> None:
    """Tell the cohort what changed (``changed`` names the fields: ``time``,
    ``place``, ``title``...)."""


def session_cancelled(session: ProgrammeSession, now: datetime) -> None:
    """Tell the cohort (and anyone registered or waiting) that it is off."""


def place_offered(registration: SessionRegistration, now: datetime) -> None:
    """Tell someone their place on a waiting list became a place at the event."""
