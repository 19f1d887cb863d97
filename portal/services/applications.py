"""The applicant's side of admissions: the draft, the form and the CV (status changes
are in application_status.py; personal data, for download and erasure, in
personal_data.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.domain.admissions import (
    Actor,
    Status,
    editable_by_applicant,
    word_count,
)
from portal.extensions import db
from portal.models import (
    Application,
    Cohort,
    InterviewBooking,
    InterviewSlot,
    StoredFile,
    User,
)
from portal.services import access
from portal.services.application_status import change_status, move
from portal.services.cv_files import Upload, check_pdf
from portal.services.errors import Forbidden, FormInvalid, NotFound
from portal.services.outbox import Letters


@dataclass
class ApplicationData:
    """What the applicant typed, already checked for shape by the web form."""

    full_name: str = ""
    date_of_birth: date | None = None
    citizenship: str = ""
    phone: str = ""
    city: str = ""
    university: str = ""
    field_of_study: str = ""
    field_other: str = ""
    degree: str = ""
    study_status: str = ""
    graduation_year: int | None = None
    languages: list[list[str]] = field(default_factory=list)
    motivation: str = ""
    consent: bool = False


@dataclass(frozen=True)
class Limits:
    cv_max_bytes: int
    motivation_min_words: int
    motivation_max_words: int


def open_cohorts(now: datetime) -> list[Cohort]:
    cohorts = db.session.scalars(
        select(Cohort).order_by(Cohort.applications_close)
    ).all()
    return [c for c in cohorts if c.accepting_applications(now)]


def get_cohort(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound(_("No such cohort."))
    return cohort


def my_applications(user_id: int) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.user_id == user_id)
            .order_by(Application.created_at.desc())
        )
    )


def own_application(user_id: int, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.user_id != user_id:
        raise NotFound(_("No such application."))
    return application


def draft_for(user: User, cohort_id: int, now: datetime) -> Application:
    """The user's application to a cohort, started as a draft on first visit."""
    cohort = get_cohort(cohort_id)
    application = db.session.scalar(
        select(Application).where(
            Application.cohort_id == cohort_id, Application.user_id == user.id
        )
    )
    if application is not None:
        return application
    if not cohort.accepting_applications(now):
        raise Forbidden(_("This cohort is not taking applications."))
    access.require_may_apply(user, cohort_id)
    application = Application(
        cohort_id=cohort_id,
        user_id=user.id,
        status=Status.DRAFT,
        full_name=user.full_name,
        created_at=now,
        updated_at=now,
    )
    db.session.add(application)
    try:
        db.session.commit()
    except IntegrityError:  # opened in two tabs at once
        db.session.rollback()
        return draft_for(user, cohort_id, now)
    return application


def editable(application: Application, now: datetime) -> bool:
    return editable_by_applicant(
        application.status, application.cohort.accepting_applications(now)
    )


def free_slots(application: Application) -> list[InterviewSlot]:
    """Interview slots the applicant may pick: short-listed, cohort's, not taken."""
    if application.status != Status.SHORTLISTED:
        return []
    taken = select(InterviewBooking.slot_id)
    return list(
        db.session.scalars(
            select(InterviewSlot)
            .where(
                InterviewSlot.cohort_id == application.cohort_id,
                InterviewSlot.id.not_in(taken),
            )
            .order_by(InterviewSlot.starts_at)
        )
    )


def save_application(
    user: User,
    application_id: int,
    form: ApplicationData,
    cv: Upload | None,
    submit: bool,
    now: datetime,
    limits: Limits,
    *,
    letters: Letters,
) -> Application:
    """Save the form as a draft, or submit it; editable until the window closes.

    :raise Forbidden: the window is closed or the application is past screening.
    :raise FormInvalid: a submission misses something (every field is named).
    """
    application = own_application(user.id, application_id)
    access.require_may_apply(user, application.cohort_id)
    if not editable(application, now):
        raise Forbidden(
            _(
                "This application can no longer be changed: the application "
                "window has closed or screening has started."
            )
        )
    for name, value in vars(form).items():
        setattr(application, name, value)
    if cv is not None:
        check_pdf(cv, limits.cv_max_bytes)
        application.cv = StoredFile(
            owner_id=user.id,
            filename=cv.filename[-200:],
            content_type="application/pdf",
            size=len(cv.data),
            sha256=hashlib.sha256(cv.data).hexdigest(),
            data=cv.data,
            created_at=now,
        )
    application.updated_at = now
    if submit and application.status == Status.DRAFT:
        errors = submission_problems(application, user, limits)
        if errors:
            db.session.commit()  # keep what was typed: nothing is ever lost
            raise FormInvalid(errors)
        application.submitted_at = now
        move(application, Status.SUBMITTED, user, now, "", letters)
    db.session.commit()
    return application


def submission_problems(
    application: Application, user: User, limits: Limits
) -> dict[str, str]:
    required = {
        "full_name": _("Enter your full name."),
        "date_of_birth": _("Enter your date of birth."),
        "citizenship": _("Enter your citizenship."),
        "phone": _("Enter a phone number."),
        "city": _("Enter your city."),
        "university": _("Enter your university."),
        "field_of_study": _("Enter your field of study."),
        "degree": _("Enter your degree."),
        "study_status": _("Enter whether you are studying or graduated."),
    }
    errors = {
        name: message
        for name, message in required.items()
        if not getattr(application, name)
    }
    if application.field_of_study == "other" and not application.field_other:
        errors["field_other"] = _("Name your field of study.")
    if application.study_status == "graduated" and not application.graduation_year:
        errors["graduation_year"] = _("Enter the year you graduated.")
    if not application.languages:
        errors["languages"] = _("List at least one foreign language with its level.")
    words = word_count(application.motivation)
    if not limits.motivation_min_words <= words <= limits.motivation_max_words:
        errors["motivation"] = _(
            "The motivation statement has %(words)d words; write %(low)d to %(high)d.",
            words=words,
            low=limits.motivation_min_words,
            high=limits.motivation_max_words,
        )
    if application.cv_file_id is None and application.cv is None:
        errors["cv"] = _("Upload your CV as a PDF.")
    if not application.consent:
        errors["consent"] = _("Agree to the privacy policy to submit.")
    if user.email_verified_at is None:
        errors["email"] = _(
            "Confirm your email address first: use the link we sent you."
        )
    return errors


def delete_draft(user: User, application_id: int) -> None:
    """Delete a never-submitted draft and its CV, so the person may start afresh.

    :raise Forbidden: the application was submitted (withdraw it instead).
    """
    application = own_application(user.id, application_id)
    if application.status != Status.DRAFT:
        raise Forbidden(_("Only a draft can be deleted; withdraw a submitted one."))
    cv = application.cv
    db.session.delete(application)
    db.session.flush()
    if cv is not None:
        db.session.delete(cv)
    db.session.commit()


def withdraw(
    user: User, application_id: int, now: datetime, *, letters: Letters
) -> Application:
    return change_status(
        own_application(user.id, application_id),
        Status.WITHDRAWN,
        user,
        Actor.APPLICANT,
        now,
        letters=letters,
    )


def decline_offer(
    user: User, application_id: int, now: datetime, *, letters: Letters
) -> Application:
    return change_status(
        own_application(user.id, application_id),
        Status.DECLINED,
        user,
        Actor.APPLICANT,
        now,
        letters=letters,
    )
