"""Issuing and verifying certificates."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from portal.domain.certificates import (
    Eligibility,
    certificate_eligibility,
    new_verification_code,
    normalise_code,
)
from portal.extensions import db
from portal.models import Certificate, User
from portal.services import audit
from portal.services.attendance_standing import participant_standing
from portal.services.errors import AttemptClosed, FormInvalid, NotEligible, NotFound
from portal.services.learning import participant_progress


def certificate_status(
    user_id: int, now: datetime
) -> tuple[Certificate | None, Eligibility]:
    """The participant's certificate, if issued, and whether they may claim one:
    progress through the course and attendance of their cohort's required sessions
    (a fixed number of queries).

    :param now: decides which sessions have been held.
    """
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.user_id == user_id)
    )
    return certificate, certificate_eligibility(
        participant_progress(user_id, now.date()), participant_standing(user_id, now)
    )


def claim_certificate(user_id: int, programme: str, now: datetime) -> Certificate:
    """Issue the participant's certificate once; claiming again returns the same one.

    :raise NotEligible: something is still missing (the message lists nothing: the
        certificate page shows the details from :func:`certificate_status`).
    """
    certificate, eligibility = certificate_status(user_id, now)
    if certificate is not None:
        return certificate
    if not eligibility.eligible:
        raise NotEligible(_("The certificate is not available yet."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    cohort = user.cohort
    label = ""
    if cohort is not None:
        label = cohort.name
        if cohort.starts_on and cohort.ends_on:
            label += f" ({cohort.starts_on:%d.%m.%Y} – {cohort.ends_on:%d.%m.%Y})"
    certificate = Certificate(
        user_id=user_id,
        code=new_verification_code(),
        full_name=user.full_name,
        programme=programme,
        cohort_label=label,
        issued_at=now,
    )
    db.session.add(certificate)
    try:
        db.session.commit()
    except IntegrityError:  # claimed twice at once: keep the first
        db.session.rollback()
        return db.session.scalar(
            select(Certificate).where(Certificate.user_id == user_id)
        )
    return certificate


def find_certificate(code: str) -> Certificate | None:
    """Look a typed code up, forgiving case, spaces and dashes."""
    if not code or len(code) > 64:
        return None
    return db.session.scalar(
        select(Certificate).where(Certificate.code == normalise_code(code))
    )


def own_certificate(user_id: int) -> Certificate:
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.user_id == user_id)
    )
    if certificate is None:
        raise NotFound(_("No certificate has been issued to you yet."))
    return certificate


def issued_certificates(q: str = "", revoked: bool | None = None) -> list[Certificate]:
    """Every certificate, newest first, optionally searched by name, email or code."""
    query = select(Certificate).join(User).options(contains_eager(Certificate.user))
    if q.strip():
        like = f"%{q.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Certificate.full_name).like(like),
                User.email.like(like),
                func.lower(Certificate.code).like(like),
            )
        )
    if revoked is not None:
        query = query.where(
            Certificate.revoked_at.is_not(None)
            if revoked
            else Certificate.revoked_at.is_(None)
        )
    return list(
        db.session.scalars(
            query.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def get_certificate(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound(_("No such certificate."))
    return certificate


def _changeable(certificate_id: int) -> Certificate:
    """:raise AttemptClosed: the holder was erased; the record stays as it is."""
    certificate = get_certificate(certificate_id)
    if certificate.erased_at is not None:
        raise AttemptClosed(
            _("This certificate's holder has been erased: it cannot be changed.")
        )
    return certificate


def revoke_certificate(
    certificate_id: int, reason: str, actor: User, now: datetime
) -> Certificate:
    """Mark a certificate revoked; ``/verify/<code>`` then says so.

    :raise FormInvalid: no reason given.
    """
    certificate = _changeable(certificate_id)
    if not reason.strip():
        raise FormInvalid({"reason": _("Give the reason for revoking.")})
    certificate.revoked_at = now
    certificate.revoke_reason = reason.strip()
    audit.record(
        actor.id,
        "certificate.revoked",
        certificate.code,
        now,
        name=certificate.full_name,
        reason=reason.strip(),
    )
    db.session.commit()
    return certificate


def reissue_certificate(
    certificate_id: int, full_name: str, actor: User, now: datetime
) -> Certificate:
    """Re-issue under a corrected name: the account takes the name too, the
    certificate gets a new code and date, and any revocation is lifted. The old code
    stops verifying, since the paper that carries it shows the wrong name.

    :raise FormInvalid: no name given.
    """
    certificate = _changeable(certificate_id)
    name = full_name.strip()
    if not name:
        raise FormInvalid({"full_name": _("Give the name as it must appear.")})
    old_code, old_name = certificate.code, certificate.full_name
    certificate.user.full_name = name
    certificate.full_name = name
    certificate.code = new_verification_code()
    certificate.issued_at = now
    certificate.revoked_at = None
    certificate.revoke_reason = ""
    audit.record(
        actor.id,
        "certificate.reissued",
        certificate.code,
        now,
        old_code=old_code,
        old_name=old_name,
        new_name=name,
    )
    db.session.commit()
    return certificate
