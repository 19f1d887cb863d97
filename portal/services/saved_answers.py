"""Answers kept on the server while an attempt is open, and the step before submitting.

A reload, a closed tab or a lost connection loses nothing that was saved: the page is
filled again from ``QuizAttempt.saved_answers``, and an attempt whose time runs out is
graded from them (:func:`portal.services.quizzes.close_expired`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import update

from portal.domain.grading import AnswerSummary, submission_late, summarise_answers
from portal.domain.questions import Values
from portal.extensions import db
from portal.models import Quiz, QuizAttempt
from portal.services.errors import AttemptClosed, TimeUp
from portal.services.quiz_overrides import limits_for
from portal.services.quizzes import get_attempt, read_answers


@dataclass(frozen=True)
class SavedAnswers:
    """An open attempt as the confirmation step shows it."""

    attempt: QuizAttempt
    summary: AnswerSummary
    last_attempt: bool  # submitting uses up the last allowed attempt

    @property
    def saved_at(self) -> datetime | None:
        return self.attempt.saved_at


def last_allowed_attempt(attempt: QuizAttempt) -> bool:
    """Whether this attempt is the last one the participant may make, counting the
    attempts a trainer granted (:func:`portal.services.quiz_overrides.limits_for`)."""
    quiz = db.session.get(Quiz, attempt.revision.quiz_id)
    allowed = limits_for(attempt.user_id, quiz).attempts
    return allowed is not None and attempt.number >= allowed


def _open_in_time(
    user_id: int, attempt_id: int, now: datetime, grace: timedelta
) -> QuizAttempt:
    attempt = get_attempt(user_id, attempt_id)
    if not attempt.is_open:
        raise AttemptClosed(gettext("This attempt has already been submitted."))
    if submission_late(attempt.deadline, now, grace):
        raise TimeUp(gettext("The time is up: answers can no longer be saved."))
    return attempt


def _summary(attempt: QuizAttempt) -> SavedAnswers:
    answers = attempt.saved_answers or {}
    return SavedAnswers(
        attempt,
        summarise_answers(attempt.revision.bank, attempt.layout, answers),
        last_allowed_attempt(attempt),
    )


def save_answers(
    user_id: int, attempt_id: int, values: Values, now: datetime, grace: timedelta
) -> SavedAnswers:
    """Keep the form's answers on the attempt, replacing those saved before.

    The values go through the graders' own parsers, so what is kept is exactly what a
    submission would grade; nothing else from the page is stored.

    :raise NotFound: not the participant's attempt.
    :raise AttemptClosed: already submitted. :raise TimeUp: deadline and grace over.
    :raise Invalid: the form names questions or choices this attempt never offered.
    """
    attempt = _open_in_time(user_id, attempt_id, now, grace)
    answers = read_answers(attempt, values)
    # A save racing a submission must not touch the graded row.
    done = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == "open")
        .values(saved_answers=answers, saved_at=now)
    ).rowcount
    if not done:
        db.session.rollback()
        raise AttemptClosed(gettext("This attempt has already been submitted."))
    db.session.commit()
    db.session.refresh(attempt)
    return _summary(attempt)


def review_submission(
    user_id: int,
    attempt_id: int,
    values: Values | None,
    now: datetime,
    grace: timedelta,
) -> SavedAnswers:
    """What "Submit" shows before anything is graded: the answers are saved first
    (when the form sent any), then summarised for the confirmation step.

    :raise NotFound: not the participant's attempt.
    :raise AttemptClosed: already submitted. :raise TimeUp: deadline and grace over.
    :raise Invalid: forged values, as for :func:`save_answers`.
    """
    if values is not None:
        return save_answers(user_id, attempt_id, values, now, grace)
    return _summary(_open_in_time(user_id, attempt_id, now, grace))
