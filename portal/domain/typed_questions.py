"""Question kinds answered by typing: a short text, or a number."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portal.domain.question_parts import (
    Fields,
    ForgedAnswer,
    Question,
    QuestionKind,
    Review,
    Values,
    input_name,
    lines,
    normalise_text,
    number,
    one,
    parse_number,
)
from portal.domain.text import N_, message


def _parse_text(question: Question, layout: Mapping[str, Any], values: Values):
    raw = one(values, input_name(question)) or ""
    if len(raw) > 500:
        raise ForgedAnswer("answer longer than any input allows")
    return raw


def _shown_text(
    question: Question, order: Sequence[int], answer: Any
) -> dict[str, list[str]]:
    return (
        {input_name(question): [answer]} if isinstance(answer, str) and answer else {}
    )


# -- short text ----------------------------------------------------------------


def _validate_short_text(question: Question) -> list[str]:
    answers = question.get("answers")
    if not isinstance(answers, list) or not answers:
        return [message(N_("needs a list of accepted 'answers'"))]
    if any(not str(a).strip() for a in answers):
        return [message(N_("has an empty accepted answer"))]
    return []


def _grade_short_text(question: Question, answer: Any) -> float:
    accepted = {normalise_text(str(a)) for a in question["answers"]}
    return 1.0 if answer and normalise_text(answer) in accepted else 0.0


def _review_short_text(question: Question, answer: Any) -> Review:
    return Review(
        answer_text=answer or "",
        correct_text=" / ".join(str(a) for a in question["answers"]),
    )


def _short_text_from_fields(fields: Fields) -> dict[str, Any]:
    return {"answers": lines(fields.get("answers"))}


def _short_text_to_fields(question: Question) -> dict[str, Any]:
    return {"answers": "\n".join(str(a) for a in question.get("answers", []))}


def _right_text(question: Question, order: Sequence[int]) -> dict[str, list[str]]:
    return {input_name(question): [str(question["answers"][0])]}


# -- numeric -------------------------------------------------------------------


def _validate_numeric(question: Question) -> list[str]:
    problems = []
    answer, tolerance = question.get("answer"), question.get("tolerance", 0)
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        problems.append(message(N_("needs a number as 'answer'")))
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, int | float)
        or tolerance < 0
    ):
        problems.append(message(N_("'tolerance' must be a number of zero or more")))
    return problems


def _grade_numeric(question: Question, answer: Any) -> float:
    value = parse_number(answer or "")
    if value is None:
        return 0.0
    # A small epsilon keeps 0.1 + 0.2 style float noise from failing an exact answer.
    allowed = float(question.get("tolerance", 0)) + 1e-9
    return 1.0 if abs(value - float(question["answer"])) <= allowed else 0.0


def _review_numeric(question: Question, answer: Any) -> Review:
    tolerance = question.get("tolerance", 0)
    return Review(
        answer_text=answer or "",
        correct_text=f"{question['answer']}" + (f" ± {tolerance}" if tolerance else ""),
    )


def _numeric_from_fields(fields: Fields) -> dict[str, Any]:
    found = {"answer": number(fields.get("number"))}
    tolerance = number(fields.get("tolerance"))
    if tolerance not in (None, 0):
        found["tolerance"] = tolerance
    return found


def _numeric_to_fields(question: Question) -> dict[str, Any]:
    return {
        "number": question.get("answer", ""),
        "tolerance": question.get("tolerance", ""),
    }


def _right_number(question: Question, order: Sequence[int]) -> dict[str, list[str]]:
    return {input_name(question): [str(question["answer"])]}


KINDS = {
    "short_text": QuestionKind(
        label="Short answer",
        keys=frozenset({"answers"}),
        validate=_validate_short_text,
        parse=_parse_text,
        grade=_grade_short_text,
        review=_review_short_text,
        from_fields=_short_text_from_fields,
        to_fields=_short_text_to_fields,
        fields=("answers",),
        correct_values=_right_text,
        answer_values=_shown_text,
        typed=True,
    ),
    "numeric": QuestionKind(
        label="Number",
        keys=frozenset({"answer", "tolerance"}),
        validate=_validate_numeric,
        parse=_parse_text,
        grade=_grade_numeric,
        review=_review_numeric,
        from_fields=_numeric_from_fields,
        to_fields=_numeric_to_fields,
        fields=("number", "tolerance"),
        correct_values=_right_number,
        answer_values=_shown_text,
        typed=True,
    ),
}
