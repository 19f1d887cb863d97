"""The programme import in the browser (choose, preview, confirm), its refusals,
the ``flask programme import`` command, the zip upload's check and the demo."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AttendanceMark, ProgrammeSession
from tests.conftest import signed_in
from tests.functional.test_package_upload import course_files, make_zip, upload
from tests.integration.test_programme_import import FILE


@pytest.fixture
def cohort(make_cohort, course):
    return make_cohort("Imported", starts_on=date(2027, 3, 1))


@pytest.fixture
def teacher(app, trainer, teach, cohort):
    teach(trainer, cohort)
    return signed_in(app, trainer)


def url(cohort, tail: str = "") -> str:
    return f"/programme/cohorts/{cohort.id}/import{tail}"


def choose(browser, cohort, text: str | None, source: str = "upload", **kwargs):
    data = {"source": source}
    if text is not None:
        data["file"] = (io.BytesIO(text.encode("utf-8")), "programme.yaml")
    browser.get(url(cohort), **kwargs)
    return browser.post(url(cohort), data, content_type="multipart/form-data", **kwargs)


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def sessions(cohort) -> int:
    return db.session.scalar(
        select(func.count(ProgrammeSession.id)).where(
            ProgrammeSession.cohort_id == cohort.id
        )
    )


def test_preview_then_confirm(teacher, cohort):
    assert "Import a programme file" in page(teacher.get(url(cohort)))
    preview = choose(teacher, cohort, FILE)
    text = page(preview)
    assert preview.status_code == 200 and "Preview of the import" in text
    assert "2 sessions will be added" in text and "Study visit" in text
    assert "Tuesday, March 2, 2027, 10:00–12:00 Asia/Baku" in text
    assert sessions(cohort) == 0  # a preview changes nothing
    done = teacher.post(url(cohort, "/confirm"), confirm_fields(text))
    assert done.status_code == 302 and sessions(cohort) == 2
    again = page(teacher.get(url(cohort)))
    assert "Programme imported: 2 added, 0 changed, 0 unchanged, 0 left alone" in again


def confirm_fields(text: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', text)[1]
        for name in ("text", "name")
    }


def test_a_second_preview_shows_changes_and_what_is_left_alone(
    teacher, cohort, make_session
):
    make_session(cohort, title="Made in the browser")
    text = page(choose(teacher, cohort, FILE))
    teacher.post(url(cohort, "/confirm"), confirm_fields(text))
    changed = FILE.replace("title: Study visit", "title: Study visit to the Center")
    text = page(choose(teacher, cohort, changed))
    assert "1 session will be changed" in text and "1 session is unchanged" in text
    assert "Made in the browser" in text and "made in the browser" in text
    assert "Study visit to the Center" in text and ">title<" in text


def test_nothing_to_import_says_so(teacher, cohort):
    teacher.post(
        url(cohort, "/confirm"), confirm_fields(page(choose(teacher, cohort, FILE)))
    )
    text = page(choose(teacher, cohort, FILE))
    assert "Nothing to import" in text and "/confirm" not in text


def test_a_broken_file_shows_its_problems_and_changes_nothing(teacher, cohort):
    broken = FILE.replace("kind: study_visit", "kind: party")
    response = choose(teacher, cohort, broken)
    assert response.status_code == 422
    text = page(response)
    assert "programme.yaml:16</code> 'kind' must be one of" in text
    assert "Nothing was changed." in text and sessions(cohort) == 0


def test_problems_are_in_the_readers_language(teacher, cohort):
    broken = FILE.replace("week: 2", "week: 0")
    text = page(choose(teacher, cohort, broken, headers={"Accept-Language": "ru"}))
    assert "programme.yaml:18</code> 'week' должно быть от 1 до 104" in text


def test_a_missing_upload_or_package_file_is_a_form_error(teacher, cohort):
    response = choose(teacher, cohort, None)
    assert response.status_code == 422 and "Choose a programme file" in page(response)
    response = choose(teacher, cohort, None, source="package")
    assert "The course package has no modules/programme.yaml." in page(response)
    bad = teacher.post(url(cohort), {"source": "elsewhere"})
    assert bad.status_code == 422 and sessions(cohort) == 0


def test_the_packages_file_can_be_chosen(app, teacher, cohort, tmp_path):
    (tmp_path / "programme.yaml").write_text(FILE, "utf-8")
    app.config["MODULES_DIR"] = str(tmp_path)
    text = page(choose(teacher, cohort, None, source="package"))
    assert "modules/programme.yaml" in text and "2 sessions will be added" in text


def test_text_that_is_not_utf8_is_refused(teacher, cohort):
    data = {"source": "upload", "file": (io.BytesIO(b"\xff\xfe"), "p.yaml")}
    response = teacher.post(url(cohort), data, content_type="multipart/form-data")
    assert response.status_code == 422 and "not UTF-8" in page(response)


def test_a_damaged_confirmation_changes_nothing(teacher, cohort):
    teacher.get(url(cohort))
    response = teacher.post(
        url(cohort, "/confirm"), {"text": "not base64!", "name": "p.yaml"}
    )
    assert response.status_code == 302 and sessions(cohort) == 0
    assert "damaged" in page(teacher.get(url(cohort)))


def test_refusals(app, cohort, make_user, make_cohort, teach, participant, auth):
    assert auth.get(url(cohort)).status_code == 302  # anonymous: sign in first
    assert auth.post(url(cohort, "/confirm"), {}).status_code in (302, 400)
    cohort_member = signed_in(app, participant)
    assert cohort_member.get(url(cohort)).status_code == 403
    other = make_user("trainer")
    teach(other, make_cohort("Another"))
    elsewhere = signed_in(app, other)
    assert elsewhere.get(url(cohort)).status_code == 404
    fields = {"text": "c2Vzc2lvbnM6IFtdCg==", "name": "p.yaml"}
    elsewhere.get("/")
    assert elsewhere.post(url(cohort, "/confirm"), fields).status_code == 404
    assert cohort_member.post(url(cohort, "/confirm"), fields).status_code == 403
    assert sessions(cohort) == 0


def test_an_administrator_may_import_anywhere(app, cohort, admin):
    boss = signed_in(app, admin)
    assert url(cohort) in page(boss.get(f"/admin/cohorts/{cohort.id}"))
    assert "2 sessions will be added" in page(choose(boss, cohort, FILE))


def test_the_command_imports_and_counts(runner, cohort, tmp_path):
    path = tmp_path / "programme.yaml"
    path.write_text(FILE, "utf-8")
    args = ["programme", "import", "--cohort", "Imported", str(path)]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "Imported: 2 added, 0 changed, 0 unchanged, 0 left alone" in first.output
    second = runner.invoke(args=args)
    assert "0 added, 0 changed, 2 unchanged" in second.output


def test_the_command_names_file_and_line(runner, cohort, tmp_path):
    path = tmp_path / "programme.yaml"
    path.write_text(FILE.replace('time: "14:00"', "time: noon"), "utf-8")
    result = runner.invoke(
        args=["programme", "import", "--cohort", "Imported", str(path)]
    )
    assert result.exit_code == 1 and sessions(cohort) == 0
    assert f"{path}:20: 'time' must be a time such as 10:00" in result.output
    assert "nothing was imported" in result.output
    unknown = runner.invoke(args=["programme", "import", "--cohort", "Nobody"])
    assert unknown.exit_code != 0 and "no cohort named 'Nobody'" in unknown.output


def test_the_zip_upload_reports_the_programmes_problems(app, course, admin):
    boss = signed_in(app, admin)
    boss.get("/authoring/")
    files = {**course_files(), "modules/programme.yaml": FILE.replace("basics]", "x]")}
    response = upload(boss, make_zip(files))
    assert response.status_code == 422
    assert "modules/programme.yaml:14</code> no module has the slug 'x'" in page(
        response
    )


def test_the_demo_programme_is_set_up_once(app):
    from portal.cli import create_demo_accounts
    from portal.config import ROOT
    from portal.models import Cohort
    from portal.package import read_package
    from portal.services.course_import import import_course
    from portal.timeutil import utcnow

    modules = ROOT / "modules"
    package = read_package(modules, ROOT / "quizzes", ROOT / "content" / "media")
    import_course(package, utcnow())
    app.config["MODULES_DIR"] = str(modules)
    create_demo_accounts()
    demo = db.session.scalar(select(Cohort).where(Cohort.name == "Demo cohort"))
    assert (demo.attendance_minimum, demo.excused_absences) == (80, "excluded")
    assert sessions(demo) == len(package.programme.sessions)
    marks = db.session.scalars(select(AttendanceMark)).all()
    statuses = sorted(m.status for m in marks)
    assert statuses.count("absent") == 1 and statuses.count("excused") == 1
    attended = statuses.count("present") + statuses.count("late")
    assert 0.8 <= attended / (len(marks) - 1) < 0.95  # excused ones are left out
    before = sorted((m.session_id, m.status) for m in marks)
    create_demo_accounts()
    after = sorted(
        (m.session_id, m.status) for m in db.session.scalars(select(AttendanceMark))
    )
    assert after == before and sessions(demo) == len(package.programme.sessions)
