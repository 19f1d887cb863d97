"""Attempts as data: drawing layouts, reading submissions, grading, lateness."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from portal.domain.grading import (
    ForgedAnswer,
    GradeResult,
    QuestionResult,
    draw_layout,
    grade_attempt,
    read_submission,
    submission_late,
)

QUESTIONS = [
    {
        "id": "capital",
        "kind": "single",
        "prompt": "?",
        "options": [
            {"text": "Baku", "correct": True},
            {"text": "Ganja"},
            {"text": "Shaki"},
            {"text": "Quba"},
        ],
    },
    {
        "id": "flows",
        "kind": "multiple",
        "points": 2,
        "prompt": "?",
        "options": [
            {"text": "Arrivals", "correct": True},
            {"text": "Departures", "correct": True},
            {"text": "Residents"},
        ],
    },
    {"id": "treaty", "kind": "true_false", "prompt": "?", "answer": False},
    {"id": "months", "kind": "numeric", "prompt": "?", "answer": 12},
    {"id": "residence", "kind": "short_text", "prompt": "?", "answers": ["residence"]},
    {"id": "steps", "kind": "ordering", "prompt": "?", "items": ["a", "b", "c", "d"]},
    {
        "id": "terms",
        "kind": "matching",
        "prompt": "?",
        "pairs": [
            {"left": "x", "right": "1"},
            {"left": "y", "right": "2"},
            {"left": "z", "right": "3"},
        ],
    },
    {"id": "pair", "kind": "ordering", "prompt": "?", "items": ["first", "second"]},
]
BANK = {q["id"]: q for q in QUESTIONS}
LIST_SIZES = {"capital": 4, "flows": 3, "steps": 4, "terms": 3, "pair": 2}
SEEDS = range(200)


def draw(seed=0, *, questions=QUESTIONS, count=None, shuffle=True):
    return draw_layout(questions, draw=count, shuffle=shuffle, rng=random.Random(seed))


# -- draw_layout ---------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 5, 7])
@pytest.mark.parametrize("shuffle", [True, False])
def test_draw_asks_the_requested_number_of_distinct_questions(count, shuffle):
    layout = draw(3, count=count, shuffle=shuffle)
    ids = [entry["id"] for entry in layout]
    assert len(ids) == count
    assert len(set(ids)) == count
    assert set(ids) <= set(BANK)


@pytest.mark.parametrize("count", [None, len(QUESTIONS), len(QUESTIONS) + 5])
def test_draw_of_none_or_at_least_the_bank_asks_everything(count):
    layout = draw(1, count=count, shuffle=False)
    assert [entry["id"] for entry in layout] == [q["id"] for q in QUESTIONS]


def test_draw_without_shuffle_keeps_bank_order_of_the_drawn_questions():
    position = {q["id"]: i for i, q in enumerate(QUESTIONS)}
    for seed in SEEDS:
        ids = [entry["id"] for entry in draw(seed, count=4, shuffle=False)]
        assert ids == sorted(ids, key=position.get)


def test_draw_picks_different_subsets_for_different_seeds():
    subsets = {frozenset(e["id"] for e in draw(seed, count=3)) for seed in SEEDS}
    assert len(subsets) > 10


@pytest.mark.parametrize("seed", [0, 1, 42, 2024])
@pytest.mark.parametrize(("count", "shuffle"), [(None, True), (3, True), (3, False)])
def test_draw_is_deterministic_for_a_seed(seed, count, shuffle):
    assert draw(seed, count=count, shuffle=shuffle) == draw(
        seed, count=count, shuffle=shuffle
    )


def test_shuffle_changes_question_order_for_some_seed():
    orders = {tuple(e["id"] for e in draw(seed)) for seed in SEEDS}
    assert len(orders) > 1
    assert all(sorted(order) == sorted(BANK) for order in orders)


@pytest.mark.parametrize("shuffle", [True, False])
def test_every_list_order_is_a_permutation_of_the_original_indices(shuffle):
    for seed in SEEDS:
        for entry in draw(seed, shuffle=shuffle):
            if entry["id"] in LIST_SIZES:
                assert sorted(entry["order"]) == list(range(LIST_SIZES[entry["id"]]))
            else:
                assert "order" not in entry


@pytest.mark.parametrize("question_id", ["capital", "flows", "terms"])
def test_shuffle_permutes_options(question_id):
    orders = set()
    for seed in SEEDS:
        entry = next(e for e in draw(seed) if e["id"] == question_id)
        orders.add(tuple(entry["order"]))
    identity = tuple(range(LIST_SIZES[question_id]))
    assert len(orders) > 1
    assert orders - {identity}


@pytest.mark.parametrize("question_id", ["capital", "flows", "terms"])
def test_without_shuffle_options_keep_their_order(question_id):
    for seed in SEEDS:
        entry = next(e for e in draw(seed, shuffle=False) if e["id"] == question_id)
        assert entry["order"] == list(range(LIST_SIZES[question_id]))


@pytest.mark.parametrize("shuffle", [True, False])
@pytest.mark.parametrize("question_id", ["steps", "pair"])
def test_ordering_questions_are_never_shown_in_order(question_id, shuffle):
    seen = set()
    for seed in SEEDS:
        entry = next(e for e in draw(seed, shuffle=shuffle) if e["id"] == question_id)
        assert entry["order"] != sorted(entry["order"])
        seen.add(tuple(entry["order"]))
    if question_id == "pair":
        assert seen == {(1, 0)}
    else:
        assert len(seen) > 1


# -- read_submission -----------------------------------------------------------

LAYOUT = [
    {"id": "capital", "order": [3, 2, 1, 0]},
    {"id": "treaty"},
    {"id": "steps", "order": [3, 2, 1, 0]},
]


def test_read_submission_parses_every_asked_question():
    values = {
        "csrf_token": ["abc"],
        "q-capital": ["3"],
        "q-treaty": ["false"],
        "q-steps-0": ["4"],
        "q-steps-1": ["3"],
        "q-steps-2": ["2"],
        "q-steps-3": ["1"],
    }
    assert read_submission(BANK, LAYOUT, values) == {
        "capital": 0,
        "treaty": False,
        "steps": [0, 1, 2, 3],
    }


def test_read_submission_leaves_unanswered_questions_empty():
    assert read_submission(BANK, LAYOUT, {}) == {
        "capital": None,
        "treaty": None,
        "steps": None,
    }


@pytest.mark.parametrize(
    "values",
    [
        {"q-flows": ["0"]},  # in the bank, not in this attempt
        {"q-nowhere": ["0"]},
        {"q-terms-0": ["1"]},
        {"q-steps-x": ["1"]},
        {"q-capital-": ["1"]},
        {"q-": ["1"]},
        {"q-capital": ["4"]},  # out-of-range choice
        {"q-treaty": ["maybe"]},
        {
            "q-steps-0": ["5"],
            "q-steps-1": ["1"],
            "q-steps-2": ["2"],
            "q-steps-3": ["3"],
        },
    ],
)
def test_read_submission_refuses_forged_keys_and_choices(values):
    with pytest.raises(ForgedAnswer):
        read_submission(BANK, LAYOUT, values)


# -- grade_attempt -------------------------------------------------------------

FULL = [
    {"id": q["id"]}
    for q in QUESTIONS
    if q["id"] in {"capital", "flows", "treaty", "months", "residence"}
]
RIGHT = {
    "capital": 0,
    "flows": [0, 1],
    "treaty": False,
    "months": "12",
    "residence": "Residence",
}


def test_grade_all_right():
    result = grade_attempt(BANK, FULL, RIGHT, pass_mark=100)
    assert isinstance(result, GradeResult)
    assert (result.score, result.max_score, result.percent, result.passed) == (
        6.0,
        6.0,
        100.0,
        True,
    )
    assert all(r.correct and not r.partly_correct for r in result.questions)


def test_grade_nothing_answered():
    result = grade_attempt(BANK, FULL, {}, pass_mark=1)
    assert (result.score, result.max_score, result.percent, result.passed) == (
        0.0,
        6.0,
        0.0,
        False,
    )
    assert [r.earned for r in result.questions] == [0.0] * 5


def test_grade_keeps_layout_order_and_points():
    result = grade_attempt(BANK, FULL, RIGHT, pass_mark=50)
    assert [(r.id, r.points) for r in result.questions] == [
        ("capital", 1.0),
        ("flows", 2.0),
        ("treaty", 1.0),
        ("months", 1.0),
        ("residence", 1.0),
    ]


@pytest.mark.parametrize(
    ("answers", "score", "percent"),
    [
        ({**RIGHT, "flows": [0]}, 5.0, 83.33),  # half of 2 points
        ({**RIGHT, "flows": [0, 2]}, 4.0, 66.67),  # right - wrong = 0
        ({**RIGHT, "capital": 1}, 5.0, 83.33),
        ({"flows": [0, 1]}, 2.0, 33.33),
        ({"treaty": False, "months": "12,0"}, 2.0, 33.33),
    ],
)
def test_grade_totals_and_percent(answers, score, percent):
    result = grade_attempt(BANK, FULL, answers, pass_mark=50)
    assert result.score == score
    assert result.max_score == 6.0
    assert result.percent == percent


def test_partly_correct_question_result():
    result = grade_attempt(BANK, FULL, {**RIGHT, "flows": [1]}, pass_mark=50)
    flows = next(r for r in result.questions if r.id == "flows")
    assert flows == QuestionResult("flows", 2.0, 1.0)
    assert flows.partly_correct and not flows.correct


@pytest.mark.parametrize(
    ("right", "pass_mark", "passed"),
    [
        (3, 75, True),  # exactly the pass mark
        (3, 75.0, True),
        (3, 75.01, False),
        (3, 74.99, True),
        (2, 50, True),
        (2, 51, False),
        (4, 100, True),
        (0, 1, False),
        (1, 25, True),
    ],
)
def test_pass_at_exactly_the_pass_mark(right, pass_mark, passed):
    layout = [{"id": f"q{i}"} for i in range(4)]
    bank = {
        f"q{i}": {"id": f"q{i}", "kind": "true_false", "prompt": "?", "answer": True}
        for i in range(4)
    }
    answers = {f"q{i}": i < right for i in range(4)}
    result = grade_attempt(bank, layout, answers, pass_mark)
    assert result.percent == 25.0 * right
    assert result.passed is passed


def test_only_asked_questions_count():
    layout = [{"id": "treaty"}, {"id": "capital"}]
    result = grade_attempt(
        BANK, layout, {"treaty": False, "flows": [0, 1]}, pass_mark=50
    )
    assert (result.score, result.max_score, result.percent, result.passed) == (
        1.0,
        2.0,
        50.0,
        True,
    )


def test_score_is_kept_to_two_decimals():
    bank = {
        "m": {
            "id": "m",
            "kind": "multiple",
            "prompt": "?",
            "options": [
                {"text": "a", "correct": True},
                {"text": "b", "correct": True},
                {"text": "c", "correct": True},
                {"text": "d"},
            ],
        }
    }
    result = grade_attempt(bank, [{"id": "m", "order": [0, 1, 2, 3]}], {"m": [0]}, 30)
    assert result.questions[0].earned == 0.33
    assert result.percent == 33.0
    assert result.passed


# -- submission_late -----------------------------------------------------------

DEADLINE = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
GRACE = timedelta(seconds=30)


@pytest.mark.parametrize(
    ("deadline", "submitted", "grace", "late"),
    [
        (None, DEADLINE + timedelta(days=365), GRACE, False),
        (DEADLINE, DEADLINE - timedelta(minutes=5), GRACE, False),
        (DEADLINE, DEADLINE, GRACE, False),
        (DEADLINE, DEADLINE + timedelta(seconds=29), GRACE, False),
        (DEADLINE, DEADLINE + GRACE, GRACE, False),
        (DEADLINE, DEADLINE + GRACE + timedelta(microseconds=1), GRACE, True),
        (DEADLINE, DEADLINE + timedelta(minutes=1), GRACE, True),
        (DEADLINE, DEADLINE, timedelta(0), False),
        (DEADLINE, DEADLINE + timedelta(seconds=1), timedelta(0), True),
    ],
)
def test_submission_late(deadline, submitted, grace, late):
    assert submission_late(deadline, submitted, grace) is late
