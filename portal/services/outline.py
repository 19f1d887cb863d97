"""The live course's structure, read once per course revision and kept in memory.

Every study page needs the module list, lesson titles and prerequisites. They change
only when the course is imported or published, which always writes a ``CourseImport``
row. So each request asks for that row (one tiny query) and reuses the snapshot it
already has, in every worker process, until the row changes. Lesson bodies stay out.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from portal.domain.progress import ModuleOutline
from portal.domain.text import reading_minutes
from portal.extensions import db
from portal.models import CourseImport, Lesson, Module, Quiz


@dataclass(frozen=True)
class LessonInfo:
    slug: str
    title: str
    minutes: int
    position: int
    words: int


@dataclass(frozen=True)
class ModuleInfo:
    slug: str
    title: str
    position: int
    summary: str
    minutes: int
    objectives: tuple[str, ...]
    key_terms: tuple[tuple[str, str], ...]
    intro_html: str
    quiz_slug: str | None
    prerequisites: tuple[str, ...]
    lessons: tuple[LessonInfo, ...]

    @property
    def outline(self) -> ModuleOutline:
        return ModuleOutline(
            self.slug,
            self.title,
            tuple(lesson.slug for lesson in self.lessons),
            self.quiz_slug,
            self.prerequisites,
        )

    @property
    def reading_minutes(self) -> int:
        """Reading time of all lessons at 200 words a minute (study time is longer)."""
        return reading_minutes(sum(lesson.words for lesson in self.lessons))

    def lesson(self, slug: str) -> LessonInfo | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)

    def neighbours(self, slug: str) -> tuple[LessonInfo | None, LessonInfo | None]:
        """The lessons before and after ``slug`` within this module."""
        index = next(i for i, lesson in enumerate(self.lessons) if lesson.slug == slug)
        before = self.lessons[index - 1] if index > 0 else None
        after = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return before, after


@dataclass(frozen=True)
class CourseSnapshot:
    modules: tuple[ModuleInfo, ...]
    final_quiz: str | None

    @property
    def outline(self) -> list[ModuleOutline]:
        return [module.outline for module in self.modules]

    def module(self, slug: str) -> ModuleInfo | None:
        return next((module for module in self.modules if module.slug == slug), None)


_cache: dict[Any, CourseSnapshot] = {}
_lock = threading.Lock()


def _revision_key() -> tuple:
    latest = db.session.execute(
        select(CourseImport.id, CourseImport.checksum, CourseImport.created_at)
        .order_by(CourseImport.id.desc())
        .limit(1)
    ).first()
    return (str(db.engine.url), tuple(latest) if latest else None)


def course_snapshot() -> CourseSnapshot:
    """The live course structure; one query when the cached snapshot is current."""
    key = _revision_key()
    snapshot = _cache.get(key)
    if snapshot is None:
        snapshot = _load()
        with _lock:
            _cache.clear()  # only the current revision is ever needed
            _cache[key] = snapshot
    return snapshot


def _load() -> CourseSnapshot:
    lessons: dict[int, list[LessonInfo]] = defaultdict(list)
    for row in db.session.execute(
        select(
            Lesson.module_id,
            Lesson.slug,
            Lesson.title,
            Lesson.minutes,
            Lesson.position,
            Lesson.words,
        )
        .where(Lesson.retired.is_(False), Lesson.published.is_(True))
        .order_by(Lesson.module_id, Lesson.position)
    ):
        lessons[row.module_id].append(
            LessonInfo(row.slug, row.title, row.minutes, row.position, row.words)
        )
    modules = []
    for module in db.session.scalars(
        select(Module)
        .where(Module.retired.is_(False), Module.published.is_(True))
        .order_by(Module.position)
    ):
        modules.append(
            ModuleInfo(
                module.slug,
                module.title,
                module.position,
                module.summary,
                module.minutes,
                tuple(module.objectives or ()),
                tuple(
                    (term, definition) for term, definition in module.key_terms or ()
                ),
                module.intro_html,
                module.quiz_slug,
                tuple(module.prerequisites or ()),
                tuple(lessons[module.id]),
            )
        )
    final = db.session.scalar(
        select(Quiz.slug).where(Quiz.final.is_(True), Quiz.retired.is_(False)).limit(1)
    )
    return CourseSnapshot(tuple(modules), final)
