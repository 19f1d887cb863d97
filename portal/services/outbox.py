"""Email through an outbox: every message is stored first, then sent by SMTP if one is
configured, or only logged. Administrators read the outbox in the portal."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Mapping
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage
from portal.services.errors import Invalid

log = logging.getLogger(__name__)

#: Writes a message's text from its template's name and context. The web layer
#: passes its renderer (:func:`portal.emails.write_email`) to every use case that
#: sends mail.
Letters = Callable[..., str]


def queue_email(
    letters: Letters, to: str, subject: str, template: str, **context: Any
) -> OutboxMessage:
    """Store a message written from ``template``; the caller commits it with the
    change it reports, so the two never disagree.

    :raise Invalid: ``to`` or ``subject`` holds a line break, which would let it
        write headers of its own (forms refuse such addresses long before).
    """
    if any(char in value for value in (to, subject) for char in "\r\n"):
        raise Invalid(_("An email address or subject may not contain a line break."))
    body = letters(template, **context)
    message = OutboxMessage(
        to=to, subject=subject, body=body, meta={"template": template}
    )
    db.session.add(message)
    db.session.info["mail_queued"] = True
    return message


def write_unsent(letters: Letters, template: str, **context: Any) -> None:
    """Do the work of :func:`queue_email` without storing anything: a reply that
    must not tell whether an address has an account takes as long either way (the
    sender is woken too, as it would be for a real message)."""
    letters(template, **context)
    db.session.info["mail_queued"] = True


def recent_messages(limit: int = 200) -> list[OutboxMessage]:
    """The newest messages first, sent or not, for the administrators' outbox page."""
    return list(
        db.session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        )
    )


def deliver_pending(config: Mapping[str, Any], now: datetime, limit: int = 50) -> int:
    """Send what is waiting. Without ``MAIL_SERVER`` messages are logged and stay in the
    outbox as the record; failures keep the error and are tried again next time.

    :return: how many messages were sent by SMTP.
    """
    pending = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    if not config.get("MAIL_SERVER"):
        for message in pending:
            if not message.error:
                log.info(
                    "outbox: to=%s subject=%s\n%s",
                    message.to,
                    message.subject,
                    message.body,
                )
                message.error = "not sent: no MAIL_SERVER configured (logged only)"
        db.session.commit()
        return 0
    sent = 0
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], int(config.get("MAIL_PORT", 587)), timeout=10
        ) as smtp:
            if config.get("MAIL_USE_TLS", True):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            for message in pending:
                smtp.send_message(_email(message, config["MAIL_SENDER"]))
                message.sent_at, message.error = now, ""
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        for message in pending:
            if message.sent_at is None:
                message.error = f"{type(error).__name__}: {error}"
    db.session.commit()
    return sent


def _email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, message.to, message.subject
    email.set_content(message.body)
    return email
