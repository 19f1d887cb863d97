"""The outbox against a fake SMTP server: each message fails on its own, failures
are retried with back-off and then failed for good, a lost connection leaves the
rest for the next run, two senders never take the same message, and a message that
has left keeps no usable link."""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import OutboxMessage
from portal.services.outbox import claim_batch, deliver_pending, queue_email
from portal.timeutil import utcnow
from tests.conftest import signed_in

TOKEN = "s3cret-Token_value"


class FakeServer:
    """What the fake SMTP connections do: ``refuse`` maps an address to the code
    its recipient is refused with; ``drop`` addresses lose the connection."""

    def __init__(self):
        self.refuse: dict[str, int] = {}
        self.drop: set[str] = set()
        self.unreachable = False
        self.delivered: list[str] = []
        self.connections = 0

    def smtp(self, host, port, timeout=None):
        if self.unreachable:
            raise ConnectionRefusedError(111, "Connection refused")
        self.connections += 1
        return FakeSMTP(self)


class FakeSMTP:
    def __init__(self, server: FakeServer):
        self.server, self.open = server, True

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, email):
        if not self.open:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        to = email["To"]
        if to in self.server.drop:
            self.open = False
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if to in self.server.refuse:
            code = self.server.refuse[to]
            raise smtplib.SMTPRecipientsRefused({to: (code, b"refused")})
        self.server.delivered.append(to)

    def quit(self):
        if not self.open:
            raise smtplib.SMTPServerDisconnected("gone")

    def close(self):
        self.open = False


@pytest.fixture
def server(monkeypatch):
    fake = FakeServer()
    monkeypatch.setattr(smtplib, "SMTP", fake.smtp)
    return fake


@pytest.fixture
def config(app):
    return {**app.config, "MAIL_SERVER": "smtp.example.org", "MAIL_MAX_ATTEMPTS": 3}


def queue(*addresses: str) -> list[int]:
    messages = [
        queue_email(
            lambda template, **c: (
                f"Open https://portal.example.org/reset-password/"
                f"{TOKEN} to choose a password."
            ),
            to,
            "Choose a new password",
            "password_reset",
        )
        for to in addresses
    ]
    db.session.commit()
    return [m.id for m in messages]


def states(ids: list[int]) -> list[tuple[str, int]]:
    db.session.expire_all()
    return [
        (
            db.session.get(OutboxMessage, i).status,
            db.session.get(OutboxMessage, i).attempts,
        )
        for i in ids
    ]


def test_a_refused_recipient_fails_only_its_own_message(app, server, config):
    ids = queue("a@example.org", "gone@example.org", "c@example.org")
    server.refuse["gone@example.org"] = 550
    assert deliver_pending(config, utcnow()) == 2
    assert server.delivered == ["a@example.org", "c@example.org"]
    assert states(ids) == [("sent", 0), ("failed", 1), ("sent", 0)]
    refused = db.session.get(OutboxMessage, ids[1])
    assert "SMTPRecipientsRefused" in refused.error and "550" in refused.error


def test_a_temporary_refusal_is_tried_again_after_a_back_off(app, server, config):
    now = utcnow()
    [busy] = queue("busy@example.org")
    server.refuse["busy@example.org"] = 451
    assert deliver_pending(config, now) == 0
    message = db.session.get(OutboxMessage, busy)
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.next_attempt_at == now + timedelta(seconds=60)
    del server.refuse["busy@example.org"]
    assert deliver_pending(config, now + timedelta(seconds=30)) == 0  # not due yet
    assert server.delivered == []
    assert deliver_pending(config, now + timedelta(seconds=61)) == 1
    assert states([busy]) == [("sent", 1)]


def test_after_the_last_attempt_a_message_fails_for_good(app, server, config, admin):
    now = utcnow()
    [busy] = queue("busy@example.org")
    server.refuse["busy@example.org"] = 451
    for minutes in (0, 2, 5, 10):  # back-off: 60 s, then 120 s
        deliver_pending(config, now + timedelta(minutes=minutes))
    assert states([busy]) == [("failed", 3)]
    page = signed_in(app, admin).get("/admin/outbox").get_data(as_text=True)
    assert "failed for good" in page and "451" in page


