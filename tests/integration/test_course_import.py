"""Importing the course package: revisions, idempotence, progress kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CourseImport,
    Lesson,
    LessonCompletion,
    Module,
    Quiz,
    QuizRevision,
)
from portal.package import read_package
from portal.services.course_import import import_course
from portal.services.errors import CourseInvalid
from portal.timeutil import utcnow
from tests.conftest import COURSE


@pytest.fixture
def package_dir(tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    return target


def load(root: Path):
    return import_course(
        read_package(root / "modules", root / "quizzes", root / "content" / "media"),
        utcnow(),
    )


def test_first_import_creates_everything(app, package_dir):
    report = load(package_dir)
    assert "module basics" in report.created and "quiz final" in report.created
    assert (
        db.session.scalar(select(Module).where(Module.slug == "basics")).position == 1
    )
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "who-is-a-migrant"))
    assert (
        "<h2" in lesson.html
        and lesson.toc[0][1] == "a-word-without-a-treaty-definition"
    )
    assert db.session.query(CourseImport).count() == 1


def test_importing_the_same_package_twice_changes_nothing(app, package_dir):
    load(package_dir)
    before = [
        (m.slug, m.revision, m.content_hash) for m in db.session.scalars(select(Module))
    ]
    report = load(package_dir)
    assert not report.changed
    after = [
        (m.slug, m.revision, m.content_hash) for m in db.session.scalars(select(Module))
    ]
    assert before == after
    assert db.session.query(QuizRevision).count() == 3
    assert db.session.query(CourseImport).count() == 1


def test_changed_lesson_is_a_new_revision_and_progress_is_kept(
    app, package_dir, participant
):
    load(package_dir)
    db.session.add(
        LessonCompletion(
            user_id=participant.id, module_slug="basics", lesson_slug="measuring"
        )
    )
    db.session.commit()
    path = package_dir / "modules" / "01-basics" / "02-measuring.md"
    path.write_text(path.read_text() + "\nA new paragraph about censuses.\n")
    report = load(package_dir)
    assert report.updated == ["lesson basics/measuring"]
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "measuring"))
    assert lesson.revision == 2 and "censuses" in lesson.html
    assert db.session.query(LessonCompletion).count() == 1


def test_removed_module_is_retired_not_deleted(app, package_dir):
    load(package_dir)
    shutil.rmtree(package_dir / "modules" / "02-protection")
    (package_dir / "quizzes" / "protection.yaml").unlink()
    report = load(package_dir)
    assert "module protection" in report.retired and "quiz protection" in report.retired
    module = db.session.scalar(select(Module).where(Module.slug == "protection"))
    assert module.retired
    assert db.session.scalar(select(Quiz).where(Quiz.slug == "protection")).retired


def test_changed_quiz_gets_a_new_revision(app, package_dir):
    load(package_dir)
    path = package_dir / "quizzes" / "basics.yaml"
    path.write_text(path.read_text().replace("pass_mark: 70", "pass_mark: 80"))
    load(package_dir)
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "basics"))
    assert quiz.current.number == 2 and quiz.current.settings["pass_mark"] == 80
    assert db.session.query(QuizRevision).filter_by(quiz_id=quiz.id).count() == 2


def test_invalid_package_is_refused_and_nothing_is_written(app, package_dir):
    path = package_dir / "quizzes" / "basics.yaml"
    path.write_text(path.read_text().replace("kind: single", "kind: essay"))
    with pytest.raises(CourseInvalid) as error:
        load(package_dir)
    assert any("unknown question kind 'essay'" in str(p) for p in error.value.problems)
    assert db.session.query(Module).count() == 0


def test_rendered_lesson_is_sanitised(app, package_dir):
    path = package_dir / "modules" / "01-basics" / "02-measuring.md"
    path.write_text(
        path.read_text() + '\n<script>alert("x")</script>\n'
        "[click](javascript:alert(1))\n<img src=x onerror=alert(1)>\n"
    )
    load(package_dir)
    html = db.session.scalar(select(Lesson).where(Lesson.slug == "measuring")).html
    assert (
        "<script" not in html and "&lt;script&gt;" in html
    )  # shown as text, never run
    assert "<img src=x" not in html and "&lt;img" in html
    assert 'href="javascript' not in html
