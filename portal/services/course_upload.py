"""A course zip uploaded by an administrator: unpacked within limits, checked like
``flask course check``, imported only when clean, retiring only what the uploader
confirmed, and recorded in the audit log either way."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from portal.domain.course import Problem
from portal.extensions import db
from portal.models import Lesson, Module, Quiz
from portal.package import check_course
from portal.package.archive import FOLDERS, ArchiveRefused, ZipLimits, unpack_course_zip
from portal.services import audit
from portal.services.course_import import ImportReport, apply_course
from portal.services.errors import CourseInvalid, FormInvalid
from portal.services.wording import translated


@dataclass(frozen=True)
class Retiring:
    """A module, lesson or quiz the upload would take out of the course."""

    kind: str  # "module", "lesson" or "quiz"
    name: str  # its slug; "module/lesson" for a lesson
    title: str


@dataclass
class UploadOutcome:
    """Imported (``report``); refused (``problems``); or waiting for the uploader to
    confirm what it retires (``retiring``, and the ``confirmation`` to send back)."""

    report: ImportReport | None = None
    problems: list[Problem] = field(default_factory=list)
    retiring: list[Retiring] = field(default_factory=list)
    confirmation: str = ""


def upload_course_zip(
    data: bytes, actor_id: int, limits: ZipLimits, confirmation: str, now: datetime
) -> UploadOutcome:
    """Import the zip as the live course, if it is safe, clean and confirmed.

    An upload that would retire modules, lessons or quizzes changes nothing until
    it comes back with the ``confirmation`` the first try returned: the same file,
    retiring the same things.

    :param confirmation: empty, or what the confirmation page posts back.
    :raise FormInvalid: the zip itself is refused (limits, names, damage).
    """
    about = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        try:
            unpack_course_zip(data, root, limits)
        except ArchiveRefused as error:
            _refused(actor_id, now, reason=str(error.message), **about)
            raise FormInvalid({"package": translated(error.message)}) from error
        for folder in FOLDERS:
            (root / folder).mkdir(exist_ok=True)
        package, problems = check_course(
            root / "modules", root / "quizzes", root / "media"
        )
    if problems:
        _refused(actor_id, now, problems=len(problems), **about)
        return UploadOutcome(problems=problems)
    try:
        report = apply_course(package, now)
    except CourseInvalid as error:  # check_course found none above
        db.session.rollback()
        return UploadOutcome(problems=list(error.problems))
    expected = _confirmation(about["sha256"], report.retired)
    if report.retired and confirmation != expected:
        db.session.rollback()  # a dry run: nothing changes until it is confirmed
        return UploadOutcome(retiring=_retiring(report), confirmation=expected)
    audit.record(
        actor_id,
        "course.uploaded",
        "course",
        now,
        changes=report.counts(),
        created=len(report.created),
        updated=len(report.updated),
        retired=len(report.retired),
        **about,
    )
    db.session.commit()
    return UploadOutcome(report=report)


def _refused(actor_id: int, now: datetime, **detail: object) -> None:
    audit.record(actor_id, "course.upload_refused", "course", now, **detail)
    db.session.commit()


def _confirmation(sha256: str, retired: list[str]) -> str:
    """Binds a confirmation to the file and to exactly what it retires."""
    return hashlib.sha256("\n".join([sha256, *sorted(retired)]).encode()).hexdigest()


def _retiring(report: ImportReport) -> list[Retiring]:
    """What the report retires, with titles (read after the dry run rolled back)."""
    modules = dict(db.session.execute(select(Module.slug, Module.title)).all())
    quizzes = dict(db.session.execute(select(Quiz.slug, Quiz.title)).all())
    lessons = {
        f"{module}/{lesson}": title
        for module, lesson, title in db.session.execute(
            select(Module.slug, Lesson.slug, Lesson.title).join(Lesson.module)
        )
    }
    titles = {"module": modules, "lesson": lessons, "quiz": quizzes}
    items = []
    for item in report.retired:
        kind, name = item.split(" ", 1)
        items.append(Retiring(kind, name, titles[kind].get(name, name)))
    return items
