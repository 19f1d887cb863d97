"""Lessons, modules and quizzes share one draft rule: every save is a revision, a
stale save is refused as a conflict and kept, history starts with what was imported."""

from __future__ import annotations

import random
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Lesson,
    LessonRevision,
    Module,
    ModuleRevision,
    Quiz,
    QuizAttempt,
)
from portal.services import module_authoring, quiz_authoring, revisions
from portal.timeutil import utcnow
from tests.conftest import signed_in


def base_of(page: str) -> str:
    return re.search(r'name="base" type="hidden" value="(\d*)"', page).group(1)


def module_form(base: str, title: str) -> dict:
    return {"base": base, "title": title, "summary": "S", "intro": "Intro."}


def test_first_save_of_an_imported_module_is_not_a_conflict(app, course, trainer):
    studio = signed_in(app, trainer)
    module = db.session.scalars(select(Module).where(Module.slug == "basics")).one()
    url = f"/authoring/modules/{module.id}"
    saved = studio.post(url, module_form(base_of(studio.get(url).text), "Basics"))
    assert saved.status_code == 302
    notes = [
        (r.number, r.note, r.conflict)
        for r in db.session.scalars(
            select(ModuleRevision).order_by(ModuleRevision.number)
        )
    ]
    assert notes == [(1, "imported", False), (2, "", False)]


@pytest.mark.parametrize("noun", ["lesson", "module", "quiz"])
def test_a_stale_save_gets_the_same_conflict_message_for_every_kind(
    app, course, trainer, make_user, noun
):
    first = signed_in(app, trainer)
    second = signed_in(app, make_user("trainer"))
    if noun == "lesson":
        item = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring"))
        url = f"/authoring/lessons/{item.one().id}"
        form = {"title": "Measuring", "body": "Text"}
    elif noun == "module":
        item = db.session.scalars(select(Module).where(Module.slug == "basics"))
        url = f"/authoring/modules/{item.one().id}"
        form = module_form("", "Basics")
    else:
        item = db.session.scalars(select(Quiz).where(Quiz.slug == "basics"))
        url = f"/authoring/quizzes/{item.one().id}"
        form = {"title": "Quiz", "pass_mark": "70", "attempts": "3"}
    base_first = base_of(first.get(url).text)
    base_second = base_of(second.get(url).text)
    assert first.post(url, {**form, "base": base_first}).status_code == 302
    refused = second.post(url, {**form, "base": base_second})
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    theirs, yours = re.search(
        r"Someone else saved revision (\d+) after you opened this page\. Your "
        r"version is kept as revision (\d+)",
        text,
    ).groups()
    assert int(yours) == int(theirs) + 1 == int(base_second) + 2


def test_the_conflict_message_speaks_the_reader_s_language(
    app, course, trainer, make_user
):
    first = signed_in(app, trainer)
    second = signed_in(app, make_user("trainer"))
    lesson = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring"))
    url = f"/authoring/lessons/{lesson.one().id}"
    form = {"title": "Measuring", "body": "Text"}
    base_second = base_of(second.get(url).text)
    first.post(url, {**form, "base": base_of(first.get(url).text)})
    refused = second.post(
        url, {**form, "base": base_second}, headers={"Accept-Language": "az"}
    )
    assert refused.status_code == 409
    assert "başqası" in refused.get_data(as_text=True)
    assert "Someone else" not in refused.get_data(as_text=True)


def test_opening_an_imported_lesson_stores_nothing_until_it_is_saved(
    app, course, trainer
):
    studio = signed_in(app, trainer)
    lesson = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring")).one()
    page = studio.get(f"/authoring/lessons/{lesson.id}").text
    assert base_of(page) == "1"
    assert db.session.query(LessonRevision).count() == 0


def test_a_module_revision_restores_as_a_new_draft_through_the_same_rule(
    app, course, trainer
):
    module = db.session.scalars(select(Module).where(Module.slug == "basics")).one()
    data = module_authoring.module_draft(module, utcnow()).data
    module_authoring.save_module(
        trainer, module.id, {**data, "summary": "Changed"}, 1, "edit", utcnow()
    )
    modules = module_authoring.MODULES
    restored = revisions.restore(modules, module.id, 1, trainer, utcnow())
    assert (restored.number, restored.note) == (3, "restored revision 1")
    assert restored.data["summary"] == data["summary"] != "Changed"
    assert restored.published_at is None and not restored.conflict


def test_a_try_out_is_graded_but_never_stored(app, course, trainer):
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    opened = quiz_authoring.try_attempt(quiz, random.Random(3))
    assert opened.is_open and opened.revision is quiz_authoring.latest(quiz.id)
    graded = quiz_authoring.try_grade(quiz, opened.layout, {})
    assert graded.status == "submitted" and graded.passed is False
    assert [r["id"] for r in graded.results] == [e["id"] for e in opened.layout]
    assert graded.pass_mark == quiz.current.settings["pass_mark"]
    assert opened not in db.session and graded not in db.session
    db.session.flush()
    assert db.session.query(QuizAttempt).count() == 0
