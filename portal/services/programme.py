"""A cohort's programme, kept by staff: creating, changing, rescheduling and
cancelling sessions, and who may read or manage one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.access import Duty
from portal.domain.programme import (
    SessionStatus,
    SessionValues,
    calendar_changes,
    changes,
    session_problems,
)
from portal.domain.zones import in_zone
from portal.extensions import db
from portal.models import (
    ProgrammeSession,
    SessionModule,
    SessionSpeaker,
    Speaker,
    User,
)
from portal.rendering import render_markdown
from portal.services import access, audit, programme_mail, registrations
from portal.services.errors import Forbidden, FormInvalid, Invalid, NotFound
from portal.services.outline import course_snapshot

UID_DOMAIN = "migration-school"


def _messages(problems: dict[str, str]) -> dict[str, str]:
    """The domain's problem codes as messages beside the fields they concern."""
    text = {
        ("kind", "unknown"): _("Choose a kind of session from the list."),
        ("title", "empty"): _("Give the session a title."),
        ("time_zone", "unknown"): _("Choose a time zone from the list."),
        ("ends", "not_after_start"): _("The session must end after it starts."),
        ("ends", "too_long"): _("A session can last at most 14 days."),
        ("capacity", "too_small"): _(
            "Places must be at least 1; leave it empty for no limit."
        ),
        ("online_url", "not_web"): _(
            "Give the online link as a full address starting with https://."
        ),
    }
    return {field: text[field, code] for field, code in problems.items()}


def may_manage(user: User, cohort_id: int) -> bool:
    """Whether ``user`` may change the cohort's programme: its teachers and
    administrators."""
    return Duty.TEACHER in access.duties(user, cohort_id)


def _managed(session_id: int, actor: User) -> ProgrammeSession:
    """:raise NotFound: no such session, or ``actor`` does not teach its cohort."""
    session = db.session.get(ProgrammeSession, session_id)
    if session is None or not may_manage(actor, session.cohort_id):
        raise NotFound(_("No such session in the programme."))
    return session


def managed_session(session_id: int, actor: User) -> ProgrammeSession:
    """A session its cohort's teachers and administrators may change.

    :raise NotFound: no such session, or ``actor`` may not manage it.
    :raise Forbidden: it is cancelled, which is final.
    """
    session = _managed(session_id, actor)
    if session.cancelled:
        raise Forbidden(
            _("A cancelled session cannot be changed; add a new session instead.")
        )
    return session


def session_for_reader(session_id: int, user: User) -> ProgrammeSession:
    """A session ``user`` may see: participants of its cohort, its teachers and
    administrators.

    :raise NotFound: no such session, or not the user's to see.
    """
    session = db.session.get(ProgrammeSession, session_id)
    cohorts = access.programme_cohort_ids(user)
    if session is None or (cohorts is not None and session.cohort_id not in cohorts):
        raise NotFound(_("No such session in the programme."))
    return session


def values_of(session: ProgrammeSession) -> SessionValues:
    """A stored session as staff wrote it: times on its zone's wall clock."""

    def wall(moment: datetime) -> datetime:
        return in_zone(moment, session.time_zone).replace(tzinfo=None)

    return SessionValues(
        kind=session.kind,
        title=session.title,
        starts=wall(session.starts_at),
        ends=wall(session.ends_at),
        time_zone=session.time_zone,
        description=session.description,
        room=session.room,
        address=session.address,
        online_url=session.online_url,
        capacity=session.capacity,
        required=session.required,
        speaker_ids=tuple(s.speaker_id for s in session.speakers),
        module_slugs=tuple(m.module_slug for m in session.modules),
    )


def _check(values: SessionValues, session: ProgrammeSession | None) -> None:
    """:raise FormInvalid: a rule of :func:`session_problems` is broken.
    :raise Invalid: a speaker or module no form offered (forged input)."""
    if problems := session_problems(values):
        raise FormInvalid(_messages(problems))
    kept = values_of(session) if session else None
    speakers = set(values.speaker_ids) - set(kept.speaker_ids if kept else ())
    if speakers and len(speakers) != len(
        db.session.scalars(
            select(Speaker.id).where(Speaker.id.in_(speakers), Speaker.active)
        ).all()
    ):
        raise Invalid(_("No such speaker."))
    live = {module.slug for module in course_snapshot().modules}
    if set(values.module_slugs) - live - set(kept.module_slugs if kept else ()):
        raise Invalid(_("No such module."))


