"""The rule for requested names."""

from __future__ import annotations

import pytest

from portal.domain.accounts import name_change_problem


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
