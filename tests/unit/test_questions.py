"""The question-kind registry: grading, validation and parsing of every kind."""

from __future__ import annotations

import pytest

from portal.domain.questions import (
    KINDS,
    ForgedAnswer,
    grade_answer,
    normalise_text,
    parse_answer,
    parse_number,
    validate_question,
)

SINGLE = {
    "id": "capital",
    "kind": "single",
    "prompt": "Capital of Azerbaijan?",
    "options": [
        {"text": "Baku", "correct": True},
        {"text": "Ganja"},
        {"text": "Shaki"},
    ],
}
MULTIPLE = {
    "id": "flows",
    "kind": "multiple",
    "prompt": "Which are flows?",
    "options": [
        {"text": "Arrivals", "correct": True},
        {"text": "Departures", "correct": True},
        {"text": "Returns", "correct": True},
        {"text": "Residents"},
        {"text": "Citizens"},
    ],
}
TRUE_FALSE = {
    "id": "treaty",
    "kind": "true_false",
    "prompt": "One treaty?",
    "answer": False,
}
SHORT_TEXT = {
    "id": "residence",
    "kind": "short_text",
    "prompt": "Country of usual ...?",
    "answers": ["residence", "Usual  Residence", "résidence"],
}
NUMERIC = {
    "id": "months",
    "kind": "numeric",
    "prompt": "Months?",
    "answer": 12,
    "tolerance": 0.5,
}
NUMERIC_DECIMAL = {"id": "rate", "kind": "numeric", "prompt": "Rate?", "answer": 3.5}
ORDERING = {
    "id": "steps",
    "kind": "ordering",
    "prompt": "Order the steps.",
    "items": ["Arrive", "Claim examined", "Decision"],
}
MATCHING = {
    "id": "terms",
    "kind": "matching",
    "prompt": "Match.",
    "pairs": [
        {"left": "Asylum seeker", "right": "Claim pending"},
        {"left": "Refugee", "right": "Protection recognised"},
        {"left": "Migrant", "right": "Changed residence"},
    ],
}

VALID = [
    SINGLE,
    MULTIPLE,
    TRUE_FALSE,
    SHORT_TEXT,
    NUMERIC,
    NUMERIC_DECIMAL,
    ORDERING,
    MATCHING,
]


def with_(question, **changes):
    """A copy of ``question`` with keys replaced (``None`` removes a key)."""
    copy = dict(question)
    for key, value in changes.items():
        if value is None:
            copy.pop(key, None)
        else:
            copy[key] = value
    return copy


