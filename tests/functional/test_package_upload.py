"""The course zip upload refuses hostile archives with a clear page, changes nothing
when it refuses, asks before retiring, and is recorded in the audit log."""

from __future__ import annotations

import html
import io
import re
import stat
import struct
import zipfile

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CourseImport, Lesson, Module, Quiz
from tests.conftest import COURSE, signed_in

BOMB = """\
slug: laughs
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


def course_files() -> dict[str, bytes]:
    """The fixture course as a package zip holds it."""
    files = {}
    for folder, source in (
        ("modules", COURSE / "modules"),
        ("quizzes", COURSE / "quizzes"),
        ("media", COURSE / "content" / "media"),
    ):
        for path in sorted(source.rglob("*")):
            if path.is_file():
                files[f"{folder}/{path.relative_to(source).as_posix()}"] = (
                    path.read_bytes()
                )
    return files


def make_zip(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def upload(browser, data: bytes, **fields):
    return browser.post(
        "/authoring/package",
        {"package": (io.BytesIO(data), "course.zip"), **fields},
        content_type="multipart/form-data",
    )


def course_state() -> list[tuple]:
    """Everything an import could change in the course, to compare before and after."""
    return [
        *db.session.execute(
            select(Module.slug, Module.retired, Module.revision, Module.content_hash)
        ).all(),
        *db.session.execute(
            select(Lesson.slug, Lesson.retired, Lesson.revision, Lesson.content_hash)
        ).all(),
        *db.session.execute(
            select(Quiz.slug, Quiz.retired, Quiz.current_revision_id)
        ).all(),
        ("imports", len(db.session.scalars(select(CourseImport)).all())),
    ]


@pytest.fixture
def boss(app, course, admin):
    browser = signed_in(app, admin)
    browser.get("/authoring/")
    return browser


def refused(response) -> str:
    """The page of a refused upload: a clear 4xx, saying nothing changed."""
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert "Nothing was changed." in page
    return page


def test_a_zip_bomb_is_refused_by_its_real_size(app, boss):
    app.config["PACKAGE_MAX_BYTES"] = 1024 * 1024
    data = make_zip({**course_files(), "media/zeros.png": b"\0" * (8 * 1024 * 1024)})
    assert len(data) < 20_000  # small zip, big real size
    before = course_state()
    page = refused(upload(boss, data))
    assert "The unpacked course is larger than 1 MB." in page
    assert course_state() == before


def _lie_about_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Patch the declared uncompressed size of ``name`` in its local header and in
    the central directory, as a hand-made zip bomb would."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for found in re.finditer(re.escape(signature), data):
            header = found.start()
            name_at = header + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", patched, header + offset, size)
    return bytes(patched)


def test_a_lying_size_header_is_refused(app, boss):
    app.config["PACKAGE_MAX_BYTES"] = 1024 * 1024
    honest = make_zip({**course_files(), "media/zeros.png": b"\0" * (8 * 1024 * 1024)})
    lying = _lie_about_sizes(honest, b"media/zeros.png", 100)
    assert (
        zipfile.ZipFile(io.BytesIO(lying)).getinfo("media/zeros.png").file_size == 100
    )
    before = course_state()
    page = refused(upload(boss, lying))
    assert "The zip is damaged (media/zeros.png cannot be unpacked)" in page
    assert course_state() == before


def test_too_many_members_are_refused(app, boss):
    app.config["PACKAGE_MAX_MEMBERS"] = 5
    before = course_state()
    page = refused(upload(boss, make_zip(course_files())))
    assert "The zip holds more than 5 files and folders." in page
    assert course_state() == before


def test_deep_nesting_is_refused(boss):
    deep = "media/a/b/c/d/e/flows.png"
    before = course_state()
    page = refused(upload(boss, make_zip({**course_files(), deep: b"png"})))
    assert f"{deep} is nested more than 6 folders deep" in page
    assert course_state() == before


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("modules/../../evil.md", "climbs out of its folder with '..'"),
        ("../evil.md", "climbs out of its folder with '..'"),
        ("/modules/01-basics/evil.md", "is an absolute path"),
        ("modules\\..\\..\\evil.md", "may not contain '\\'"),
        ("secrets/evil.md", "Unexpected file in the zip: secrets/evil.md"),
        ("modules", "Unexpected file in the zip: modules"),
    ],
)
def test_names_outside_the_package_are_refused(boss, name, shown):
    before = course_state()
    page = refused(upload(boss, make_zip({**course_files(), name: "---\n---\n"})))
    assert shown in page
    assert course_state() == before


def test_a_symbolic_link_is_refused(boss):
    buffer = io.BytesIO(make_zip(course_files()))
    with zipfile.ZipFile(buffer, "a") as archive:
        link = zipfile.ZipInfo("media/passwd.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    before = course_state()
    page = refused(upload(boss, buffer.getvalue()))
    assert "media/passwd.png is a symbolic link" in page
    assert course_state() == before


def test_a_file_and_folder_clash_is_refused(boss):
    files = course_files()
    files["modules/01-basics/module.md/extra.md"] = "---\n---\n"
    before = course_state()
    page = refused(upload(boss, make_zip(files)))
    assert "modules/01-basics/module.md is both a file and a folder in the zip" in page
    assert course_state() == before


def test_yaml_aliases_are_refused_naming_file_and_line(boss):
    before = course_state()
    page = refused(
        upload(boss, make_zip({**course_files(), "quizzes/laughs.yaml": BOMB}))
    )
    assert (
        "quizzes/laughs.yaml:2</code> YAML anchors (&) and aliases (*) are not allowed"
        in page
    )
    assert course_state() == before


def test_a_lesson_named_outside_its_folder_is_not_read(boss):
    files = course_files()
    module = files["modules/01-basics/module.md"].decode()
    files["modules/01-basics/module.md"] = module.replace(
        "02-measuring.md", "../02-protection/01-refugees.md"
    ).encode()
    before = course_state()
    page = refused(upload(boss, make_zip(files)))
    assert "lesson file '../02-protection/01-refugees.md' is not in 01-basics/" in page
    assert course_state() == before


def test_a_file_that_is_not_utf8_is_a_problem_not_an_error(boss):
    files = {**course_files(), "quizzes/latin.yaml": "slug: café".encode("latin-1")}
    page = refused(upload(boss, make_zip(files)))
    assert "quizzes/latin.yaml:1</code> the file is not UTF-8 text" in page


def test_a_media_only_zip_asks_before_retiring_the_course(boss):
    data = make_zip(
        {"media/flows.png": (COURSE / "content/media/flows.png").read_bytes()}
    )
    before = course_state()
    asked = upload(boss, data)
    assert asked.status_code == 409
    page = html.unescape(asked.get_data(as_text=True))
    assert "This upload retires part of the course" in page
    assert "Migration basics" in page and "International protection" in page
    assert "Modules (2)" in page and "Quizzes (3)" in page
    assert course_state() == before  # the first try was a dry run

    # A script that skips the page, or confirms something else, still only asks.
    assert upload(boss, data, confirmation="0" * 64).status_code == 409
    other = make_zip({"media/other.png": b"png"})
    token = re.search(r'name="confirmation" type="hidden" value="(\w+)"', page)[1]
    assert upload(boss, other, confirmation=token).status_code == 409
    assert course_state() == before

    done = upload(boss, data, confirmation=token)
    assert done.status_code == 302
    assert all(db.session.scalars(select(Module.retired)).all()), (
        "confirmed: every module retired"
    )


def test_an_upload_is_recorded_in_the_audit_log(boss, admin):
    files = course_files()
    files["modules/01-basics/01-who-is-a-migrant.md"] += b"\nOne more line.\n"
    assert upload(boss, make_zip(files)).status_code == 302
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "course.uploaded")
    ).one()
    assert event.actor_id == admin.id and event.origin == "127.0.0.1"
    assert event.detail["updated"] == 1 and event.detail["retired"] == 0
    assert event.detail["changes"] == "updated 1 lesson"
    assert len(event.detail["sha256"]) == 64

    refused(upload(boss, make_zip({**course_files(), "x/y.md": "x"})))
    refusal = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "course.upload_refused")
    ).one()
    assert refusal.actor_id == admin.id
    assert refusal.detail["reason"] == "Unexpected file in the zip: x/y.md"
