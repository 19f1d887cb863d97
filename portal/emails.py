"""Email text, written from ``templates/email/<name>.txt`` with the globals every
page template has. Views hand :func:`write_email` to the services that send mail, so
services never render templates themselves."""

from __future__ import annotations

from typing import Any

from flask import render_template


def write_email(template: str, **context: Any) -> str:
    """The body of one message (see :data:`portal.services.outbox.Letters`)."""
    return render_template(f"email/{template}.txt", **context)
