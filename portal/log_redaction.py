"""Logs never hold a one-use link in clear: gunicorn's access log and the app's own
log lines go through :func:`portal.domain.mail.redact_links`.

``make serve`` runs gunicorn with ``--logger-class portal.log_redaction.AccessLogger``.
"""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger

from portal.domain.mail import redact_links


class AccessLogger(Logger):
    """Gunicorn's logger, with every access-log value (request line, path, referrer,
    headers) redacted: a page opened from a link loads its CSS with the link as
    referrer, so the path alone is not enough."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact_links(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }


class RedactingFilter(logging.Filter):
    """Redacts a record's message once formatted (Flask logs "Exception on
    <path>" when a view fails)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_links(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
