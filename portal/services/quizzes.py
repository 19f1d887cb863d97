"""Taking quizzes: starting an attempt, submitting it, reading it back.

Everything that matters is decided here, on the server: which questions an attempt
asks, whether it is still in time, how many attempts are left, and the grade.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import LazyString, gettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.domain.grading import (
    ForgedAnswer,
    GradeResult,
    draw_layout,
    grade_attempt,
    read_submission,
    submission_late,
)
from portal.domain.overrides import QuizLimits, quiz_limits
from portal.domain.progress import CourseProgress, module_quiz_open
from portal.domain.questions import Values
from portal.extensions import db
from portal.models import Quiz, QuizAttempt
from portal.services import progress_summary, quiz_overrides
from portal.services.errors import (
    AttemptClosed,
    AttemptsExhausted,
    Invalid,
    Locked,
    NotFound,
    QuizClosed,
)
from portal.services.learning import locked, participant_progress
from portal.services.outline import ModuleInfo, course_snapshot


@dataclass(frozen=True)
class QuizView:
    quiz: Quiz
    module: ModuleInfo | None
    attempts: list[QuizAttempt]
    open_attempt: QuizAttempt | None
    attempts_left: int | None  # None: unlimited
    # The quiz's settings with this participant's overrides (None: no overrides).
    limits: QuizLimits | None = None
    closed: bool = False  # its close date has passed
    used_up: LazyString | None = None  # what to do once every attempt is used

    @property
    def effective(self) -> QuizLimits:
        settings = self.quiz.current.settings
        return self.limits or quiz_limits(settings["attempts"], settings["time_limit"])

    @property
    def closed_message(self) -> LazyString:
        return quiz_overrides.closed_message(self.effective)

    @property
    def can_start(self) -> bool:
        return (
            self.open_attempt is None
            and not self.closed
            and (self.attempts_left is None or self.attempts_left > 0)
        )


def _load_quiz(slug: str) -> Quiz:
    quiz = db.session.scalar(
        select(Quiz).where(Quiz.slug == slug, Quiz.retired.is_(False))
    )
    if quiz is None or quiz.current is None:
        raise NotFound(gettext("No such quiz."))
    return quiz


def _check_unlocked(quiz: Quiz, progress: CourseProgress) -> ModuleInfo | None:
    if quiz.final:
        if not progress.final_unlocked:
            raise locked(quiz.title, progress, None)
        return None
    module = next(
        (m for m in course_snapshot().modules if m.quiz_slug == quiz.slug), None
    )
    state = progress.module(module.slug) if module else None
    if state is None or not state.unlocked:
        raise locked(quiz.title, progress, module.slug if module else None)
    if not module_quiz_open(state, bool(quiz.current.settings.get("after_lessons"))):
        raise Locked(
            gettext(
                "%(quiz)s opens once you have completed every lesson of %(module)s.",
                quiz=quiz.title,
                module=state.title,
            )
        )
    return module


def close_expired(user_id: int, now: datetime, grace: timedelta) -> None:
    """Close this participant's open attempts whose time ran out, graded from the
    answers last saved in time (none saved: graded as empty).

    The progress summary is rewritten in the same transaction, as on submit.
    """
    overdue = db.session.scalars(
        select(QuizAttempt).where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.status == "open",
            QuizAttempt.deadline.is_not(None),
            QuizAttempt.deadline < now - grace,
        )
    ).all()
    for attempt in overdue:
        _finish(attempt, attempt.saved_answers or {}, None, attempt.deadline, "expired")
    if overdue:
        progress_summary.refresh(user_id)
        db.session.commit()


def quiz_view(user_id: int, slug: str, now: datetime, grace: timedelta) -> QuizView:
    """What the quiz page shows: past attempts, the open one, what is left.

    :raise NotFound: no such quiz. :raise Locked: its module is still locked.
    """
    quiz = _load_quiz(slug)
    module = _check_unlocked(quiz, participant_progress(user_id, now.date()))
    close_expired(user_id, now, grace)
    attempts = db.session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_slug == slug)
        .order_by(QuizAttempt.number)
    ).all()
    limits = quiz_overrides.limits_for(user_id, quiz)
    left = limits.attempts_left(len(attempts))
    open_attempt = next((a for a in attempts if a.is_open), None)
    passed = any(a.passed for a in attempts)
    used_up = (
        quiz_overrides.used_up_message(user_id) if left == 0 and not passed else None
    )
    return QuizView(
        quiz,
        module,
        list(attempts),
        open_attempt,
        left,
        limits,
        limits.closed(now),
        used_up,
    )


def start_attempt(
    user_id: int,
    slug: str,
    now: datetime,
    grace: timedelta,
    rng: random.Random | None = None,
) -> QuizAttempt:
    """Start an attempt, or return the one already open.

    Two starts racing for the same attempt number cannot both insert (unique key); the
    loser looks again and joins the attempt the winner opened.

    :raise AttemptsExhausted: every allowed attempt is used (overrides included).
    :raise QuizClosed: its close date (an override) has passed.
    """
    for _ in range(5):  # each lost race means another request made progress
        view = quiz_view(user_id, slug, now, grace)
        if view.open_attempt is not None:
            return view.open_attempt
        if view.closed:
            raise QuizClosed(view.closed_message)
        if not view.can_start:
            raise AttemptsExhausted(
                view.quiz.title if view.used_up is None else view.used_up
            )
        attempt = _new_attempt(user_id, view, now, rng or random.SystemRandom())
        db.session.add(attempt)
        try:
            progress_summary.refresh(user_id)
            db.session.commit()
            return attempt
        except IntegrityError:
            db.session.rollback()
    raise AttemptsExhausted(view.quiz.title)


def _new_attempt(
    user_id: int, view: QuizView, now: datetime, rng: random.Random
) -> QuizAttempt:
    revision = view.quiz.current
    settings = revision.settings
    layout = draw_layout(
        revision.definition["questions"],
        draw=settings["draw"],
        shuffle=settings["shuffle"],
        rng=rng,
    )
    limit = view.effective.time_limit
    return QuizAttempt(
        user_id=user_id,
        quiz_slug=view.quiz.slug,
        quiz_revision_id=revision.id,
        number=len(view.attempts) + 1,
        status="open",
        started_at=now,
        deadline=now + timedelta(minutes=limit) if limit else None,
        layout=layout,
        pass_mark=settings["pass_mark"],
    )


def get_attempt(user_id: int, attempt_id: int) -> QuizAttempt:
    """:raise NotFound: no such attempt, or it is someone else's."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound(gettext("No such attempt."))
    return attempt


