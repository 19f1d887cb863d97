"""The live course: modules, lessons and quizzes, each with its current revision.

Rows are keyed by stable slugs from the course package. Markdown is rendered once when
a revision is stored (``html`` columns), never per request. ``source`` keeps the file
text exactly, so the course can be exported back byte for byte.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow


class CourseImport(db.Model):
    """One import that changed something: the package revision history."""

    id: Mapped[int] = mapped_column(primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Module(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    summary: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(default=0)
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)
    key_terms: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    quiz_slug: Mapped[str | None] = mapped_column(String(100))
    intro_html: Mapped[str] = mapped_column(Text, default="")
    folder: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(default=1)
    retired: Mapped[bool] = mapped_column(default=False)
    # False while a module made in the browser has never been published.
    published: Mapped[bool] = mapped_column(default=True)

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module",
        order_by="Lesson.position",
        primaryjoin="and_(Module.id == Lesson.module_id, Lesson.retired.is_(False))",
        viewonly=True,
    )


class Lesson(db.Model):
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    minutes: Mapped[int] = mapped_column(default=0)
    words: Mapped[int] = mapped_column(default=0)
    html: Mapped[str] = mapped_column(Text, deferred=True)
    toc: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    filename: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(default=1)
    retired: Mapped[bool] = mapped_column(default=False)
    published: Mapped[bool] = mapped_column(default=True)

    module: Mapped[Module] = relationship(back_populates="lessons")


class Quiz(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    final: Mapped[bool] = mapped_column(default=False)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_revision.id", use_alter=True)
    )
    retired: Mapped[bool] = mapped_column(default=False)

    current: Mapped[QuizRevision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )


class QuizRevision(db.Model):
    """An immutable version of a quiz; attempts point at the one they were graded by."""

    __table_args__ = (UniqueConstraint("quiz_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    # Settings and questions as in the file, plus rendered prompt/explanation HTML.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    # None for a draft; participants only ever get published revisions.
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A save refused because someone else saved first, kept so nothing is lost.
    conflict: Mapped[bool] = mapped_column(default=False)

    @property
    def settings(self) -> dict[str, Any]:
        return self.definition["settings"]

    @property
    def bank(self) -> dict[str, dict[str, Any]]:
        return {q["id"]: q for q in self.definition["questions"]}


class LessonRevision(db.Model):
    """Every saved version of a lesson: drafts, published ones and refused saves."""

    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    conflict: Mapped[bool] = mapped_column(default=False)


class ModuleRevision(db.Model):
    """Every saved version of a module's description (module.md)."""

    __table_args__ = (UniqueConstraint("module_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    number: Mapped[int]
    # title, summary, minutes, objectives, prerequisites, key_terms, quiz, intro,
    # lessons (file names in order)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    conflict: Mapped[bool] = mapped_column(default=False)


class MediaFile(db.Model):
    """An image uploaded in the browser, kept in the database for every host."""

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
