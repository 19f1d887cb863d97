"""Cohorts: runs of the programme, their staff and module release dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal.domain.access import Duty
from portal.extensions import db
from portal.models import Cohort, CohortStaff, ModuleRelease, Role, User
from portal.services.errors import FormInvalid, NotFound


@dataclass
class CohortForm:
    name: str
    description: str
    applications_open: datetime | None
    applications_close: datetime | None
    interviews_start: date | None
    interviews_end: date | None
    starts_on: date | None
    ends_on: date | None
    capacity: int
    waitlist_size: int
    blind_review: bool


def all_cohorts() -> list[Cohort]:
    return list(
        db.session.scalars(
            select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id.desc())
        )
    )


def get(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound(_("No such cohort."))
    return cohort


def date_problems(form: CohortForm) -> dict[str, str]:
    errors = {}
    if (
        form.applications_open
        and form.applications_close
        and form.applications_close <= form.applications_open
    ):
        errors["applications_close"] = _("The window must close after it opens.")
    if (
        form.interviews_start
        and form.interviews_end
        and form.interviews_end < form.interviews_start
    ):
        errors["interviews_end"] = _("Interviews must end on or after their first day.")
    if form.starts_on and form.ends_on and form.ends_on <= form.starts_on:
        errors["ends_on"] = _("The programme must end after it starts.")
    return errors


def save_cohort(cohort_id: int | None, form: CohortForm) -> Cohort:
    """Create or update a cohort.

    :raise FormInvalid: dates out of order or a name already in use.
    """
    errors = date_problems(form)
    clash = db.session.scalar(select(Cohort.id).where(Cohort.name == form.name.strip()))
    if clash is not None and clash != cohort_id:
        errors["name"] = _("Another cohort has this name.")
    if errors:
        raise FormInvalid(errors)
    cohort = get(cohort_id) if cohort_id else Cohort()
    for name, value in vars(form).items():
        setattr(cohort, name, value.strip() if isinstance(value, str) else value)
    db.session.add(cohort)
    db.session.commit()
    return cohort


def staff(cohort_id: int) -> list[CohortStaff]:
    return list(
        db.session.scalars(
            select(CohortStaff)
            .where(CohortStaff.cohort_id == cohort_id)
            .order_by(CohortStaff.duty)
        )
    )


def trainers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.TRAINER, User.active.is_(True))
            .order_by(User.full_name)
        )
    )


def set_staff(
    cohort_id: int,
    reviewers: list[int],
    interviewers: list[int],
    teachers: list[int] | None = None,
) -> None:
    """Who screens, interviews and (duty "teacher") teaches the cohort; teachers see
    its analytics. ``teachers=None`` leaves the teachers as they are."""
    get(cohort_id)
    allowed = {u.id for u in trainers()}
    duties = [Duty.REVIEWER, Duty.INTERVIEWER]
    duties += [Duty.TEACHER] if teachers is not None else []
    db.session.execute(
        delete(CohortStaff).where(
            CohortStaff.cohort_id == cohort_id, CohortStaff.duty.in_(duties)
        )
    )
    for duty, ids in (
        (Duty.REVIEWER, reviewers),
        (Duty.INTERVIEWER, interviewers),
        (Duty.TEACHER, teachers or []),
    ):
        for user_id in set(ids) & allowed:
            db.session.add(CohortStaff(cohort_id=cohort_id, user_id=user_id, duty=duty))
    db.session.commit()


def releases(cohort_id: int) -> dict[str, date]:
    return dict(
        db.session.execute(
            select(ModuleRelease.module_slug, ModuleRelease.opens_on).where(
                ModuleRelease.cohort_id == cohort_id
            )
        ).all()
    )


def set_releases(cohort_id: int, dates: dict[str, date | None]) -> None:
    """Module release dates for a cohort; an empty date removes the rule."""
    get(cohort_id)
    db.session.execute(
        delete(ModuleRelease).where(ModuleRelease.cohort_id == cohort_id)
    )
    for slug, day in dates.items():
        if day is not None:
            db.session.add(
                ModuleRelease(cohort_id=cohort_id, module_slug=slug, opens_on=day)
            )
    db.session.commit()
