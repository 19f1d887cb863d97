"""Assessment quality for trainers: per-quiz headline numbers and item analysis of
one cohort's graded attempts (the numbers come from ``domain.item_analysis``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from portal.domain.item_analysis import (
    AttemptScores,
    ItemResponse,
    ItemStats,
    QuizSummary,
    analyse_items,
    summarise_quiz,
)
from portal.domain.questions import chosen_labels, option_labels
from portal.extensions import db
from portal.models import Quiz, QuizAttempt, QuizRevision
from portal.reports.members import cohort_members
from portal.services.errors import NotFound


@dataclass(frozen=True)
class QuizRow:
    slug: str
    title: str
    final: bool
    summary: QuizSummary


@dataclass(frozen=True)
class QuestionReport:
    stats: ItemStats
    question: dict[str, Any] | None  # from the current revision; None if removed
    options: list[tuple[str, str, bool, float]]  # label, text, correct, share


@dataclass(frozen=True)
class QuizReport:
    quiz: Quiz
    summary: QuizSummary
    questions: list[QuestionReport]
    first_only: bool


def _graded(cohort_id: int):
    return select(QuizAttempt).where(
        QuizAttempt.user_id.in_(cohort_members(cohort_id)),
        QuizAttempt.status != "open",
    )


def _summary(rows) -> QuizSummary:
    durations = [
        (submitted - started).total_seconds()
        for _, _, started, submitted in rows
        if submitted is not None and started is not None and submitted >= started
    ]
    return summarise_quiz(
        [percent or 0.0 for percent, _, _, _ in rows],
        [bool(passed) for _, passed, _, _ in rows],
        durations,
    )


def quiz_overview(cohort_id: int) -> list[QuizRow]:
    """Every live quiz with attempts, pass rate, median score and time (two
    queries)."""
    quizzes = db.session.scalars(
        select(Quiz).where(Quiz.retired.is_(False)).order_by(Quiz.final, Quiz.slug)
    ).all()
    by_quiz: dict[str, list] = {q.slug: [] for q in quizzes}
    query = _graded(cohort_id).with_only_columns(
        QuizAttempt.quiz_slug,
        QuizAttempt.percent,
        QuizAttempt.passed,
        QuizAttempt.started_at,
        QuizAttempt.submitted_at,
    )
    for slug, *rest in db.session.execute(query):
        if slug in by_quiz:
            by_quiz[slug].append(rest)
    return [
        QuizRow(q.slug, q.title, q.final, _summary(by_quiz[q.slug])) for q in quizzes
    ]


def attempt_scores(
    attempt: QuizAttempt, bank: dict[str, dict[str, Any]]
) -> AttemptScores:
    items = {}
    for result in attempt.results or []:
        points = float(result.get("points") or 0)
        earned = float(result.get("earned") or 0)
        question = bank.get(result["id"])
        items[result["id"]] = ItemResponse(
            fraction=earned / points if points else 0.0,
            chosen=chosen_labels(question, (attempt.answers or {}).get(result["id"])),
            points=points or 1.0,
        )
    return AttemptScores(attempt.id, (attempt.percent or 0.0) / 100, items)


def quiz_report(cohort_id: int, slug: str, first_only: bool = False) -> QuizReport:
    """Headline numbers and per-question facility, discrimination and option shares.

    Questions are labelled from the quiz's current revision; attempts graded by
    older revisions count under the same question ids.

    :raise NotFound: no such quiz.
    """
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
    if quiz is None:
        raise NotFound(gettext("No such quiz."))
    revision = db.session.get(QuizRevision, quiz.current_revision_id or 0)
    bank = revision.bank if revision else {}
    query = _graded(cohort_id).where(QuizAttempt.quiz_slug == slug)
    if first_only:
        query = query.where(QuizAttempt.number == 1)
    attempts = db.session.scalars(
        query.options(lazyload(QuizAttempt.revision)).order_by(QuizAttempt.id)
    ).all()
    summary = _summary(
        [(a.percent, a.passed, a.started_at, a.submitted_at) for a in attempts]
    )
    options = {
        qid: [label for label, _, _ in option_labels(q)] for qid, q in bank.items()
    }
    stats = analyse_items([attempt_scores(a, bank) for a in attempts], options)
    questions = []
    for item in stats:
        question = bank.get(item.question_id)
        labelled = option_labels(question) if question else []
        questions.append(
            QuestionReport(
                item,
                question,
                [
                    (label, text, correct, item.option_shares.get(label, 0.0))
                    for label, text, correct in labelled
                ],
            )
        )
    return QuizReport(quiz, summary, questions, first_only)
