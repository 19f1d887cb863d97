"""The staff page of one quiz in one cohort: who used how many attempts, and the
overrides granted to the cohort and to each participant."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import func, or_, select

from portal.domain.access import Duty
from portal.domain.overrides import QuizLimits, quiz_limits
from portal.extensions import db
from portal.models import Cohort, Quiz, QuizAttempt, QuizOverride, Role, User
from portal.services.access import visible_cohort
from portal.services.errors import NotFound


@dataclass(frozen=True)
class OverrideRow:
    """One participant: attempts used, best result, their override and limits."""

    user: User
    used: int
    passed: bool
    override: QuizOverride | None
    limits: QuizLimits


@dataclass(frozen=True)
class OverridePage:
    cohort: Cohort
    quiz: Quiz
    cohort_override: QuizOverride | None
    rows: list[OverrideRow]


def _attempt_counts(slug: str, user_ids: list[int]) -> dict[int, tuple[int, bool]]:
    rows = db.session.execute(
        select(
            QuizAttempt.user_id,
            func.count(),
            func.count().filter(QuizAttempt.passed.is_(True)),
        )
        .where(QuizAttempt.quiz_slug == slug, QuizAttempt.user_id.in_(user_ids))
        .group_by(QuizAttempt.user_id)
    )
    return {user_id: (used, bool(passes)) for user_id, used, passes in rows}


def quiz_override_page(viewer: User, cohort_id: int, slug: str) -> OverridePage:
    """Everything the overrides page lists, in three queries after the checks.

    :raise NotFound: no such quiz, or a cohort ``viewer`` does not teach.
    """
    cohort = visible_cohort(viewer, cohort_id, Duty.TEACHER)
    quiz = db.session.scalar(
        select(Quiz).where(Quiz.slug == slug, Quiz.retired.is_(False))
    )
    if quiz is None or quiz.current is None:
        raise NotFound(gettext("No such quiz."))
    people = list(
        db.session.scalars(
            select(User)
            .where(User.cohort_id == cohort.id, User.role == Role.PARTICIPANT)
            .order_by(User.full_name, User.id)
        )
    )
    overrides = db.session.scalars(
        select(QuizOverride).where(
            QuizOverride.quiz_slug == slug,
            or_(
                QuizOverride.cohort_id == cohort.id,
                QuizOverride.user_id.in_([p.id for p in people]),
            ),
        )
    ).all()
    for_cohort = next((o for o in overrides if o.cohort_id == cohort.id), None)
    by_user = {o.user_id: o for o in overrides if o.user_id is not None}
    counts = _attempt_counts(slug, [p.id for p in people])
    settings = quiz.current.settings
    rows = []
    for person in people:
        used, passed = counts.get(person.id, (0, False))
        mine = by_user.get(person.id)
        limits = quiz_limits(
            settings["attempts"],
            settings["time_limit"],
            for_cohort.grant if for_cohort else None,
            mine.grant if mine else None,
        )
        rows.append(OverrideRow(person, used, passed, mine, limits))
    return OverridePage(cohort, quiz, for_cohort, rows)