# -- grading -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        # single: full points or none
        (SINGLE, 0, 1.0),
        (SINGLE, 1, 0.0),
        (SINGLE, 2, 0.0),
        (SINGLE, None, 0.0),
        # multiple: (right - wrong) / number right, floored at zero
        (MULTIPLE, [0, 1, 2], 1.0),
        (MULTIPLE, [0], 1 / 3),
        (MULTIPLE, [0, 2], 2 / 3),
        (MULTIPLE, [0, 1, 3], 1 / 3),
        (MULTIPLE, [0, 1, 2, 3], 2 / 3),
        (MULTIPLE, [0, 3], 0.0),
        (MULTIPLE, [0, 3, 4], 0.0),  # -1/3 is floored at zero
        (MULTIPLE, [3, 4], 0.0),
        (MULTIPLE, [0, 1, 2, 3, 4], 1 / 3),
        (MULTIPLE, [], 0.0),
        (MULTIPLE, None, 0.0),
        # true / false
        (TRUE_FALSE, False, 1.0),
        (TRUE_FALSE, True, 0.0),
        (TRUE_FALSE, None, 0.0),
        (with_(TRUE_FALSE, answer=True), True, 1.0),
        (with_(TRUE_FALSE, answer=True), None, 0.0),
        # short text: case and runs of white space ignored, accents kept
        (SHORT_TEXT, "residence", 1.0),
        (SHORT_TEXT, "RESIDENCE", 1.0),
        (SHORT_TEXT, "  Residence \t", 1.0),
        (SHORT_TEXT, "usual residence", 1.0),
        (SHORT_TEXT, "usual\n\t  residence", 1.0),
        (SHORT_TEXT, "re\u0301sidence", 1.0),  # decomposed é equals the composed one
        (SHORT_TEXT, "RÉSIDENCE", 1.0),
        (SHORT_TEXT, "residences", 0.0),
        (SHORT_TEXT, "usualresidence", 0.0),
        (SHORT_TEXT, "residénce", 0.0),
        (SHORT_TEXT, "", 0.0),
        (SHORT_TEXT, "   ", 0.0),
        (SHORT_TEXT, None, 0.0),
        # numeric: inclusive tolerance, comma decimal
        (NUMERIC, "12", 1.0),
        (NUMERIC, "12.0", 1.0),
        (NUMERIC, "12.5", 1.0),
        (NUMERIC, "11.5", 1.0),
        (NUMERIC, "12,5", 1.0),
        (NUMERIC, " 12 ", 1.0),
        (NUMERIC, "12.51", 0.0),
        (NUMERIC, "11.49", 0.0),
        (NUMERIC, "13", 0.0),
        (NUMERIC, "twelve", 0.0),
        (NUMERIC, "", 0.0),
        (NUMERIC, None, 0.0),
        (NUMERIC, "nan", 0.0),
        (NUMERIC, "inf", 0.0),
        (NUMERIC_DECIMAL, "3,5", 1.0),
        (NUMERIC_DECIMAL, "3.5", 1.0),
        (NUMERIC_DECIMAL, "3,50", 1.0),
        (NUMERIC_DECIMAL, "3.51", 0.0),
        (NUMERIC_DECIMAL, "35", 0.0),
        (with_(NUMERIC_DECIMAL, answer=0.3), "0.30000000000000004", 1.0),
        (with_(NUMERIC_DECIMAL, answer=-2), "-2", 1.0),
        (with_(NUMERIC_DECIMAL, answer=1951), "1 951", 1.0),
        # ordering: all or nothing
        (ORDERING, [0, 1, 2], 1.0),
        (ORDERING, [1, 0, 2], 0.0),
        (ORDERING, [2, 1, 0], 0.0),
        (ORDERING, [0, 1], 0.0),
        (ORDERING, [], 0.0),
        (ORDERING, None, 0.0),
        (ORDERING, {"0": 1, "1": 2}, 0.0),  # partly ranked: kept, earns nothing
        (ORDERING, {"0": 1, "1": 2, "2": 3}, 0.0),  # never graded as a draft
        # matching: proportional
        (MATCHING, {0: 0, 1: 1, 2: 2}, 1.0),
        (MATCHING, {0: 0, 1: 2, 2: 1}, 1 / 3),
        (MATCHING, {0: 1, 1: 0, 2: 2}, 1 / 3),
        (MATCHING, {0: 1, 1: 2, 2: 0}, 0.0),
        (MATCHING, {0: 0, 1: 1}, 2 / 3),
        (MATCHING, {"0": 0, "1": 1, "2": 2}, 1.0),  # keys as stored in JSON
        (MATCHING, {0: 0, 1: 0, 2: 0}, 1 / 3),
        (MATCHING, {}, 0.0),
        (MATCHING, None, 0.0),
    ],
)
def test_grade_answer(question, answer, expected):
    assert grade_answer(question, answer) == pytest.approx(expected)


def test_every_kind_is_registered():
    assert set(KINDS) == {
        "single",
        "multiple",
        "true_false",
        "short_text",
        "numeric",
        "ordering",
        "matching",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3", 3.0),
        ("3.5", 3.5),
        ("3,5", 3.5),
        ("  -0,25 ", -0.25),
        ("1 000", 1000.0),
        ("1\u00a0000,5", 1000.5),
        ("1e3", 1000.0),
        ("", None),
        ("abc", None),
        ("1,000.5", None),
        ("3..5", None),
        ("nan", None),
        ("-inf", None),
        ("1e400", None),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Residence", "residence"),
        ("  usual\t\n residence  ", "usual residence"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),  # casefold, not lower
        ("re\u0301sidence", "r\u00e9sidence"),
        ("", ""),
    ],
)
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


