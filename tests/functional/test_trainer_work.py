"""Trainers' work is never lost: a new module saves first time, an image upload
answers the editor's script without reloading the lesson."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from sqlalchemy import select

from portal.extensions import db
from portal.models import MediaFile, ModuleRevision
from tests.conftest import signed_in
from tests.functional.test_authoring import PNG


class _FormFields(HTMLParser):
    """The fields a browser would send from the page's ``#form_id`` form."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("submit", "checkbox", "radio", "file"):
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(page: str, form_id: str) -> dict[str, str]:
    parser = _FormFields(form_id)
    parser.feed(page)
    return parser.fields


def test_a_new_module_saves_on_the_first_try(app, course, trainer):
    studio = signed_in(app, trainer)
    studio.get("/authoring/")
    url = studio.post(
        "/authoring/modules", {"new-module-title": "Labour migration"}
    ).headers["Location"]
    fields = form_fields(studio.get(url).get_data(as_text=True), "module-form")
    assert fields["minutes"] == ""  # "empty: sum of lessons", not a refused 0
    fields["summary"] = "Work abroad and at home."
    saved = studio.post(url, fields)
    assert saved.status_code == 302
    newest = db.session.scalars(
        select(ModuleRevision).order_by(ModuleRevision.id.desc())
    ).first()
    assert newest.data["summary"] == "Work abroad and at home."


JSON = {"Accept": "application/json"}


def _lesson_url(studio) -> str:
    studio.get("/authoring/")
    module = studio.post("/authoring/modules", {"new-module-title": "Pictures"})
    module_id = int(module.headers["Location"].rsplit("/", 1)[1])
    studio.get(module.headers["Location"])
    return studio.post(
        f"/authoring/modules/{module_id}/lessons", {"new-lesson-title": "Maps"}
    ).headers["Location"]


def test_the_editor_uploads_an_image_and_gets_its_markdown_back(app, course, trainer):
    studio = signed_in(app, trainer)
    lesson = _lesson_url(studio)
    page = studio.get(lesson).get_data(as_text=True)
    assert 'id="image-upload"' in page and 'role="status"' in page
    answer = studio.post(
        "/authoring/media",
        {"image": (io.BytesIO(PNG), "Flow map.png"), "alt": "Flows [2024]\nby sea"},
        content_type="multipart/form-data",
        headers=JSON,
    )
    assert answer.status_code == 200
    assert answer.json == {
        "filename": "flow-map.png",
        "markdown": "![Flows \\[2024\\] by sea](media/flow-map.png)",
    }
    assert db.session.scalars(select(MediaFile.filename)).all() == ["flow-map.png"]
    untitled = studio.post(
        "/authoring/media",
        {"image": (io.BytesIO(PNG), "x.png")},
        content_type="multipart/form-data",
        headers=JSON,
    )
    assert untitled.json["markdown"] == "![Describe the picture](media/x.png)"


def test_a_refused_upload_answers_json_and_stores_nothing(app, course, trainer):
    studio = signed_in(app, trainer)
    studio.get(_lesson_url(studio))
    for upload in ({"image": (io.BytesIO(b"not an image"), "a.png")}, {}):
        answer = studio.post(
            "/authoring/media",
            upload,
            content_type="multipart/form-data",
            headers=JSON,
        )
        assert answer.status_code == 422 and answer.json["error"]
    forged = studio.post(
        "/authoring/media",
        {"image": (io.BytesIO(PNG), "b.png")},
        content_type="multipart/form-data",
        headers=JSON,
        csrf=False,
    )
    assert forged.status_code == 400
    assert db.session.scalars(select(MediaFile)).all() == []


def test_without_script_the_upload_form_still_reloads_the_lesson(app, course, trainer):
    studio = signed_in(app, trainer)
    lesson = _lesson_url(studio)
    studio.get(lesson)
    answer = studio.post(
        "/authoring/media",
        {"image": (io.BytesIO(PNG), "c.png"), "back": lesson},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302 and answer.headers["Location"].endswith(lesson)
    page = studio.get(lesson).get_data(as_text=True)
    assert "![Describe the picture](media/c.png)" in page
