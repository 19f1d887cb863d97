"""Writing a programme file's sessions to their rows: the reusable speakers they
name, new sessions, and changes (the caller commits)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from portal.domain.programme_file import SessionSpec, SessionValues
from portal.extensions import db
from portal.models import ProgrammeSession, SessionModule, SessionSpeaker, Speaker
from portal.rendering import render_markdown

if TYPE_CHECKING:
    from portal.services.programme_import import Planned


class Speakers:
    """The reusable speakers the file names, found by name and organisation and
    created once when new (with the role the file gives)."""

    def __init__(self, specs: list[SessionSpec], now: datetime):
        names = {s.name for spec in specs for s in spec.speakers}
        rows = db.session.scalars(select(Speaker).where(Speaker.name.in_(names)))
        self.known = {(row.name, row.organisation): row for row in rows}
        self.now = now

    def links(self, spec: SessionSpec) -> list[SessionSpeaker]:
        links = []
        for position, wanted in enumerate(spec.speakers):
            found = self.known.get((wanted.name, wanted.organisation))
            if found is None:
                found = Speaker(
                    name=wanted.name,
                    organisation=wanted.organisation,
                    role=wanted.role,
                    created_at=self.now,
                )
                self.known[(wanted.name, wanted.organisation)] = found
            links.append(SessionSpeaker(speaker=found, position=position))
        return links


def _write(row: ProgrammeSession, values: SessionValues) -> None:
    for name in (
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "time_zone",
        "room",
        "address",
        "online_url",
        "capacity",
        "required",
    ):
        setattr(row, name, getattr(values, name))
    row.description = values.description
    row.description_html = render_markdown(values.description).html


def create_row(
    spec: SessionSpec,
    values: SessionValues,
    cohort_id: int,
    speakers: Speakers,
    now: datetime,
) -> ProgrammeSession:
    """A new session of the cohort, with a new iCalendar UID."""
    row = ProgrammeSession(
        uid=f"{uuid.uuid4().hex}@migration-school",
        cohort_id=cohort_id,
        key=spec.key,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    _write(row, values)
    row.speakers = speakers.links(spec)
    row.modules = [SessionModule(module_slug=s) for s in values.modules]
    db.session.add(row)
    return row


def update_row(
    row: ProgrammeSession, planned: Planned, speakers: Speakers, now: datetime
) -> None:
    """Change the row to what the file says; calendars hear of it (SEQUENCE).

    :param planned: the file's session, its values and what changed.
    """
    _write(row, planned.values)
    if "speakers" in planned.changed or "modules" in planned.changed:
        # The old links go first: the new ones may repeat them (unique pairs).
        row.speakers.clear()
        row.modules.clear()
        db.session.flush()
        row.speakers = speakers.links(planned.spec)
        row.modules = [SessionModule(module_slug=s) for s in planned.values.modules]
    row.sequence += 1
    row.updated_at = now
    if "time" in planned.changed:
        row.reminded_at = None  # the new date is reminded too
