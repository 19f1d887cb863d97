"""Administration services: paged listings (the page asked for, the last page past
the end, the whole listing for a download in one query) and the mail they send."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage
from portal.services import audit, people
from portal.services.link_tokens import LinkMaker
from portal.timeutil import utcnow
from tests.integration.counting import count_queries


@pytest.fixture
def trainers(app, make_user):
    with app.app_context():
        return [make_user("trainer", name=f"Trainer {n:02}").id for n in range(7)]


@pytest.mark.parametrize(
    ("asked", "shown", "names"),
    [
        (1, 1, ["Trainer 00", "Trainer 01", "Trainer 02"]),
        (3, 3, ["Trainer 06"]),
        (9, 3, ["Trainer 06"]),
        (0, 1, ["Trainer 00", "Trainer 01", "Trainer 02"]),
    ],
)
def test_users_page_by_page(app, trainers, asked, shown, names):
    with app.app_context():
        listing = people.list_users("", "trainer", asked, size=3)
        assert (listing.total, listing.pages, listing.page) == (7, 3, shown)
        assert [u.full_name for u in listing.items] == names


def test_an_empty_listing_has_no_rows(app, trainers):
    with app.app_context():
        listing = people.list_users("nobody-by-this-name", "", 2)
        assert (listing.total, listing.items) == (0, [])


def test_all_users_for_a_download_in_one_query(app, trainers):
    with app.app_context():
        with count_queries() as statements:
            rows = [(u.full_name, u.cohort) for u in people.all_users("trainer 0")]
        assert len(rows) == 7 and len(statements) == 1


def test_audit_log_newest_first_and_filtered(app, trainers):
    now = utcnow()
    with app.app_context():
        for n in range(5):
            audit.record(None, "user.invited", f"t{n}@example.org", now)
        audit.record(None, "certificate.revoked", "MS-1", now)
        db.session.commit()
        page = audit.audit_events("user.invited", 2, size=2)
        assert (page.total, page.pages, page.page) == (5, 3, 2)
        assert [e.target for e in page.items] == ["t2@example.org", "t1@example.org"]
        assert [e.target for e in audit.all_events("certificate.revoked")] == ["MS-1"]


def test_mail_is_written_by_the_letters_the_caller_hands_in(app, trainers):
    """Services never render templates: the web layer passes its writer in."""
    with app.test_request_context():  # the subject is translated
        admin = people.get_user(trainers[0])
        written = []

        def letters(template, **context):
            written.append(template)
            return f"{template} for {context['user'].email}: {context['link']}"

        user = people.invite(
            "new.trainer@example.org",
            "New Trainer",
            "trainer",
            None,
            admin,
            utcnow(),
            LinkMaker(lambda token: f"https://portal.example/x/{token}", 3600),
            letters=letters,
        )
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to == user.email)
        ).one()
        assert written == ["invitation"]
        assert message.body.startswith(
            "invitation for new.trainer@example.org: https://portal.example/x/"
        )
