"""The shipped interview rubric and administrators' wording over it."""

from __future__ import annotations

import pytest

from portal.domain.rubric import DEFAULT_RUBRIC, rubric_levels
from portal.domain.selection import CRITERIA


def test_every_criterion_ships_a_distinct_descriptor_for_every_level():
    assert set(DEFAULT_RUBRIC) == set(CRITERIA)
    for levels in DEFAULT_RUBRIC.values():
        assert sorted(levels) == [1, 2, 3, 4, 5]
        assert len(set(levels.values())) == 5 and all(levels.values())


@pytest.mark.parametrize(
    "stored, criterion, level, expected",
    [
        ({}, "worldview", 1, DEFAULT_RUBRIC["worldview"][1]),
        ({("worldview", 1): "Own words"}, "worldview", 1, "Own words"),
        (
            {("worldview", 1): "Own words"},
            "worldview",
            2,
            DEFAULT_RUBRIC["worldview"][2],
        ),
        (
            {("logical_thinking", 3): "  "},
            "logical_thinking",
            3,
            DEFAULT_RUBRIC["logical_thinking"][3],
        ),
        ({("foreign_languages", 5): " C2 \n"}, "foreign_languages", 5, "C2"),
        (
            {("retired_criterion", 1): "Gone"},
            "worldview",
            1,
            DEFAULT_RUBRIC["worldview"][1],
        ),
    ],
)
def test_rubric_levels(stored, criterion, level, expected):
    levels = rubric_levels(stored)
    assert set(levels) == set(CRITERIA)
    assert levels[criterion][level] == expected
