"""The outbox never stores a message whose headers could carry headers of their own."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage
from portal.services.errors import Invalid
from portal.services.outbox import queue_email


def letters(template: str, **context) -> str:
    return f"{template} body"


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("nigar@example.org\r\nBcc: everyone@example.org", "Hello"),
        ("nigar@example.org\nBcc: everyone@example.org", "Hello"),
        ("nigar@example.org", "Hello\r\nBcc: everyone@example.org"),
        ("nigar@example.org", "Hello\rX-Injected: yes"),
    ],
)
def test_a_line_break_in_a_header_is_refused(app, to, subject):
    with pytest.raises(Invalid):
        queue_email(letters, to, subject, "status")
    db.session.commit()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_ordinary_headers_are_queued(app):
    queue_email(letters, "nigar@example.org", "Hello: a subject", "status")
    db.session.commit()
    assert db.session.scalars(select(OutboxMessage.to)).one() == "nigar@example.org"