# -- validation ----------------------------------------------------------------


@pytest.mark.parametrize("question", VALID, ids=lambda q: q["id"])
def test_valid_questions_have_no_problems(question):
    assert validate_question(question) == []


@pytest.mark.parametrize(
    ("question", "fragment"),
    [
        (with_(SINGLE, kind="essay"), "unknown question kind 'essay'"),
        (with_(SINGLE, kind=None), "unknown question kind None"),
        (with_(SINGLE, prompt=None), "needs a 'prompt'"),
        (with_(SINGLE, prompt="   "), "needs a 'prompt'"),
        (with_(SINGLE, points=0), "'points' must be a number above zero"),
        (with_(SINGLE, points=-1), "'points' must be a number above zero"),
        (with_(SINGLE, points=True), "'points' must be a number above zero"),
        (with_(SINGLE, points="2"), "'points' must be a number above zero"),
        (with_(SINGLE, answer=True), "unknown keys for a single question: answer"),
        (
            with_(
                SINGLE,
                options=[
                    {"text": "A", "correct": True},
                    {"text": "B", "correct": True},
                ],
            ),
            "needs exactly one correct option (has 2)",
        ),
        (
            with_(SINGLE, options=[{"text": "A"}, {"text": "B"}]),
            "needs exactly one correct option (has 0)",
        ),
        (
            with_(SINGLE, options=[{"text": "A", "correct": True}]),
            "needs a list of at least two options",
        ),
        (with_(SINGLE, options=None), "needs a list of at least two options"),
        (with_(SINGLE, options="A, B"), "needs a list of at least two options"),
        (
            with_(SINGLE, options=[{"text": "A", "correct": True}, {"text": " "}]),
            "option 2 needs a text",
        ),
        (
            with_(SINGLE, options=[{"text": "A", "correct": True}, "B"]),
            "option 2 needs a text",
        ),
        (
            with_(
                SINGLE,
                options=[{"text": "A", "correct": True, "points": 2}, {"text": "B"}],
            ),
            "option 1 has unknown keys: points",
        ),
        (
            with_(MULTIPLE, options=[{"text": "A"}, {"text": "B"}]),
            "needs at least one correct option",
        ),
        (
            with_(MULTIPLE, options=[{"text": "A", "correct": True}]),
            "needs a list of at least two options",
        ),
        (with_(TRUE_FALSE, answer=None), "needs 'answer: true' or 'answer: false'"),
        (with_(TRUE_FALSE, answer="yes"), "needs 'answer: true' or 'answer: false'"),
        (with_(TRUE_FALSE, answer=1), "needs 'answer: true' or 'answer: false'"),
        (with_(SHORT_TEXT, answers=None), "needs a list of accepted 'answers'"),
        (with_(SHORT_TEXT, answers=[]), "needs a list of accepted 'answers'"),
        (with_(SHORT_TEXT, answers="residence"), "needs a list of accepted 'answers'"),
        (
            with_(SHORT_TEXT, answers=["residence", "  "]),
            "has an empty accepted answer",
        ),
        (
            with_(SHORT_TEXT, options=["x"]),
            "unknown keys for a short_text question: options",
        ),
        (with_(NUMERIC, answer=None), "needs a number as 'answer'"),
        (with_(NUMERIC, answer="12"), "needs a number as 'answer'"),
        (with_(NUMERIC, answer=True), "needs a number as 'answer'"),
        (
            with_(NUMERIC, tolerance=-0.1),
            "'tolerance' must be a number of zero or more",
        ),
        (with_(NUMERIC, tolerance="1"), "'tolerance' must be a number of zero or more"),
        (with_(ORDERING, items=["only"]), "needs a list of at least two 'items'"),
        (with_(ORDERING, items=None), "needs a list of at least two 'items'"),
        (with_(ORDERING, items=["a", "b", "a"]), "has the same item twice"),
        (
            with_(MATCHING, pairs=[{"left": "a", "right": "b"}]),
            "needs a list of at least two 'pairs'",
        ),
        (with_(MATCHING, pairs=None), "needs a list of at least two 'pairs'"),
        (
            with_(MATCHING, pairs=[{"left": "a", "right": "b"}, {"left": "c"}]),
            "pair 2 needs exactly 'left' and 'right'",
        ),
        (
            with_(
                MATCHING,
                pairs=[
                    {"left": "a", "right": "b", "x": 1},
                    {"left": "c", "right": "d"},
                ],
            ),
            "pair 1 needs exactly 'left' and 'right'",
        ),
        (
            with_(
                MATCHING,
                pairs=[{"left": "a", "right": "same"}, {"left": "c", "right": "same"}],
            ),
            "has the same right-hand item twice",
        ),
    ],
)
def test_validate_question_problems(question, fragment):
    problems = validate_question(question)
    assert any(fragment in problem for problem in problems), problems


