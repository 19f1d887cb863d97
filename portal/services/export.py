"""The published course back in the package format: a folder, or a zip to download;
and a zip uploaded by an administrator, checked before anything changes."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.course import Problem
from portal.extensions import db
from portal.models import Lesson, MediaFile, Module, Quiz
from portal.package import check_course
from portal.services.course_import import ImportReport, import_course
from portal.services.errors import CourseInvalid, FormInvalid

MAX_ZIP_BYTES = 50 * 1024 * 1024


def export_course(target: Path, media_dir: Path) -> int:
    """Write modules/, quizzes/ and media/ under ``target``; return how many files.

    Files keep the exact text they were imported with, so exporting an unchanged
    import gives the same bytes, and importing an export changes nothing.
    """
    written = 0
    modules = db.session.scalars(
        select(Module)
        .where(Module.retired.is_(False), Module.published.is_(True))
        .order_by(Module.position)
    )
    for module in modules:
        folder = target / "modules" / module.folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "module.md").write_text(module.source, encoding="utf-8")
        written += 1
        for lesson in db.session.scalars(
            select(Lesson).where(
                Lesson.module_id == module.id,
                Lesson.retired.is_(False),
                Lesson.published.is_(True),
            )
        ):
            (folder / lesson.filename).write_text(lesson.source, encoding="utf-8")
            written += 1
    (target / "quizzes").mkdir(parents=True, exist_ok=True)
    for quiz in db.session.scalars(select(Quiz).where(Quiz.retired.is_(False))):
        if quiz.current is not None:
            (target / "quizzes" / f"{quiz.slug}.yaml").write_text(
                quiz.current.source, encoding="utf-8"
            )
            written += 1
    media = target / "media"
    media.mkdir(parents=True, exist_ok=True)
    if media_dir.is_dir():
        for path in media_dir.rglob("*"):
            if path.is_file():
                destination = media / path.relative_to(media_dir)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
                written += 1
    for stored in db.session.scalars(select(MediaFile)):
        (media / stored.filename).write_bytes(stored.data)
        written += 1
    return written


def course_zip(media_dir: Path) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        export_course(Path(tmp), media_dir)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(tmp).rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(tmp).as_posix())
        return buffer.getvalue()


def _safe_extract(data: bytes, target: Path) -> None:
    """Unpack only plain files under modules/, quizzes/ and media/ (no ``..``)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise FormInvalid({"package": _("The file is not a zip archive.")}) from error
    total = 0
    for info in archive.infolist():
        name = PurePosixPath(info.filename)
        if info.is_dir():
            continue
        if (
            name.is_absolute()
            or ".." in name.parts
            or name.parts[0] not in ("modules", "quizzes", "media")
        ):
            raise FormInvalid(
                {
                    "package": _(
                        "Unexpected file in the zip: %(name)s", name=info.filename
                    )
                }
            )
        total += info.file_size
        if total > MAX_ZIP_BYTES:
            raise FormInvalid(
                {"package": _("The unpacked course is larger than 50 MB.")}
            )
        destination = target.joinpath(*name.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(archive.read(info))


def import_zip(data: bytes, now: datetime) -> tuple[ImportReport | None, list[Problem]]:
    """Check an uploaded course zip with ``course check``; import it only if clean."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _safe_extract(data, root)
        for folder in ("modules", "quizzes", "media"):
            (root / folder).mkdir(exist_ok=True)
        package, problems = check_course(
            root / "modules", root / "quizzes", root / "media"
        )
        if problems:
            return None, problems
        try:
            return import_course(package, now), []
        except CourseInvalid as error:
            return None, list(error.problems)