def _write(session: ProgrammeSession, values: SessionValues, now: datetime) -> None:
    """Copy ``values`` onto the row, rendering the description once, here."""
    session.kind = values.kind
    session.title = values.title.strip()
    session.description = values.description
    session.description_html = render_markdown(values.description).html
    session.starts_at, session.ends_at = values.starts_at, values.ends_at
    session.time_zone = values.time_zone
    session.room, session.address = values.room.strip(), values.address.strip()
    session.online_url = values.online_url.strip()
    session.capacity, session.required = values.capacity, values.required
    # Rows for the same speaker or module are kept (the pairs are unique).
    speakers = {s.speaker_id: s for s in session.speakers}
    session.speakers = [
        speakers.get(speaker_id) or SessionSpeaker(speaker_id=speaker_id)
        for speaker_id in dict.fromkeys(values.speaker_ids)
    ]
    for position, row in enumerate(session.speakers):
        row.position = position
    kept = {m.module_slug: m for m in session.modules}
    session.modules = [
        kept.get(slug) or SessionModule(module_slug=slug)
        for slug in dict.fromkeys(values.module_slugs)
    ]
    session.updated_at = now


def create_session(
    cohort_id: int, data: SessionValues, actor: User, now: datetime
) -> ProgrammeSession:
    """Add a session to a cohort's programme and invite the cohort.

    :param data: the session as written, times on the wall clock of its zone.
    :raise NotFound: no such cohort, or ``actor`` does not teach it.
    :raise FormInvalid: the values break a rule.
    """
    access.visible_cohort(actor, cohort_id, Duty.TEACHER)
    _check(data, None)
    session = ProgrammeSession(
        uid=f"{uuid.uuid4().hex}@{UID_DOMAIN}",
        cohort_id=cohort_id,
        status=SessionStatus.SCHEDULED,
        sequence=0,
        created_at=now,
    )
    _write(session, data, now)
    db.session.add(session)
    db.session.flush()
    audit.record(
        actor.id,
        "programme.session_created",
        f"session {session.id}",
        now,
        cohort=cohort_id,
        title=session.title,
    )
    programme_mail.sessions_added([session], now)
    db.session.commit()
    return session


def update_session(
    session_id: int, data: SessionValues, actor: User, now: datetime
) -> tuple[str, ...]:
    """Change a session; a new time is a reschedule, to be reminded of again.

    Any change raises the iCalendar SEQUENCE; one a calendar shows (time, place,
    title...) also sends the cohort a notice. Saving without a change does nothing.

    :return: what changed (see :func:`portal.domain.programme.changes`).
    :raise NotFound: no such session, or ``actor`` does not teach its cohort.
    :raise Forbidden: the session is cancelled.
    :raise FormInvalid: the values break a rule.
    """
    session = managed_session(session_id, actor)
    _check(data, session)
    changed = changes(values_of(session), data)
    if not changed:
        return changed
    _write(session, data, now)
    session.sequence += 1
    if "time" in changed:
        session.reminded_at = None
    audit.record(
        actor.id,
        "programme.session_updated",
        f"session {session.id}",
        now,
        changed=list(changed),
    )
    if news := calendar_changes(changed):
        programme_mail.session_changed(session, now, news)
    db.session.commit()
    if "capacity" in changed:
        registrations.fill_places(session.id, now)  # more places: the queue moves
    return changed


def cancel_session(
    session_id: int, reason: str, actor: User, now: datetime
) -> ProgrammeSession:
    """Call a session off: it stays in the programme, marked cancelled with the
    reason, and calendars receive it as a cancelled event. This is final.

    :raise NotFound: no such session, or ``actor`` does not teach its cohort.
    :raise Forbidden: it is already cancelled.
    """
    session = managed_session(session_id, actor)
    session.status = SessionStatus.CANCELLED
    session.cancelled_at = session.updated_at = now
    session.cancel_reason = reason.strip()[:500]
    session.sequence += 1
    audit.record(
        actor.id,
        "programme.session_cancelled",
        f"session {session.id}",
        now,
        reason=session.cancel_reason,
    )
    programme_mail.session_cancelled(session, now)
    db.session.commit()
    return session


@dataclass(frozen=True)
class SessionPage:
    """What the session page shows besides the session itself."""

    session: ProgrammeSession
    manage: bool  # the reader may edit and cancel it
    modules: tuple[tuple[str, str], ...]  # linked live modules: (slug, title)


def session_page(session_id: int, user: User) -> SessionPage:
    """The session page for ``user`` (see :func:`session_for_reader`).

    :raise NotFound: no such session, or not the user's to see.
    """
    session = session_for_reader(session_id, user)
    linked = {m.module_slug for m in session.modules}
    modules = tuple(
        (module.slug, module.title)
        for module in course_snapshot().modules
        if module.slug in linked
    )
    return SessionPage(session, may_manage(user, session.cohort_id), modules)
