"""The course rules' problems reach the studio in the trainer's language."""

from __future__ import annotations

import html
import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Lesson, Quiz, QuizRevision
from tests.conftest import signed_in
from tests.functional.test_authoring import base_of
from tests.functional.test_package_upload import course_files, make_zip

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


def _upload_speaking(app, admin, data: bytes, language: str):
    boss = signed_in(app, admin)
    boss.get("/authoring/")
    return boss.post(
        "/authoring/package",
        {"package": (io.BytesIO(data), "course.zip")},
        content_type="multipart/form-data",
        headers={"Accept-Language": language},
    )


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "az",
            "quizzes/basics.yaml:3</code> YAML oxuna bilmir: burada ': ' ola bilməz",
        ),
        (
            "ru",
            "quizzes/basics.yaml:3</code> YAML не удаётся прочитать: здесь не может",
        ),
    ],
)
def test_the_zip_uploads_problem_list_is_in_the_trainers_language(
    app, course, admin, language, shown
):
    files = course_files()
    files["quizzes/basics.yaml"] = b"slug: basics\ntitle: Basics\nintro: a: b\n"
    refused = _upload_speaking(app, admin, make_zip(files), language)
    assert refused.status_code == 422
    assert shown in html.unescape(refused.get_data(as_text=True))


def test_a_refused_zip_says_why_in_the_trainers_language(app, course, admin):
    data = make_zip({**course_files(), "modules/../../x.md": "x"})
    refused = _upload_speaking(app, admin, data, "az")
    assert refused.status_code == 422
    page = html.unescape(refused.get_data(as_text=True))
    assert "modules/../../x.md '..' ilə öz qovluğundan çıxır" in page


def test_a_quiz_file_that_does_not_parse_is_refused_in_the_trainers_language(
    app, course, trainer
):
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    db.session.add(  # a saved file from before the YAML rules were tightened
        QuizRevision(
            quiz_id=quiz.id,
            number=quiz.current.number + 1,
            content_hash="x",
            definition={"settings": {}, "questions": []},
            source="slug: basics\ntitle: Basics\nintro: a: b\n",
            filename="basics.yaml",
        )
    )
    db.session.commit()
    studio = signed_in(app, trainer)
    speaks = {"Accept-Language": "az"}
    studio.get("/authoring/", headers=speaks)
    studio.post(f"/authoring/quizzes/{quiz.id}/publish", headers=speaks)
    page = html.unescape(
        studio.get("/authoring/", headers=speaks).get_data(as_text=True)
    )
    assert "sətir 3: YAML oxuna bilmir: burada ': ' ola bilməz" in page
    db.session.refresh(quiz)
    assert quiz.current.number == 1  # the live quiz is kept
    editor = studio.get(f"/authoring/quizzes/{quiz.id}", headers=speaks)
    assert editor.status_code == 400
    assert "Bu testin 2 versiyası oxuna bilmir (sətir 3:" in html.unescape(
        editor.get_data(as_text=True)
    )


def test_an_imported_course_is_counted_in_the_trainers_language(app, admin):
    boss = signed_in(app, admin)
    boss.get("/authoring/")
    speaks = {"Accept-Language": "az"}
    done = boss.post(
        "/authoring/package",
        {"package": (io.BytesIO(make_zip(course_files())), "course.zip")},
        content_type="multipart/form-data",
        headers=speaks,
    )
    assert done.status_code == 302
    page = html.unescape(boss.get("/authoring/", headers=speaks).get_data(as_text=True))
    assert "yaradıldı: 2 modul, 3 dərs, 3 test" in page
