"""Trainers author in the browser: drafts, publishing, history, conflicts, quizzes."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import select

from portal.config import ROOT
from portal.domain.questions import editor_fields
from portal.extensions import db
from portal.models import (
    Lesson,
    LessonRevision,
    MediaFile,
    Module,
    Quiz,
    QuizAttempt,
    QuizRevision,
)
from portal.package import read_package
from portal.services.course_import import import_course
from portal.services.export import export_course
from portal.timeutil import utcnow
from tests.conftest import COURSE, signed_in

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
    b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def base_of(page: str) -> str:
    return re.search(r'name="base" type="hidden" value="(\d*)"', page).group(1)


def test_trainer_writes_a_module_that_a_participant_passes(
    app, course, trainer, participant
):
    studio = signed_in(app, trainer)
    assert studio.get("/authoring/").status_code == 200
    created = studio.post(
        "/authoring/modules", {"new-module-title": "Climate and mobility"}
    )
    module_url = created.headers["Location"]
    module_id = int(module_url.rsplit("/", 1)[1])

    lessons = []
    for title, body in (
        ("Why people move", "## Drivers\n\nSlow-onset events matter."),
        (
            "Planned relocation",
            "## Relocation\n\nSee ![A map of moves](media/map.png).",
        ),
    ):
        studio.get(module_url)
        lesson_url = studio.post(
            f"/authoring/modules/{module_id}/lessons", {"new-lesson-title": title}
        ).headers["Location"]
        page = studio.get(lesson_url).get_data(as_text=True)
        studio.post(
            lesson_url,
            {"base": base_of(page), "title": title, "body": body, "note": "first text"},
        )
        lessons.append(lesson_url)

    studio.get(lessons[1])
    upload = studio.post(
        "/authoring/media",
        {"image": (io.BytesIO(PNG), "map.png"), "back": lessons[1]},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    assert db.session.scalars(select(MediaFile)).one().filename == "map.png"

    preview = studio.post(
        "/authoring/preview",
        {"body": "**bold** <script>x</script>"},
        headers={"X-CSRFToken": studio.token},
    )
    assert (
        preview.json["html"]
        == "<p><strong>bold</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    )

    studio.get("/authoring/")
    quiz_url = studio.post(
        "/authoring/quizzes/",
        {"new-quiz-slug": "climate", "new-quiz-title": "Quiz: climate"},
    ).headers["Location"]
    quiz_id = int(quiz_url.rsplit("/", 1)[1])
    questions = [
        {
            "id": "drivers",
            "kind": "single",
            "prompt": "Which is slow-onset?",
            "options": "* Sea-level rise\nA flood",
            "explanation": "It builds up slowly.",
        },
        {
            "id": "relocation",
            "kind": "true_false",
            "prompt": "Relocation can be planned.",
            "answer": "true",
            "explanation": "Yes.",
        },
        {
            "id": "word",
            "kind": "short_text",
            "prompt": "Moving a community is planned …",
            "answers": "relocation",
            "explanation": "Planned relocation.",
        },
        {
            "id": "order",
            "kind": "ordering",
            "prompt": "Order the steps.",
            "items": "Consult\nPlan\nMove",
            "explanation": "Consult first.",
        },
    ]
    for question in questions:
        page = studio.get(f"/authoring/quizzes/{quiz_id}/questions/new").get_data(
            as_text=True
        )
        response = studio.post(
            f"/authoring/quizzes/{quiz_id}/questions/new",
            {**question, "base": base_of(page), "points": "1"},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    studio.post(f"/authoring/quizzes/{quiz_id}/publish")
    quiz = db.session.get(Quiz, quiz_id)
    assert quiz.current is not None and len(quiz.current.definition["questions"]) == 4

    try_page = studio.get(f"/authoring/quizzes/{quiz_id}/try").get_data(as_text=True)
    layout = re.search(r'name="layout" value="([^"]+)"', try_page).group(1)
    tried = studio.post(f"/authoring/quizzes/{quiz_id}/try", {"layout": layout})
    assert "Try-out: nothing was recorded" in tried.get_data(as_text=True)
    assert db.session.query(QuizAttempt).count() == 0

    for lesson_url in lessons:
        published = studio.post(f"{lesson_url}/publish")
        assert published.status_code == 302
    page = studio.get(module_url).get_data(as_text=True)
    studio.post(
        module_url,
        {
            "base": base_of(page),
            "title": "Climate and mobility",
            "summary": "Who moves when the climate changes.",
            "objectives": "Explain slow-onset events",
            "prerequisites": ["basics"],
            "quiz": "climate",
            "key_terms": "Slow-onset event: harm that builds up over time",
            "intro": "An introduction.",
        },
    )
    studio.post(f"/authoring/modules/{module_id}/publish")
    module = db.session.get(Module, module_id)
    assert module.published and module.quiz_slug == "climate"
    assert "lessons:" in module.source and "why-people-move.md" in module.source

    learner = signed_in(app, participant)
    for lesson in ("who-is-a-migrant", "measuring"):
        learner.post(f"/modules/basics/{lesson}/complete")
    from tests.functional.conftest import correct_form, submit_confirmed

    location = learner.post("/quizzes/basics/start").headers["Location"]
    learner.get(location)
    attempt = db.session.get(QuizAttempt, int(location.rsplit("/", 1)[1]))
    submit_confirmed(learner, attempt.id, correct_form(attempt))
    page = learner.get(f"/modules/{module.slug}/planned-relocation").get_data(
        as_text=True
    )
    assert 'src="/media/map.png"' in page
    assert learner.get("/media/map.png").data == PNG
    for lesson in db.session.scalars(
        select(Lesson).where(Lesson.module_id == module_id)
    ):
        learner.post(f"/modules/{module.slug}/{lesson.slug}/complete")
    location = learner.post("/quizzes/climate/start").headers["Location"]
    learner.get(location)
    attempt = db.session.get(QuizAttempt, int(location.rsplit("/", 1)[1]))
    submit_confirmed(learner, attempt.id, correct_form(attempt))
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt.id).passed
    course_page = learner.get("/course").get_data(as_text=True)
    assert "Climate and mobility" in course_page

    history = studio.get(f"{lessons[0]}/history?a=1&b=2").get_data(as_text=True)
    assert "Changes from revision 1 to 2" in history and "diff-added" in history
    assert "published" in history


def test_participants_cannot_open_the_editor(app, course, participant, make_user):
    learner = signed_in(app, participant)
    lesson = db.session.scalars(select(Lesson)).first()
    for url in (
        "/authoring/",
        f"/authoring/lessons/{lesson.id}",
        "/authoring/package.zip",
    ):
        assert learner.get(url).status_code == 403
    assert learner.post("/authoring/preview", {"body": "x"}).status_code == 403
    applicant = signed_in(app, make_user("applicant"))
    assert applicant.get("/authoring/").status_code == 403


def test_unsafe_html_is_stripped_in_preview_and_publish(app, course, trainer):
    studio = signed_in(app, trainer)
    lesson = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring")).one()
    url = f"/authoring/lessons/{lesson.id}"
    page = studio.get(url).get_data(as_text=True)
    evil = (
        '<img src=x onerror="alert(1)"> [x](javascript:alert(1))\n\n'
        "<script>steal()</script>"
    )
    preview = studio.post(
        "/authoring/preview", {"body": evil}, headers={"X-CSRFToken": studio.token}
    ).json["html"]
    studio.post(url, {"base": base_of(page), "title": "Measuring", "body": evil})
    studio.post(f"{url}/publish")
    db.session.expire_all()
    published = db.session.get(Lesson, lesson.id).html
    for html in (preview, published):
        assert "<script" not in html and "<img" not in html
        assert 'href="javascript' not in html


def test_stale_save_is_refused_as_a_conflict_and_kept(app, course, trainer, make_user):
    first = signed_in(app, trainer)
    second = signed_in(app, make_user("trainer"))
    lesson = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring")).one()
    url = f"/authoring/lessons/{lesson.id}"
    base_first = base_of(first.get(url).get_data(as_text=True))
    base_second = base_of(second.get(url).get_data(as_text=True))
    assert (
        first.post(
            url,
            {"base": base_first, "title": "Measuring", "body": "First trainer's text"},
        ).status_code
        == 302
    )
    refused = second.post(
        url,
        {"base": base_second, "title": "Measuring", "body": "Second trainer's text"},
    )
    assert refused.status_code == 409
    assert "Someone else saved revision" in refused.get_data(as_text=True)
    texts = {r.body: r.conflict for r in db.session.scalars(select(LessonRevision))}
    assert texts["First trainer's text"] is False
    assert texts["Second trainer's text"] is True  # nothing is lost


def test_the_editor_shows_each_field_for_exactly_the_kinds_that_read_it(
    app, course, trainer
):
    studio = signed_in(app, trainer)
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    page = studio.get(f"/authoring/quizzes/{quiz.id}/questions/new").get_data(
        as_text=True
    )
    blocks = re.findall(r'<div data-kinds="([^"]+)">(.*?)</div>\s*</div>', page, re.S)
    shown = {}
    for kinds, body in blocks:
        for name in re.findall(r'<label for="(\w+)"', body):
            shown[name] = tuple(kinds.split())
    assert shown == editor_fields()
    assert "marks a correct option" in page  # hints come with their fields


def test_invalid_questions_and_quizzes_are_refused_with_messages(app, course, trainer):
    studio = signed_in(app, trainer)
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    url = f"/authoring/quizzes/{quiz.id}/questions/new"
    page = studio.get(url).get_data(as_text=True)
    bad = studio.post(
        url,
        {
            "base": base_of(page),
            "id": "two-right",
            "kind": "single",
            "prompt": "Pick",
            "options": "* A\n* B",
            "points": "1",
        },
    )
    assert "needs exactly one correct option (has 2)" in bad.get_data(as_text=True)
    check = studio.post(
        f"/authoring/quizzes/{quiz.id}/questions/check",
        {"id": "m", "kind": "matching", "prompt": "Match", "pairs": "a = x\nb = x"},
        headers={"X-CSRFToken": studio.token},
    )
    assert check.json["problems"] == ["has the same right-hand item twice"]
    edit = studio.get(f"/authoring/quizzes/{quiz.id}").get_data(as_text=True)
    settings = studio.post(
        f"/authoring/quizzes/{quiz.id}",
        {"base": base_of(edit), "title": "Quiz", "pass_mark": "70", "draw": "50"},
    )
    assert "draw 50 is more than the 5 questions" in settings.get_data(as_text=True)
    assert db.session.query(QuizRevision).filter_by(quiz_id=quiz.id).count() == 1


def test_publishing_a_changed_quiz_keeps_past_grades(
    app, course, trainer, participant, take_quiz, browser
):
    browser.login(participant.email)
    attempt_id, _ = take_quiz("basics")
    before = db.session.get(QuizAttempt, attempt_id)
    revision, percent = before.quiz_revision_id, before.percent
    studio = signed_in(app, trainer)
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    page = studio.get(f"/authoring/quizzes/{quiz.id}").get_data(as_text=True)
    studio.post(
        f"/authoring/quizzes/{quiz.id}",
        {"base": base_of(page), "title": "Quiz", "pass_mark": "100", "attempts": "3"},
    )
    studio.post(f"/authoring/quizzes/{quiz.id}/publish")
    db.session.expire_all()
    after = db.session.get(QuizAttempt, attempt_id)
    assert (after.quiz_revision_id, after.percent, after.pass_mark) == (
        revision,
        percent,
        70,
    )
    assert db.session.get(Quiz, quiz.id).current.settings["pass_mark"] == 100


def test_export_of_unchanged_real_curriculum_is_byte_identical(app, tmp_path):
    package = read_package(
        ROOT / "modules", ROOT / "quizzes", ROOT / "content" / "media"
    )
    import_course(package, utcnow())
    export_course(tmp_path, ROOT / "content" / "media")
    exported = sorted(
        p.relative_to(tmp_path)
        for p in tmp_path.rglob("*.*")
        if p.parts[len(tmp_path.parts)] in ("modules", "quizzes")
    )
    assert len(exported) > 60
    for relative in exported:
        assert (tmp_path / relative).read_bytes() == (ROOT / relative).read_bytes(), (
            relative
        )
    again = import_course(
        read_package(tmp_path / "modules", tmp_path / "quizzes", tmp_path / "media"),
        utcnow(),
    )
    assert not again.changed


def test_import_of_an_export_after_browser_edits_changes_nothing(
    app, course, trainer, tmp_path
):
    studio = signed_in(app, trainer)
    lesson = db.session.scalars(select(Lesson).where(Lesson.slug == "measuring")).one()
    url = f"/authoring/lessons/{lesson.id}"
    studio.post(
        url,
        {
            "base": base_of(studio.get(url).get_data(as_text=True)),
            "title": "Measuring flows",
            "body": "## Flows\n\nNew text.",
        },
    )
    studio.post(f"{url}/publish")
    export_course(tmp_path, COURSE / "content" / "media")
    report = import_course(
        read_package(tmp_path / "modules", tmp_path / "quizzes", tmp_path / "media"),
        utcnow(),
    )
    assert not report.changed


def test_zip_download_and_checked_upload(app, course, trainer, admin, tmp_path):
    data = signed_in(app, trainer).get("/authoring/package.zip").data
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "modules/01-basics/module.md" in names and "quizzes/final.yaml" in names
    assert (
        signed_in(app, trainer)
        .post(
            "/authoring/package",
            {"package": (io.BytesIO(data), "c.zip")},
            content_type="multipart/form-data",
        )
        .status_code
        == 403
    )

    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name in names:
            content = zipfile.ZipFile(io.BytesIO(data)).read(name)
            if name == "quizzes/basics.yaml":
                content = content.replace(b"kind: single", b"kind: essay")
            archive.writestr(name, content)
    boss = signed_in(app, admin)
    boss.get("/authoring/")
    refused = boss.post(
        "/authoring/package",
        {"package": (io.BytesIO(broken.getvalue()), "c.zip")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "unknown question kind &#39;essay&#39;" in refused.get_data(as_text=True)
    accepted = boss.post(
        "/authoring/package",
        {"package": (io.BytesIO(data), "c.zip")},
        content_type="multipart/form-data",
    )
    assert accepted.status_code == 302


def test_retiring_hides_a_module_but_keeps_progress(app, course, trainer, participant):
    learner = signed_in(app, participant)
    learner.post("/modules/basics/who-is-a-migrant/complete")
    studio = signed_in(app, trainer)
    module = db.session.scalars(select(Module).where(Module.slug == "protection")).one()
    studio.get("/authoring/")
    url = f"/authoring/modules/{module.id}/retire"
    assert "Retire this from the course?" in studio.post(url, {"retire": "1"}).text
    db.session.refresh(module)
    assert module.retired is False  # a bare post only asks
    studio.post(url, {"retire": "1", "confirmed": "yes"})
    assert "International protection" not in learner.get("/course").get_data(
        as_text=True
    )
    from portal.models import LessonCompletion

    assert db.session.query(LessonCompletion).count() == 1


def test_non_image_upload_is_refused(app, course, trainer):
    studio = signed_in(app, trainer)
    studio.get("/authoring/")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = studio.post(
        "/authoring/media",
        {"image": (io.BytesIO(svg), "x.svg")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Upload a PNG, JPEG, GIF or WebP image." in response.get_data(as_text=True)
    assert db.session.query(MediaFile).count() == 0


@pytest.fixture
def tight_preview_limit(app):
    app.config["PREVIEW_RATE_LIMIT"] = "3 per minute"


def test_preview_is_rate_limited(app, course, trainer, tight_preview_limit):
    studio = signed_in(app, trainer)
    studio.get("/authoring/")
    codes = [
        studio.post(
            "/authoring/preview", {"body": "x"}, headers={"X-CSRFToken": studio.token}
        ).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_preview_needs_csrf(app, course, trainer):
    studio = signed_in(app, trainer)
    assert (
        studio.post("/authoring/preview", {"body": "x"}, csrf=False).status_code == 400
    )


def test_old_quiz_revision_is_restored_as_a_new_draft(app, course, trainer):
    studio = signed_in(app, trainer)
    quiz = db.session.scalars(select(Quiz).where(Quiz.slug == "basics")).one()
    page = studio.get(f"/authoring/quizzes/{quiz.id}").get_data(as_text=True)
    studio.post(
        f"/authoring/quizzes/{quiz.id}/questions/twelve-months/delete",
        {"base": base_of(page)},
    )
    history = studio.get(f"/authoring/quizzes/{quiz.id}/history?a=1&b=2")
    assert "removed question twelve-months" in history.get_data(as_text=True)
    studio.post(f"/authoring/quizzes/{quiz.id}/restore/1")
    newest = db.session.scalars(
        select(QuizRevision)
        .where(QuizRevision.quiz_id == quiz.id)
        .order_by(QuizRevision.number.desc())
    ).first()
    assert newest.number == 3 and newest.published_at is None
    assert "twelve-months" in newest.source
