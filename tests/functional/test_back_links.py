"""A form's hidden "back" field is followed only while it stays on this site."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Module
from tests.conftest import Browser


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("https://evil.example/phish", "/authoring/"),
        ("//evil.example/phish", "/authoring/"),
        ("/\\evil.example", "/authoring/"),
        ("", "/authoring/"),
        ("/authoring/?moved=1", "/authoring/?moved=1"),
    ],
)
def test_move_follows_only_same_site_back_links(app, course, trainer, back, expected):
    studio = Browser(app.test_client())
    studio.login(trainer.email)
    with app.app_context():
        module_id = db.session.scalars(select(Module.id).order_by(Module.id)).first()
    response = studio.post(
        f"/authoring/modules/{module_id}/move", {"direction": "down", "back": back}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected
