"""The staff side of admissions: who may do what, and stage one (screening).

Who may do what is decided per cohort by :mod:`portal.services.access`: administrators
everywhere, trainers only in the cohorts they are assigned to, as reviewer (screening)
or interviewer (scoring).
Interviews and scoring are in :mod:`portal.services.interviews`; ranking, offers and
the export in :mod:`portal.services.decisions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from portal.domain import selection as rules
from portal.domain.access import Duty
from portal.domain.admissions import STAGE_ONE, Actor, Status
from portal.domain.conflicts import may_judge
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    Cohort,
    ReviewNote,
    StoredFile,
    User,
)
from portal.services.access import require, visible_cohorts
from portal.services.application_status import change_status
from portal.services.errors import Forbidden, NotFound
from portal.services.outbox import Letters

SORTABLE = {
    "submitted": Application.submitted_at,
    "name": Application.full_name,
    "field": Application.field_of_study,
    "status": Application.status,
    "university": Application.university,
}


def staff_cohorts(user: User) -> list[Cohort]:
    """Cohorts whose selection ``user`` screens or interviews, latest window first."""
    return visible_cohorts(
        user,
        Duty.REVIEWER,
        Duty.INTERVIEWER,
        order_by=(Cohort.applications_close.desc(),),
    )


def blind(application: Application) -> bool:
    """Names, contacts and the CV are hidden while a blind-review cohort screens."""
    return application.cohort.blind_review and application.status in STAGE_ONE


def sort_column(cohort: Cohort, sort: str):
    """The column a table is sorted by; a blind-screening cohort is never sorted by
    name, which would give away who is who."""
    if sort == "name" and cohort.blind_review:
        sort = "submitted"
    return SORTABLE.get(sort, Application.submitted_at)


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
    """Submitted applications of a cohort, filtered and sorted on the server; the
    viewer's own application is never among them (others review it)."""
    require(user, cohort_id, Duty.REVIEWER, Duty.INTERVIEWER)
    query = select(Application).where(
        Application.cohort_id == cohort_id,
        Application.status != Status.DRAFT,
        Application.user_id != user.id,
    )
    if filters.status:
        query = query.where(Application.status == filters.status)
    if filters.field:
        query = query.where(Application.field_of_study == filters.field)
    column = sort_column(db.session.get(Cohort, cohort_id), filters.sort)
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
    """A submitted application, for staff of its cohort other than its applicant:
    everything staff do to an application (notes, screening, scores, decisions)
    starts here.

    :raise NotFound: no such application, or a draft.
    :raise Forbidden: not staff of the cohort, or the viewer's own application.
    """
    application = db.session.get(Application, application_id)
    if application is None or application.status == Status.DRAFT:
        raise NotFound(gettext("No such application."))
    require(user, application.cohort_id, Duty.REVIEWER, Duty.INTERVIEWER)
    if not may_judge(user.id, application.user_id):
        raise Forbidden(gettext("This is your own application: other staff review it."))
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
    user: User,
    application_id: int,
    target: str,
    note: str,
    now: datetime,
    *,
    letters: Letters,
) -> None:
    """Stage 1: short-list, reject or hold a submitted application."""
    application = review_application(user, application_id)
    require(user, application.cohort_id, Duty.REVIEWER)
    actor = Actor.ADMIN if user.is_admin else Actor.REVIEWER
    change_status(application, target, user, actor, now, note, letters=letters)


def cv_file(user: User, application_id: int) -> StoredFile:
    """The CV, for its owner, and for staff of that application's cohort once it is
    submitted and unless blind screening hides it.

    :raise NotFound: no CV, or (for staff) the application is still a draft.
    :raise Forbidden: not staff of the cohort, or blind screening is on.
    """
    application = db.session.get(Application, application_id)
    if application is None or application.cv is None:
        raise NotFound(gettext("No CV."))
    if application.user_id == user.id:
        return application.cv
    require(user, application.cohort_id, Duty.REVIEWER, Duty.INTERVIEWER)
    if application.status == Status.DRAFT:
        raise NotFound(gettext("No CV."))
    if blind(application):
        raise Forbidden(gettext("Blind screening hides the CV until screening ends."))
    return application.cv
