"""Shared fixtures. The database is chosen by DATABASE_URL (PostgreSQL) or is a
temporary SQLite file; the schema is made once and emptied after every test."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.models import Cohort, CohortStaff, ProgrammeSession
from portal.package import read_package
from portal.services.course_import import import_course
from portal.services.outbox import mail_dispatched
from portal.services.users import create_user
from portal.timeutil import utcnow

DATA = Path(__file__).parent / "data"
COURSE = DATA / "course"
PASSWORD = "correct horse battery"
_schema_ready: set[str] = set()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


def _empty_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    # quiz and quiz_revision point at each other; break the cycle first
    db.session.execute(text("UPDATE quiz SET current_revision_id = NULL"))
    for name in reversed(tables):
        db.session.execute(text(f'DELETE FROM "{name}"'))
    if db.engine.dialect.name == "postgresql":
        # Ids start at 1 again, as on SQLite. (DELETE and setval, not TRUNCATE:
        # truncating every table makes new files for each, a second per test.)
        db.session.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace"
            )
        )
    db.session.commit()


@pytest.fixture
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            "MODULES_DIR": str(COURSE / "modules"),
            "QUIZZES_DIR": str(COURSE / "quizzes"),
            "CONTENT_DIR": str(COURSE / "content"),
            "MEDIA_DIR": str(COURSE / "content" / "media"),
            "BASE_URL": "https://portal.example.org",
            # Staff sign in with a password alone; tests/functional/test_mfa.py
            # turns the requirement on to prove it.
            "MFA_REQUIRED": False,
            # Tests sign in many times from one address; the throttling tests
            # lower these again.
            "SIGNIN_ACCOUNT_LIMIT": "1000 per minute",
            "SIGNIN_ADDRESS_LIMIT": "1000 per minute",
            "MAIL_PER_EMAIL_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        if database_url not in _schema_ready:
            db.drop_all()
            db.create_all()
            _schema_ready.add(database_url)
        _empty_tables()
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def course(app):
    """The tiny fixture course of tests/data/course, imported."""
    package = read_package(
        COURSE / "modules", COURSE / "quizzes", COURSE / "content" / "media"
    )
    return import_course(package, utcnow())


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(
        role: str = "participant",
        email: str | None = None,
        name: str | None = None,
        password: str = PASSWORD,
    ):
        number = next(counter)
        return create_user(
            email or f"{role}{number}@example.org",
            name or f"{role.title()} Number {number}",
            password,
            role,
        )

    return make


@pytest.fixture
def participant(make_user):
    return make_user("participant", "participant@example.org", "Aygün Məmmədova")


@pytest.fixture
def trainer(make_user):
    return make_user("trainer", "trainer@example.org")


@pytest.fixture
def admin(make_user):
    return make_user("admin", "admin@example.org")


CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Browser:
    """Drives the test client as a person would: forms carry the page's CSRF token.

    Each request runs in an app context of its own, as in production: the test's own
    context (for direct database access) would otherwise lend every request the same
    ``g``, and with it the first request's signed-in user and CSRF token.
    """

    def __init__(self, client):
        self.client = client
        self.token: str | None = None

    def _request(self, method: str, url: str, **kwargs):
        with self.client.application.app_context():
            response = getattr(self.client, method)(url, **kwargs)
        db.session.expire_all()  # see what the request wrote
        return response

    def get(self, url: str, **kwargs):
        response = self._request("get", url, **kwargs)
        found = response.mimetype == "text/html" and CSRF.search(
            response.get_data(as_text=True)
        )
        if found:
            self.token = found.group(1)
        return response

    def post(self, url: str, data=None, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/login")
            if self.token is None:  # signed in: /login redirects; pages carry one
                self.get("/")
            data.setdefault("csrf_token", self.token)
        response = self._request("post", url, data=data, **kwargs)
        where = {"base_url": kwargs["base_url"]} if "base_url" in kwargs else {}
        if response.status_code in (302, 303) and not self._session_has_csrf(where):
            self.token = None  # signing in or out makes a new one
        return response

    def _session_has_csrf(self, where: dict) -> bool:
        with self.client.session_transaction(**where) as session:
            return "csrf_token" in session

    def use_link(self, url: str):
        """Open an emailed link and press the one button its page shows (a GET
        only asks), as a person would; the button's response."""
        self.get(url)
        return self.post(url)

    def login(self, email: str, password: str = PASSWORD, **fields):
        self.get("/login")
        return self.post("/login", {"email": email, "password": password, **fields})

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def auth(browser):
    """Signs in through the real login view."""
    return browser


def signed_in(app, user_or_email) -> Browser:
    """A browser signed in through the real login view, as that user."""
    browser = Browser(app.test_client())
    browser.login(getattr(user_or_email, "email", user_or_email))
    return browser


class Mailbox:
    """The messages the outbox handed to SMTP or the log, as they left, links whole
    (the stored copies lose their links once delivered)."""

    def __init__(self):
        self.messages: list[dict[str, str]] = []

    def __call__(self, sender, **message):
        self.messages.append(message)

    def last(self, to: str) -> dict[str, str]:
        found = [m for m in self.messages if m["to"] == to]
        assert found, f"no mail went to {to}: {self.messages}"
        return found[-1]

    def link(self, to: str, path: str) -> str:
        """The path of the ``path``... link in the last message to ``to``."""
        body = self.last(to)["body"]
        found = re.search(r"https?://[^/\s]+(/" + re.escape(path) + r"/\S+)", body)
        assert found, body
        return found.group(1)


@contextmanager
def collect_mail():
    box = Mailbox()
    with mail_dispatched.connected_to(box):
        yield box


@pytest.fixture
def mailbox(app):
    with collect_mail() as box:
        yield box


@pytest.fixture
def make_cohort(app):
    """A cohort running now (started a month ago, ends in five months)."""
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, **fields):
        today = utcnow().date()
        fields.setdefault("starts_on", today - timedelta(days=30))
        fields.setdefault("ends_on", today + timedelta(days=150))
        cohort = Cohort(name=name or f"Cohort {next(counter)}", **fields)
        db.session.add(cohort)
        db.session.commit()
        return cohort

    return make


@pytest.fixture
def teach(app):
    """``teach(trainer, cohort)`` assigns the trainer to teach the cohort, the duty
    the programme and attendance pages ask for."""

    def assign(trainer, cohort) -> None:
        db.session.add(
            CohortStaff(cohort_id=cohort.id, user_id=trainer.id, duty="teacher")
        )
        db.session.commit()

    return assign


@pytest.fixture
def make_session(app):
    """A programme session in ``cohort``: by default a required training that
    starts in two days and lasts two hours; keyword arguments override fields."""
    counter = iter(range(1, 10_000))

    def make(cohort, **fields):
        number = next(counter)
        soon = utcnow().replace(microsecond=0) + timedelta(days=2)
        starts = fields.pop("starts_at", soon)
        fields.setdefault("ends_at", starts + timedelta(hours=2))
        fields.setdefault("kind", "training")
        fields.setdefault("title", f"Session {number}")
        session = ProgrammeSession(
            uid=f"test-{number}-{cohort.id}@migration-school.test",
            cohort_id=cohort.id,
            starts_at=starts,
            **fields,
        )
        db.session.add(session)
        db.session.commit()
        return session

    return make
