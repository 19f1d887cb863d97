"""Self check-in: the room's screen with its rotating code, participants checking
themselves in with it, and what the session page says about attendance.

The server decides everything: the cohort, the window, the code, the mark (present
or late) and that a mark already there is never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.domain import checkin as rules
from portal.domain.access import Duty, Role
from portal.domain.attendance import Source
from portal.domain.checkin import DEFAULT_RULES, CheckInRules, Refusal, Window
from portal.extensions import db
from portal.models import AttendanceMark, ProgrammeSession, User
from portal.services import access
from portal.services.attendance import staff_session
from portal.services.errors import FormInvalid

#: The page status of each refusal: only a wrong code (422) counts towards the
#: guessing limit.
REFUSAL_STATUS = {
    Refusal.NOT_IN_COHORT: 404,
    Refusal.CANCELLED_SESSION: 409,
    Refusal.OUTSIDE_WINDOW: 403,
    Refusal.ALREADY_MARKED: 409,
    Refusal.WRONG_OR_EXPIRED_CODE: 422,
}


def refusal_message(reason: Refusal) -> str:
    return {
        Refusal.NOT_IN_COHORT: _("This session is not in your cohort's programme."),
        Refusal.CANCELLED_SESSION: _("This session is cancelled."),
        Refusal.OUTSIDE_WINDOW: _(
            "Check-in is closed: it opens shortly before the session starts and "
            "closes when it ends."
        ),
        Refusal.ALREADY_MARKED: _(
            "Your attendance at this session is already recorded."
        ),
        Refusal.WRONG_OR_EXPIRED_CODE: _(
            "That code is wrong or has expired. Type the code the screen shows now."
        ),
    }[reason]


class CheckInRefused(FormInvalid):
    """A check-in the rules refuse; ``reason`` says which rule."""

    def __init__(self, reason: Refusal):
        field = "code" if reason == Refusal.WRONG_OR_EXPIRED_CODE else "session"
        super().__init__({field: refusal_message(reason)})
        self.reason = reason
        self.status = REFUSAL_STATUS[reason]


def _own_mark(session_id: int, user_id: int) -> AttendanceMark | None:
    return db.session.scalar(
        select(AttendanceMark).where(
            AttendanceMark.session_id == session_id,
            AttendanceMark.user_id == user_id,
        )
    )


def check_in(
    session_id: int,
    participant: User,
    code: str,
    now: datetime,
    checkin_rules: CheckInRules = DEFAULT_RULES,
) -> AttendanceMark:
    """Check ``participant`` in to the session with the code the room shows.

    :param session_id: the session, as the form or the QR link named it.
    :param participant: who checks in; only the cohort's participants may.
    :param code: what they typed.
    :param now: when, naive UTC: the server's clock, never the client's.
    :param checkin_rules: the window and lateness settings.
    :return: the mark written (present or late, source ``check_in``).
    :raise CheckInRefused: for the first :class:`Refusal` that applies; nothing
        is written then.
    """
    session = db.session.get(ProgrammeSession, session_id)
    in_cohort = (
        session is not None
        and participant.role == Role.PARTICIPANT
        and participant.cohort_id == session.cohort_id
    )
    reason = rules.checkin_refusal(
        in_cohort=in_cohort,
        cancelled=in_cohort and session.cancelled,
        window_open=in_cohort
        and checkin_rules.window(session.starts_at, session.ends_at).contains(now),
        already_marked=in_cohort and _own_mark(session.id, participant.id) is not None,
        code_ok=in_cohort
        and session.checkin_secret is not None
        and rules.code_accepted(session.checkin_secret, code, now),
    )
    if reason is not None:
        raise CheckInRefused(reason)
    mark = AttendanceMark(
        session_id=session.id,
        user_id=participant.id,
        status=checkin_rules.mark(session.starts_at, now),
        source=Source.CHECK_IN,
        marked_at=now,
        marked_by_id=participant.id,
    )
    db.session.add(mark)
    try:
        db.session.commit()
    except IntegrityError:  # a trainer's mark or a second tab got there first
        db.session.rollback()
        raise CheckInRefused(Refusal.ALREADY_MARKED) from None
    return mark


@dataclass(frozen=True)
class Arrival:
    name: str
    status: str
    marked_at: datetime


@dataclass(frozen=True)
class CodeScreen:
    """What the room's screen shows: the code while check-in is open (None
    before and after), when it changes, and who has checked in so far."""

    session: ProgrammeSession
    window: Window
    code: str | None
    changes_at: datetime | None
    arrivals: list[Arrival]

    def state(self, now: datetime) -> str:
        """``open``, ``ahead`` (not open yet) or ``closed``."""
        if self.code is not None:
            return "open"
        return "ahead" if self.window.ahead(now) else "closed"


def arrivals(session_id: int) -> list[Arrival]:
    """Everyone who checked themselves in, in the order they came."""
    rows = db.session.execute(
        select(User.full_name, AttendanceMark.status, AttendanceMark.marked_at)
        .join(User, User.id == AttendanceMark.user_id)
        .where(
            AttendanceMark.session_id == session_id,
            AttendanceMark.source == Source.CHECK_IN,
        )
        .order_by(AttendanceMark.marked_at, AttendanceMark.id)
    )
    return [Arrival(*row) for row in rows]


def current_code(
    session_id: int,
    actor: User,
    now: datetime,
    checkin_rules: CheckInRules = DEFAULT_RULES,
) -> CodeScreen:
    """The room's screen for staff: the code of this minute while check-in is
    open (the session's secret is made the first time it is shown), and the
    arrivals so far.

    :raise NotFound: no such session, or ``actor`` does not teach its cohort.
    """
    session = staff_session(session_id, actor)
    window = checkin_rules.window(session.starts_at, session.ends_at)
    code = changes_at = None
    if window.contains(now) and not session.cancelled:
        if session.checkin_secret is None:
            session.checkin_secret = rules.new_secret()
            db.session.commit()
        code = rules.room_code(session.checkin_secret, now)
        changes_at = rules.code_changes_at(now)
    return CodeScreen(session, window, code, changes_at, arrivals(session.id))


def open_sessions(
    participant: User, now: datetime, checkin_rules: CheckInRules = DEFAULT_RULES
) -> list[ProgrammeSession]:
    """The sessions of the participant's cohort open for check-in now, for the
    check-in form to choose from (none for anyone outside a cohort)."""
    if participant.cohort_id is None:
        return []
    early = now + timedelta(minutes=checkin_rules.opens_minutes)
    found = db.session.scalars(
        select(ProgrammeSession)
        .where(
            ProgrammeSession.cohort_id == participant.cohort_id,
            ProgrammeSession.status != "cancelled",
            ProgrammeSession.starts_at <= early,
            ProgrammeSession.ends_at > now,
        )
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    return list(found)


@dataclass(frozen=True)
class SessionLinks:
    """What the session page offers about attendance: staff take the register and
    show the code; a participant checks in while the window is open and sees
    their mark once there is one."""

    staff: bool
    window_open: bool
    mark: AttendanceMark | None


def session_links(
    session: ProgrammeSession,
    user: User,
    now: datetime,
    checkin_rules: CheckInRules = DEFAULT_RULES,
) -> SessionLinks:
    """For the session page: one query for staff (their duties), one for a
    participant of the cohort (their mark), none for anyone else."""
    if user.role in (Role.ADMIN, Role.TRAINER):
        staff = Duty.TEACHER in access.duties(user, session.cohort_id)
        return SessionLinks(staff, False, None)
    if user.role != Role.PARTICIPANT or user.cohort_id != session.cohort_id:
        return SessionLinks(False, False, None)
    window = checkin_rules.window(session.starts_at, session.ends_at)
    open_now = window.contains(now) and not session.cancelled
    return SessionLinks(False, open_now, _own_mark(session.id, user.id))
