"""Erasure: a person's personal data taken out of every table that holds a copy, in
one transaction, and recorded without the data erased. What others' records need
(an application's status, a certificate's code, the audit trail) stays under a
pseudonym. content/privacy.md tells people the same."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal.domain.access import Role
from portal.domain.erasure import (
    erased_email,
    marks_pattern,
    mentions,
    pseudonym,
    scrub,
)
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    AuditEvent,
    Certificate,
    InterviewBooking,
    NameChange,
    OutboxMessage,
    ReviewNote,
    ScoreSheet,
    StoredFile,
    User,
)
from portal.security import passwords
from portal.services import audit
from portal.services.applications import ApplicationData
from portal.services.erasure_columns import DELETED
from portal.services.errors import AttemptClosed, Forbidden, FormInvalid, NotFound

#: People who may erase their own account; staff ask an administrator, so a school
#: never loses its last administrator by a click.
SELF_ERASABLE = (Role.APPLICANT, Role.PARTICIPANT)
_BATCH = 500


def erase_account(person_id: int, actor: User, now: datetime) -> User:
    """An administrator erases a person (at their request, or when the law says).

    :raise Forbidden: the actor is not an administrator, or is the person.
    :raise NotFound: no such account. :raise AttemptClosed: erased already.
    """
    if not actor.is_admin:
        raise Forbidden(_("Only an administrator can erase an account."))
    if person_id == actor.id:
        raise Forbidden(_("Another administrator must erase your account."))
    return _erase_person(_person(person_id), actor.id, now, by="administrator")


def erase_own_account(user_id: int, password: str, now: datetime) -> User:
    """The person erases their own account, once they give their password again.

    :raise FormInvalid: the password is wrong (on ``current``).
    :raise Forbidden: a staff account (an administrator erases those).
    """
    person = _person(user_id)
    if person.role not in SELF_ERASABLE:
        raise Forbidden(_("Staff accounts are erased by an administrator."))
    if not passwords.verify(person.password_hash, password):
        raise FormInvalid({"current": _("This is not your current password.")})
    return _erase_person(person, person.id, now, by="self")


def _person(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None:
        raise NotFound(_("No such account."))
    if person.erased_at is not None:
        raise AttemptClosed(_("This account has been erased already."))
    return person


def _erase_person(person: User, actor_id: int, now: datetime, by: str) -> User:
    """The one erasure: every copy of the person's data, in one transaction."""
    applications = list(
        db.session.scalars(select(Application).where(Application.user_id == person.id))
    )
    marks = _marks(person, applications)
    counts: Counter[str] = Counter(applications=len(applications))
    for application in applications:
        if application.erased_at is None:
            _empty_application(application, actor_id, now)
    db.session.flush()
    for column in DELETED:
        result = db.session.execute(
            delete(column.class_).where(column == person.id),
            execution_options={"synchronize_session": "fetch"},
        )
        counts[column.class_.__tablename__] = result.rowcount
    _erase_certificate(person.id, now)
    counts["messages"] = _forget_mail(marks)
    counts["audit_events"] = _pseudonymise_audit(person.id, marks)
    _empty_account(person, now)
    done = {name: count for name, count in counts.items() if count}
    audit.record(actor_id, "person.erased", pseudonym(person.id), now, by=by, **done)
    db.session.commit()
    return person


def _marks(person: User, applications: list[Application]) -> re.Pattern[str] | None:
    """How the person is named anywhere: the account, every application, every
    name they asked for, and their certificate."""
    names = [person.email, person.full_name]
    names += [application.full_name for application in applications]
    names += db.session.scalars(
        select(NameChange.full_name).where(NameChange.user_id == person.id)
    )
    names += db.session.scalars(
        select(Certificate.full_name).where(Certificate.user_id == person.id)
    )
    return marks_pattern(names)


