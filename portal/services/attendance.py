"""Taking the register: trainers mark the cohort's participants present, late,
excused or absent, with a note; every correction of a mark is kept in the audit
log with who changed what, when.

Staff are administrators and the trainers who teach the session's cohort; anyone
else is told the session does not exist. Self check-in is :mod:`checkin`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from portal.domain.access import Duty
from portal.domain.attendance import Entry, Mark, Source, register_changes
from portal.extensions import db
from portal.models import AttendanceMark, ProgrammeSession, User
from portal.reports.members import cohort_members
from portal.services import access, audit
from portal.services.errors import Invalid, NotFound, PortalError

NOTE_LENGTH = 500


class RegisterChanged(PortalError):
    """Two people saved first marks for the same participant at once."""

    status = 409


def staff_session(session_id: int, actor: User) -> ProgrammeSession:
    """The session, for someone who may take its register.

    :raise NotFound: no such session, or ``actor`` does not teach its cohort.
    """
    session = db.session.get(ProgrammeSession, session_id)
    if session is None or Duty.TEACHER not in access.duties(actor, session.cohort_id):
        raise NotFound(_("No such session."))
    return session


@dataclass(frozen=True)
class RegisterRow:
    """A participant of the cohort, their mark (None: not marked yet) and the name
    of whoever wrote it."""

    user: User
    mark: AttendanceMark | None
    marked_by: str | None

    @property
    def checked_in(self) -> bool:
        return self.mark is not None and self.mark.source == Source.CHECK_IN


@dataclass(frozen=True)
class Register:
    session: ProgrammeSession
    rows: list[RegisterRow]

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.rows if r.mark and r.mark.status in statuses)

    @property
    def unmarked(self) -> int:
        return sum(1 for r in self.rows if r.mark is None)


def register_rows(session: ProgrammeSession) -> list[RegisterRow]:
    """The cohort's participants by name, each with their mark and its author:
    one query."""
    marker = aliased(User)
    rows = db.session.execute(
        select(User, AttendanceMark, marker.full_name)
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.user_id == User.id,
                AttendanceMark.session_id == session.id,
            ),
        )
        .outerjoin(marker, marker.id == AttendanceMark.marked_by_id)
        .where(User.id.in_(cohort_members(session.cohort_id)))
        .order_by(User.full_name, User.id)
    )
    return [RegisterRow(user, mark, name) for user, mark, name in rows]


def register_view(session_id: int, actor: User) -> Register:
    """The register of a session: its cohort's participants and their marks.

    :param session_id: the programme session.
    :param actor: who asks; staff of the session's cohort only.
    :raise NotFound: no such session, or not ``actor``'s to see.
    """
    session = staff_session(session_id, actor)
    return Register(session, register_rows(session))


def _checked(session: ProgrammeSession, marks: Mapping[int, Entry]) -> None:
    """:raise Invalid: a cancelled session, a person who is not a participant of
    the cohort, a status that is not a mark or an overlong note: nothing the
    register page could have sent."""
    if session.cancelled:
        raise Invalid(_("This session is cancelled: it has no register."))
    members = set(db.session.scalars(cohort_members(session.cohort_id)))
    if set(marks) - members:
        raise Invalid(_("Only the cohort's participants can be marked."))
    for status, note in marks.values():
        if status not in set(Mark) or len(note) > NOTE_LENGTH:
            raise Invalid(_("That is not a mark the register knows."))


def _detail(mark: AttendanceMark) -> dict[str, object]:
    return {
        "status": mark.status,
        "note": mark.note,
        "source": mark.source,
        "marked_by": mark.marked_by_id,
        "marked_at": mark.marked_at.isoformat(" ", "seconds"),
    }


def take_register(
    session_id: int,
    marks: Mapping[int, Entry],
    actor: User,
    now: datetime,
) -> tuple[int, int]:
    """Save a register: first marks are written, changed marks corrected, and
    rows sent as they were left alone (their author and time stay).

    Each correction is recorded in the audit log (``attendance.corrected``) with
    the mark before and after; the first marks of one save are one
    ``attendance.marked`` event that counts them.

    :param session_id: the programme session.
    :param marks: ``{participant id: (status, note)}``; participants left out
        keep whatever they have.
    :param actor: who takes the register; staff of the session's cohort only.
    :param now: when, naive UTC.
    :return: how many marks were new, and how many were corrected.
    :raise NotFound: no such session, or not ``actor``'s.
    :raise Invalid: see :func:`_checked`.
    :raise RegisterChanged: someone else saved the same rows at the same time.
    """
    session = staff_session(session_id, actor)
    marks = {uid: (status, note.strip()) for uid, (status, note) in marks.items()}
    _checked(session, marks)
    held = {
        m.user_id: m
        for m in db.session.scalars(
            select(AttendanceMark).where(
                AttendanceMark.session_id == session.id,
                AttendanceMark.user_id.in_(marks),
            )
        )
    }
    changes = register_changes(
        {uid: (m.status, m.note) for uid, m in held.items()}, marks
    )
    _write_first_marks(session, changes.new, actor, now)
    for change in changes.corrected:
        _correct(session, held[change.user_id], change.after, actor, now)
    try:
        db.session.commit()
    except IntegrityError:  # another trainer saved the same rows at this moment
        db.session.rollback()
        raise RegisterChanged(
            _("Someone else saved this register just now. Reload it and check.")
        ) from None
    return len(changes.new), len(changes.corrected)


def _write_first_marks(
    session: ProgrammeSession, new: Mapping[int, Entry], actor: User, now: datetime
) -> None:
    """Add the first marks of a save and one audit event that counts them."""
    if not new:
        return
    for uid, (status, note) in new.items():
        db.session.add(
            AttendanceMark(
                session_id=session.id,
                user_id=uid,
                status=status,
                note=note,
                source=Source.REGISTER,
                marked_at=now,
                marked_by_id=actor.id,
            )
        )
    kinds = Counter(status for status, _note in new.values())
    audit.record(
        actor.id,
        "attendance.marked",
        f"session {session.id}",
        now,
        marked=len(new),
        **{str(Mark(status)): n for status, n in sorted(kinds.items())},
    )


def _correct(
    session: ProgrammeSession,
    mark: AttendanceMark,
    after: Entry,
    actor: User,
    now: datetime,
) -> None:
    """Change one mark and record it, before and after, with who and when."""
    before = _detail(mark)
    mark.status, mark.note = after
    mark.source, mark.marked_at, mark.marked_by_id = Source.REGISTER, now, actor.id
    audit.record(
        actor.id,
        "attendance.corrected",
        f"session {session.id}",
        now,
        participant=mark.user_id,
        before=before,
        after={"status": mark.status, "note": mark.note},
    )


def mark_all_present(session_id: int, actor: User, now: datetime) -> int:
    """Mark present everyone not marked yet. Marks already there (check-ins, an
    excused absence, a trainer's earlier mark) stay as they are, so the button
    never undoes anyone's work.

    :return: how many were marked.
    :raise NotFound: no such session, or not ``actor``'s.
    """
    session = staff_session(session_id, actor)
    unmarked = [r.user.id for r in register_rows(session) if r.mark is None]
    new, _corrected = take_register(
        session.id, {uid: (Mark.PRESENT, "") for uid in unmarked}, actor, now
    )
    return new