def test_unknown_kind_lists_the_known_kinds():
    (problem,) = validate_question(with_(SINGLE, kind="essay"))
    for kind in KINDS:
        assert kind in problem


def test_validate_reports_every_problem_at_once():
    question = with_(
        SINGLE,
        prompt="",
        points=0,
        options=[{"text": "A", "correct": True}, {"text": "B", "correct": True}],
    )
    assert len(validate_question(question)) == 3


# -- parsing -------------------------------------------------------------------

SHUFFLED = [2, 0, 1]  # display position -> original index


def layout(question, order=None):
    entry = {"id": question["id"]}
    if order is not None:
        entry["order"] = order
    return entry


@pytest.mark.parametrize(
    ("question", "order", "values", "expected"),
    [
        (SINGLE, SHUFFLED, {"q-capital": ["1"]}, 0),
        (SINGLE, SHUFFLED, {"q-capital": ["0"]}, 2),
        (SINGLE, SHUFFLED, {"q-capital": [" 2 "]}, 1),
        (SINGLE, SHUFFLED, {"q-capital": [""]}, None),
        (SINGLE, SHUFFLED, {}, None),
        (MULTIPLE, [4, 3, 2, 1, 0], {"q-flows": ["0", "4", "2"]}, [0, 2, 4]),
        (MULTIPLE, [4, 3, 2, 1, 0], {"q-flows": ["3", "3"]}, [1]),
        (MULTIPLE, [4, 3, 2, 1, 0], {}, []),
        (TRUE_FALSE, None, {"q-treaty": ["true"]}, True),
        (TRUE_FALSE, None, {"q-treaty": ["false"]}, False),
        (TRUE_FALSE, None, {"q-treaty": [""]}, None),
        (TRUE_FALSE, None, {}, None),
        (SHORT_TEXT, None, {"q-residence": ["  Residence "]}, "Residence"),
        (SHORT_TEXT, None, {}, ""),
        (SHORT_TEXT, None, {"q-residence": ["x" * 500]}, "x" * 500),
        (NUMERIC, None, {"q-months": ["12,5"]}, "12,5"),
        # ordering: a rank 1..n per displayed item, answer in original indices
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["3"], "q-steps-1": ["1"], "q-steps-2": ["2"]},
            [0, 1, 2],
        ),
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["1"], "q-steps-1": ["2"], "q-steps-2": ["3"]},
            [2, 0, 1],
        ),
        # partly ranked or a rank twice: {original index: rank}, shown again on reload
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["1"], "q-steps-1": ["2"]},
            {"2": 1, "0": 2},
        ),
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["1"], "q-steps-1": ["1"], "q-steps-2": ["3"]},
            {"2": 1, "0": 1, "1": 3},
        ),
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": [""], "q-steps-1": ["1"], "q-steps-2": ["2"]},
            {"0": 1, "1": 2},
        ),
        (ORDERING, SHUFFLED, {"q-steps-0": [""], "q-steps-1": [""]}, None),
        # matching: key per left index, value = display position of a right item
        (
            MATCHING,
            SHUFFLED,
            {"q-terms-0": ["1"], "q-terms-1": ["2"], "q-terms-2": ["0"]},
            {0: 0, 1: 1, 2: 2},
        ),
        (MATCHING, SHUFFLED, {"q-terms-0": ["0"]}, {0: 2}),
        (MATCHING, SHUFFLED, {"q-terms-1": [""]}, {}),
        (MATCHING, SHUFFLED, {}, {}),
    ],
)
def test_parse_answer(question, order, values, expected):
    assert parse_answer(question, layout(question, order), values) == expected


