"""The question-kind registry: every rule that differs between kinds, looked up by kind.

A question is a plain dict as loaded from a quiz file. Each kind is one
:class:`QuestionKind` entry in ``KINDS`` (written in ``choice_questions``,
``typed_questions`` or ``arranged_questions``), supplying pure functions:

- ``validate(question)`` returns a list of problems (messages) for a malformed question;
- ``parse(question, layout, values)`` turns submitted form values into a normalised
  answer expressed in the question's *original* indices (the form only ever carries
  display positions, so the page never reveals which original option is which);
- ``grade(question, answer)`` returns the earned fraction of the points, 0.0 to 1.0;
- ``choice_texts``/``rows``/``review`` give what the quiz and review pages show,
  ``from_fields``/``to_fields`` map the editor's fields, ``options``/``chosen``
  label choices for item statistics.

The page for each kind is ``templates/quiz/kinds/<kind>.html``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portal.domain import arranged_questions, choice_questions, typed_questions
from portal.domain.question_parts import (
    ForgedAnswer,
    Question,
    QuestionKind,
    Review,
    Values,
    is_answered,
    normalise_text,
    parse_number,
)
from portal.domain.text import N_, message

__all__ = [
    "COMMON_KEYS",
    "answer_values",
    "answered",
    "is_answered",
    "KINDS",
    "KIND_KEYS",
    "ForgedAnswer",
    "Question",
    "QuestionKind",
    "Review",
    "Values",
    "chosen_labels",
    "correct_values",
    "editor_fields",
    "grade_answer",
    "kind_of",
    "normalise_text",
    "option_labels",
    "parse_answer",
    "parse_number",
    "shuffled_length",
    "validate_question",
]

KINDS: dict[str, QuestionKind] = {
    **choice_questions.KINDS,
    **typed_questions.KINDS,
    **arranged_questions.KINDS,
}
KIND_KEYS = {name: set(kind.keys) for name, kind in KINDS.items()}
COMMON_KEYS = {"id", "kind", "points", "prompt", "explanation"}


def kind_of(question: Question) -> QuestionKind:
    """The registry entry of a question that passed :func:`validate_question`."""
    return KINDS[question["kind"]]


def validate_question(question: Question) -> list[str]:
    """Every problem with one question as written in a quiz file."""
    kind = question.get("kind")
    if kind not in KINDS:
        known = ", ".join(KINDS)
        return [
            message(
                N_("unknown question kind %(kind)r (known kinds: %(known)s)"),
                kind=kind,
                known=known,
            )
        ]
    problems = []
    unknown = set(question) - COMMON_KEYS - KIND_KEYS[kind]
    if unknown:
        problems.append(
            message(
                N_("unknown keys for a %(kind)s question: %(keys)s"),
                kind=kind,
                keys=", ".join(sorted(unknown)),
            )
        )
    if not str(question.get("prompt", "")).strip():
        problems.append(message(N_("needs a 'prompt'")))
    points = question.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
        problems.append(message(N_("'points' must be a number above zero")))
    return problems + KINDS[kind].validate(question)


def shuffled_length(question: Question) -> int | None:
    """How many entries the attempt layout permutes for this question, if any."""
    key = kind_of(question).shuffles
    return len(question[key]) if key else None


def parse_answer(question: Question, layout: Mapping[str, Any], values: Values) -> Any:
    return kind_of(question).parse(question, layout, values)


def grade_answer(question: Question, answer: Any) -> float:
    return kind_of(question).grade(question, answer)


def option_labels(question: Mapping[str, Any]) -> list[tuple[str, str, bool]]:
    """(label, text, correct) for each choice a participant can pick, if any."""
    kind = KINDS.get(question.get("kind"))  # type: ignore[arg-type]
    return kind.options(question) if kind else []


def chosen_labels(question: Mapping[str, Any] | None, answer: Any) -> tuple[str, ...]:
    """What an attempt chose, as option labels; answers store original indices."""
    if question is None or answer is None:
        return ()
    kind = KINDS.get(question.get("kind"))  # type: ignore[arg-type]
    return kind.chosen(question, answer) if kind else ()


def editor_fields() -> dict[str, tuple[str, ...]]:
    """Each kind-specific editor field and the kinds that read it, in registry order:
    what the question editor shows or hides as the kind changes."""
    found: dict[str, tuple[str, ...]] = {}
    for name, kind in KINDS.items():
        for field in kind.fields:
            found[field] = found.get(field, ()) + (name,)
    return found


def correct_values(question: Question, order: Sequence[int]) -> dict[str, list[str]]:
    """The form values of a fully right answer, given the attempt's display order."""
    return kind_of(question).correct_values(question, order)


def answered(question: Question | None, answer: Any) -> bool:
    """Whether a parsed answer counts as answered (a partial ranking does not)."""
    if question is None or question.get("kind") not in KINDS:
        return is_answered(answer)
    return kind_of(question).answered(question, answer)


def answer_values(
    question: Question, order: Sequence[int], answer: Any
) -> dict[str, list[str]]:
    """The form values that show ``answer`` again: :func:`parse_answer` backwards."""
    return kind_of(question).answer_values(question, order, answer)
