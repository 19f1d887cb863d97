"""The SQL fold of attempts (the facts both the participant's pages and the
dashboard read) agrees with the Python rule ``domain.progress.best_attempt``."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, select

from portal.domain.progress import best_attempt
from portal.extensions import db
from portal.models import Quiz, QuizAttempt
from portal.services.progress_facts import progress_facts

SEEDS = range(60)
QUIZZES = ("basics", "protection", "final")
# Repeats, as equal percents are common; None as in a row graded before percents.
PERCENTS = (0.0, 40.0, 55.5, 70.0, 70.0, 100.0, None)
STATUSES = ("open", "submitted", "submitted", "expired")
START = datetime(2025, 3, 1, 9, 0)


def random_attempts(rng: random.Random, user_id: int, revisions: dict[str, int]):
    """Up to five attempts per quiz, some quizzes untouched. A pass does not follow
    from the percent: pass marks differ between a quiz's revisions."""
    rows = []
    for quiz in rng.sample(QUIZZES, rng.randint(0, len(QUIZZES))):
        for number in range(1, rng.randint(1, 5) + 1):
            status = rng.choice(STATUSES)
            graded = status != "open"
            percent = rng.choice(PERCENTS) if graded else None
            started = START + timedelta(hours=rng.randint(0, 500))
            rows.append(
                QuizAttempt(
                    user_id=user_id,
                    quiz_slug=quiz,
                    quiz_revision_id=revisions[quiz],
                    number=number,
                    status=status,
                    started_at=started,
                    submitted_at=started + timedelta(minutes=5) if graded else None,
                    layout=[],
                    percent=percent,
                    pass_mark=70.0,
                    passed=rng.random() < 0.5 if graded else None,
                )
            )
    return rows


@pytest.fixture
def people(course, make_user):
    return [make_user() for _ in range(4)]


def test_sql_fold_agrees_with_best_attempt(people):
    revisions = dict(
        db.session.execute(
            select(Quiz.slug, Quiz.current_revision_id).where(Quiz.slug.in_(QUIZZES))
        ).all()
    )
    assert set(revisions) == set(QUIZZES)
    ids = [person.id for person in people]
    for seed in SEEDS:
        rng = random.Random(seed)
        db.session.execute(delete(QuizAttempt))
        attempts = [a for i in ids for a in random_attempts(rng, i, revisions)]
        db.session.add_all(attempts)
        db.session.commit()

        facts = progress_facts(ids)
        for user_id in ids:
            graded: dict[str, list[tuple[float, bool]]] = {}
            for a in attempts:
                if a.user_id == user_id and a.status != "open":
                    graded.setdefault(a.quiz_slug, []).append(
                        (a.percent or 0.0, bool(a.passed))
                    )
            expected = {q: best_attempt(marks) for q, marks in graded.items()}
            assert facts.best(user_id) == expected, (seed, user_id)
            for quiz, folded in facts.quizzes.get(user_id, {}).items():
                failures = sum(1 for _, ok in graded.get(quiz, []) if not ok)
                assert folded.failures == failures, (seed, user_id, quiz)
