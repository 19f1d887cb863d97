"""Quiz attempts at the service level: revisions, races, limits."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import LessonCompletion, Quiz, QuizAttempt
from portal.services import quizzes
from portal.services.errors import AttemptClosed, AttemptsExhausted
from portal.timeutil import utcnow
from tests.integration.racing import race_until_refused

GRACE = timedelta(seconds=30)


def test_attempt_keeps_the_revision_it_was_graded_against(course, participant):
    attempt = quizzes.start_attempt(
        participant.id, "basics", utcnow(), GRACE, random.Random(1)
    )
    quizzes.submit_attempt(participant.id, attempt.id, {}, utcnow(), GRACE)
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "basics"))
    first_revision = quiz.current_revision_id
    # a trainer changes the pass mark: a new revision, the old attempt keeps its own
    from portal.models import QuizRevision

    new = QuizRevision(
        quiz_id=quiz.id,
        number=2,
        content_hash="x",
        definition={
            **quiz.current.definition,
            "settings": {**quiz.current.settings, "pass_mark": 10},
        },
        source="",
        filename="basics.yaml",
    )
    db.session.add(new)
    db.session.flush()
    quiz.current = new
    db.session.commit()
    old = db.session.get(QuizAttempt, attempt.id)
    assert old.quiz_revision_id == first_revision and old.pass_mark == 70


def test_racing_start_uses_the_attempt_the_other_request_opened(
    course, participant, monkeypatch
):
    opened = quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)
    real_view = quizzes.quiz_view
    calls = {"n": 0}

    def stale_view(*args, **kwargs):
        # the first look happens "before" the other request committed its attempt
        calls["n"] += 1
        view = real_view(*args, **kwargs)
        if calls["n"] == 1:
            return quizzes.QuizView(
                view.quiz, view.module, [], None, view.attempts_left
            )
        return view

    monkeypatch.setattr(quizzes, "quiz_view", stale_view)
    again = quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)
    assert again.id == opened.id
    assert db.session.query(QuizAttempt).count() == 1


def test_limit_holds_when_the_last_attempt_is_started_twice(
    course, participant, monkeypatch
):
    for _ in range(3):
        attempt = quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)
        quizzes.submit_attempt(participant.id, attempt.id, {}, utcnow(), GRACE)
    with pytest.raises(AttemptsExhausted):
        quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)
    assert db.session.query(QuizAttempt).count() == 3


def test_second_submission_of_the_same_attempt_is_refused(course, participant):
    attempt = quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)
    quizzes.submit_attempt(participant.id, attempt.id, {}, utcnow(), GRACE)
    with pytest.raises(AttemptClosed):
        quizzes.submit_attempt(
            participant.id, attempt.id, {"q-twelve-months": ["12"]}, utcnow(), GRACE
        )


def test_draw_and_time_limit_of_the_final(course, participant):
    for module, lessons in (
        ("basics", ["who-is-a-migrant", "measuring"]),
        ("protection", ["refugees"]),
    ):
        for lesson in lessons:
            db.session.add(
                LessonCompletion(
                    user_id=participant.id, module_slug=module, lesson_slug=lesson
                )
            )
    db.session.commit()
    for slug in ("basics", "protection"):
        attempt = quizzes.start_attempt(participant.id, slug, utcnow(), GRACE)
        from tests.functional.conftest import correct_form

        quizzes.submit_attempt(
            participant.id, attempt.id, correct_form(attempt), utcnow(), GRACE
        )
    now = utcnow()
    final = quizzes.start_attempt(participant.id, "final", now, GRACE)
    assert len(final.layout) == 2  # draw: 2 of a bank of 3
    assert final.deadline == now + timedelta(minutes=30)


def test_attempt_limit_holds_under_concurrent_starts(app, course, participant):
    """Six requests race to start and submit until refused; three attempts allowed."""
    refusals = race_until_refused(app, participant.id, "basics")
    numbers = sorted(a.number for a in db.session.scalars(select(QuizAttempt)))
    assert numbers == [1, 2, 3]
    assert refusals == ["exhausted"] * 6
