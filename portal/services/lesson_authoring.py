"""Trainers write the course in the browser: drafts, publishing, history, media.

Every save is a new revision. Publishing copies a revision into the live rows that
participants read, renders it once, and records a course revision so every worker's
cached outline refreshes. A save based on an out-of-date revision is refused as a
conflict, and its text is kept as a revision of its own: nothing is ever lost.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from portal.domain.course import Ref, broken_reference, term_anchor
from portal.domain.text import reading_minutes, slugify, unique_slug
from portal.extensions import db
from portal.models import (
    CourseImport,
    Lesson,
    LessonRevision,
    Module,
    User,
)
from portal.package import write_lesson_source, write_module_source
from portal.rendering import extract_references, render_markdown, word_count
from portal.services.errors import FormInvalid, NotFound, PortalError
from portal.services.media import media_names


class Conflict(PortalError):
    """Someone else saved first; the refused text is kept as a revision."""

    status = 409

    def __init__(self, message: str, kept: int):
        super().__init__(message)
        self.kept = kept


def _digest(*parts: str) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8"))
        sha.update(b"\0")
    return sha.hexdigest()


def record_course_change(summary: str, now: datetime) -> None:
    """A new course revision: every worker reloads its cached outline."""
    db.session.add(CourseImport(checksum="browser", summary=summary, created_at=now))


# -- reading -------------------------------------------------------------------


def outline() -> list[Module]:
    """Every module, published or not, retired ones last, for the studio."""
    return list(
        db.session.scalars(select(Module).order_by(Module.retired, Module.position))
    )


def module_lessons(module_id: int) -> list[Lesson]:
    return list(
        db.session.scalars(
            select(Lesson)
            .where(Lesson.module_id == module_id)
            .order_by(Lesson.retired, Lesson.position)
        )
    )


def get_module(module_id: int) -> Module:
    module = db.session.get(Module, module_id)
    if module is None:
        raise NotFound("No such module.")
    return module


def get_lesson(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("No such lesson.")
    return lesson


def revision_history(model, owner_column, owner_id: int) -> list:
    """Every revision of one lesson, module or quiz, newest first."""
    return list(
        db.session.scalars(
            select(model).where(owner_column == owner_id).order_by(model.number.desc())
        )
    )


def newest_revision(model, owner_column, owner_id: int):
    """The newest revision that was accepted (conflicting saves are only kept)."""
    return db.session.scalar(
        select(model)
        .where(owner_column == owner_id, model.conflict.is_(False))
        .order_by(model.number.desc())
        .limit(1)
    )


def lesson_revisions(lesson_id: int) -> list[LessonRevision]:
    return revision_history(LessonRevision, LessonRevision.lesson_id, lesson_id)


def latest_lesson_revision(lesson_id: int) -> LessonRevision | None:
    return newest_revision(LessonRevision, LessonRevision.lesson_id, lesson_id)


def author_names(ids) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(
        db.session.execute(
            select(User.id, User.full_name).where(User.id.in_(wanted))
        ).all()
    )


# -- lessons -------------------------------------------------------------------


def next_number(model, key, value) -> int:
    return (
        db.session.scalar(select(func.max(model.number)).where(key == value)) or 0
    ) + 1


def ensure_lesson_history(lesson: Lesson, now: datetime) -> None:
    """Imported lessons start their history with the text they were imported with."""
    if (
        db.session.scalar(
            select(LessonRevision.id)
            .where(LessonRevision.lesson_id == lesson.id)
            .limit(1)
        )
        is None
        and lesson.source
    ):
        from portal.package import split_front_matter

        meta, body, _ = split_front_matter(lesson.source)
        db.session.add(
            LessonRevision(
                lesson_id=lesson.id,
                number=1,
                title=lesson.title,
                minutes=meta.get("minutes"),
                body=body.strip(),
                note="imported",
                published_at=now if lesson.published else None,
            )
        )
        db.session.flush()


def create_lesson(user: User, module_id: int, title: str, now: datetime) -> Lesson:
    module = get_module(module_id)
    slug = unique_slug(
        slugify(title) or "lesson",
        {lesson.slug for lesson in module_lessons(module_id)},
    )
    position = len(module_lessons(module_id)) + 1
    lesson = Lesson(
        module_id=module.id,
        slug=slug,
        title=title.strip(),
        position=position,
        minutes=0,
        words=0,
        html="",
        toc=[],
        filename=f"{position:02d}-{slug}.md",
        source="",
        content_hash="",
        revision=0,
        published=False,
    )
    db.session.add(lesson)
    db.session.flush()
    db.session.add(
        LessonRevision(
            lesson_id=lesson.id,
            number=1,
            title=lesson.title,
            minutes=None,
            body="",
            note="created",
            author_id=user.id,
            created_at=now,
        )
    )
    db.session.commit()
    return lesson


def save_lesson(
    user: User,
    lesson_id: int,
    title: str,
    minutes: int | None,
    body: str,
    base: int,
    note: str,
    now: datetime,
) -> LessonRevision:
    """Save a draft revision; refuse it as a conflict if ``base`` is not the latest.

    :raise Conflict: another save came first (this text is kept, marked as a conflict).
    """
    lesson = get_lesson(lesson_id)
    ensure_lesson_history(lesson, now)
    latest = latest_lesson_revision(lesson_id)
    number = next_number(LessonRevision, LessonRevision.lesson_id, lesson_id)
    stale = latest is not None and latest.number != base
    revision = LessonRevision(
        lesson_id=lesson.id,
        number=number,
        title=title.strip(),
        minutes=minutes,
        body=body,
        note=note.strip(),
        author_id=user.id,
        created_at=now,
        conflict=stale,
    )
    db.session.add(revision)
    db.session.commit()
    if stale:
        raise Conflict(
            f"Someone else saved this lesson (revision {latest.number}) after "
            f"you opened it. Your text is kept as revision {number}: compare "
            "the two in the history and save again from the newest.",
            number,
        )
    return revision


def lesson_problems(module: Module, body: str) -> list[str]:
    """Broken glossary, module, lesson and image links in a lesson body."""
    terms = {
        term_anchor(t): ""
        for m in db.session.scalars(
            select(Module.key_terms).where(Module.retired.is_(False))
        )
        for t, _ in (m or [])
    }
    modules = set(
        db.session.scalars(select(Module.slug).where(Module.retired.is_(False)))
    )
    lessons = {
        (m, lesson)
        for m, lesson in db.session.execute(
            select(Module.slug, Lesson.slug)
            .join(Lesson)
            .where(Lesson.retired.is_(False))
        )
    }
    media = media_names()
    return [
        f"line {ref.line}: {message}"
        for ref in extract_references(body)
        if (
            message := broken_reference(
                Ref(ref.kind, ref.target, ref.line), terms, modules, lessons, media
            )
        )
    ]


def publish_lesson(user: User, lesson_id: int, now: datetime) -> Lesson:
    """Make the latest revision live, rendered once here.

    :raise FormInvalid: the text links to things that do not exist.
    """
    lesson = get_lesson(lesson_id)
    revision = latest_lesson_revision(lesson_id)
    if revision is None:
        raise NotFound("Nothing to publish.")
    problems = lesson_problems(lesson.module, revision.body)
    if not revision.title.strip():
        problems.append("the lesson needs a title")
    if not revision.body.strip():
        problems.append("the lesson has no text")
    if problems:
        raise FormInvalid({"body": "; ".join(problems)})
    rendered = render_markdown(revision.body)
    lesson.title, lesson.words = revision.title, word_count(revision.body)
    lesson.minutes = revision.minutes or reading_minutes(lesson.words)
    lesson.html = rendered.html
    lesson.toc = [[h.level, h.anchor, h.text] for h in rendered.toc]
    lesson.source = write_lesson_source(
        lesson.slug, revision.title, revision.minutes, revision.body
    )
    lesson.content_hash = _digest(lesson.source)
    lesson.revision = (lesson.revision or 0) + 1
    was_new = not lesson.published
    lesson.published = True
    revision.published_at = now
    if was_new:
        refresh_module_source(lesson.module)
    record_course_change(f"published lesson {lesson.module.slug}/{lesson.slug}", now)
    db.session.commit()
    return lesson


def restore_lesson(
    user: User, lesson_id: int, number: int, now: datetime
) -> LessonRevision:
    """An old revision becomes the newest draft (history is never rewritten)."""
    old = next((r for r in lesson_revisions(lesson_id) if r.number == number), None)
    if old is None:
        raise NotFound("No such revision.")
    latest = latest_lesson_revision(lesson_id)
    return save_lesson(
        user,
        lesson_id,
        old.title,
        old.minutes,
        old.body,
        latest.number if latest else 0,
        f"restored revision {number}",
        now,
    )


def refresh_module_source(module: Module, data: dict[str, Any] | None = None) -> None:
    """Rewrite module.md from the live fields, so an export matches what is live."""
    data = data or module_data(module)
    lessons = [
        lesson.filename
        for lesson in module_lessons(module.id)
        if lesson.published and not lesson.retired
    ]
    meta = {
        "slug": module.slug,
        "title": data["title"],
        "order": module.position,
        "summary": data.get("summary") or "",
        "minutes": data.get("minutes") or None,
        "prerequisites": list(data.get("prerequisites") or []),
        "quiz": data.get("quiz") or None,
        "objectives": list(data.get("objectives") or []),
        "key_terms": [
            {"term": t, "definition": d} for t, d in data.get("key_terms") or []
        ],
        "lessons": lessons,
    }
    module.source = write_module_source(meta, data.get("intro") or "")
    module.content_hash = _digest(module.source, module.folder)


def module_data(module: Module) -> dict[str, Any]:
    """The editable description of a module as it is live now."""
    from portal.package import split_front_matter

    intro = ""
    if module.source:
        _, intro, _ = split_front_matter(module.source)
    return {
        "title": module.title,
        "summary": module.summary,
        "minutes": module.minutes,
        "objectives": list(module.objectives or []),
        "prerequisites": list(module.prerequisites or []),
        "key_terms": [list(t) for t in module.key_terms or []],
        "quiz": module.quiz_slug or "",
        "intro": intro.strip(),
    }


def link_targets() -> dict[str, list[tuple[str, str]]]:
    """What the editor's pickers offer: lessons and glossary terms with their syntax."""
    lessons = [
        (f"{m.title} › {lesson.title}", f"lesson:{m.slug}/{lesson.slug}")
        for m in outline()
        if not m.retired
        for lesson in module_lessons(m.id)
        if not lesson.retired
    ]
    terms = sorted(
        {
            (t, f"glossary:{term_anchor(t)}")
            for m in outline()
            for t, _ in m.key_terms or []
        }
    )
    return {"lessons": lessons, "terms": terms}
