"""Lessons written in the browser, and the course outline the studio shows.

Drafts, publishing, restoring and history follow the one rule in
:mod:`portal.services.revisions`; this module says what a lesson revision holds and
how publishing renders it once into the live row participants read.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from portal.domain.course import Ref, broken_reference, term_anchor
from portal.domain.text import reading_minutes, slugify, unique_slug
from portal.extensions import db
from portal.models import Lesson, LessonRevision, Module, User
from portal.package import (
    split_front_matter,
    write_lesson_source,
    write_module_source,
)
from portal.rendering import extract_references, render_markdown, word_count
from portal.services import revisions
from portal.services.errors import FormInvalid, NotFound
from portal.services.media import media_names
from portal.services.revisions import content_digest
from portal.services.wording import translated

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
        raise NotFound(gettext("No such module."))
    return module


def get_lesson(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound(gettext("No such lesson."))
    return lesson


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
    data = {"title": lesson.title, "minutes": None, "body": ""}
    return revisions.create(LESSONS, lesson, data, user, now)


def lesson_draft(lesson: Lesson, now: datetime) -> LessonRevision | None:
    """What the editor opens: the newest draft (or the imported text)."""
    return revisions.working_revision(LESSONS, lesson, now)


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
    """Save a draft revision.

    :raise Conflict: another save came first (this text is kept, marked as a conflict).
    """
    data = {"title": title, "minutes": minutes, "body": body}
    return revisions.save_draft(LESSONS, lesson_id, data, base, note, user, now)


def publish_lesson(
    user: User, lesson_id: int, media_dir: Path, now: datetime
) -> Lesson:
    """Make the latest revision live, rendered once here.

    :param media_dir: the course's media folder, where its images may be.
    :raise FormInvalid: the text links to things that do not exist.
    """
    kind = replace(LESSONS, apply=partial(_apply_lesson, media_dir=media_dir))
    return revisions.publish(kind, lesson_id, now)


def restore_lesson(
    user: User, lesson_id: int, number: int, now: datetime
) -> LessonRevision:
    """An old revision becomes the newest draft (history is never rewritten)."""
    return revisions.restore(LESSONS, lesson_id, number, user, now)


def lesson_history(
    lesson_id: int, older: int | None, newer: int | None
) -> revisions.History:
    return revisions.history(LESSONS, lesson_id, older, newer)


def lesson_problems(module: Module, body: str, media_dir: Path) -> list[str]:
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
    media = media_names(media_dir)
    return [
        gettext(
            "line %(line)s: %(problem)s", line=ref.line, problem=translated(message)
        )
        for ref in extract_references(body)
        if (
            message := broken_reference(
                Ref(ref.kind, ref.target, ref.line), terms, modules, lessons, media
            )
        )
    ]


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
    module.content_hash = content_digest(module.source, module.folder)


def module_data(module: Module) -> dict[str, Any]:
    """The editable description of a module as it is live now."""
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


# -- what a lesson revision is ---------------------------------------------------


def _live_lesson(lesson: Lesson) -> dict[str, Any] | None:
    """An imported lesson's text as its file has it; None for one never published."""
    if not lesson.source:
        return None
    meta, body, _ = split_front_matter(lesson.source)
    return {"title": lesson.title, "minutes": meta.get("minutes"), "body": body.strip()}


def _lesson_columns(lesson: Lesson, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"].strip(),
        "minutes": data.get("minutes"),
        "body": data.get("body") or "",
    }


def _apply_lesson(lesson: Lesson, revision: LessonRevision, media_dir: Path) -> str:
    """Render the revision into the live lesson.

    :raise FormInvalid: the text links to things that do not exist.
    """
    problems = lesson_problems(lesson.module, revision.body, media_dir)
    if not revision.title.strip():
        problems.append(gettext("the lesson needs a title"))
    if not revision.body.strip():
        problems.append(gettext("the lesson has no text"))
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
    lesson.content_hash = content_digest(lesson.source)
    lesson.revision = (lesson.revision or 0) + 1
    was_new = not lesson.published
    lesson.published = True
    if was_new:
        refresh_module_source(lesson.module)
    return f"published lesson {lesson.module.slug}/{lesson.slug}"


LESSONS = revisions.Kind(
    model=LessonRevision,
    owner="lesson_id",
    load=get_lesson,
    live_data=_live_lesson,
    columns=_lesson_columns,
    data_of=lambda r: {"title": r.title, "minutes": r.minutes, "body": r.body},
    text_of=lambda r: f"# {r.title}\n\n{r.body}",
    apply=_apply_lesson,
    is_live=lambda lesson: lesson.published,
)
