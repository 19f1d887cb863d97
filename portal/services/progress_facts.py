"""The one source of progress facts: lessons done and attempts folded per quiz.

The participant's own pages (:func:`portal.services.learning.participant_progress`)
and the staff dashboard's summaries (:mod:`portal.services.progress_summary`) both
read a participant's progress here, so they cannot disagree about a best attempt or
a lesson. The attempts are folded in SQL (one row per participant and quiz, not one
per attempt); ``tests/integration/test_best_attempt_agreement.py`` checks that fold
against :func:`portal.domain.progress.best_attempt` on random attempts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, and_, case, func, select, type_coerce

from portal.domain.progress import QuizBest
from portal.domain.quiz_facts import QuizFacts, best_per_quiz
from portal.extensions import db
from portal.models import LessonCompletion, QuizAttempt


@dataclass(frozen=True)
class ProgressFacts:
    """Raw progress of some participants, by user id: lesson slugs done per module
    (in the order they were done), folded attempts per quiz, the latest activity."""

    lessons: dict[int, dict[str, list[str]]]
    quizzes: dict[int, dict[str, QuizFacts]]
    last: dict[int, datetime]

    def done(self, user_id: int) -> set[tuple[str, str]]:
        """``(module_slug, lesson_slug)`` pairs the participant completed."""
        return {
            (module, lesson)
            for module, lessons in self.lessons.get(user_id, {}).items()
            for lesson in lessons
        }

    def best(self, user_id: int) -> dict[str, QuizBest]:
        """The participant's best graded attempt per quiz slug."""
        return best_per_quiz(self.quizzes.get(user_id, {}))


def progress_facts(user_ids: Iterable[int] | Select) -> ProgressFacts:
    """Completions and folded attempts of the given users, in two queries.

    :param user_ids: ids, or a ``select`` of ids so large reports need no id list.
    """
    ids = user_ids if isinstance(user_ids, Select) else list(user_ids)
    lessons: dict[int, dict[str, list[str]]] = defaultdict(dict)
    last: dict[int, datetime] = {}
    for user_id, module, lesson, done_at in db.session.execute(
        select(
            LessonCompletion.user_id,
            LessonCompletion.module_slug,
            LessonCompletion.lesson_slug,
            LessonCompletion.completed_at,
        )
        .where(LessonCompletion.user_id.in_(ids))
        .order_by(LessonCompletion.id)
    ):
        lessons[user_id].setdefault(module, []).append(lesson)
        _move_on(last, user_id, done_at)
    quizzes = _attempt_facts(ids, last)
    return ProgressFacts(dict(lessons), quizzes, last)


def _attempt_facts(ids, last: dict[int, datetime]) -> dict[int, dict[str, QuizFacts]]:
    """Per participant and quiz, the :class:`QuizFacts` of their graded (submitted
    or expired) attempts; ``last`` is moved on to each one's latest attempt, open
    ones included (starting an attempt is activity)."""
    graded = QuizAttempt.status != "open"
    percent = func.coalesce(QuizAttempt.percent, 0.0)
    quizzes: dict[int, dict[str, QuizFacts]] = defaultdict(dict)
    for user_id, quiz, best_pass, best_any, failed, moment in db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.quiz_slug,
            func.max(case((and_(graded, QuizAttempt.passed.is_(True)), percent))),
            func.max(case((graded, percent))),
            func.sum(case((and_(graded, QuizAttempt.passed.is_not(True)), 1), else_=0)),
            type_coerce(
                func.max(
                    func.coalesce(QuizAttempt.submitted_at, QuizAttempt.started_at)
                ),
                String,
            ),
        )
        .where(QuizAttempt.user_id.in_(ids))
        .group_by(QuizAttempt.user_id, QuizAttempt.quiz_slug)
    ):
        quizzes[user_id][quiz] = QuizFacts(best_pass, best_any, int(failed or 0))
        _move_on(last, user_id, moment)
    return dict(quizzes)


def _move_on(last: dict[int, datetime], user_id: int, moment) -> None:
    if (when := latest(last.get(user_id), moment)) is not None:
        last[user_id] = when


def latest(*moments: datetime | str | None) -> datetime | None:
    """The latest moment; SQLite hands maxima back as ISO text, parsed only here."""
    known = [
        datetime.fromisoformat(str(m)) if not isinstance(m, datetime) else m
        for m in moments
        if m is not None
    ]
    return max(known) if known else None
