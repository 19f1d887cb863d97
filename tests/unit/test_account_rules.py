"""Session ids that carry a version, and the rule for requested names."""

from __future__ import annotations

import pytest

from portal.domain.accounts import name_change_problem, parse_session_id, session_id


@pytest.mark.parametrize(
    ("user_id", "version", "expected"),
    [(1, 0, "1:0"), (42, 3, "42:3"), (7, 120, "7:120")],
)
def test_session_id(user_id, version, expected):
    assert session_id(user_id, version) == expected
    assert parse_session_id(expected) == (user_id, version)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", (12, 0)),  # from before versions: version 0
        ("12:5", (12, 5)),
        ("", None),
        (":", None),
        ("12:", None),
        (":5", None),
        ("a:1", None),
        ("1:b", None),
        ("1:2:3", None),
        ("-1:0", None),
    ],
)
def test_parse_session_id(raw, expected):
    assert parse_session_id(raw) == expected


@pytest.mark.parametrize(
    ("current", "requested", "expected"),
    [
        ("Aygün Məmmədova", "Aygün Məmmədli", None),
        ("Aygün Məmmədova", "  Aygün   Məmmədova ", "same"),
        ("Aygün Məmmədova", "   ", "empty"),
        ("Aygün Məmmədova", "", "empty"),
        ("A", "x" * 201, "long"),
        ("A", "x" * 200, None),
    ],
)
def test_name_change_problem(current, requested, expected):
    assert name_change_problem(current, requested) == expected
