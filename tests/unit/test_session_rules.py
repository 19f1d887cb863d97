"""Session ids, and how long a session lasts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.domain.sessions import (
    REMEMBER_CAP,
    SessionLimits,
    idle_limit,
    key_hash,
    lifetime,
    needs_touch,
    parse_session_id,
    session_id,
    session_problem,
)

LIMITS = SessionLimits(
    idle_staff=timedelta(minutes=30),
    idle=timedelta(minutes=120),
    idle_remembered=timedelta(days=7),
    lifetime=timedelta(hours=12),
    remember=timedelta(days=30),
)
NOW = datetime(2026, 12, 1, 12, 0)


@pytest.mark.parametrize(("user_id", "key"), [(1, "abc"), (42, "A-b_9" * 8), (7, "x")])
def test_session_id_round_trip(user_id, key):
    assert parse_session_id(session_id(user_id, key)) == (user_id, key)


@pytest.mark.parametrize(
    "raw",
    ["", "12", "12:3", "12.", ".abc", "a.abc", "-1.abc", "1.a b", "1.a.b", "1.ä"],
)
def test_malformed_session_ids(raw):
    assert parse_session_id(raw) is None


def test_the_database_keeps_a_hash_not_the_key():
    assert key_hash("secret-key") != "secret-key"
    assert len(key_hash("secret-key")) == 64
    assert key_hash("secret-key") == key_hash("secret-key") != key_hash("other")


@pytest.mark.parametrize(
    ("remember", "configured", "expected"),
    [
        (False, timedelta(days=30), timedelta(hours=12)),
        (True, timedelta(days=30), timedelta(days=30)),
        (True, timedelta(days=3), timedelta(days=3)),
        (True, timedelta(days=365), REMEMBER_CAP),  # never more than 30 days
    ],
)
def test_lifetime(remember, configured, expected):
    limits = SessionLimits(**{**LIMITS.__dict__, "remember": configured})
    assert lifetime(limits, remember) == expected


@pytest.mark.parametrize(
    ("staff", "remember", "expected"),
    [
        (True, False, timedelta(minutes=30)),
        (False, False, timedelta(minutes=120)),
        (True, True, timedelta(days=7)),
        (False, True, timedelta(days=7)),
    ],
)
def test_idle_limit(staff, remember, expected):
    assert idle_limit(LIMITS, staff, remember) == expected


@pytest.mark.parametrize(
    ("last_seen", "expires", "ended", "expected"),
    [
        (NOW - timedelta(minutes=5), NOW + timedelta(hours=1), None, None),
        (NOW - timedelta(minutes=30), NOW + timedelta(hours=1), None, "idle"),
        (NOW - timedelta(minutes=29), NOW + timedelta(hours=1), None, None),
        (NOW, NOW, None, "expired"),
        (NOW, NOW + timedelta(hours=1), NOW - timedelta(hours=1), "ended"),
        (NOW - timedelta(days=1), NOW - timedelta(hours=1), None, "expired"),
    ],
)
def test_session_problem(last_seen, expires, ended, expected):
    idle = timedelta(minutes=30)
    assert session_problem(NOW, last_seen, expires, ended, idle) == expected


@pytest.mark.parametrize(
    ("seconds_ago", "expected"), [(0, False), (59, False), (60, True), (3600, True)]
)
def test_last_seen_is_written_at_most_once_a_minute(seconds_ago, expected):
    assert needs_touch(NOW - timedelta(seconds=seconds_ago), NOW) is expected
