"""Completion is a fact: a graduate stays a graduate when the course grows."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Cohort, Lesson, Module, Quiz
from portal.package import read_package
from portal.services.course_import import import_course
from portal.timeutil import utcnow
from tests.conftest import COURSE, signed_in
from tests.functional.conftest import pass_the_course

NEW_MODULE = """---
slug: climate
title: Climate and mobility
order: 3
summary: How slow-onset events move people.
prerequisites: [protection]
objectives:
  - Name two slow-onset drivers of migration.
lessons:
  - 01-drivers.md
---

A module published after the first cohort finished.
"""
NEW_LESSON = """---
slug: drivers
title: Drivers
---

## Slow-onset events

Drought and sea-level rise shape where people can live.
"""


def _course_with_a_new_module(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    folder = root / "modules" / "03-climate"
    folder.mkdir()
    (folder / "module.md").write_text(NEW_MODULE, encoding="utf-8")
    (folder / "01-drivers.md").write_text(NEW_LESSON, encoding="utf-8")
    return read_package(root / "modules", root / "quizzes", root / "content" / "media")


@pytest.fixture
def graduate(course, participant, browser, take_quiz):
    """The participant, in a cohort, through every module and the final assessment."""
    cohort = Cohort(name="Cohort 2026")
    db.session.add(cohort)
    db.session.flush()
    participant.cohort_id = cohort.id
    db.session.commit()
    browser.login(participant.email)
    pass_the_course(browser, take_quiz)
    return cohort


def test_a_graduate_keeps_completion_when_a_module_is_published(
    app, graduate, admin, browser, tmp_path
):
    cohort = graduate

    import_course(_course_with_a_new_module(tmp_path), utcnow())
    home = browser.get("/course").get_data(as_text=True)
    assert "Climate and mobility" in home  # the new module is there to read
    assert "100% complete" in home and "You have completed the course" in home
    assert "Claim my certificate" in browser.get("/certificate").get_data(as_text=True)
    board = signed_in(app, admin).get(f"/analytics/cohorts/{cohort.id}")
    page = board.get_data(as_text=True)
    assert "Completed the course</dt><dd>1</dd>" in page


def test_the_studio_says_whom_publishing_reaches(app, graduate, trainer, make_user):
    studying = make_user("participant")
    signed_in(app, studying).post("/modules/basics/who-is-a-migrant/complete")
    make_user("applicant")  # not a participant: not counted
    module = db.session.scalars(select(Module).where(Module.slug == "basics")).one()
    lesson = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring")).one()
    studio = signed_in(app, trainer)
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    for url in (
        f"/authoring/modules/{module.id}",
        f"/authoring/lessons/{lesson.id}",
        f"/authoring/quizzes/{quiz.id}",
    ):
        page = studio.get(url).text
        assert "for 1 participant who is still studying" in page, url
        assert "1 graduate keeps their completion" in page, url
