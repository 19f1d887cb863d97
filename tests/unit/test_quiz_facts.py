"""A summary's per-quiz facts: the best attempt they name and their JSON codec."""

from __future__ import annotations

import pytest

from portal.domain.progress import QuizBest
from portal.domain.quiz_facts import (
    QuizFacts,
    best_per_quiz,
    decode_quizzes,
    encode_quizzes,
)


@pytest.mark.parametrize(
    ("facts", "best"),
    [
        (QuizFacts(None, None, 0), None),  # only an open attempt
        (QuizFacts(None, 55.0, 1), QuizBest(55.0, False)),
        (QuizFacts(80.0, 80.0, 0), QuizBest(80.0, True)),
        (QuizFacts(70.0, 95.0, 3), QuizBest(70.0, True)),  # a pass beats a higher fail
        (QuizFacts(None, 0.0, 1), QuizBest(0.0, False)),  # a blank attempt still counts
    ],
)
def test_best(facts, best):
    assert facts.best == best


@pytest.mark.parametrize(
    ("stored", "facts"),
    [
        (
            {"best_pass": 80.0, "best_any": 90.0, "failures": 2},
            QuizFacts(80.0, 90.0, 2),
        ),
        (
            {"best_pass": None, "best_any": None, "failures": 0},
            QuizFacts(None, None, 0),
        ),
        ({"best_any": 40.0}, QuizFacts(None, 40.0, 0)),  # a key missing: its default
        ([80.0, 90.0, 2], QuizFacts(80.0, 90.0, 2)),  # the older positional shape
        ([None, 0.0, None], QuizFacts(None, 0.0, 0)),
    ],
)
def test_decode(stored, facts):
    assert QuizFacts.decode(stored) == facts


@pytest.mark.parametrize(
    "facts", [QuizFacts(None, None, 0), QuizFacts(80.0, 90.0, 2), QuizFacts(None, 1, 5)]
)
def test_encode_round_trips(facts):
    assert QuizFacts.decode(facts.encode()) == facts
    assert set(facts.encode()) == {"best_pass", "best_any", "failures"}


def test_whole_column_codec_and_best_per_quiz():
    stored = {
        "a": [None, 40.0, 1],
        "b": {"best_pass": 75.0, "best_any": 75.0},
        "c": [None, None, 0],
    }
    facts = decode_quizzes(stored)
    assert decode_quizzes(encode_quizzes(facts)) == facts
    assert best_per_quiz(facts) == {
        "a": QuizBest(40.0, False),
        "b": QuizBest(75.0, True),
    }
