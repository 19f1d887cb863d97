"""The reusable list of speakers (trainers, lecturers, partners' representatives):
kept by staff, never deleted, since past sessions still name them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from portal.domain.access import STAFF
from portal.extensions import db
from portal.models import Speaker, User
from portal.services import audit
from portal.services.errors import Forbidden, FormInvalid, NotFound


@dataclass(frozen=True)
class SpeakerData:
    """A speaker as staff write them."""

    name: str
    organisation: str = ""
    role: str = ""


def _require_staff(actor: User) -> None:
    """:raise Forbidden: ``actor`` is neither a trainer nor an administrator."""
    if actor.role not in STAFF:
        raise Forbidden(_("This page is for staff only."))


def speakers(actor: User) -> list[Speaker]:
    """Every speaker, active ones first, each group by name.

    :raise Forbidden: ``actor`` is not staff.
    """
    _require_staff(actor)
    return list(
        db.session.scalars(
            select(Speaker).order_by(Speaker.active.desc(), Speaker.name, Speaker.id)
        )
    )


def speaker_choices(keep: Collection[int] = ()) -> list[Speaker]:
    """The speakers a session form offers: the active ones, and the ones in
    ``keep`` (already on the session) even if deactivated since, by name."""
    return list(
        db.session.scalars(
            select(Speaker)
            .where(or_(Speaker.active, Speaker.id.in_(list(keep))))
            .order_by(Speaker.name, Speaker.id)
        )
    )


def get_speaker(speaker_id: int, actor: User) -> Speaker:
    """:raise Forbidden: ``actor`` is not staff.
    :raise NotFound: no such speaker."""
    _require_staff(actor)
    speaker = db.session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(_("No such speaker."))
    return speaker


def _cleaned(data: SpeakerData) -> SpeakerData:
    """:raise FormInvalid: the name is empty once spaces are trimmed."""
    cleaned = SpeakerData(
        " ".join(data.name.split()), data.organisation.strip(), data.role.strip()
    )
    if not cleaned.name:
        raise FormInvalid({"name": _("Give the speaker's name.")})
    return cleaned


def add_speaker(data: SpeakerData, actor: User, now: datetime) -> Speaker:
    """Add someone to the list.

    :raise Forbidden: ``actor`` is not staff.
    :raise FormInvalid: no name.
    """
    _require_staff(actor)
    data = _cleaned(data)
    speaker = Speaker(
        name=data.name,
        organisation=data.organisation,
        role=data.role,
        active=True,
        created_at=now,
    )
    db.session.add(speaker)
    db.session.flush()
    audit.record(actor.id, "speaker.added", f"speaker {speaker.id}", now)
    db.session.commit()
    return speaker


def update_speaker(
    speaker_id: int, data: SpeakerData, actor: User, now: datetime
) -> Speaker:
    """Correct a speaker's name, organisation or role; every session naming them
    shows the correction.

    :raise Forbidden: ``actor`` is not staff.
    :raise NotFound: no such speaker.
    :raise FormInvalid: no name.
    """
    speaker = get_speaker(speaker_id, actor)
    data = _cleaned(data)
    changed = [
        field
        for field in ("name", "organisation", "role")
        if getattr(speaker, field) != getattr(data, field)
    ]
    if changed:
        for field in changed:
            setattr(speaker, field, getattr(data, field))
        audit.record(
            actor.id, "speaker.changed", f"speaker {speaker.id}", now, changed=changed
        )
        db.session.commit()
    return speaker


def set_speaker_active(
    speaker_id: int, active: bool, actor: User, now: datetime
) -> Speaker:
    """Take a speaker off the choices for new sessions (sessions that name them
    keep them), or offer them again.

    :raise Forbidden: ``actor`` is not staff.
    :raise NotFound: no such speaker.
    """
    speaker = get_speaker(speaker_id, actor)
    if speaker.active != active:
        speaker.active = active
        action = "speaker.reactivated" if active else "speaker.deactivated"
        audit.record(actor.id, action, f"speaker {speaker.id}", now)
        db.session.commit()
    return speaker
