"""Email through an outbox: every message is stored first, then sent by SMTP if one is
configured, or only logged. Each message succeeds or fails on its own; failures are
tried again with back-off. Administrators read the outbox in the portal."""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from portal.domain.mail import out_of_attempts, redact_links, retry_delay
from portal.extensions import db
from portal.models import OutboxMessage
from portal.services.errors import Invalid

log = logging.getLogger(__name__)

#: Writes a message's text from its template's name and context. The web layer
#: passes its renderer (:func:`portal.emails.write_email`) to every use case that
#: sends mail.
Letters = Callable[..., str]

#: Sent with ``to``, ``subject`` and ``body`` as a message is handed to SMTP (or the
#: log), before its stored copy loses its links: the test suite's mailbox.
mail_dispatched = Namespace().signal("mail-dispatched")

PENDING, SENT, LOGGED, FAILED = "pending", "sent", "logged", "failed"

#: Per-message refusals (this recipient, this message) as opposed to a lost
#: connection; they never stop the rest of the batch.
_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPNotSupportedError,
    ValueError,
    UnicodeError,
)


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


def attach(message: OutboxMessage, filename: str, text: str, subtype: str) -> None:
    """Send a text file with ``message`` (a calendar invitation's .ics), as
    ``text/<subtype>``. It is kept in the message's ``meta``: such files carry no
    secret, so the stored copy keeps them after sending."""
    files = [*message.meta.get("attachments", ()), [filename, subtype, text]]
    message.meta = {**message.meta, "attachments": files}


def write_unsent(letters: Letters, template: str, **context: Any) -> None:
    """Do the work of :func:`queue_email` without storing anything: a reply that
    must not tell whether an address has an account takes as long either way (the
    sender is woken too, as it would be for a real message)."""
    letters(template, **context)
    db.session.info["mail_queued"] = True


def recent_messages(limit: int = 200) -> list[OutboxMessage]:
    """The newest messages first, sent or not, for the administrators' outbox page
    (which shows their bodies through :func:`redact_links`)."""
    return list(
        db.session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        )
    )


def claim_batch(
    now: datetime, limit: int, claim_seconds: int = 600
) -> list[OutboxMessage]:
    """Take up to ``limit`` messages that are due, so no other sender takes them.

    The conditional UPDATE only takes rows nobody holds (or whose holder has held
    them past ``claim_seconds`` and is taken to have died), which is what makes a
    claim exclusive on every database; on PostgreSQL the candidates are also read
    ``FOR UPDATE SKIP LOCKED``, so a second sender passes over them without waiting.
    """
    free = or_(
        OutboxMessage.claimed_at.is_(None),
        OutboxMessage.claimed_at < now - timedelta(seconds=claim_seconds),
    )
    due = or_(
        OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now
    )
    candidates = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, due, free)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(candidates))
    if not ids:
        db.session.commit()
        return []
    claim = secrets.token_hex(16)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == PENDING, free)
        .values(claimed_at=now, claim=claim)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.claim == claim)
            .order_by(OutboxMessage.id)
        )
    )


def deliver_pending(config: Mapping[str, Any], now: datetime, limit: int = 50) -> int:
    """Send what is due: the one entry point for the request hook, the
    ``outbox-send`` command and any job queue. Without ``MAIL_SERVER`` messages are
    logged instead (links in full only when ``ENV_NAME`` is "development").

    :return: how many messages were sent by SMTP.
    """
    batch = claim_batch(now, limit, int(config.get("MAIL_CLAIM_SECONDS", 600)))
    if not batch:
        return 0
    if not config.get("MAIL_SERVER"):
        full = config.get("ENV_NAME") == "development"
        for message in batch:
            body = message.body if full else redact_links(message.body)
            log.info("outbox: to=%s subject=%s\n%s", message.to, message.subject, body)
            _done(message, LOGGED, now)
        db.session.commit()
        return 0
    return _send(batch, config, now)


def _send(batch: Sequence[OutboxMessage], config: Mapping[str, Any], now) -> int:
    try:
        smtp = _connect(config)
    except (OSError, smtplib.SMTPException) as error:
        _release(batch, f"waiting: the mail server cannot be reached ({_say(error)})")
        return 0
    sent = 0
    try:
        for index in range(len(batch)):
            message = batch[index]
            try:
                smtp.send_message(_email(message, config["MAIL_SENDER"]))
            except _MESSAGE_ERRORS as error:
                _failed(message, error, _permanent(error), config, now)
            except smtplib.SMTPResponseException as error:
                if error.smtp_code == 421:  # the server is closing the connection
                    raise
                _failed(message, error, error.smtp_code >= 500, config, now)
            else:
                _done(message, SENT, now)
                sent += 1
            db.session.commit()  # each message's outcome stands on its own
    except (OSError, smtplib.SMTPException) as error:
        # The connection is lost: this message is tried again later, the rest wait
        # for the next run without losing an attempt.
        _failed(message, error, False, config, now)
        _release(batch[index + 1 :], f"waiting: connection lost ({_say(error)})")
    finally:
        _close(smtp)
    return sent


def _connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    smtp = smtplib.SMTP(
        config["MAIL_SERVER"], int(config.get("MAIL_PORT", 587)), timeout=10
    )
    try:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        _close(smtp)
        raise
    return smtp


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _permanent(error: Exception) -> bool:
    """A refusal that will not change if asked again (5xx, or a message that
    cannot be written)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return True


def _say(error: BaseException) -> str:
    return redact_links(f"{type(error).__name__}: {error}")


def _done(message: OutboxMessage, status: str, now: datetime) -> None:
    """The message has left (or will never leave): keep its record, not its links."""
    if status != FAILED:
        mail_dispatched.send(to=message.to, subject=message.subject, body=message.body)
    message.status, message.claimed_at, message.claim = status, None, None
    message.body = redact_links(message.body)
    if status == SENT:
        message.sent_at, message.error = now, ""
    elif status == LOGGED:
        message.error = "not sent: no MAIL_SERVER configured (logged only)"


def _failed(
    message: OutboxMessage,
    error: BaseException,
    permanent: bool,
    config: Mapping[str, Any],
    now: datetime,
) -> None:
    message.attempts += 1
    message.error = _say(error)
    if permanent or out_of_attempts(
        message.attempts, int(config.get("MAIL_MAX_ATTEMPTS", 6))
    ):
        _done(message, FAILED, now)
        return
    delay = retry_delay(
        message.attempts,
        int(config.get("MAIL_RETRY_BASE_SECONDS", 60)),
        int(config.get("MAIL_RETRY_MAX_SECONDS", 6 * 3600)),
    )
    message.next_attempt_at = now + timedelta(seconds=delay)
    message.claimed_at = message.claim = None


def _release(messages: Sequence[OutboxMessage], note: str) -> None:
    """Give back messages not tried, for the next run, with a note why."""
    for message in messages:
        message.claimed_at = message.claim = None
        message.error = note
    db.session.commit()


def _email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = sender, message.to, message.subject
    email.set_content(message.body)
    for filename, subtype, text in (message.meta or {}).get("attachments", ()):
        email.add_attachment(text, subtype=subtype, filename=filename)
    return email
