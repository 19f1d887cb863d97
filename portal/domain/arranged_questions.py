"""Question kinds answered row by row: putting items in order, matching pairs."""

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
    digits,
    input_name,
    lines,
    one,
    position,
)
from portal.domain.text import N_, message

# -- ordering ------------------------------------------------------------------


def _validate_ordering(question: Question) -> list[str]:
    items = question.get("items")
    if not isinstance(items, list) or len(items) < 2:
        return [
            message(N_("needs a list of at least two 'items' in the correct order"))
        ]
    if len({str(i) for i in items}) != len(items):
        return [message(N_("has the same item twice"))]
    return []


def _parse_ordering(question: Question, layout: Mapping[str, Any], values: Values):
    """Each displayed item gets a rank 1..n; returns original indices in rank order.

    Ranks given to only some items, or the same rank twice, are an answer still being
    worked on: kept as ``{original index (text): rank}`` so that a reload shows them
    again exactly as left, and graded as wrong (:func:`ordering_complete`).
    """
    order = layout["order"]
    ranks: dict[int, int] = {}
    for at, original in enumerate(order):
        raw = one(values, f"{input_name(question)}-{at}")
        if raw in (None, ""):
            continue
        if not digits(raw) or not 1 <= int(raw) <= len(order):
            raise ForgedAnswer(f"no such rank: {raw!r}")
        ranks[original] = int(raw)
    if not ranks:
        return None
    if sorted(ranks.values()) != list(range(1, len(order) + 1)):
        return {str(original): rank for original, rank in ranks.items()}
    return [original for original, _ in sorted(ranks.items(), key=lambda kv: kv[1])]


def ordering_complete(question: Question, answer: Any) -> bool:
    """Only a full ranking answers an ordering question; a partial one is a draft."""
    return isinstance(answer, list) and bool(answer)


def _grade_ordering(question: Question, answer: Any) -> float:
    return 1.0 if answer == list(range(len(question["items"]))) else 0.0


def _item_texts(question: Question) -> list[str]:
    return [str(item) for item in question["items"]]


def _review_ordering(question: Question, answer: Any) -> Review:
    texts = _item_texts(question)
    return Review(
        answer_text=" → ".join(texts[i] for i in answer)
        if ordering_complete(question, answer)
        else "",
        correct_text=" → ".join(texts),
    )


def _ordering_from_fields(fields: Fields) -> dict[str, Any]:
    return {"items": lines(fields.get("items"))}


def _ordering_to_fields(question: Question) -> dict[str, Any]:
    return {"items": "\n".join(str(i) for i in question.get("items", []))}


def _right_ranks(question: Question, order: Sequence[int]) -> dict[str, list[str]]:
    name = input_name(question)
    return {f"{name}-{at}": [str(orig + 1)] for at, orig in enumerate(order)}


def _shown_ranks(
    question: Question, order: Sequence[int], answer: Any
) -> dict[str, list[str]]:
    """Each displayed item's rank, from the original indices in rank order, or from
    a partial ranking's ``{original index: rank}``."""
    name = input_name(question)
    if isinstance(answer, Mapping):
        return {
            f"{name}-{at}": [str(answer[str(orig)])]
            for at, orig in enumerate(order)
            if str(orig) in answer
        }
    if not isinstance(answer, list) or sorted(answer) != sorted(order):
        return {}
    return {
        f"{name}-{at}": [str(answer.index(orig) + 1)] for at, orig in enumerate(order)
    }


# -- matching ------------------------------------------------------------------


def _validate_matching(question: Question) -> list[str]:
    pairs = question.get("pairs")
    if not isinstance(pairs, list) or len(pairs) < 2:
        return [message(N_("needs a list of at least two 'pairs'"))]
    for number, pair in enumerate(pairs, 1):
        if not isinstance(pair, Mapping) or set(pair) != {"left", "right"}:
            return [
                message(
                    N_("pair %(number)s needs exactly 'left' and 'right'"),
                    number=number,
                )
            ]
    if len({str(p["right"]) for p in pairs}) != len(pairs):
        return [message(N_("has the same right-hand item twice"))]
    return []


def _parse_matching(question: Question, layout: Mapping[str, Any], values: Values):
    """Left items keep their order; the right-hand choices are shown shuffled."""
    order = layout["order"]
    matches = {}
    for left in range(len(question["pairs"])):
        raw = one(values, f"{input_name(question)}-{left}")
        if raw not in (None, ""):
            matches[left] = order[position(raw, len(order))]
    return matches


def _grade_matching(question: Question, answer: Any) -> float:
    answer = {int(k): v for k, v in (answer or {}).items()}
    right = sum(1 for left in range(len(question["pairs"])) if answer.get(left) == left)
    return right / len(question["pairs"])


def _right_texts(question: Question) -> list[str]:
    return [str(pair["right"]) for pair in question["pairs"]]


def _left_texts(question: Question) -> list[str]:
    return [str(pair["left"]) for pair in question["pairs"]]


def _review_matching(question: Question, answer: Any) -> Review:
    texts = _right_texts(question)
    matches = {int(k): v for k, v in (answer or {}).items()}
    pairs = question["pairs"]
    return Review(
        correct_text="; ".join(f"{p['left']} → {p['right']}" for p in pairs),
        selected={left: texts[matches[left]] for left in matches},
    )


def _matching_from_fields(fields: Fields) -> dict[str, Any]:
    """One pair per line, written ``left = right``."""
    pairs = []
    for line in lines(fields.get("pairs")):
        left, sep, right = line.partition("=")
        pairs.append(
            {"left": left.strip(), "right": right.strip()} if sep else {"left": line}
        )
    return {"pairs": pairs}


def _matching_to_fields(question: Question) -> dict[str, Any]:
    return {
        "pairs": "\n".join(
            f"{p['left']} = {p['right']}" for p in question.get("pairs", [])
        )
    }


def _right_pairs(question: Question, order: Sequence[int]) -> dict[str, list[str]]:
    name = input_name(question)
    return {
        f"{name}-{left}": [str(list(order).index(left))]
        for left in range(len(question["pairs"]))
    }


def _shown_pairs(
    question: Question, order: Sequence[int], answer: Any
) -> dict[str, list[str]]:
    """Each left row's chosen display position; JSON has turned the rows into text."""
    name, shown = input_name(question), list(order)
    return {
        f"{name}-{int(left)}": [str(shown.index(right))]
        for left, right in (answer or {}).items()
        if right in shown
    }


KINDS = {
    "ordering": QuestionKind(
        label="Ordering",
        keys=frozenset({"items"}),
        validate=_validate_ordering,
        parse=_parse_ordering,
        grade=_grade_ordering,
        review=_review_ordering,
        from_fields=_ordering_from_fields,
        to_fields=_ordering_to_fields,
        fields=("items",),
        correct_values=_right_ranks,
        answer_values=_shown_ranks,
        shuffles="items",
        choice_texts=_item_texts,
        answered=ordering_complete,
    ),
    "matching": QuestionKind(
        label="Matching",
        keys=frozenset({"pairs"}),
        validate=_validate_matching,
        parse=_parse_matching,
        grade=_grade_matching,
        review=_review_matching,
        from_fields=_matching_from_fields,
        to_fields=_matching_to_fields,
        fields=("pairs",),
        correct_values=_right_pairs,
        answer_values=_shown_pairs,
        shuffles="pairs",
        choice_texts=_right_texts,
        rows=_left_texts,
    ),
}
