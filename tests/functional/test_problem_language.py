"""The course rules' problems reach the studio in the trainer's language."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Lesson, Quiz
from tests.conftest import signed_in
from tests.functional.test_authoring import base_of

BROKEN = "See [the term](glossary:nowhere)."


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("az", "sətir 1: 'nowhere' lüğət keçidi: heç bir əsas terminin belə lövbəri"),
        ("ru", "строка 1: ссылка на глоссарий 'nowhere': ни у одного ключевого"),
        ("en", "line 1: glossary link to 'nowhere': no key term has that anchor"),
    ],
)
def test_a_broken_glossary_link_is_refused_in_the_trainers_language(
    app, course, trainer, language, shown
):
    studio = signed_in(app, trainer)
    speaks = {"Accept-Language": language}
    lesson = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring")).one()
    url = f"/authoring/lessons/{lesson.id}"
    page = studio.get(url, headers=speaks).get_data(as_text=True)
    studio.post(
        url,
        {"base": base_of(page), "title": "Measuring", "body": BROKEN},
        headers=speaks,
    )
    refused = studio.post(f"{url}/publish", headers=speaks, follow_redirects=True)
    assert shown in html.unescape(refused.get_data(as_text=True))
    assert db.session.get(Lesson, lesson.id).html != ""  # the live text is kept


def test_question_rules_as_the_trainer_types_are_in_their_language(
    app, course, trainer
):
    studio = signed_in(app, trainer)
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    studio.get(f"/authoring/quizzes/{quiz.id}")
    check = studio.post(
        f"/authoring/quizzes/{quiz.id}/questions/check",
        {"id": "m", "kind": "matching", "prompt": "Match", "pairs": "a = x\nb = x"},
        headers={"X-CSRFToken": studio.token, "Accept-Language": "az"},
    )
    assert check.json["problems"] == ["sağ tərəfdəki eyni element iki dəfə var"]
