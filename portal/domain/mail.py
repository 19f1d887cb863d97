"""Rules for mail: which link paths carry a secret token (and hiding it), and when a
failed message is tried again."""

from __future__ import annotations

import re

#: The paths whose last part is a one-use secret token. Every place a link may be
#: shown or written down (the admin outbox, the mail log, access logs, a delivered
#: message's stored copy) hides that part with :func:`redact_links`.
SECRET_LINK_PATHS = (
    "reset-password",
    "account/email",
    "verify-email",
    "programme/feed",  # a calendar feed: not one-use, but as secret
)
REDACTED = "[redacted]"

_SECRET_LINK = re.compile(
    r"(/(?:" + "|".join(re.escape(p) for p in SECRET_LINK_PATHS) + r")/)"
    r"[^\s/?#\"'<>]+"
)


def redact_links(text: str) -> str:
    """``text`` with the token of every secret link replaced by ``[redacted]``:
    ``https://x/reset-password/abc`` becomes ``https://x/reset-password/[redacted]``.
    Works on bodies, request lines and URLs alike."""
    return _SECRET_LINK.sub(r"\1" + REDACTED, text)


def retry_delay(attempts: int, base_seconds: int, max_seconds: int) -> int:
    """Seconds to wait before the next try of a message that has failed
    ``attempts`` times: ``base_seconds`` doubled for every failure after the first,
    never more than ``max_seconds``."""
    return min(max_seconds, base_seconds * 2 ** max(0, attempts - 1))


def out_of_attempts(attempts: int, max_attempts: int) -> bool:
    """After this many failed tries a message is failed for good."""
    return attempts >= max_attempts
