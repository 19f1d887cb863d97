"""How the portal meets HTTPS in production: Secure cookies, HSTS, which host names
it answers to, and which proxy headers it believes.

Development keeps plain HTTP on any host, and believes no proxy header unless told.
See README ("Running in production") for the settings.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class ConfigError(RuntimeError):
    """The app was asked to start with settings that are unsafe or incomplete."""


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, signed with HMAC-SHA-256 rather than its
    SHA-1 default (ASVS 11: approved algorithms only)."""

    digest_method = staticmethod(hashlib.sha256)


def trusted_hosts(configured: object, base_url: str | None) -> list[str] | None:
    """The host names to answer to: ``TRUSTED_HOSTS`` as a list (or a text of names
    separated by commas), else the host of ``base_url``, else ``None`` (any host)."""
    if isinstance(configured, str):
        configured = configured.split(",")
    if configured:
        names = [str(name).strip() for name in configured]  # type: ignore[union-attr]
        if any(names):
            return [name for name in names if name]
    host = urlsplit(base_url).hostname if base_url else None
    return [host] if host else None


def proxy_count(value: object) -> int:
    """``PROXY_COUNT`` as a number of proxies, 0 (none) to 5.

    :raise ConfigError: not a whole number in that range.
    """
    try:
        count = int(str(value))
    except ValueError:
        count = -1
    if not 0 <= count <= 5:
        raise ConfigError("PROXY_COUNT must be a whole number of proxies, 0 to 5.")
    return count


def configure(app: Flask) -> None:
    """Apply the transport settings once the configuration is read.

    :raise ConfigError: production without trusted host names, or a bad
        ``PROXY_COUNT``.
    """
    production = app.config["ENV_NAME"] == "production"
    app.session_interface = SessionCookies()
    # Development answers to any host unless told; production falls back on BASE_URL.
    hosts = trusted_hosts(
        app.config.get("TRUSTED_HOSTS"), app.config["BASE_URL"] if production else None
    )
    if production:
        if hosts is None:
            raise ConfigError(
                "Set TRUSTED_HOSTS (or BASE_URL) to the portal's host name "
                "before running in production."
            )
        # Browsers send these cookies over HTTPS only; Flask's own default is False,
        # so the value is set, not merely defaulted.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.config["TRUSTED_HOSTS"] = hosts
    count = proxy_count(app.config["PROXY_COUNT"])
    if count:
        # Only the addresses, scheme and host the nearest `count` proxies added are
        # believed; a client's own X-Forwarded-* headers are ignored.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
        )
    max_age = int(app.config["HSTS_MAX_AGE"])
    if production and max_age > 0:
        hsts = f"max-age={max_age}; includeSubDomains"

        @app.after_request
        def strict_transport(response):
            response.headers.setdefault("Strict-Transport-Security", hsts)
            return response
