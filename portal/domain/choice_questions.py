"""Question kinds answered by picking: single choice, multiple choice, true or false."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portal.domain.question_parts import (
    LETTERS,
    Fields,
    ForgedAnswer,
    Question,
    QuestionKind,
    Review,
    Values,
    input_name,
    lines,
    one,
    position,
)
from portal.domain.text import N_, message

# -- single / multiple ---------------------------------------------------------


def _options_problems(question: Question, *, exactly_one: bool) -> list[str]:
    options = question.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return [message(N_("needs a list of at least two options"))]
    problems = []
    for number, option in enumerate(options, 1):
        if not isinstance(option, Mapping) or not str(option.get("text", "")).strip():
            problems.append(
                message(N_("option %(number)s needs a text"), number=number)
            )
        elif set(option) - {"text", "correct"}:
            extra = ", ".join(sorted(set(option) - {"text", "correct"}))
            problems.append(
                message(
                    N_("option %(number)s has unknown keys: %(keys)s"),
                    number=number,
                    keys=extra,
                )
            )
    correct = sum(1 for o in options if isinstance(o, Mapping) and o.get("correct"))
    if exactly_one and correct != 1:
        problems.append(
            message(
                N_("needs exactly one correct option (has %(correct)s)"),
                correct=correct,
            )
        )
    if not exactly_one and correct < 1:
        problems.append(message(N_("needs at least one correct option")))
    return problems


def _validate_single(question: Question) -> list[str]:
    return _options_problems(question, exactly_one=True)


def _parse_single(question: Question, layout: Mapping[str, Any], values: Values):
    raw = one(values, input_name(question))
    if raw is None or raw == "":
        return None
    return layout["order"][position(raw, len(layout["order"]))]


def _grade_single(question: Question, answer: Any) -> float:
    if answer is None:
        return 0.0
    return 1.0 if question["options"][answer].get("correct") else 0.0


def _validate_multiple(question: Question) -> list[str]:
    return _options_problems(question, exactly_one=False)


def _parse_multiple(question: Question, layout: Mapping[str, Any], values: Values):
    order = layout["order"]
    chosen = {
        order[position(raw, len(order))] for raw in values.get(input_name(question), [])
    }
    return sorted(chosen)


def _grade_multiple(question: Question, answer: Any) -> float:
    """Right ticks minus wrong ticks over the number of right options, floored at 0."""
    correct = {i for i, o in enumerate(question["options"]) if o.get("correct")}
    chosen = set(answer or [])
    earned = len(chosen & correct) - len(chosen - correct)
    return max(0.0, earned / len(correct))


def _option_texts(question: Question) -> list[str]:
    return [str(option["text"]) for option in question["options"]]


def _review_options(question: Question, answer: Any) -> Review:
    chosen = answer if isinstance(answer, list) else [] if answer is None else [answer]
    correct = {i for i, o in enumerate(question["options"]) if o.get("correct")}
    return Review(chosen=frozenset(chosen), correct=frozenset(correct))


def _options_from_fields(fields: Fields) -> dict[str, Any]:
    """One option per line; a leading ``*`` marks a correct one."""
    return {
        "options": [
            {"text": line[1:].strip(), "correct": True}
            if line.startswith("*")
            else {"text": line}
            for line in lines(fields.get("options"))
        ]
    }


def _options_to_fields(question: Question) -> dict[str, Any]:
    return {
        "options": "\n".join(
            ("* " if o.get("correct") else "") + str(o["text"])
            for o in question.get("options", [])
        )
    }


def _right_options(question: Question, order: Sequence[int]) -> dict[str, list[str]]:
    return {
        input_name(question): [
            str(pos)
            for pos, orig in enumerate(order)
            if question["options"][orig].get("correct")
        ]
    }


def _shown_single(
    question: Question, order: Sequence[int], answer: Any
) -> dict[str, list[str]]:
    if not isinstance(answer, int) or answer not in order:
        return {}
    return {input_name(question): [str(list(order).index(answer))]}


def _shown_multiple(
    question: Question, order: Sequence[int], answer: Any
) -> dict[str, list[str]]:
    chosen = [str(pos) for pos, orig in enumerate(order) if orig in (answer or [])]
    return {input_name(question): chosen} if chosen else {}


def _option_labels(question: Question) -> list[tuple[str, str, bool]]:
    return [
        (LETTERS[i % 26], str(o.get("text", "")), bool(o.get("correct")))
        for i, o in enumerate(question.get("options", []))
    ]


def _chosen_single(question: Question, answer: Any) -> tuple[str, ...]:
    return (LETTERS[answer % 26],) if isinstance(answer, int) else ()


def _chosen_multiple(question: Question, answer: Any) -> tuple[str, ...]:
    if not isinstance(answer, list):
        return ()
    return tuple(LETTERS[i % 26] for i in answer if isinstance(i, int))


# -- true / false ------------------------------------------------------------


def _validate_true_false(question: Question) -> list[str]:
    if not isinstance(question.get("answer"), bool):
        return [message(N_("needs 'answer: true' or 'answer: false'"))]
    return []


def _parse_true_false(question: Question, layout: Mapping[str, Any], values: Values):
    raw = one(values, input_name(question))
    if raw in (None, ""):
        return None
    if raw not in ("true", "false"):
        raise ForgedAnswer(f"not true or false: {raw!r}")
    return raw == "true"


def _grade_true_false(question: Question, answer: Any) -> float:
    return 1.0 if answer is not None and answer == question["answer"] else 0.0


def _review_true_false(question: Question, answer: Any) -> Review:
    return Review(
        answer_text="" if answer is None else ("True" if answer else "False"),
        correct_text="True" if question["answer"] else "False",
    )


def _true_false_from_fields(fields: Fields) -> dict[str, Any]:
    answer = fields.get("answer")
    return {"answer": {"true": True, "false": False}.get(answer, answer)}


def _true_false_to_fields(question: Question) -> dict[str, Any]:
    return {"answer": "true" if question.get("answer") else "false"}


def _right_truth(question: Question, order: Sequence[int]) -> dict[str, list[str]]:
    return {input_name(question): ["true" if question["answer"] else "false"]}


def _shown_truth(
    question: Question, order: Sequence[int], answer: Any
) -> dict[str, list[str]]:
    if not isinstance(answer, bool):
        return {}
    return {input_name(question): ["true" if answer else "false"]}


def _truth_labels(question: Question) -> list[tuple[str, str, bool]]:
    answer = question.get("answer")
    return [("true", "True", answer is True), ("false", "False", answer is False)]


def _chosen_truth(question: Question, answer: Any) -> tuple[str, ...]:
    if not isinstance(answer, bool):
        return ()
    return ("true" if answer else "false",)


_OPTIONS = {
    "keys": frozenset({"options"}),
    "shuffles": "options",
    "choice_texts": _option_texts,
    "review": _review_options,
    "from_fields": _options_from_fields,
    "to_fields": _options_to_fields,
    "fields": ("options",),
    "correct_values": _right_options,
    "options": _option_labels,
}

KINDS = {
    "single": QuestionKind(
        label="Single choice",
        validate=_validate_single,
        parse=_parse_single,
        grade=_grade_single,
        answer_values=_shown_single,
        chosen=_chosen_single,
        **_OPTIONS,
    ),
    "multiple": QuestionKind(
        label="Multiple choice",
        validate=_validate_multiple,
        parse=_parse_multiple,
        grade=_grade_multiple,
        answer_values=_shown_multiple,
        chosen=_chosen_multiple,
        **_OPTIONS,
    ),
    "true_false": QuestionKind(
        label="True or false",
        keys=frozenset({"answer"}),
        validate=_validate_true_false,
        parse=_parse_true_false,
        grade=_grade_true_false,
        review=_review_true_false,
        from_fields=_true_false_from_fields,
        to_fields=_true_false_to_fields,
        fields=("answer",),
        correct_values=_right_truth,
        answer_values=_shown_truth,
        options=_truth_labels,
        chosen=_chosen_truth,
    ),
}
