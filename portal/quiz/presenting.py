"""Shaping an attempt's questions for the page.

Before submission only prompts and choices in display order leave the server; the
correct answers and explanations are added only for a submitted attempt's review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal.models import QuizAttempt


@dataclass
class Choice:
    value: str  # the display position, the only thing the form sends back
    text: str
    chosen: bool = False
    correct: bool | None = None


@dataclass
class PresentedQuestion:
    number: int
    id: str
    kind: str
    prompt_html: str
    points: float
    choices: list[Choice] = field(default_factory=list)
    lefts: list[str] = field(default_factory=list)  # matching: left-hand items
    # Review only:
    earned: float | None = None
    answer_text: str = ""
    correct_text: str = ""
    explanation_html: str = ""
    selected: dict[int, str] = field(default_factory=dict)  # matching/ordering per row


def _texts(question: dict[str, Any]) -> list[str]:
    kind = question["kind"]
    if kind in ("single", "multiple"):
        return [str(option["text"]) for option in question["options"]]
    if kind == "ordering":
        return [str(item) for item in question["items"]]
    if kind == "matching":
        return [str(pair["right"]) for pair in question["pairs"]]
    return []


def present_attempt(attempt: QuizAttempt) -> list[PresentedQuestion]:
    bank = attempt.revision.bank
    reviewing = not attempt.is_open
    results = {r["id"]: r for r in attempt.results or []}
    answers = attempt.answers or {}
    presented = []
    for number, entry in enumerate(attempt.layout, 1):
        question = bank[entry["id"]]
        texts = _texts(question)
        order = entry.get("order", [])
        item = PresentedQuestion(
            number,
            question["id"],
            question["kind"],
            question["prompt_html"],
            question["points"],
            [Choice(str(pos), texts[orig]) for pos, orig in enumerate(order)],
        )
        if question["kind"] == "matching":
            item.lefts = [str(pair["left"]) for pair in question["pairs"]]
        if reviewing:
            _add_review(
                item,
                question,
                order,
                answers.get(question["id"]),
                results.get(question["id"]),
            )
        presented.append(item)
    return presented


def _add_review(
    item: PresentedQuestion,
    question: dict[str, Any],
    order: list[int],
    answer: Any,
    result: dict[str, Any] | None,
) -> None:
    kind = question["kind"]
    item.earned = result["earned"] if result else 0.0
    item.explanation_html = question.get("explanation_html", "")
    texts = _texts(question)
    if kind in ("single", "multiple"):
        chosen = set(
            answer if isinstance(answer, list) else [] if answer is None else [answer]
        )
        for choice, original in zip(item.choices, order, strict=True):
            choice.chosen = original in chosen
            choice.correct = bool(question["options"][original].get("correct"))
    elif kind == "true_false":
        item.answer_text = "" if answer is None else ("True" if answer else "False")
        item.correct_text = "True" if question["answer"] else "False"
    elif kind == "short_text":
        item.answer_text = answer or ""
        item.correct_text = " / ".join(str(a) for a in question["answers"])
    elif kind == "numeric":
        item.answer_text = answer or ""
        tolerance = question.get("tolerance", 0)
        item.correct_text = f"{question['answer']}" + (
            f" ± {tolerance}" if tolerance else ""
        )
    elif kind == "ordering":
        item.answer_text = " → ".join(texts[i] for i in answer) if answer else ""
        item.correct_text = " → ".join(texts)
    elif kind == "matching":
        matches = {int(k): v for k, v in (answer or {}).items()}
        item.selected = {left: texts[matches[left]] for left in matches}
        item.correct_text = "; ".join(
            f"{p['left']} → {p['right']}" for p in question["pairs"]
        )