def graded_columns(result: GradeResult) -> dict[str, Any]:
    """An attempt's columns that hold its grade, as stored and as reviews read them."""
    return {
        "results": [
            {"id": r.id, "points": r.points, "earned": r.earned}
            for r in result.questions
        ],
        "score": result.score,
        "max_score": result.max_score,
        "percent": result.percent,
        "passed": result.passed,
    }


def _finish(
    attempt: QuizAttempt, answers: dict, raw: dict | None, at: datetime, status: str
) -> GradeResult:
    revision = attempt.revision
    result = grade_attempt(revision.bank, attempt.layout, answers, attempt.pass_mark)
    values = dict(
        status=status,
        submitted_at=at,
        answers=answers,
        raw_answers=raw,
        **graded_columns(result),
    )
    # Only one submission can flip an open attempt: a double submit updates no row.
    done = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == "open")
        .values(**values)
    ).rowcount
    if not done:
        db.session.rollback()
        raise AttemptClosed(gettext("This attempt has already been submitted."))
    return result


def read_answers(attempt: QuizAttempt, values: Values) -> dict[str, Any]:
    """Form values parsed with the graders' own parsers.

    :raise Invalid: the form names questions or choices this attempt never offered.
    """
    try:
        return read_submission(attempt.revision.bank, attempt.layout, values)
    except ForgedAnswer as error:
        raise Invalid(str(error)) from error


def submit_attempt(
    user_id: int,
    attempt_id: int,
    values: Values | None,
    now: datetime,
    grace: timedelta,
) -> QuizAttempt:
    """Grade a submission on the server.

    :param values: the form's answers; ``None`` grades the answers saved so far (what
        the confirmation step sends). Answers that arrive later than ``grace`` after
        the deadline are stored for the record but not counted: the attempt is marked
        expired and graded from the answers saved in time.
    :raise NotFound: not the participant's attempt.
    :raise AttemptClosed: already submitted (or submitted twice at once).
    :raise Invalid: the form names questions or choices this attempt never offered.
    """
    attempt = get_attempt(user_id, attempt_id)
    if not attempt.is_open:
        raise AttemptClosed(gettext("This attempt has already been submitted."))
    sent = None if values is None else read_answers(attempt, values)
    saved = attempt.saved_answers or {}
    if submission_late(attempt.deadline, now, grace):
        _finish(attempt, saved, sent, now, "expired")
    else:
        _finish(attempt, saved if sent is None else sent, None, now, "submitted")
    progress_summary.refresh(user_id)
    db.session.commit()
    db.session.refresh(attempt)
    return attempt