def _empty_application(application: Application, actor_id: int, now: datetime):
    """What was typed, by the applicant and by staff about them, goes; the status
    and the dates of its history stay, so a cohort's figures still add up."""
    for name, value in vars(ApplicationData()).items():
        setattr(application, name, value)
    application.cv = None
    application.erased_at = now
    for model in (ReviewNote, ScoreSheet, InterviewBooking):
        db.session.execute(
            delete(model).where(model.application_id == application.id),
            execution_options={"synchronize_session": "fetch"},
        )
    for event in db.session.scalars(
        select(ApplicationEvent).where(
            ApplicationEvent.application_id == application.id
        )
    ):
        event.note = ""  # decision notes name and describe the person
    db.session.add(
        ApplicationEvent(
            application_id=application.id,
            actor_id=actor_id,
            at=now,
            kind="erase",
            from_status=application.status,
            to_status=application.status,
            note="personal data erased",
        )
    )


def _erase_certificate(user_id: int, now: datetime) -> None:
    """The code stays, so whoever checks it learns it was issued and its holder's
    data erased, and no other certificate ever gets it; the name goes."""
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.user_id == user_id)
    )
    if certificate is not None:
        certificate.full_name = ""
        certificate.revoke_reason = ""
        certificate.erased_at = now


def _batches(model) -> Iterator[list]:
    """Every row of ``model`` by id, a batch at a time, to scan in Python: names
    are matched whatever their case and however JSON escaped them."""
    last = 0
    while rows := list(
        db.session.scalars(
            select(model).where(model.id > last).order_by(model.id).limit(_BATCH)
        )
    ):
        yield rows
        last = rows[-1].id


def _forget_mail(marks: re.Pattern[str] | None) -> int:
    """Every letter to the person or naming them, sent or waiting."""
    gone = 0
    for batch in _batches(OutboxMessage):
        for message in batch:
            if mentions(
                [message.to, message.subject, message.body, message.meta], marks
            ):
                db.session.delete(message)
                gone += 1
    return gone


def _pseudonymise_audit(person_id: int, marks: re.Pattern[str] | None) -> int:
    """Every event stays; where it names the person, the pseudonym stands instead,
    and the network address of what they did themselves goes."""
    changed = 0
    replacement = pseudonym(person_id)
    for batch in _batches(AuditEvent):
        for event in batch:
            target = scrub(event.target, marks, replacement)
            detail = scrub(event.detail or {}, marks, replacement)
            origin = "" if event.actor_id == person_id else event.origin
            if (target, detail, origin) != (event.target, event.detail, event.origin):
                event.target, event.detail, event.origin = target, detail, origin
                changed += 1
    return changed


def _empty_account(person: User, now: datetime) -> None:
    """The row stays (others' records point at it) as a pseudonym nobody can sign
    in as (its sessions went with the rows deleted above)."""
    person.email = erased_email(person.id)
    person.full_name = pseudonym(person.id)
    person.password_hash = "!erased"  # never a valid hash: no password matches
    person.active = False
    person.cohort_id = None
    person.email_verified_at = None
    person.erased_at = now


def erase_application(application_id: int, admin: User, now: datetime) -> None:
    """Remove an applicant's personal data from one application once its cohort has
    ended (retention): what they and staff typed, scores, the interview booking,
    every CV version they uploaded for it and the status letters about it. The
    account itself stays; the row keeps its status and history.

    :raise Forbidden: the cohort has not ended yet, or the actor is no administrator.
    """
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound(_("No such application."))
    if not admin.is_admin:
        raise Forbidden(_("Only an administrator can erase an application."))
    cohort = application.cohort
    if cohort.ends_on is None or now.date() <= cohort.ends_on:
        raise Forbidden(
            _("Applications can be erased only after the cohort has ended.")
        )
    if application.erased_at is not None:
        raise AttemptClosed(_("This application has been erased already."))
    _empty_application(application, admin.id, now)
    db.session.flush()
    _delete_unused_files(application.user_id)
    _forget_status_letters(application.user)
    audit.record(admin.id, "application.erased", f"application {application.id}", now)
    db.session.commit()


def _delete_unused_files(owner_id: int) -> None:
    """The person's uploads no application of theirs holds any more: the one just
    erased, and older versions they replaced."""
    held = select(Application.cv_file_id).where(Application.cv_file_id.is_not(None))
    db.session.execute(
        delete(StoredFile).where(
            StoredFile.owner_id == owner_id, StoredFile.id.not_in(held)
        ),
        execution_options={"synchronize_session": "fetch"},
    )


def _forget_status_letters(person: User) -> None:
    for message in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to == person.email)
    ):
        if (message.meta or {}).get("template") == "status":
            db.session.delete(message)
