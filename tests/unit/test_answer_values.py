"""Saved answers go back onto the page exactly as the graders read them.

``answer_values`` is ``parse_answer`` backwards for every kind, so a reloaded attempt
shows what was saved; blanks stay blank; the summary before submitting counts them.
"""

from __future__ import annotations

import json

import pytest

from portal.domain.grading import (
    AnswerSummary,
    form_values,
    is_answered,
    read_submission,
    summarise_answers,
)
from portal.domain.questions import KINDS, answer_values, parse_answer
from tests.unit.test_question_kinds import SAMPLES

REVERSED = [2, 1, 0]  # a display order that differs from the original one

# (kind, display order, parsed answer): answers in original indices, as stored.
ANSWERS = [
    ("single", [1, 0], 1),
    ("single", [1, 0], 0),
    ("multiple", REVERSED, [0, 2]),
    ("multiple", REVERSED, [1]),
    ("true_false", [], True),
    ("true_false", [], False),
    ("short_text", [], "Usual residence"),
    ("numeric", [], "12,5"),
    ("ordering", REVERSED, [0, 1, 2]),
    ("ordering", REVERSED, [2, 0, 1]),
    # Partly ranked, or a rank given twice: kept as {original index: rank}.
    ("ordering", REVERSED, {"2": 1}),
    ("ordering", REVERSED, {"0": 3, "1": 3, "2": 1}),
    ("matching", [1, 0], {0: 0, 1: 1}),
    ("matching", [1, 0], {1: 0}),  # one row matched, the other left blank
]


@pytest.mark.parametrize(("kind", "order", "answer"), ANSWERS)
def test_values_parse_back_to_the_same_answer(kind, order, answer):
    question = SAMPLES[kind]
    values = answer_values(question, order, answer)
    assert parse_answer(question, {"id": question["id"], "order": order}, values) == (
        answer
    )


@pytest.mark.parametrize(("kind", "order", "answer"), ANSWERS)
def test_values_survive_the_json_column(kind, order, answer):
    """JSON turns a matching answer's row numbers into text; the page still fills."""
    stored = json.loads(json.dumps(answer))
    question = SAMPLES[kind]
    assert answer_values(question, order, stored) == answer_values(
        question, order, answer
    )


@pytest.mark.parametrize(
    ("kind", "order", "blank"),
    [
        ("single", [1, 0], None),
        ("multiple", REVERSED, []),
        ("true_false", [], None),
        ("short_text", [], ""),
        ("numeric", [], ""),
        ("ordering", REVERSED, None),
        ("matching", [1, 0], {}),
    ],
)
def test_a_blank_answer_fills_nothing(kind, order, blank):
    assert answer_values(SAMPLES[kind], order, blank) == {}
    assert not is_answered(blank)


def test_every_kind_is_covered():
    assert {kind for kind, _, _ in ANSWERS} == set(KINDS)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (None, False),
        ("", False),
        ([], False),
        ({}, False),
        (0, True),  # the first option of a single-choice question
        (False, True),  # "false" on a true-or-false question
        ("x", True),
        ([1], True),
        ({"0": 1}, True),
    ],
)
def test_is_answered(answer, expected):
    assert is_answered(answer) is expected


BANK = {q["id"]: q for q in SAMPLES.values()}
LAYOUT = [
    {"id": "city", "order": [1, 0]},
    {"id": "one"},
    {"id": "steps", "order": REVERSED},
    {"id": "pairs", "order": [1, 0]},
]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, AnswerSummary((), (1, 2, 3, 4))),
        ({"city": 0, "one": False}, AnswerSummary((1, 2), (3, 4))),
        ({"steps": None, "pairs": {"0": 1}}, AnswerSummary((4,), (1, 2, 3))),
        # A partial ranking is still open: it would earn nothing as it stands.
        ({"steps": {"0": 2}, "one": True}, AnswerSummary((2,), (1, 3, 4))),
        (
            {"city": 1, "one": True, "steps": [0, 1, 2], "pairs": {"0": 0}},
            AnswerSummary((1, 2, 3, 4), ()),
        ),
    ],
)
def test_summarise_answers(answers, expected):
    summary = summarise_answers(BANK, LAYOUT, answers)
    assert summary == expected
    assert summary.total == len(LAYOUT)


def test_form_values_read_back_as_the_same_submission():
    answers = {"city": 0, "one": False, "steps": [2, 0, 1], "pairs": {"1": 0}}
    values = form_values(BANK, LAYOUT, answers)
    again = read_submission(BANK, LAYOUT, values)
    assert again == {"city": 0, "one": False, "steps": [2, 0, 1], "pairs": {1: 0}}


def test_form_values_of_nothing_saved_is_an_empty_form():
    assert form_values(BANK, LAYOUT, {}) == {}
