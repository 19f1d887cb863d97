"""The staff side of admissions: screening, interviews, scoring, ranking, decisions.

Who may do what is decided per cohort: administrators everywhere, trainers only in the
cohorts they are assigned to, as reviewer (screening) or interviewer (scoring).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.domain import selection as rules
from portal.domain.admissions import STAGE_ONE, Actor, Status
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    Cohort,
    CohortStaff,
    InterviewBooking,
    InterviewSlot,
    ReviewNote,
    Role,
    RubricLevel,
    ScoreSheet,
    StoredFile,
    User,
)
from portal.services.applications import change_status
from portal.services.errors import AttemptClosed, Forbidden, FormInvalid, NotFound

REVIEWER, INTERVIEWER = "reviewer", "interviewer"
SORTABLE = {
    "submitted": Application.submitted_at,
    "name": Application.full_name,
    "field": Application.field_of_study,
    "status": Application.status,
    "university": Application.university,
}


def duties(user: User, cohort_id: int) -> set[str]:
    if user.role == Role.ADMIN:
        return {REVIEWER, INTERVIEWER, "admin"}
    if user.role != Role.TRAINER:
        return set()
    return set(
        db.session.scalars(
            select(CohortStaff.duty).where(
                CohortStaff.cohort_id == cohort_id, CohortStaff.user_id == user.id
            )
        )
    )


def require(user: User, cohort_id: int, *allowed: str) -> None:
    """:raise Forbidden: the user has none of ``allowed`` duties in this cohort."""
    if not duties(user, cohort_id) & set(allowed):
        raise Forbidden("You are not assigned to this cohort's selection.")


def staff_cohorts(user: User) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.applications_close.desc())
    if user.role != Role.ADMIN:
        query = query.where(
            Cohort.id.in_(
                select(CohortStaff.cohort_id).where(CohortStaff.user_id == user.id)
            )
        )
    return list(db.session.scalars(query))


def blind(application: Application) -> bool:
    """Names and contacts are hidden while a blind-review cohort screens."""
    return application.cohort.blind_review and application.status in STAGE_ONE


@dataclass(frozen=True)
class Filters:
    status: str = ""
    field: str = ""
    language: str = ""
    sort: str = "submitted"
    descending: bool = False


def application_table(
    user: User, cohort_id: int, filters: Filters
) -> list[Application]:
    """Submitted applications of a cohort, filtered and sorted on the server."""
    require(user, cohort_id, REVIEWER, INTERVIEWER)
    query = select(Application).where(
        Application.cohort_id == cohort_id, Application.status != Status.DRAFT
    )
    if filters.status:
        query = query.where(Application.status == filters.status)
    if filters.field:
        query = query.where(Application.field_of_study == filters.field)
    column = SORTABLE.get(filters.sort, Application.submitted_at)
    query = query.order_by(
        column.desc() if filters.descending else column, Application.id
    )
    rows = list(db.session.scalars(query))
    if filters.language:  # languages are a JSON list: filter here, portably
        wanted = filters.language.casefold()
        rows = [
            a for a in rows if any(lang.casefold() == wanted for lang, _ in a.languages)
        ]
    return rows


def review_application(user: User, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.status == Status.DRAFT:
        raise NotFound("No such application.")
    require(user, application.cohort_id, REVIEWER, INTERVIEWER)
    return application


def eligibility(application: Application) -> tuple[rules.Flag, ...]:
    profile = rules.ApplicantProfile(
        application.field_of_study or "other",
        application.degree or "bachelor",
        application.study_status or "studying",
        application.graduation_year,
        tuple((lang, level) for lang, level in application.languages),
    )
    year = (application.cohort.starts_on or application.created_at.date()).year
    return rules.eligibility_flags(profile, year)


def history(application_id: int) -> list[ApplicationEvent]:
    return list(
        db.session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.at, ApplicationEvent.id)
        )
    )


def notes(application_id: int) -> list[ReviewNote]:
    return list(
        db.session.scalars(
            select(ReviewNote)
            .where(ReviewNote.application_id == application_id)
            .order_by(ReviewNote.created_at)
        )
    )


def add_note(user: User, application_id: int, body: str, now: datetime) -> None:
    review_application(user, application_id)
    db.session.add(
        ReviewNote(
            application_id=application_id,
            author_id=user.id,
            body=body.strip(),
            created_at=now,
        )
    )
    db.session.commit()


def screen(
    user: User, application_id: int, target: str, note: str, now: datetime
) -> None:
    """Stage 1: short-list, reject or hold a submitted application."""
    application = review_application(user, application_id)
    require(user, application.cohort_id, REVIEWER)
    actor = Actor.ADMIN if user.role == Role.ADMIN else Actor.REVIEWER
    change_status(application, target, user, actor, now, note)


def cv_file(user: User, application_id: int) -> StoredFile:
    """The CV, for its owner and for staff of that application's cohort only."""
    application = db.session.get(Application, application_id)
    if application is None or application.cv is None:
        raise NotFound("No CV.")
    if application.user_id != user.id:
        require(user, application.cohort_id, REVIEWER, INTERVIEWER)
    return application.cv