@pytest.mark.parametrize(
    ("question", "order", "values", "graded"),
    [
        (SINGLE, SHUFFLED, {"q-capital": ["1"]}, 1.0),
        (SINGLE, SHUFFLED, {"q-capital": ["0"]}, 0.0),
        (MULTIPLE, [4, 3, 2, 1, 0], {"q-flows": ["4", "3"]}, 2 / 3),
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["3"], "q-steps-1": ["1"], "q-steps-2": ["2"]},
            1.0,
        ),
        (
            MATCHING,
            SHUFFLED,
            {"q-terms-0": ["1"], "q-terms-1": ["0"], "q-terms-2": ["2"]},
            1 / 3,
        ),
    ],
)
def test_parsed_answers_grade_in_original_indices(question, order, values, graded):
    answer = parse_answer(question, layout(question, order), values)
    assert grade_answer(question, answer) == pytest.approx(graded)


@pytest.mark.parametrize(
    ("question", "order", "values"),
    [
        (SINGLE, SHUFFLED, {"q-capital": ["3"]}),
        (SINGLE, SHUFFLED, {"q-capital": ["-1"]}),
        (SINGLE, SHUFFLED, {"q-capital": ["first"]}),
        (SINGLE, SHUFFLED, {"q-capital": ["1.0"]}),
        (SINGLE, SHUFFLED, {"q-capital": ["0", "1"]}),
        # '²'.isdigit() is True, but int('²') raises a plain ValueError
        pytest.param(
            SINGLE, SHUFFLED, {"q-capital": ["\u00b2"]}, id="single-superscript"
        ),
        (MULTIPLE, [4, 3, 2, 1, 0], {"q-flows": ["0", "5"]}),
        (MULTIPLE, [4, 3, 2, 1, 0], {"q-flows": [""]}),
        (TRUE_FALSE, None, {"q-treaty": ["yes"]}),
        (TRUE_FALSE, None, {"q-treaty": ["True"]}),
        (TRUE_FALSE, None, {"q-treaty": ["true", "false"]}),
        (SHORT_TEXT, None, {"q-residence": ["x" * 501]}),
        (SHORT_TEXT, None, {"q-residence": ["a", "b"]}),
        (NUMERIC, None, {"q-months": ["1" * 501]}),
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["0"], "q-steps-1": ["1"], "q-steps-2": ["2"]},
        ),
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["4"], "q-steps-1": ["1"], "q-steps-2": ["2"]},
        ),
        (
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["x"], "q-steps-1": ["1"], "q-steps-2": ["2"]},
        ),
        pytest.param(
            ORDERING,
            SHUFFLED,
            {"q-steps-0": ["\u00b2"], "q-steps-1": ["1"], "q-steps-2": ["3"]},
            id="ordering-superscript",
        ),
        (MATCHING, SHUFFLED, {"q-terms-0": ["3"]}),
        (MATCHING, SHUFFLED, {"q-terms-0": ["-1"]}),
        (MATCHING, SHUFFLED, {"q-terms-0": ["1", "2"]}),
    ],
)
def test_parse_answer_refuses_forged_values(question, order, values):
    with pytest.raises(ForgedAnswer):
        parse_answer(question, layout(question, order), values)


def test_forged_answer_is_a_value_error():
    assert issubclass(ForgedAnswer, ValueError)
