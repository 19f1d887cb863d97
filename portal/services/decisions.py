"""The end of selection: ranking by interview scores, offers within capacity, the
waiting list, and the applications export (administrators only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain import selection as rules
from portal.domain.access import Duty
from portal.domain.admissions import Actor, Status
from portal.extensions import db
from portal.models import (
    Application,
    Cohort,
    ScoreSheet,
    User,
)
from portal.services.access import require
from portal.services.application_status import change_status
from portal.services.errors import FormInvalid
from portal.services.interviews import cohort_bookings
from portal.services.outbox import Letters
from portal.services.selection import (
    Filters,
    application_table,
    review_application,
)


@dataclass(frozen=True)
class RankRow:
    rank: int
    application: Application
    score: rules.CandidateScore
    proposal: rules.Decision


def ranking(user: User, cohort_id: int) -> list[RankRow]:
    """Interviewed candidates ranked by mean score, with the proposed decision; the
    viewer's own application is left out (others decide on it)."""
    return [
        row for row in _ranking(user, cohort_id) if row.application.user_id != user.id
    ]


def _ranking(user: User, cohort_id: int) -> list[RankRow]:
    require(user, cohort_id, Duty.ADMIN, Duty.INTERVIEWER)
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
    user: User,
    application_id: int,
    decision: str,
    now: datetime,
    note: str = "",
    *,
    letters: Letters,
) -> None:
    """Stage 2: admit, wait-list or reject, within the cohort's capacity.

    :raise FormInvalid: admitting beyond capacity.
    """
    application = review_application(user, application_id)
    require(user, application.cohort_id, Duty.ADMIN)
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
                    "decision": _(
                        "The cohort is full (%(admitted)d of %(capacity)d places).",
                        admitted=admitted,
                        capacity=application.cohort.capacity,
                    )
                }
            )
    change_status(application, decision, user, Actor.ADMIN, now, note, letters=letters)


def promote_from_waitlist(
    user: User, cohort_id: int, now: datetime, *, letters: Letters
) -> Application | None:
    """Offer the place freed by a decline to the best-ranked waitlisted candidate."""
    require(user, cohort_id, Duty.ADMIN)
    rows = [  # all of them: promoting one's own application is refused by decide
        r
        for r in _ranking(user, cohort_id)
        if r.application.status == Status.WAITLISTED
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
    decide(
        user,
        chosen.id,
        Status.ADMITTED,
        now,
        "promoted from the waiting list",
        letters=letters,
    )
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
    require(user, cohort_id, Duty.ADMIN)
    scores = {r.application.id: r.score for r in ranking(user, cohort_id)}
    bookings = {b.application_id: b for b in cohort_bookings(cohort_id)}
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
