"""Absolute links for mail and certificates, built from the configured BASE_URL and
never from the request's Host header (which a client chooses)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for

from portal.services.link_tokens import LinkMaker


def base_url_problem(base_url: str | None) -> str | None:
    """Why ``base_url`` cannot be the portal's public address, or None if it can."""
    if not base_url:
        return "BASE_URL is not set"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"BASE_URL {base_url!r} is not an http(s) address such as https://host"
    return None


def absolute_url(endpoint: str, **values) -> str:
    """``endpoint``'s address under BASE_URL. Only without one (development; a
    production app refuses to start without it) is the request's host used."""
    base = current_app.config.get("BASE_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    return base.rstrip("/") + url_for(endpoint, **values)


def token_link(endpoint: str, max_age_key: str) -> LinkMaker:
    """How services make a one-use link to ``endpoint`` (its ``token`` part) that
    lives as long as the configuration key ``max_age_key`` says."""
    return LinkMaker(
        lambda token: absolute_url(endpoint, token=token),
        int(current_app.config[max_age_key]),
    )
