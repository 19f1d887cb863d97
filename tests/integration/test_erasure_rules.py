"""Erasure knows every place a person can be: each column pointing at an account is
deleted, emptied or deliberately kept, and the text that names them is replaced."""

from __future__ import annotations

import pytest

from portal.domain.erasure import marks_pattern, mentions, pseudonym, scrub
from portal.extensions import db
from portal.services import erasure_columns


def _references_to_users() -> set[tuple[str, str]]:
    return {
        (table.name, fk.parent.name)
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "user"
    }


def test_every_column_pointing_at_an_account_is_decided():
    decided = [
        (column.class_.__tablename__, column.key)
        for column in (
            *erasure_columns.DELETED,
            *erasure_columns.ERASED,
            *erasure_columns.KEPT,
        )
    ]
    assert len(decided) == len(set(decided))  # each decided once
    # A new table holding a user_id fails here until erasure says what becomes of it.
    assert set(decided) == _references_to_users()


PATTERN = marks_pattern(["Nigar  Həsənova", "nigar@example.org", "Al", ""])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Note on NIGAR HƏSƏNOVA.", "Note on X."),
        ("nigar həsənova\nnigar@example.org", "X\nX"),
        ("Nigar\n Həsənova", "X"),  # however it was spaced
        ("Nigar Həsənovas", "Nigar Həsənovas"),  # whole words only
        ("anigar@example.org", "anigar@example.org"),
        ("Al Pacino", "Al Pacino"),  # too short to be a mark
        (
            {"old_name": "Nigar Həsənova", 2: [1, "nigar@example.org"]},
            {"old_name": "X", 2: [1, "X"]},
        ),
        ({"Nigar Həsənova": True}, {"X": True}),
        (None, None),
    ],
)
def test_scrub_replaces_every_mention(value, expected):
    assert scrub(value, PATTERN, "X") == expected
    assert mentions(value, PATTERN) == (value != expected)


def test_no_marks_no_change():
    assert marks_pattern(["", "ab"]) is None
    assert scrub("anything", None, "X") == "anything"
    assert pseudonym(7) == "erased-person-7"
