"""Stage two of selection: interview slots and bookings, the scoring rubric, and
interviewers' score sheets. Access is decided per cohort (see :mod:`access`)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.domain import selection as rules
from portal.domain.access import Duty
from portal.domain.admissions import Status
from portal.domain.rubric import rubric_levels
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    InterviewBooking,
    InterviewSlot,
    RubricLevel,
    ScoreSheet,
    User,
)
from portal.services.access import require
from portal.services.errors import AttemptClosed, Forbidden, FormInvalid, NotFound
from portal.services.selection import review_application


def cohort_bookings(cohort_id: int) -> list[InterviewBooking]:
    """Every interview booked in the cohort."""
    return list(
        db.session.scalars(
            select(InterviewBooking)
            .join(InterviewSlot)
            .where(InterviewSlot.cohort_id == cohort_id)
        )
    )


def slots(
    user: User, cohort_id: int
) -> list[tuple[InterviewSlot, InterviewBooking | None]]:
    """The cohort's interview slots with their bookings, for its administrators and
    interviewers.

    :raise Forbidden: ``user`` neither administers nor interviews in this cohort.
    """
    require(user, cohort_id, Duty.ADMIN, Duty.INTERVIEWER)
    bookings = {b.slot_id: b for b in cohort_bookings(cohort_id)}
    return [
        (slot, bookings.get(slot.id))
        for slot in db.session.scalars(
            select(InterviewSlot)
            .where(InterviewSlot.cohort_id == cohort_id)
            .order_by(InterviewSlot.starts_at)
        )
    ]


def create_slot(
    user: User, cohort_id: int, starts_at: datetime, minutes: int, location: str
) -> InterviewSlot:
    require(user, cohort_id, Duty.ADMIN)
    slot = InterviewSlot(
        cohort_id=cohort_id,
        starts_at=starts_at,
        minutes=minutes,
        location=location.strip(),
    )
    db.session.add(slot)
    db.session.commit()
    return slot


def booking(application_id: int) -> InterviewBooking | None:
    return db.session.scalar(
        select(InterviewBooking).where(
            InterviewBooking.application_id == application_id
        )
    )


def book_slot(user: User, application_id: int, slot_id: int, now: datetime) -> None:
    """The short-listed applicant picks a free slot, or an administrator assigns one.

    A change of slot is recorded in the audit trail; the unique keys keep one booking
    per application and one application per slot, even when two pick at once.

    :raise Forbidden: not short-listed, not yours, or the slot is taken.
    """
    application = db.session.get(Application, application_id)
    slot = db.session.get(InterviewSlot, slot_id)
    if application is None or slot is None or slot.cohort_id != application.cohort_id:
        raise NotFound(_("No such slot."))
    if application.user_id != user.id:
        require(user, application.cohort_id, Duty.ADMIN)
    if application.status != Status.SHORTLISTED:
        raise Forbidden(_("Only short-listed applications have interviews."))
    current = booking(application_id)
    before = f"{current.slot.starts_at:%Y-%m-%d %H:%M}" if current else ""
    if current is not None:
        db.session.delete(current)
        db.session.flush()
    db.session.add(
        InterviewBooking(
            application_id=application_id,
            slot_id=slot_id,
            booked_by_id=user.id,
            booked_at=now,
        )
    )
    db.session.add(
        ApplicationEvent(
            application_id=application_id,
            actor_id=user.id,
            at=now,
            kind="slot",
            from_status=application.status,
            to_status=application.status,
            note=f"interview slot {before + ' -> ' if before else ''}"
            f"{slot.starts_at:%Y-%m-%d %H:%M}, {slot.location}",
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Forbidden(_("That slot has just been taken: choose another.")) from None


def rubric() -> dict[str, dict[int, str]]:
    """What each score means per criterion: the saved wording over the shipped one."""
    return rubric_levels(
        {
            (r.criterion, r.level): r.description
            for r in db.session.scalars(select(RubricLevel))
        }
    )


def save_rubric(user: User, descriptions: dict[tuple[str, int], str]) -> None:
    if not user.is_admin:
        raise Forbidden(_("Only administrators edit the rubric."))
    existing = {
        (r.criterion, r.level): r for r in db.session.scalars(select(RubricLevel))
    }
    for (criterion, level), text in descriptions.items():
        row = existing.get((criterion, level))
        if row is None:
            db.session.add(
                RubricLevel(criterion=criterion, level=level, description=text)
            )
        else:
            row.description = text
    db.session.commit()


def score_sheet(user: User, application_id: int) -> ScoreSheet | None:
    return db.session.scalar(
        select(ScoreSheet).where(
            ScoreSheet.application_id == application_id,
            ScoreSheet.interviewer_id == user.id,
        )
    )


def save_score_sheet(
    user: User,
    application_id: int,
    scores: dict[str, int],
    comments: dict[str, str],
    submit: bool,
    now: datetime,
) -> ScoreSheet:
    """Save an interviewer's draft scores, or submit them; a submitted sheet is final.

    :raise AttemptClosed: the sheet was submitted already.
    :raise FormInvalid: submitting with a criterion unscored.
    """
    application = review_application(user, application_id)
    require(user, application.cohort_id, Duty.INTERVIEWER)
    if application.status not in (
        Status.SHORTLISTED,
        Status.WAITLISTED,
        Status.ADMITTED,
        Status.REJECTED,
    ):
        raise Forbidden(_("Only short-listed candidates are interviewed."))
    sheet = score_sheet(user, application_id)
    if sheet is not None and sheet.submitted_at is not None:
        raise AttemptClosed(
            _("This score sheet has been submitted and cannot be changed.")
        )
    if submit:
        missing = {
            c: _("Give a score from 1 to 5.")
            for c in rules.CRITERIA
            if not 1 <= scores.get(c, 0) <= 5
        }
        if missing:
            raise FormInvalid(missing)
    if sheet is None:
        sheet = ScoreSheet(application_id=application_id, interviewer_id=user.id)
        db.session.add(sheet)
    sheet.scores, sheet.comments, sheet.updated_at = dict(scores), dict(comments), now
    if submit:
        sheet.submitted_at = now
    db.session.commit()
    return sheet
