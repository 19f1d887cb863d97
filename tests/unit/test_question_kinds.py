"""Each question kind is one registry entry, and everything keyed by kind agrees.

Presentation facts, editor fields, statistics labels and the answer key per kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.authoring.questions import fields_from_question, question_from_fields
from portal.domain.questions import (
    KINDS,
    Review,
    chosen_labels,
    correct_values,
    editor_fields,
    grade_answer,
    kind_of,
    option_labels,
    parse_answer,
    validate_question,
)
from portal.quiz_authoring.forms import QuestionForm

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
KIND_TEMPLATES = TEMPLATES / "quiz" / "kinds"

SAMPLES = {
    "single": {
        "id": "city",
        "kind": "single",
        "prompt": "Capital?",
        "options": [{"text": "Ganja"}, {"text": "Baku", "correct": True}],
    },
    "multiple": {
        "id": "flows",
        "kind": "multiple",
        "points": 2,
        "prompt": "Flows?",
        "options": [
            {"text": "Arrivals", "correct": True},
            {"text": "Residents"},
            {"text": "Returns", "correct": True},
        ],
        "explanation": "Both move.",
    },
    "true_false": {"id": "one", "kind": "true_false", "prompt": "One?", "answer": True},
    "short_text": {
        "id": "term",
        "kind": "short_text",
        "prompt": "Term?",
        "answers": ["Usual residence", "residence"],
    },
    "numeric": {
        "id": "months",
        "kind": "numeric",
        "prompt": "Months?",
        "answer": 12,
        "tolerance": 0.5,
    },
    "ordering": {
        "id": "steps",
        "kind": "ordering",
        "prompt": "Order.",
        "items": ["Arrive", "Claim", "Decision"],
    },
    "matching": {
        "id": "pairs",
        "kind": "matching",
        "prompt": "Match.",
        "pairs": [
            {"left": "Refugee", "right": "Protected"},
            {"left": "Migrant", "right": "Moved"},
        ],
    },
}


def test_every_kind_has_a_sample():
    assert list(SAMPLES) == list(KINDS)
    assert all(validate_question(q) == [] for q in SAMPLES.values())


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_template_with_both_macros(kind):
    source = (KIND_TEMPLATES / f"{kind}.html").read_text(encoding="utf-8")
    assert "{% macro question(q, name) %}" in source
    assert "{% macro review(q) %}" in source


def test_no_kind_template_without_a_registry_entry():
    names = {p.stem for p in KIND_TEMPLATES.glob("*.html") if not p.stem[0] == "_"}
    assert names == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_editor_field_of_a_kind_is_on_the_question_form(kind):
    for name in KINDS[kind].fields:
        assert hasattr(QuestionForm, name), name


def test_editor_fields_lists_kinds_in_registry_order():
    fields = editor_fields()
    assert fields["options"] == ("single", "multiple")
    assert fields["number"] == fields["tolerance"] == ("numeric",)
    assert fields["answer"] == ("true_false",)


@pytest.mark.parametrize("kind", KINDS)
def test_editor_fields_round_trip(kind):
    question = SAMPLES[kind]
    typed = {k: str(v) for k, v in fields_from_question(question).items()}  # as posted
    assert question_from_fields(typed) == question


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"id": "a", "kind": "single", "prompt": "P", "options": "* Yes\nNo\n\n"},
            {
                "id": "a",
                "kind": "single",
                "prompt": "P",
                "options": [{"text": "Yes", "correct": True}, {"text": "No"}],
            },
        ),
        (
            {"id": "a", "kind": "numeric", "prompt": "P", "number": "1,5"},
            {"id": "a", "kind": "numeric", "prompt": "P", "answer": 1.5},
        ),
        (
            {"id": "a", "kind": "matching", "prompt": "P", "pairs": "x = y\nlonely"},
            {
                "id": "a",
                "kind": "matching",
                "prompt": "P",
                "pairs": [{"left": "x", "right": "y"}, {"left": "lonely"}],
            },
        ),
        (
            {"id": "a", "kind": "essay", "prompt": "P", "options": "* Yes"},
            {"id": "a", "kind": "essay", "prompt": "P"},
        ),
    ],
)
def test_question_from_fields_per_kind(fields, expected):
    assert question_from_fields(fields) == expected


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reverse", [False, True])
def test_the_answer_key_earns_full_marks(kind, reverse):
    question = SAMPLES[kind]
    size = kind_of(question).shuffles and len(question[kind_of(question).shuffles])
    order = list(range(size or 0))[:: -1 if reverse else 1]
    values = correct_values(question, order)
    answer = parse_answer(question, {"order": order}, values)
    assert grade_answer(question, answer) == 1.0


@pytest.mark.parametrize(
    ("kind", "answer", "expected"),
    [
        ("single", 0, Review(chosen=frozenset({0}), correct=frozenset({1}))),
        ("single", None, Review(chosen=frozenset(), correct=frozenset({1}))),
        (
            "multiple",
            [0, 1],
            Review(chosen=frozenset({0, 1}), correct=frozenset({0, 2})),
        ),
        ("true_false", False, Review(answer_text="False", correct_text="True")),
        ("true_false", None, Review(answer_text="", correct_text="True")),
        (
            "short_text",
            "resid",
            Review(answer_text="resid", correct_text="Usual residence / residence"),
        ),
        ("numeric", None, Review(answer_text="", correct_text="12 ± 0.5")),
        (
            "ordering",
            [1, 0, 2],
            Review(
                answer_text="Claim → Arrive → Decision",
                correct_text="Arrive → Claim → Decision",
            ),
        ),
        (
            "ordering",
            {"1": 1, "0": 1},
            Review(answer_text="", correct_text="Arrive → Claim → Decision"),
        ),
        (
            "matching",
            {"0": 1},
            Review(
                correct_text="Refugee → Protected; Migrant → Moved",
                selected={0: "Moved"},
            ),
        ),
    ],
)
def test_review_facts(kind, answer, expected):
    assert kind_of(SAMPLES[kind]).review(SAMPLES[kind], answer) == expected


def test_numeric_review_without_tolerance():
    question = {**SAMPLES["numeric"], "tolerance": 0}
    assert kind_of(question).review(question, "11").correct_text == "12"


@pytest.mark.parametrize(
    ("kind", "texts", "rows"),
    [
        ("single", ["Ganja", "Baku"], []),
        ("true_false", [], []),
        ("numeric", [], []),
        ("ordering", ["Arrive", "Claim", "Decision"], []),
        ("matching", ["Protected", "Moved"], ["Refugee", "Migrant"]),
    ],
)
def test_choice_texts_and_rows(kind, texts, rows):
    question = SAMPLES[kind]
    assert kind_of(question).choice_texts(question) == texts
    assert kind_of(question).rows(question) == rows


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (SAMPLES["single"], [("A", "Ganja", False), ("B", "Baku", True)]),
        (SAMPLES["true_false"], [("true", "True", True), ("false", "False", False)]),
        (SAMPLES["ordering"], []),
        ({"kind": "essay"}, []),
        ({}, []),
    ],
)
def test_option_labels(question, expected):
    assert option_labels(question) == expected


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        (SAMPLES["single"], 1, ("B",)),
        (SAMPLES["single"], [1], ()),
        (SAMPLES["multiple"], [0, 2, "x"], ("A", "C")),
        (SAMPLES["multiple"], 0, ()),
        (SAMPLES["true_false"], False, ("false",)),
        (SAMPLES["true_false"], 1, ()),
        (SAMPLES["matching"], {"0": 0}, ()),
        (SAMPLES["single"], None, ()),
        (None, 1, ()),
        ({"kind": "essay"}, 1, ()),
    ],
)
def test_chosen_labels(question, answer, expected):
    assert chosen_labels(question, answer) == expected
