"""The published course back in the package format: a folder, or a zip to download.

Uploading a zip is :mod:`portal.services.course_upload`."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.models import Lesson, MediaFile, Module, Quiz


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
