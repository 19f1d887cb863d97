"""Importing a programme file into one cohort: sessions matched by their key are
added, changed (``sequence`` raised) or left as they are; sessions the file does
not name are left alone and reported, never deleted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.access import Duty
from portal.domain.course import Problem
from portal.domain.programme_file import (
    SessionSpec,
    SessionValues,
    changed_fields,
    wall_times,
)
from portal.domain.text import N_
from portal.domain.zones import to_utc
from portal.extensions import db
from portal.models import Cohort, Module, ProgrammeSession, User
from portal.package.programme import PROGRAMME_FILE, parse_programme
from portal.services import audit, programme_mail
from portal.services.access import visible_cohort
from portal.services.errors import FormInvalid, NotFound
from portal.services.programme_rows import Speakers, create_row, update_row

#: The longest programme file read (the demo's 30 sessions are about 20 kB).
MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Planned:
    """A session of the file and what importing it does: ``session`` is the row
    it updates (None: it is new), ``changed`` names what differs."""

    spec: SessionSpec
    values: SessionValues
    session: ProgrammeSession | None = None
    changed: tuple[str, ...] = ()


@dataclass
class ProgrammePlan:
    """What an import does (or did) to a cohort, or the problems that stop it."""

    cohort: Cohort
    problems: list[Problem] = field(default_factory=list)
    added: list[Planned] = field(default_factory=list)
    changed: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    left_alone: list[ProgrammeSession] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "left_alone": len(self.left_alone),
        }


def programme_source(
    source: str, upload: bytes | None, modules_dir: Path
) -> tuple[str, str]:
    """The file a person chose to import: the course package's programme file or
    the one they uploaded, as ``(name, text)``.

    :param source: ``package`` or ``upload``.
    :raise FormInvalid: no such file, too large, or not UTF-8 text.
    """
    if source == "package":
        path = modules_dir / PROGRAMME_FILE
        if not path.is_file():
            raise FormInvalid(
                {"source": _("The course package has no modules/programme.yaml.")}
            )
        name, data = f"modules/{PROGRAMME_FILE}", path.read_bytes()
    elif not upload:
        raise FormInvalid({"file": _("Choose a programme file (.yaml).")})
    else:
        name, data = PROGRAMME_FILE, upload
    if len(data) > MAX_BYTES:
        raise FormInvalid({"file": _("The file is larger than 512 kB.")})
    try:
        return name, data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FormInvalid({"file": _("The file is not UTF-8 text.")}) from error


def plan_import(
    cohort_id: int, text: str, name: str, actor: User | None, now: datetime
) -> ProgrammePlan:
    """What importing ``text`` into the cohort would do; nothing is written.

    :param name: the file's name, as problems name it.
    :param actor: the person importing; None for the operator's command line.
    :raise NotFound: no such cohort, or ``actor`` does not teach it.
    """
    cohort = _cohort(cohort_id, actor)
    plan = ProgrammePlan(cohort)
    if len(text.encode("utf-8")) > MAX_BYTES:
        plan.problems.append(
            Problem.of(name, 1, N_("the file is larger than %(kb)s kB"), kb=512)
        )
        return plan
    live = set(db.session.scalars(select(Module.slug).where(~Module.retired)))
    spec, plan.problems = parse_programme(text, name, live)
    if spec is None or plan.problems:
        return plan
    existing = {
        row.key: row
        for row in db.session.scalars(
            select(ProgrammeSession)
            .where(ProgrammeSession.cohort_id == cohort.id)
            .order_by(ProgrammeSession.starts_at)
        )
    }
    for item in spec.sessions:
        values = _values(item, cohort, name, plan.problems)
        row = existing.pop(item.key, None)
        if values is None:
            continue
        if row is None:
            plan.added.append(Planned(item, values))
            continue
        changed = changed_fields(_stored(row), values)
        target = plan.changed if changed else plan.unchanged
        target.append(Planned(item, values, row, changed))
    plan.left_alone = list(existing.values())
    return plan


def import_programme(
    cohort_id: int,
    text: str,
    name: str,
    actor: User | None,
    now: datetime,
    *,
    notify: bool = True,
) -> ProgrammePlan:
    """Apply the file to the cohort, audit it and commit; nothing changes when it
    has problems (they are in the plan returned).

    :param notify: email the cohort about new and changed sessions; the demo
        setup turns it off so that setting up does not fill the outbox.
    :raise NotFound: as :func:`plan_import`.
    """
    plan = plan_import(cohort_id, text, name, actor, now)
    if plan.problems:
        return plan
    speakers = Speakers([p.spec for p in plan.added + plan.changed], now)
    added = [
        create_row(p.spec, p.values, plan.cohort.id, speakers, now) for p in plan.added
    ]
    for planned in plan.changed:
        assert planned.session is not None
        update_row(planned.session, planned, speakers, now)
    db.session.flush()
    if notify:
        if added:
            programme_mail.sessions_added(added, now)
        for planned in plan.changed:
            if planned.session and not planned.session.cancelled:
                programme_mail.session_changed(planned.session, now, planned.changed)
    audit.record(
        actor.id if actor else None,
        "programme.imported",
        f"cohort {plan.cohort.id}",
        now,
        file=name,
        **plan.counts(),
    )
    db.session.commit()
    return plan


def _cohort(cohort_id: int, actor: User | None) -> Cohort:
    if actor is not None:
        return visible_cohort(actor, cohort_id, Duty.TEACHER)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound(_("No such cohort."))
    return cohort


def _values(
    item: SessionSpec, cohort: Cohort, name: str, problems: list[Problem]
) -> SessionValues | None:
    """The session's values for this cohort; None (with a problem) when its week
    cannot be placed because the cohort has no start date."""
    try:
        starts, ends = wall_times(item.timing, cohort.starts_on)
    except ValueError:
        problems.append(
            Problem.of(
                name,
                item.line,
                N_(
                    "the cohort has no start date, so a session given by 'week' "
                    "and 'day' cannot be placed: give the cohort a start date"
                ),
            )
        )
        return None
    return SessionValues(
        kind=item.kind,
        title=item.title,
        description=item.description,
        starts_at=to_utc(starts, item.time_zone),
        ends_at=to_utc(ends, item.time_zone),
        time_zone=item.time_zone,
        room=item.room,
        address=item.address,
        online_url=item.online_url,
        capacity=item.capacity,
        required=item.required,
        speakers=tuple((s.name, s.organisation) for s in item.speakers),
        modules=item.modules,
    )


def _stored(row: ProgrammeSession) -> SessionValues:
    """A row's values, to compare with what the file says."""
    return SessionValues(
        kind=row.kind,
        title=row.title,
        description=row.description or "",
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        time_zone=row.time_zone,
        room=row.room or "",
        address=row.address or "",
        online_url=row.online_url or "",
        capacity=row.capacity,
        required=row.required,
        speakers=tuple(
            (link.speaker.name, link.speaker.organisation) for link in row.speakers
        ),
        modules=tuple(sorted(link.module_slug for link in row.modules)),
    )
