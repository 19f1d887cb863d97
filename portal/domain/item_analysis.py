"""Item analysis of graded quiz attempts, as Moodle's quiz statistics define it."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: A question whose facility index is above this is answered by nearly everyone.
TOO_EASY_ABOVE = 90.0
#: A question whose facility index is below this is answered by hardly anyone.
TOO_HARD_BELOW = 20.0
#: Discrimination below this (but not negative) barely separates strong from weak.
WEAK_DISCRIMINATION_BELOW = 20.0
#: Below this many attempts a weak discrimination index is mostly noise.
WEAK_DISCRIMINATION_MIN_ATTEMPTS = 10
#: Sums of squares at or below this count as zero: float noise is not variance.
_ZERO_VARIANCE = 1e-12


@dataclass(frozen=True)
class ItemResponse:
    """One question of one attempt.

    ``points`` is the question's weight in the attempt (``QuestionResult.points``);
    it only matters for working out the rest-of-test score, and defaults to equal
    weights.
    """

    fraction: float
    chosen: tuple[str, ...] = ()
    points: float = 1.0


@dataclass(frozen=True)
class AttemptScores:
    """One graded attempt: its overall share of the marks (0..1) and its items."""

    attempt_id: object
    total_fraction: float
    items: Mapping[str, ItemResponse]


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    attempts: int
    facility: float | None
    discrimination: float | None
    option_shares: dict[str, float]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class QuizSummary:
    attempts: int
    pass_rate: float | None
    median_percent: float | None
    median_seconds: float | None
    distribution: tuple[int, ...]


def facility_index(fractions: Sequence[float]) -> float | None:
    """Mean score on a question as a percent: how easy it turned out to be.

    :return: ``None`` when nobody was asked the question, since 0 would read as
        "everybody got it wrong".
    """
    if not fractions:
        return None
    return 100 * math.fsum(fractions) / len(fractions)


def discrimination_index(
    item_fractions: Sequence[float], rest_totals: Sequence[float]
) -> float | None:
    """100 × Pearson r between a question's score and the rest-of-test score.

    The question is left out of the total so that it does not correlate with itself;
    this is Moodle's discrimination index.

    :param rest_totals: each attempt's total minus this question, same order.
    :return: ``None`` with fewer than two attempts or when either side has no
        variance, where the correlation is undefined.
    :raise ValueError: the two sequences differ in length.
    """
    if len(item_fractions) != len(rest_totals):
        raise ValueError("item_fractions and rest_totals differ in length")
    count = len(item_fractions)
    if count < 2:
        return None
    mean_x = math.fsum(item_fractions) / count
    mean_y = math.fsum(rest_totals) / count
    dx = [x - mean_x for x in item_fractions]
    dy = [y - mean_y for y in rest_totals]
    sxx = math.fsum(d * d for d in dx)
    syy = math.fsum(d * d for d in dy)
    if sxx <= _ZERO_VARIANCE or syy <= _ZERO_VARIANCE:
        return None
    sxy = math.fsum(a * b for a, b in zip(dx, dy, strict=True))
    return 100 * sxy / math.sqrt(sxx * syy)


def distractor_shares(
    responses: Sequence[ItemResponse], options: Sequence[str]
) -> dict[str, float]:
    """Share (0..1) of respondents who chose each option, unpicked options included.

    A distractor nobody picks is doing no work, so it must show up as 0.0 rather than
    vanish. Multiple-choice shares may sum above 1. Choices outside ``options`` (say, an
    option removed in a later revision) are appended rather than hidden.

    :return: every share is 0.0 when there are no responses.
    """
    counts = dict.fromkeys(options, 0)
    for response in responses:
        for label in set(response.chosen):
            counts[label] = counts.get(label, 0) + 1
    total = len(responses)
    return {label: (n / total if total else 0.0) for label, n in counts.items()}


def item_flags(
    facility: float | None, discrimination: float | None, attempts: int
) -> tuple[str, ...]:
    """Name what looks wrong with a question, for a trainer to review.

    :return: a tuple of flag names, empty when nothing stands out.
    """
    flags: list[str] = []
    if facility is not None and facility > TOO_EASY_ABOVE:
        flags.append("too_easy")
    if facility is not None and facility < TOO_HARD_BELOW:
        flags.append("too_hard")
    if discrimination is not None and discrimination < 0:
        flags.append("negative_discrimination")
    elif (
        discrimination is not None
        and discrimination < WEAK_DISCRIMINATION_BELOW
        and attempts >= WEAK_DISCRIMINATION_MIN_ATTEMPTS
    ):
        flags.append("weak_discrimination")
    return tuple(flags)


def analyse_items(
    attempts: Sequence[AttemptScores],
    options_by_question: Mapping[str, Sequence[str]],
) -> list[ItemStats]:
    """Facility, discrimination, option shares and flags for every question.

    Each question is judged only on the attempts that asked it, since a drawn quiz
    asks a subset. The rest-of-test score is the attempt's total marks minus this
    question's marks, with the total marks taken as ``total_fraction`` × the points
    of the questions the attempt asked.

    :param attempts: first attempts or all attempts; that is the caller's choice.
    :param options_by_question: option labels per question; questions without
        options (numeric, short text) may be left out.
    :return: questions of ``options_by_question`` first in its order, then any other
        question in the order attempts first asked it.
    """
    order = list(options_by_question)
    asked: dict[str, list[tuple[ItemResponse, float]]] = {q: [] for q in order}
    for attempt in attempts:
        total_marks = attempt.total_fraction * math.fsum(
            item.points for item in attempt.items.values()
        )
        for question_id, item in attempt.items.items():
            rest = total_marks - item.points * item.fraction
            asked.setdefault(question_id, []).append((item, rest))
    stats = []
    for question_id, pairs in asked.items():
        responses = [item for item, _ in pairs]
        facility = facility_index([item.fraction for item in responses])
        discrimination = discrimination_index(
            [item.fraction for item in responses], [rest for _, rest in pairs]
        )
        stats.append(
            ItemStats(
                question_id=question_id,
                attempts=len(pairs),
                facility=facility,
                discrimination=discrimination,
                option_shares=distractor_shares(
                    responses, options_by_question.get(question_id, ())
                ),
                flags=item_flags(facility, discrimination, len(pairs)),
            )
        )
    return stats


def summarise_quiz(
    percents: Sequence[float],
    passed: Sequence[bool],
    durations_seconds: Sequence[float],
    bins: int = 10,
) -> QuizSummary:
    """Headline numbers for one quiz: how many passed, typical score and time, spread.

    Medians rather than means, so one attempt left open overnight does not move the
    typical time.

    :param percents: each attempt's score, 0..100; values outside are clamped.
    :param passed: whether each attempt passed, same order as ``percents``.
    :param durations_seconds: time taken by the attempts whose time is known; may be
        shorter than ``percents``.
    :param bins: equal bands over 0..100; 100 falls in the last band.
    :return: ``pass_rate`` is a percent; the rates and medians are ``None`` without
        data.
    :raise ValueError: ``bins`` is below 1 or ``passed`` does not match ``percents``.
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    if len(passed) != len(percents):
        raise ValueError("passed and percents differ in length")
    distribution = [0] * bins
    for percent in percents:
        clamped = min(max(percent, 0.0), 100.0)
        distribution[min(int(clamped * bins / 100), bins - 1)] += 1
    return QuizSummary(
        attempts=len(percents),
        pass_rate=100 * sum(passed) / len(passed) if passed else None,
        median_percent=statistics.median(percents) if percents else None,
        median_seconds=(
            statistics.median(durations_seconds) if durations_seconds else None
        ),
        distribution=tuple(distribution),
    )


__all__ = [
    "TOO_EASY_ABOVE",
    "TOO_HARD_BELOW",
    "WEAK_DISCRIMINATION_BELOW",
    "WEAK_DISCRIMINATION_MIN_ATTEMPTS",
    "AttemptScores",
    "ItemResponse",
    "ItemStats",
    "QuizSummary",
    "analyse_items",
    "discrimination_index",
    "distractor_shares",
    "facility_index",
    "item_flags",
    "summarise_quiz",
]
