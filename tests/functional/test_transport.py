"""Production transport, started as production: Secure cookies, HSTS, the trusted
host names, proxy headers believed only when configured, a real secret required; and
every redirect target the client chooses stays on this site."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from flask.json.tag import TaggedJSONSerializer
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal import ConfigError, create_app
from portal.extensions import db
from portal.models import Application, Cohort
from portal.timeutil import utcnow
from tests.conftest import PASSWORD, Browser

SECRET = "s" * 40
HOST = "portal.example.org"


@pytest.fixture
def production(database_url):
    """Start apps in production mode; their database connections are closed after
    the test (each app has an engine of its own)."""
    started = []

    def start(**config):
        settings = {
            "ENV_NAME": "production",
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "BASE_URL": f"https://{HOST}",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
        }
        app = create_app({**settings, **config})
        started.append(app)
        return app

    yield start
    for app in started:
        with app.app_context():
            db.engine.dispose()


def sign_in(app, email: str, **kwargs):
    browser = Browser(app.test_client())
    kwargs.setdefault("base_url", f"https://{HOST}")
    # Over HTTPS Flask-WTF also checks that the form came from this site.
    kwargs.setdefault("headers", {"Referer": f"https://{HOST}/login"})
    browser.get("/login", **kwargs)
    return browser.post(
        "/login", {"email": email, "password": PASSWORD, "remember": "y"}, **kwargs
    )


def test_production_cookies_are_secure_and_hsts_is_sent(app, production, participant):
    prod = production()
    response = sign_in(prod, participant.email)
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("session="))
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "Secure" in session and "HttpOnly" in session
    assert "Secure" in remember
    hsts = response.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"


def test_development_sends_no_hsts_and_plain_cookies(app, client):
    response = client.get("/login")
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers.get("Set-Cookie", "")


def test_hsts_can_be_switched_off(app, production):
    prod = production(HSTS_MAX_AGE=0)
    page = prod.test_client().get("/", base_url=f"https://{HOST}")
    assert "Strict-Transport-Security" not in page.headers


@pytest.mark.parametrize(
    "secret", [None, "", "dev-only-secret-change-me", "short-but-not-default"]
)
def test_production_refuses_to_start_without_a_real_secret(production, secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        production(SECRET_KEY=secret)


def test_production_refuses_to_start_without_a_host_name(production):
    # BASE_URL is required in production, and its host is the trusted host name.
    with pytest.raises(ConfigError, match="BASE_URL"):
        production(BASE_URL=None)


def test_production_answers_only_to_its_host_names(app, production):
    prod = production()
    assert prod.config["TRUSTED_HOSTS"] == [HOST]  # from BASE_URL
    client = prod.test_client()
    assert client.get("/", base_url=f"https://{HOST}").status_code == 200
    forged = client.get("/", base_url="https://evil.example")
    assert forged.status_code == 400
    assert "does not answer to that host" in forged.get_data(as_text=True)
    listed = production(TRUSTED_HOSTS="a.example, b.example")
    assert listed.config["TRUSTED_HOSTS"] == ["a.example", "b.example"]
    assert (
        listed.test_client().get("/", base_url="https://b.example").status_code == 200
    )
    assert listed.test_client().get("/", base_url=f"https://{HOST}").status_code == 400


def test_development_answers_to_any_host_unless_told(app):
    assert app.config["TRUSTED_HOSTS"] is None
    assert app.test_client().get("/", base_url="http://other.test").status_code == 200


FORWARDED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": HOST,
}


def test_proxy_headers_are_ignored_unless_proxies_are_configured(app, production):
    """Without PROXY_COUNT a client's own X-Forwarded-* changes nothing."""
    prod = production(TRUSTED_HOSTS=[HOST, "localhost"])
    client = prod.test_client()
    seen = []
    prod.before_request(lambda: seen.append(_request_facts()))
    client.get("/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert seen == [("10.0.0.2", "http", "localhost")]


def test_one_configured_proxy_is_believed(app, production):
    prod = production(PROXY_COUNT=1)
    seen = []
    prod.before_request(lambda: seen.append(_request_facts()))
    prod.test_client().get(
        "/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"}
    )
    assert seen == [("203.0.113.9", "https", HOST)]


@pytest.mark.parametrize("count", ["-1", "many", 9])
def test_a_bad_proxy_count_refuses_to_start(production, count):
    with pytest.raises(ConfigError, match="PROXY_COUNT"):
        production(PROXY_COUNT=count)


def _request_facts():
    from flask import request

    return (request.remote_addr, request.scheme, request.host)


def test_every_page_sends_the_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


# -- redirect targets the client chooses ----------------------------------------

HOSTILE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\r\nSet-Cookie: x=1",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_does_not_follow_next_off_site(browser, participant, target):
    browser.get("/login")
    response = browser.post(
        "/login",
        {"email": participant.email, "password": PASSWORD},
        query_string={"next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/course"


def test_sign_in_follows_a_local_next(browser, participant):
    browser.get("/login")
    response = browser.post(
        "/login",
        {"email": participant.email, "password": PASSWORD},
        query_string={"next": "/account"},
    )
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switch_stays_on_site(browser, target):
    response = browser.post("/language", {"lang": "az", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_a_forms_back_field_stays_on_site(browser, course, trainer, target):
    browser.login(trainer.email)
    response = browser.post(
        "/authoring/modules/1/move", {"direction": "down", "back": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/authoring/"


def test_a_forms_local_back_field_is_followed(browser, course, trainer):
    browser.login(trainer.email)
    back = "/authoring/modules/1"
    response = browser.post("/authoring/modules/1/move", {"back": back})
    assert response.headers["Location"] == back


# -- no GET changes state ---------------------------------------------------------


@pytest.fixture
def cohort_open(app):
    now = utcnow()
    cohort = Cohort(
        name="Open cohort",
        applications_open=now - timedelta(days=1),
        applications_close=now + timedelta(days=5),
        capacity=5,
    )
    db.session.add(cohort)
    db.session.commit()
    return cohort.id


def test_starting_an_application_is_a_post(browser, make_user, cohort_open):
    applicant = make_user("applicant")
    browser.login(applicant.email)
    page = browser.get(f"/apply/{cohort_open}")
    assert f'action="/apply/{cohort_open}/start"' in page.get_data(as_text=True)
    got = browser.get(f"/apply/{cohort_open}/start")
    assert got.status_code == 302
    assert got.headers["Location"] == f"/apply/{cohort_open}"
    assert db.session.query(Application).count() == 0
    started = browser.post(f"/apply/{cohort_open}/start")
    assert (
        started.status_code == 302 and "/applications/" in started.headers["Location"]
    )
    assert db.session.query(Application).count() == 1


def test_the_session_cookie_is_signed_with_sha256(app, client):

    client.get("/login")  # a form page: the session holds its CSRF token
    cookie = client.get_cookie("session").value

    def reader(digest):
        return URLSafeTimedSerializer(
            app.secret_key,
            salt="cookie-session",
            serializer=TaggedJSONSerializer(),
            signer_kwargs={"key_derivation": "hmac", "digest_method": digest},
        )

    assert "csrf_token" in reader(hashlib.sha256).loads(cookie)
    with pytest.raises(BadSignature):
        reader(hashlib.sha1).loads(cookie)
