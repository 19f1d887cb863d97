"""Modules written in the browser: description drafts, publishing, order, retiring.

Drafts follow the one rule in :mod:`portal.services.revisions`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy import func, select

from portal.domain.course import prerequisite_cycles, term_anchor
from portal.domain.text import slugify, unique_slug
from portal.extensions import db
from portal.models import Module, ModuleRevision, Quiz, User
from portal.package import write_module_source
from portal.rendering import render_markdown
from portal.services import revisions
from portal.services.errors import FormInvalid
from portal.services.lesson_authoring import (
    get_lesson,
    get_module,
    module_data,
    module_lessons,
    outline,
    refresh_module_source,
)
from portal.services.revisions import record_course_change


def module_text(data: dict[str, Any]) -> str:
    """A module revision as module.md would have it, for the history's diff."""
    return write_module_source(data, data.get("intro", ""))


MODULE_FIELDS = (
    "title",
    "summary",
    "minutes",
    "objectives",
    "prerequisites",
    "key_terms",
    "quiz",
    "intro",
)


def create_module(user: User, title: str, now: datetime) -> Module:
    slug = unique_slug(
        slugify(title) or "module", set(db.session.scalars(select(Module.slug)))
    )
    position = (db.session.scalar(select(func.max(Module.position))) or 0) + 1
    module = Module(
        slug=slug,
        title=title.strip(),
        position=position,
        summary="",
        minutes=0,
        objectives=[],
        prerequisites=[],
        key_terms=[],
        quiz_slug=None,
        intro_html="",
        folder=f"{position:02d}-{slug}",
        source="",
        content_hash="",
        revision=0,
        published=False,
    )
    return revisions.create(MODULES, module, module_data(module), user, now)


def module_draft(module: Module, now: datetime) -> ModuleRevision | None:
    """What the editor opens: the newest draft (or the imported description)."""
    return revisions.working_revision(MODULES, module, now)


def save_module(
    user: User,
    module_id: int,
    data: dict[str, Any],
    base: int,
    note: str,
    now: datetime,
) -> ModuleRevision:
    """:raise Conflict: another save came first (this one is kept as a conflict)."""
    return revisions.save_draft(MODULES, module_id, data, base, note, user, now)


def module_history(
    module_id: int, older: int | None, newer: int | None
) -> revisions.History:
    return revisions.history(MODULES, module_id, older, newer)


def module_problems(module: Module, data: dict[str, Any]) -> dict[str, str]:
    errors = {}
    live = {
        m.slug: m
        for m in db.session.scalars(
            select(Module).where(Module.retired.is_(False), Module.published.is_(True))
        )
    }
    unknown = [p for p in data["prerequisites"] if p not in live or p == module.slug]
    if unknown:
        errors["prerequisites"] = gettext(
            "Not published modules: %(slugs)s", slugs=", ".join(unknown)
        )
    graph = {slug: list(m.prerequisites or []) for slug, m in live.items()}
    graph[module.slug] = list(data["prerequisites"])
    cycles = prerequisite_cycles(graph)
    if cycles:
        errors["prerequisites"] = gettext(
            "The prerequisites form a cycle: %(cycle)s", cycle=cycles[0][1]
        )
    if data.get("quiz"):
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == data["quiz"]))
        if quiz is None or quiz.current is None or quiz.final:
            errors["quiz"] = gettext(
                "“%(slug)s” is not a published module quiz.", slug=data["quiz"]
            )
    if not data.get("title"):
        errors["title"] = gettext("The module needs a title.")
    mine = {term_anchor(t) for t, _ in data.get("key_terms") or []}
    others = {
        term_anchor(t)
        for m in live.values()
        if m.id != module.id
        for t, _ in m.key_terms or []
    }
    if mine & others:
        errors["key_terms"] = gettext(
            "Already defined in another module: %(terms)s",
            terms=", ".join(sorted(mine & others)),
        )
    return errors


def publish_module(user: User, module_id: int, now: datetime) -> Module:
    """:raise FormInvalid: unknown prerequisites, a cycle, a missing quiz, a term
    defined twice."""
    return revisions.publish(MODULES, module_id, now)


def _apply_module(module: Module, revision: ModuleRevision) -> str:
    data = revision.data
    errors = module_problems(module, data)
    if errors:
        raise FormInvalid(errors)
    module.title, module.summary = data["title"], data.get("summary") or ""
    module.objectives = list(data.get("objectives") or [])
    module.prerequisites = list(data.get("prerequisites") or [])
    module.key_terms = [list(t) for t in data.get("key_terms") or []]
    module.quiz_slug = data.get("quiz") or None
    module.intro_html = render_markdown(data.get("intro") or "").html
    module.minutes = data.get("minutes") or sum(
        lesson.minutes for lesson in module_lessons(module.id) if lesson.published
    )
    module.published, module.revision = True, (module.revision or 0) + 1
    refresh_module_source(module, data)
    return f"published module {module.slug}"


def move_lesson(lesson_id: int, step: int, now: datetime) -> None:
    """Swap a lesson with its neighbour (step -1 up, +1 down)."""
    lesson = get_lesson(lesson_id)
    siblings = [item for item in module_lessons(lesson.module_id) if not item.retired]
    index = next(i for i, item in enumerate(siblings) if item.id == lesson.id)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, 1):
        item.position = position
    refresh_module_source(lesson.module)
    record_course_change(f"reordered lessons of {lesson.module.slug}", now)
    db.session.commit()


def move_module(module_id: int, step: int, now: datetime) -> None:
    modules = [m for m in outline() if not m.retired]
    index = next(i for i, m in enumerate(modules) if m.id == module_id)
    other = index + step
    if not 0 <= other < len(modules):
        return
    modules[index], modules[other] = modules[other], modules[index]
    for position, module in enumerate(modules, 1):
        module.position = position
        if module.source:
            refresh_module_source(module)
    record_course_change("reordered modules", now)
    db.session.commit()


def set_retired(kind: str, item_id: int, retired: bool, now: datetime) -> None:
    """Retiring hides a module or lesson from new study; history and progress stay."""
    item = get_module(item_id) if kind == "module" else get_lesson(item_id)
    item.retired = retired
    if kind == "lesson":
        refresh_module_source(item.module)
    record_course_change(
        f"{'retired' if retired else 'restored'} {kind} {item.slug}", now
    )
    db.session.commit()


MODULES = revisions.Kind(
    model=ModuleRevision,
    owner="module_id",
    load=get_module,
    live_data=module_data,
    columns=lambda module, data: {"data": {k: data.get(k) for k in MODULE_FIELDS}},
    data_of=lambda revision: dict(revision.data),
    text_of=lambda revision: module_text(revision.data),
    apply=_apply_module,
    is_live=lambda module: module.published,
)
