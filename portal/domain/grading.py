"""Quiz attempts as data: drawing a layout, reading a submission, grading it."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from portal.domain.questions import (
    ForgedAnswer,
    Values,
    answer_values,
    answered,
    grade_answer,
    is_answered,
    parse_answer,
    shuffled_length,
)


@dataclass(frozen=True)
class QuestionResult:
    id: str
    points: float
    earned: float

    @property
    def correct(self) -> bool:
        return self.earned >= self.points

    @property
    def partly_correct(self) -> bool:
        return 0 < self.earned < self.points


@dataclass(frozen=True)
class GradeResult:
    score: float
    max_score: float
    percent: float
    passed: bool
    questions: tuple[QuestionResult, ...]


def draw_layout(
    questions: Sequence[Mapping[str, Any]],
    *,
    draw: int | None,
    shuffle: bool,
    rng: random.Random,
) -> list[dict[str, Any]]:
    """Fix which questions an attempt asks, in which order, with which option order.

    :param questions: the quiz revision's question bank.
    :param draw: how many to ask; ``None`` asks all of them.
    :param shuffle: shuffle question order and every option list.
    :return: one ``{"id": ..., "order": [...]}`` per asked question, ``order`` being the
        original indices in display order (absent for kinds without a list).
    """
    chosen = list(questions)
    if draw is not None and draw < len(chosen):
        picked = set(rng.sample(range(len(chosen)), draw))
        chosen = [q for i, q in enumerate(chosen) if i in picked]
    if shuffle:
        rng.shuffle(chosen)
    layout = []
    for question in chosen:
        entry: dict[str, Any] = {"id": question["id"]}
        size = shuffled_length(question)
        if size is not None:
            order = list(range(size))
            # Ordering questions are always shown out of order, or there is no task.
            if shuffle or question["kind"] == "ordering":
                _shuffle_unless_trivial(
                    order, rng, must_move=question["kind"] == "ordering"
                )
            entry["order"] = order
        layout.append(entry)
    return layout


def _shuffle_unless_trivial(
    order: list[int], rng: random.Random, must_move: bool
) -> None:
    rng.shuffle(order)
    if must_move and order == sorted(order):
        order.reverse()


def read_submission(
    bank: Mapping[str, Mapping[str, Any]],
    layout: Sequence[Mapping[str, Any]],
    values: Values,
) -> dict[str, Any]:
    """Turn submitted form values into answers keyed by question id.

    :raise ForgedAnswer: a value names a question outside this attempt or a choice that
        no page of this attempt offered.
    """
    asked = {entry["id"] for entry in layout}
    for key in values:
        if key.startswith("q-") and _question_id(key, asked) is None:
            raise ForgedAnswer(f"{key} is not a question of this attempt")
    return {
        entry["id"]: parse_answer(bank[entry["id"]], entry, values) for entry in layout
    }


def _question_id(key: str, asked: set[str]) -> str | None:
    name = key[2:]
    if name in asked:
        return name
    base, _, index = name.rpartition("-")
    return base if base in asked and index.isdigit() else None


def grade_attempt(
    bank: Mapping[str, Mapping[str, Any]],
    layout: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    pass_mark: float,
) -> GradeResult:
    """Grade the asked questions; unanswered ones earn nothing.

    :param pass_mark: percent of the points needed to pass.
    """
    results = []
    for entry in layout:
        question = bank[entry["id"]]
        points = float(question.get("points", 1))
        fraction = grade_answer(question, answers.get(entry["id"]))
        results.append(QuestionResult(entry["id"], points, round(points * fraction, 2)))
    score = round(sum(r.earned for r in results), 2)
    max_score = round(sum(r.points for r in results), 2)
    percent = round(100 * score / max_score, 2) if max_score else 0.0
    return GradeResult(score, max_score, percent, percent >= pass_mark, tuple(results))


def form_values(
    bank: Mapping[str, Mapping[str, Any]],
    layout: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
) -> dict[str, list[str]]:
    """The form values that show saved answers again: :func:`read_submission`
    backwards, so a reloaded attempt is pre-filled from what the server kept."""
    values: dict[str, list[str]] = {}
    for entry in layout:
        answer = answers.get(entry["id"])
        if answer is not None:
            question = bank[entry["id"]]
            values.update(answer_values(question, entry.get("order", []), answer))
    return values


@dataclass(frozen=True)
class AnswerSummary:
    """Which questions (numbered as shown, from 1) have an answer, before submitting."""

    answered: tuple[int, ...]
    unanswered: tuple[int, ...]

    @property
    def total(self) -> int:
        return len(self.answered) + len(self.unanswered)


def summarise_answers(
    bank: Mapping[str, Mapping[str, Any]],
    layout: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
) -> AnswerSummary:
    """Split an attempt's questions into answered and unanswered ones; a question
    still being worked on (a partial ranking) counts as unanswered."""
    done, open_ = [], []
    for number, entry in enumerate(layout, 1):
        found = answered(bank.get(entry["id"]), answers.get(entry["id"]))
        (done if found else open_).append(number)
    return AnswerSummary(tuple(done), tuple(open_))


def submission_late(
    deadline: datetime | None, submitted_at: datetime, grace: timedelta
) -> bool:
    """A submission counts as late once the grace period after the deadline is over."""
    return deadline is not None and submitted_at > deadline + grace


__all__ = [
    "AnswerSummary",
    "ForgedAnswer",
    "GradeResult",
    "QuestionResult",
    "draw_layout",
    "form_values",
    "grade_attempt",
    "is_answered",
    "read_submission",
    "submission_late",
    "summarise_answers",
]
