"""Issuing and verifying certificates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.domain.certificates import (
    Eligibility,
    certificate_eligibility,
    new_verification_code,
    normalise_code,
)
from portal.extensions import db
from portal.models import Certificate, User
from portal.services.errors import NotEligible, NotFound
from portal.services.learning import participant_progress


def certificate_status(
    user_id: int, now: datetime
) -> tuple[Certificate | None, Eligibility]:
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.user_id == user_id)
    )
    return certificate, certificate_eligibility(
        participant_progress(user_id, now.date())
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
        raise NotEligible("The certificate is not available yet.")
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
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
        raise NotFound("No certificate has been issued to you yet.")
    return certificate
