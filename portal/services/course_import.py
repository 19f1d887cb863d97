"""Importing a checked course package into the database as a new revision."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from portal.domain.course import CoursePackage, ModuleSpec, QuizSpec, check_package
from portal.domain.quiz_review import DEFAULT_SHOW_ANSWERS
from portal.domain.text import reading_minutes
from portal.extensions import db
from portal.models import (
    CourseImport,
    Lesson,
    LessonRevision,
    Module,
    Quiz,
    QuizRevision,
)
from portal.rendering import render_inline, render_markdown
from portal.services.errors import CourseInvalid
from portal.services.import_report import ImportReport

__all__ = ["ImportReport", "apply_course", "import_course", "quiz_definition"]


def _digest(*parts: Any) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(str(part).encode("utf-8"))
        sha.update(b"\0")
    return sha.hexdigest()


def import_course(package: CoursePackage, now: datetime) -> ImportReport:
    """Load a package as the live course, keeping every participant's progress.

    Unchanged files leave their rows alone, so importing the same package twice changes
    nothing. Modules and lessons missing from the package are retired, not deleted.

    :raise CourseInvalid: the package breaks a rule; nothing is written.
    """
    report = apply_course(package, now)
    db.session.commit()
    return report


def apply_course(package: CoursePackage, now: datetime) -> ImportReport:
    """:func:`import_course` without the commit: the caller commits it, or rolls it
    back after reading the report (what an upload would retire, say).

    :raise CourseInvalid: the package breaks a rule; nothing is changed.
    """
    problems = check_package(package)
    if problems:
        raise CourseInvalid(problems)
    report = ImportReport()
    _import_modules(package.modules, report, now)
    _import_quizzes(package.quizzes, report, now)
    if report.changed:
        checksum = _digest(
            *(m.source for m in package.modules),
            *(lesson.source for m in package.modules for lesson in m.lessons),
            *(q.source for q in package.quizzes),
        )
        db.session.add(
            CourseImport(checksum=checksum, summary=report.summary(), created_at=now)
        )
    return report


def _import_modules(
    specs: tuple[ModuleSpec, ...], report: ImportReport, now: datetime
) -> None:
    existing = {m.slug: m for m in db.session.scalars(select(Module))}
    all_lessons = db.session.scalars(select(Lesson)).all()
    for position, spec in enumerate(specs, 1):
        module = existing.pop(spec.slug, None)
        digest = _digest(spec.source, spec.folder)
        if module is None:
            module = Module(slug=spec.slug, revision=0, content_hash="")
            db.session.add(module)
            report.created.append(f"module {spec.slug}")
        if (
            module.content_hash != digest
            or module.retired
            or not module.published
            or module.position != position
        ):
            if module.content_hash and module.content_hash != digest:
                report.updated.append(f"module {spec.slug}")
            module.revision = (module.revision or 0) + (module.content_hash != digest)
            module.content_hash = digest
            module.retired = False
            module.published = True
            module.position = position
            module.title = spec.title
            module.summary = spec.summary
            module.objectives = list(spec.objectives)
            module.prerequisites = list(spec.prerequisites)
            module.key_terms = [list(term) for term in spec.key_terms]
            module.quiz_slug = spec.quiz
            module.intro_html = render_markdown(spec.intro).html
            module.folder = spec.folder
            module.source = spec.source
        db.session.flush()
        lessons = {
            lesson.slug: lesson
            for lesson in all_lessons
            if lesson.module_id == module.id
        }
        _import_lessons(module, spec, lessons, report, now)
        module.minutes = spec.minutes or sum(
            lesson.minutes or reading_minutes(lesson.words) for lesson in spec.lessons
        )
    for module in existing.values():
        if module.published and not module.retired:
            module.retired = True
            report.retired.append(f"module {module.slug}")


def _import_lessons(
    module: Module,
    spec: ModuleSpec,
    existing: dict[str, Lesson],
    report: ImportReport,
    now: datetime,
) -> None:
    for position, lesson_spec in enumerate(spec.lessons, 1):
        lesson = existing.pop(lesson_spec.slug, None)
        digest = _digest(lesson_spec.source)
        name = f"lesson {spec.slug}/{lesson_spec.slug}"
        if lesson is None:
            lesson = Lesson(
                module_id=module.id, slug=lesson_spec.slug, revision=0, content_hash=""
            )
            db.session.add(lesson)
            report.created.append(name)
        if lesson.content_hash != digest:
            if lesson.content_hash:
                report.updated.append(name)
            rendered = render_markdown(lesson_spec.body)
            lesson.revision = (lesson.revision or 0) + 1
            lesson.content_hash = digest
            lesson.title = lesson_spec.title
            lesson.words = lesson_spec.words
            lesson.minutes = lesson_spec.minutes or reading_minutes(lesson_spec.words)
            lesson.html = rendered.html
            lesson.toc = [[h.level, h.anchor, h.text] for h in rendered.toc]
            lesson.source = lesson_spec.source
            lesson.published = True
            _record_lesson_revision(lesson, lesson_spec, now)
        if (
            lesson.position != position
            or lesson.retired
            or lesson.filename != lesson_spec.filename
        ):
            if lesson.retired and name not in report.created:
                report.updated.append(name)
            lesson.position = position
            lesson.retired = False
            lesson.filename = lesson_spec.filename
    for lesson in existing.values():
        # Drafts made in the browser are not in the package yet: leave them be.
        if lesson.published and not lesson.retired:
            lesson.retired = True
            report.retired.append(f"lesson {spec.slug}/{lesson.slug}")


def _record_lesson_revision(lesson: Lesson, spec, now: datetime) -> None:
    """Lessons with a history (edited in the browser) get the imported text as a
    published revision, so the history shows where every change came from."""
    if lesson.id is None:
        return
    latest = db.session.scalar(
        select(func.max(LessonRevision.number)).where(
            LessonRevision.lesson_id == lesson.id
        )
    )
    if latest:
        db.session.add(
            LessonRevision(
                lesson_id=lesson.id,
                number=latest + 1,
                title=spec.title,
                minutes=spec.minutes,
                body=spec.body.strip(),
                note="imported",
                created_at=now,
                published_at=now,
            )
        )


def quiz_definition(spec: QuizSpec) -> dict[str, Any]:
    """What a quiz revision stores: settings, and questions with rendered Markdown."""
    questions = []
    for question in spec.questions:
        stored = dict(question)
        stored["points"] = float(question.get("points", 1))
        stored["prompt_html"] = render_inline(str(question.get("prompt", "")))
        stored["explanation_html"] = render_markdown(
            str(question.get("explanation", ""))
        ).html
        questions.append(stored)
    return {
        "settings": {
            "title": spec.title,
            "final": spec.final,
            "pass_mark": spec.pass_mark,
            "attempts": spec.attempts,
            "time_limit": spec.time_limit,
            "draw": spec.draw,
            "shuffle": spec.shuffle,
            "after_lessons": spec.after_lessons,
            "show_answers": spec.show_answers or DEFAULT_SHOW_ANSWERS,
            "show_marks": spec.show_marks,
            "intro_html": render_markdown(spec.intro).html if spec.intro else "",
        },
        "questions": questions,
    }


def _import_quizzes(
    specs: tuple[QuizSpec, ...], report: ImportReport, now: datetime
) -> None:
    existing = {q.slug: q for q in db.session.scalars(select(Quiz))}
    for spec in specs:
        quiz = existing.pop(spec.slug, None)
        digest = _digest(spec.source)
        if quiz is None:
            quiz = Quiz(slug=spec.slug, title=spec.title, final=spec.final)
            db.session.add(quiz)
            db.session.flush()
            report.created.append(f"quiz {spec.slug}")
        current = quiz.current
        if current is None or current.content_hash != digest:
            if current is not None:
                report.updated.append(f"quiz {spec.slug}")
            revision = QuizRevision(
                quiz_id=quiz.id,
                number=(current.number + 1) if current else 1,
                content_hash=digest,
                definition=quiz_definition(spec),
                source=spec.source,
                filename=spec.path.rsplit("/", 1)[-1],
                created_at=now,
                published_at=now,
                note="imported from the course package",
            )
            db.session.add(revision)
            db.session.flush()
            quiz.current = revision
        elif quiz.retired:
            report.updated.append(f"quiz {spec.slug}")
        quiz.title, quiz.final, quiz.retired = spec.title, spec.final, False
    for quiz in existing.values():
        if not quiz.retired:
            quiz.retired = True
            report.retired.append(f"quiz {quiz.slug}")
