"""Shaping an attempt's questions for the page.

Before submission only prompts and choices in display order leave the server, filled
with the answers saved so far; the correct answers and explanations are added only for
a submitted attempt's review, and only when its review options say so (the marks per
question likewise): what they leave out never reaches the page.
What differs between kinds comes from the registry (:mod:`portal.domain.questions`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal.domain.grading import form_values
from portal.domain.questions import kind_of
from portal.domain.quiz_review import ReviewOptions
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
    # Open attempt only: the saved answers as form values, to pre-fill the inputs.
    filled: dict[str, list[str]] = field(default_factory=dict)
    # Review only:
    earned: float | None = None
    answer_text: str = ""
    correct_text: str = ""
    explanation_html: str = ""
    selected: dict[int, str] = field(default_factory=dict)  # matching/ordering per row

    def has(self, name: str, value: str) -> bool:
        """Whether the saved answers ticked or selected ``value`` for input ``name``."""
        return value in self.filled.get(name, ())

    def typed(self, name: str) -> str:
        """The saved text of a typed answer's input, or nothing."""
        return next(iter(self.filled.get(name, ())), "")

    @property
    def template(self) -> str:
        """The kind's template, with the ``question`` and ``review`` macros."""
        return f"quiz/kinds/{self.kind}.html"


def present_attempt(
    attempt: QuizAttempt, options: ReviewOptions | None = None
) -> list[PresentedQuestion]:
    """The attempt's questions for its page; a review shows what ``options`` allow
    (everything when not given: a trainer trying the quiz)."""
    options = options or ReviewOptions.everything()
    bank = attempt.revision.bank
    reviewing = not attempt.is_open
    results = {r["id"]: r for r in attempt.results or []}
    answers = attempt.answers or {}
    saved = {} if reviewing else attempt.saved_answers or {}
    filled = form_values(bank, attempt.layout, saved)
    presented = []
    for number, entry in enumerate(attempt.layout, 1):
        question = bank[entry["id"]]
        kind = kind_of(question)
        texts = kind.choice_texts(question)
        order = entry.get("order", [])
        item = PresentedQuestion(
            number,
            question["id"],
            question["kind"],
            question["prompt_html"],
            question["points"],
            [Choice(str(pos), texts[orig]) for pos, orig in enumerate(order)],
            kind.rows(question),
            filled=filled,
        )
        if reviewing:
            _add_review(
                item,
                question,
                order,
                answers.get(question["id"]),
                results.get(question["id"]),
                options,
            )
        presented.append(item)
    return presented


def _add_review(
    item: PresentedQuestion,
    question: dict[str, Any],
    order: list[int],
    answer: Any,
    result: dict[str, Any] | None,
    options: ReviewOptions,
) -> None:
    if options.marks:
        item.earned = result["earned"] if result else 0.0
    review = kind_of(question).review(question, answer)
    item.answer_text = review.answer_text
    item.selected = dict(review.selected)
    if options.correct_answers:
        item.explanation_html = question.get("explanation_html", "")
        item.correct_text = review.correct_text
    if review.chosen is not None:
        for choice, original in zip(item.choices, order, strict=True):
            choice.chosen = original in review.chosen
            if options.correct_answers:
                choice.correct = original in review.correct