# -- interviews -----------------------------------------------------------------


def slots(cohort_id: int) -> list[tuple[InterviewSlot, InterviewBooking | None]]:
    bookings = {
        b.slot_id: b
        for b in db.session.scalars(
            select(InterviewBooking)
            .join(InterviewSlot)
            .where(InterviewSlot.cohort_id == cohort_id)
        )
    }
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
    require(user, cohort_id, "admin")
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
        raise NotFound("No such slot.")
    if application.user_id != user.id:
        require(user, application.cohort_id, "admin")
    if application.status != Status.SHORTLISTED:
        raise Forbidden("Only short-listed applications have interviews.")
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
        raise Forbidden("That slot has just been taken: choose another.") from None


def rubric() -> dict[str, dict[int, str]]:
    levels: dict[str, dict[int, str]] = {c: {} for c in rules.CRITERIA}
    for row in db.session.scalars(select(RubricLevel)):
        levels.setdefault(row.criterion, {})[row.level] = row.description
    return levels


def save_rubric(user: User, descriptions: dict[tuple[str, int], str]) -> None:
    if user.role != Role.ADMIN:
        raise Forbidden("Only administrators edit the rubric.")
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
    require(user, application.cohort_id, INTERVIEWER)
    if application.status not in (
        Status.SHORTLISTED,
        Status.WAITLISTED,
        Status.ADMITTED,
        Status.REJECTED,
    ):
        raise Forbidden("Only short-listed candidates are interviewed.")
    sheet = score_sheet(user, application_id)
    if sheet is not None and sheet.submitted_at is not None:
        raise AttemptClosed(
            "This score sheet has been submitted and cannot be changed."
        )
    if submit:
        missing = {
            c: "Give a score from 1 to 5."
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


@dataclass(frozen=True)
class RankRow:
    rank: int
    application: Application
    score: rules.CandidateScore
    proposal: rules.Decision


def ranking(user: User, cohort_id: int) -> list[RankRow]:
    """Interviewed candidates ranked by mean score, with the proposed decision."""
    require(user, cohort_id, "admin", INTERVIEWER)
    cohort = db.session.get(Cohort, cohort_id)
    applications = {
        a.id: a
        for a in db.session.scalars(
            select(Application).where(
                Application.cohort_id == cohort_id,
                Application.status.in_(
                    [
                        Status.SHORTLISTED,
                        Status.WAITLISTED,
                        Status.ADMITTED,
                        Status.DECLINED,
                    ]
                ),
            )
        )
    }
    sheets: dict[int, list[rules.ScoreSheet]] = {a: [] for a in applications}
    for sheet in db.session.scalars(
        select(ScoreSheet).where(
            ScoreSheet.application_id.in_(list(applications)),
            ScoreSheet.submitted_at.is_not(None),
        )
    ):
        sheets[sheet.application_id].append(
            rules.ScoreSheet(str(sheet.interviewer_id), sheet.scores)
        )
    candidates = [
        rules.Candidate(
            a.id, rules.candidate_score(sheets[a.id]), a.submitted_at or a.created_at
        )
        for a in applications.values()
    ]
    ranked = rules.rank_candidates(candidates)
    active = [c for c in ranked if applications[c.id].status != Status.DECLINED]
    proposals = rules.propose_decisions(active, cohort.capacity, cohort.waitlist_size)
    return [
        RankRow(
            i, applications[c.id], c.score, proposals.get(c.id, rules.Decision.REJECTED)
        )
        for i, c in enumerate(ranked, 1)
    ]


def decide(
    user: User, application_id: int, decision: str, now: datetime, note: str = ""
) -> None:
    """Stage 2: admit, wait-list or reject, within the cohort's capacity.

    :raise FormInvalid: admitting beyond capacity.
    """
    application = review_application(user, application_id)
    require(user, application.cohort_id, "admin")
    if decision == Status.ADMITTED:
        admitted = (
            db.session.scalar(
                select(db.func.count(Application.id)).where(
                    Application.cohort_id == application.cohort_id,
                    Application.status == Status.ADMITTED,
                )
            )
            or 0
        )
        if admitted >= application.cohort.capacity:
            raise FormInvalid(
                {
                    "decision": f"The cohort is full ({admitted} of "
                    f"{application.cohort.capacity} places)."
                }
            )
    change_status(application, decision, user, Actor.ADMIN, now, note)


def promote_from_waitlist(
    user: User, cohort_id: int, now: datetime
) -> Application | None:
    """Offer the place freed by a decline to the best-ranked waitlisted candidate."""
    require(user, cohort_id, "admin")
    rows = [
        r for r in ranking(user, cohort_id) if r.application.status == Status.WAITLISTED
    ]
    chosen = rules.next_from_waitlist(
        [
            rules.Candidate(
                r.application.id,
                r.score,
                r.application.submitted_at or r.application.created_at,
            )
            for r in rows
        ]
    )
    if chosen is None:
        return None
    decide(user, chosen.id, Status.ADMITTED, now, "promoted from the waiting list")
    return db.session.get(Application, chosen.id)


EXPORT_COLUMNS = (
    "id",
    "status",
    "full_name",
    "email",
    "phone",
    "city",
    "university",
    "field_of_study",
    "degree",
    "study_status",
    "graduation_year",
    "languages",
    "submitted_at",
    "interview",
    "mean_score",
    "spread",
)


def export_table(user: User, cohort_id: int) -> tuple[list[str], list[list]]:
    """All applications of a cohort as (headers, rows) for a CSV or Excel download
    (administrators only: it holds contacts)."""
    require(user, cohort_id, "admin")
    scores = {r.application.id: r.score for r in ranking(user, cohort_id)}
    bookings = {
        b.application_id: b
        for b in db.session.scalars(
            select(InterviewBooking)
            .join(InterviewSlot)
            .where(InterviewSlot.cohort_id == cohort_id)
        )
    }
    rows = []
    for a in application_table(user, cohort_id, Filters(sort="submitted")):
        score = scores.get(a.id)
        slot = bookings.get(a.id)
        rows.append(
            [
                a.id,
                a.status,
                a.full_name,
                a.user.email,
                a.phone,
                a.city,
                a.university,
                a.field_of_study,
                a.degree,
                a.study_status,
                a.graduation_year or "",
                "; ".join(f"{lang} {level}" for lang, level in a.languages),
                a.submitted_at.isoformat() if a.submitted_at else "",
                f"{slot.slot.starts_at:%Y-%m-%d %H:%M}" if slot else "",
                score.mean if score and score.mean is not None else "",
                score.spread if score and score.spread is not None else "",
            ]
        )
    return list(EXPORT_COLUMNS), rows
