"""Absolute links for mail and certificates, built from the configured BASE_URL and
never from the request's Host header (which a client chooses)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from werkzeug.routing import BuildError

from portal.services.link_tokens import LinkMaker


def base_url_problem(base_url: str | None) -> str | None:
    """Why ``base_url`` cannot be the portal's public address, or None if it can."""
    if not base_url:
        return "BASE_URL is not set"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"BASE_URL {base_url!r} is not an http(s) address such as https://host"
    return None


#: Links made outside a request when BASE_URL is not set, which only development
#: allows: the address `make run` serves on.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def absolute_url(endpoint: str, **values) -> str:
    """``endpoint``'s address under BASE_URL, in a request or not (a command
    run from cron mails links too). Only without one (development; a production
    app refuses to start without it) is the request's host used."""
    base = current_app.config.get("BASE_URL")
    if not base and not has_request_context():
        base = DEVELOPMENT_BASE_URL  # a command in development: where `make run` serves
    if not base:
        return url_for(endpoint, _external=True, **values)
    if not has_request_context():  # a command or a job: no request to build on
        with current_app.test_request_context(base_url=base):
            return url_for(endpoint, _external=True, **values)
    return base.rstrip("/") + url_for(endpoint, **values)


def token_link(endpoint: str, max_age_key: str) -> LinkMaker:
    """How services make a one-use link to ``endpoint`` (its ``token`` part) that
    lives as long as the configuration key ``max_age_key`` says."""
    return LinkMaker(
        lambda token: absolute_url(endpoint, token=token),
        int(current_app.config[max_age_key]),
    )


def session_page_url(session) -> str:
    """A programme session's page, for calendar files and letters.

    The page belongs to the programme's session views; where they are not
    installed (the calendar part run alone), its .ics file stands in.
    """
    try:
        return absolute_url("programme.session", session_id=session.id)
    except BuildError:
        return session_file_url(session)


def session_file_url(session) -> str:
    """A programme session's .ics file (for the signed-in)."""
    return absolute_url("programme.session_ics", session_id=session.id)
