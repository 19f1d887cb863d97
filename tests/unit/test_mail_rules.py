"""Mail rules: which parts of a text are secret links (and hiding them), back-off,
and the logs that must never hold a link in clear."""

from __future__ import annotations

import logging
import re
import shlex
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from portal.domain.mail import out_of_attempts, redact_links, retry_delay
from portal.log_redaction import RedactingFilter

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zk9v_3-xQ1abcDEF"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            f"Open https://portal.example.org/reset-password/{TOKEN} now",
            "Open https://portal.example.org/reset-password/[redacted] now",
        ),
        (
            f"GET /account/email/{TOKEN} HTTP/1.1",
            "GET /account/email/[redacted] HTTP/1.1",
        ),
        (f"/verify-email/{TOKEN}?x=1", "/verify-email/[redacted]?x=1"),
        (
            f"a /verify-email/{TOKEN}\nb /reset-password/{TOKEN} c",
            "a /verify-email/[redacted]\nb /reset-password/[redacted] c",
        ),
        # itsdangerous-style tokens with dots are hidden whole
        ("/reset-password/eyJ1.Zk9v.abc", "/reset-password/[redacted]"),
        # other paths, and the forms without a token, stay as they are
        ("/account/email", "/account/email"),
        ("/certificates/verify/MS-AAAA", "/certificates/verify/MS-AAAA"),
        ("/forgot-password", "/forgot-password"),
    ],
)
def test_redact_links_hides_only_the_token(text, expected):
    assert redact_links(text) == expected
    assert redact_links(expected) == expected  # redacting twice changes nothing


@pytest.mark.parametrize(
    "attempts, delay",
    [(1, 60), (2, 120), (3, 240), (5, 960), (9, 3600), (30, 3600)],
)
def test_retry_delay_doubles_up_to_the_cap(attempts, delay):
    assert retry_delay(attempts, 60, 3600) == delay


@pytest.mark.parametrize("attempts, out", [(0, False), (5, False), (6, True)])
def test_out_of_attempts(attempts, out):
    assert out_of_attempts(attempts, 6) is out


def _serve_logger_class() -> str:
    """The --logger-class `make serve` gives gunicorn."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    words = shlex.split(recipe.replace("\\\n", " "))
    return words[words.index("--logger-class") + 1]


def test_make_serve_logs_access_without_link_tokens(capsys):
    config = Config()
    config.set("logger_class", _serve_logger_class())
    config.set("accesslog", "-")
    logger = config.logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/reset-password/{TOKEN}",
        "PATH_INFO": f"/reset-password/{TOKEN}",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://portal.example.org/account/email/{TOKEN}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(seconds=0.01))
    written = capsys.readouterr().out
    assert "203.0.113.9" in written and "/reset-password/[redacted]" in written
    assert "/account/email/[redacted]" in written  # the referrer too
    assert TOKEN not in written


def test_the_apps_log_redacts_links(app, caplog, monkeypatch):
    assert any(isinstance(f, RedactingFilter) for f in app.logger.filters)
    # alembic's logging setup (the migration tests) disables loggers made before it
    monkeypatch.setattr(app.logger, "disabled", False)
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        app.logger.error("Exception on %s [%s]", f"/verify-email/{TOKEN}", "GET")
    assert caplog.messages == ["Exception on /verify-email/[redacted] [GET]"]
    assert not re.search(TOKEN, caplog.text)