def test_a_lost_connection_leaves_the_rest_for_the_next_run(app, server, config):
    now = utcnow()
    ids = queue("a@example.org", "drop@example.org", "c@example.org")
    server.drop.add("drop@example.org")
    assert deliver_pending(config, now) == 1
    # the message being sent counts a try; the one after it was never tried
    assert states(ids) == [("sent", 0), ("pending", 1), ("pending", 0)]
    waiting = db.session.get(OutboxMessage, ids[2])
    assert waiting.claimed_at is None and "connection lost" in waiting.error
    server.drop.clear()
    assert deliver_pending(config, now) == 1  # the next run, at once: only c is due
    assert server.delivered == ["a@example.org", "c@example.org"]
    assert deliver_pending(config, now + timedelta(minutes=2)) == 1
    assert states(ids) == [("sent", 0), ("sent", 1), ("sent", 0)]


def test_an_unreachable_server_costs_no_attempt(app, server, config):
    ids = queue("a@example.org", "b@example.org")
    server.unreachable = True
    assert deliver_pending(config, utcnow()) == 0
    assert states(ids) == [("pending", 0), ("pending", 0)]
    assert "cannot be reached" in db.session.get(OutboxMessage, ids[0]).error
    server.unreachable = False
    assert deliver_pending(config, utcnow()) == 2


def test_a_message_that_has_left_keeps_no_usable_link(app, server, config, mailbox):
    ids = queue("a@example.org", "gone@example.org")
    server.refuse["gone@example.org"] = 550
    deliver_pending(config, utcnow())
    db.session.expire_all()
    for message_id in ids:
        body = db.session.get(OutboxMessage, message_id).body
        assert TOKEN not in body and "/reset-password/[redacted]" in body
    # what went out had the link whole
    assert TOKEN in mailbox.last("a@example.org")["body"]


@pytest.mark.parametrize("env, whole", [("production", False), ("development", True)])
def test_without_smtp_the_log_shows_links_only_in_development(
    app, caplog, monkeypatch, env, whole
):
    ids = queue("a@example.org")
    config = {**app.config, "MAIL_SERVER": None, "ENV_NAME": env}
    # alembic's logging setup (the migration tests) disables loggers made before it
    monkeypatch.setattr(logging.getLogger("portal.services.outbox"), "disabled", False)
    with caplog.at_level(logging.INFO, logger="portal.services.outbox"):
        assert deliver_pending(config, utcnow()) == 0
    assert (TOKEN in caplog.text) is whole
    assert "/reset-password/" in caplog.text
    assert states(ids) == [("logged", 0)]
    assert TOKEN not in db.session.get(OutboxMessage, ids[0]).body


def test_a_claimed_message_is_not_claimed_again_until_its_claim_is_stale(app):
    now = utcnow()
    ids = queue("a@example.org", "b@example.org")
    assert [m.id for m in claim_batch(now, 10)] == ids
    assert claim_batch(now + timedelta(minutes=5), 10) == []
    # a sender that died holding them: after MAIL_CLAIM_SECONDS they are free again
    assert [m.id for m in claim_batch(now + timedelta(minutes=11), 10)] == ids


def test_racing_senders_never_take_the_same_message(app):
    ids = queue(*(f"p{n}@example.org" for n in range(30)))
    senders = 4
    barrier = threading.Barrier(senders)
    taken: list[list[int]] = []

    def sender():
        with app.app_context():
            barrier.wait()
            try:
                mine: list[int] = []
                while batch := claim_batch(utcnow(), 3):
                    mine += [m.id for m in batch]
                taken.append(mine)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = [i for mine in taken for i in mine]
    assert len(taken) == senders
    assert sorted(claimed) == ids  # every message once, none twice


def test_the_outbox_send_command_delivers(app, server, runner):
    queue("a@example.org")
    app.config["MAIL_SERVER"] = "smtp.example.org"
    result = runner.invoke(args=["outbox-send"])
    assert result.exit_code == 0 and "sent 1 message(s)" in result.output
    assert server.delivered == ["a@example.org"]
