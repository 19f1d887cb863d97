"""A live portal on a free local port, and headless Debian Chromium via Playwright."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.package import read_package
from portal.services.course_import import import_course
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import COURSE, PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "e2e-artifacts"
# What every page must satisfy for keyboard and screen-reader users.
AUDIT_SCRIPT = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('html has no lang');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.src);
  }
  const fields = 'input:not([type=hidden]):not([type=submit]):not([type=button]), '
    + 'select, textarea';
  for (const el of document.querySelectorAll(fields)) {
    const labelled = (el.id && document.querySelector('label[for="' + el.id + '"]'))
      || el.closest('label') || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push('unlabelled field: ' + (el.name || el.id));
  }
  for (const a of document.querySelectorAll('a, button')) {
    if (!a.textContent.trim() && !a.getAttribute('aria-label')) {
      problems.push('empty link or button');
    }
  }
  if (!document.querySelector('main')) problems.push('no main landmark');
  const ids = {};
  for (const el of document.querySelectorAll('[id]:not(input[type=hidden])')) {
    if (ids[el.id]) problems.push('duplicate id: ' + el.id);
    ids[el.id] = true;
  }
  return problems;
}"""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    database = tmp_path_factory.mktemp("e2e") / "portal.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": os.environ.get(
                "E2E_DATABASE_URL", f"sqlite:///{database}"
            ),
            "SECRET_KEY": "e2e-secret",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            # Staff sign in with a password alone; tests/functional/test_mfa.py
            # turns the requirement on to prove it.
            "MFA_REQUIRED": False,
            "MODULES_DIR": str(COURSE / "modules"),
            "QUIZZES_DIR": str(COURSE / "quizzes"),
            "CONTENT_DIR": str(COURSE.parents[2] / "content"),
            "MEDIA_DIR": str(COURSE / "content" / "media"),
            # One browser session signs in many times from 127.0.0.1.
            "SIGNIN_ACCOUNT_LIMIT": "1000 per minute",
            "SIGNIN_ADDRESS_LIMIT": "1000 per minute",
            "MAIL_PER_EMAIL_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        upgrade()
        import_course(
            read_package(
                COURSE / "modules", COURSE / "quizzes", COURSE / "content" / "media"
            ),
            utcnow(),
        )
        create_user("leyla@example.org", "Leyla Əhmədova", PASSWORD)
        create_user("trainer@example.org", "Trainer Person", PASSWORD, "trainer")
        create_user("admin@example.org", "Admin Person", PASSWORD, "admin")
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def sweeper(live_app):
    """The account that sweeps every page kind (see tests/e2e/page_kinds.py)."""
    from tests.e2e.page_kinds import make_sweeper

    return make_sweeper(live_app)


@pytest.fixture(scope="session")
def newcomer(live_app):
    """A participant who has opened nothing yet; other tests pass the first module."""
    with live_app.app_context():
        create_user("newcomer@example.org", "New Comer", PASSWORD)
    return "newcomer@example.org"


@pytest.fixture(scope="session")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == [], errors  # no CSP violations or script errors on any page


def sign_in(page, email: str = "leyla@example.org"):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def pytest_collection_modifyitems(items):
    # The in-process development server drops connections Chromium abandons (a favicon
    # request cut short) and leaves the file handle to the garbage collector; that is
    # the test server's behaviour, not the portal's, so it must not fail a browser test.
    for item in items:
        item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
        item.add_marker(
            pytest.mark.filterwarnings(
                "ignore::pytest.PytestUnraisableExceptionWarning"
            )
        )


@dataclass
class Room:
    """Two people at once: a trainer's wide screen and a participant's phone, each
    its own browser context (own cookies), with the console errors of both."""

    screen: object
    phone: object
    errors: list[str]


@pytest.fixture
def room(browser, base_url):
    contexts = [
        browser.new_context(base_url=base_url, viewport=size)
        for size in ({"width": 1280, "height": 900}, {"width": 390, "height": 844})
    ]
    errors: list[str] = []
    screen, phone = (context.new_page() for context in contexts)
    for page in (screen, phone):
        page.on(
            "console", lambda m: errors.append(m.text) if m.type == "error" else None
        )
    yield Room(screen, phone, errors)
    for context in contexts:
        context.close()
