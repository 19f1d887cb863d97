"""The review options of one submitted attempt, from the quiz's current settings and
where the participant stands (attempts left, counting overrides; passed or not)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from portal.domain.quiz_review import ReviewOptions, review_options
from portal.extensions import db
from portal.models import Quiz, QuizAttempt
from portal.services.quiz_overrides import limits_for


def attempt_review_options(
    user_id: int, attempt: QuizAttempt, now: datetime
) -> ReviewOptions:
    """What the review of ``attempt`` may show its participant (two queries).

    The quiz's current settings apply, so a trainer who changes them (to reveal the
    answers once a course ends, say) changes every review; a retired quiz's
    attempts keep the settings they were taken under.
    """
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == attempt.quiz_slug))
    revision = quiz.current if quiz and quiz.current else attempt.revision
    settings = revision.settings
    used, passes = db.session.execute(
        select(func.count(), func.count().filter(QuizAttempt.passed.is_(True))).where(
            QuizAttempt.user_id == user_id, QuizAttempt.quiz_slug == attempt.quiz_slug
        )
    ).one()
    left: int | None = 0
    if quiz is not None and quiz.current is not None and not quiz.retired:
        limits = limits_for(user_id, quiz)
        left = 0 if limits.closed(now) else limits.attempts_left(used)
    return review_options(
        settings.get("show_answers"), settings.get("show_marks"), left, passes > 0
    )
