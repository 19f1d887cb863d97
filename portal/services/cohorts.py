"""Cohorts: runs of the programme, their staff and module release dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal.domain.access import Duty
from portal.domain.attendance import ExcusedPolicy
from portal.domain.conflicts import conflicted_assignees
from portal.extensions import db
from portal.models import Application, Cohort, CohortStaff, ModuleRelease, Role, User
from portal.services import audit
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
    attendance_minimum: int | None = None  # percent; None: no attendance rule
    excused_absences: str = ExcusedPolicy.EXCLUDED


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


def attendance_problems(form: CohortForm) -> dict[str, str]:
    """The attendance rule: a percentage, and one of the excused-absence policies."""
    errors = {}
    if form.attendance_minimum is not None and not 0 <= form.attendance_minimum <= 100:
        errors["attendance_minimum"] = _("Give a percentage from 0 to 100.")
    if form.excused_absences not in set(ExcusedPolicy):
        errors["excused_absences"] = _("Choose how excused absences count.")
    return errors


def save_cohort(
    cohort_id: int | None, form: CohortForm, actor: User, now: datetime
) -> Cohort:
    """Create or update a cohort, recording what changed in the audit log.

    :raise FormInvalid: dates out of order, a name already in use, or an
        attendance rule out of range.
    """
    errors = date_problems(form) | attendance_problems(form)
    clash = db.session.scalar(select(Cohort.id).where(Cohort.name == form.name.strip()))
    if clash is not None and clash != cohort_id:
        errors["name"] = _("Another cohort has this name.")
    if errors:
        raise FormInvalid(errors)
    cohort = get(cohort_id) if cohort_id else Cohort()
    changed = {}
    for name, value in vars(form).items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(cohort, name) != value:
            changed[name] = str(value) if value is not None else None
        setattr(cohort, name, value)
    db.session.add(cohort)
    db.session.flush()
    if changed:
        action = "cohort.changed" if cohort_id else "cohort.created"
        audit.record(actor.id, action, f"cohort {cohort.id}", now, changed=changed)
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


def _staff_ids(cohort_id: int) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for row in staff(cohort_id):
        found.setdefault(row.duty, []).append(row.user_id)
    return {duty: sorted(ids) for duty, ids in sorted(found.items())}


def set_staff(
    cohort_id: int,
    reviewers: list[int],
    interviewers: list[int],
    teachers: list[int] | None = None,
    *,
    actor: User,
    now: datetime,
) -> None:
    """Who screens, interviews and (duty "teacher") teaches the cohort; teachers see
    its analytics. ``teachers=None`` leaves the teachers as they are. A change is
    recorded in the audit log.

    :raise FormInvalid: someone to be assigned has applied to this cohort.
    """
    get(cohort_id)
    applicants = db.session.scalars(
        select(Application.user_id).where(Application.cohort_id == cohort_id)
    ).all()
    clash = conflicted_assignees(
        [*reviewers, *interviewers, *(teachers or [])], applicants
    )
    if clash:
        names = ", ".join(sorted(u.full_name for u in trainers() if u.id in clash))
        raise FormInvalid(
            {
                "reviewers": _(
                    "%(names)s applied to this cohort and cannot be on its staff.",
                    names=names,
                )
            }
        )
    before = _staff_ids(cohort_id)
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
    db.session.flush()
    after = _staff_ids(cohort_id)
    if after != before:
        audit.record(
            actor.id,
            "cohort.staff_changed",
            f"cohort {cohort_id}",
            now,
            before=before,
            after=after,
        )
    db.session.commit()


def releases(cohort_id: int) -> dict[str, date]:
    return dict(
        db.session.execute(
            select(ModuleRelease.module_slug, ModuleRelease.opens_on).where(
                ModuleRelease.cohort_id == cohort_id
            )
        ).all()
    )


def set_releases(
    cohort_id: int, dates: dict[str, date | None], actor: User, now: datetime
) -> None:
    """Module release dates for a cohort; an empty date removes the rule. A change
    is recorded in the audit log."""
    get(cohort_id)
    before = {slug: day.isoformat() for slug, day in releases(cohort_id).items()}
    after = {slug: day.isoformat() for slug, day in dates.items() if day is not None}
    db.session.execute(
        delete(ModuleRelease).where(ModuleRelease.cohort_id == cohort_id)
    )
    for slug, day in dates.items():
        if day is not None:
            db.session.add(
                ModuleRelease(cohort_id=cohort_id, module_slug=slug, opens_on=day)
            )
    if after != before:
        audit.record(
            actor.id,
            "cohort.releases_changed",
            f"cohort {cohort_id}",
            now,
            before=before,
            after=after,
        )
    db.session.commit()
