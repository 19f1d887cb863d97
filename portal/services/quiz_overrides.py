"""Quiz overrides: trainers grant and remove them; every limit check reads them.

What to do when stuck is lazy text: quiz pages build it outside any request too, and
it is worded in the reader's language when a page shows it.

What an override does is :func:`portal.domain.overrides.quiz_limits`; this module
loads the rows that apply to one participant, checks who may change them and records
every change in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import LazyString, gettext, lazy_gettext
from sqlalchemy import func, or_, select

from portal.domain.access import Duty, Role
from portal.domain.overrides import Grant, QuizLimits, quiz_limits
from portal.extensions import db
from portal.models import CohortStaff, Quiz, QuizAttempt, QuizOverride, User
from portal.services import access, audit
from portal.services.errors import Forbidden, FormInvalid, NotFound
from portal.services.outline import course_snapshot

MAX_EXTRA_ATTEMPTS = 20
MAX_MINUTES = 24 * 60


def limits_for(user_id: int, quiz: Quiz) -> QuizLimits:
    """The limits ``user_id`` is held to at ``quiz``: its settings with the overrides
    granted to this participant or to their cohort, and nobody else's."""
    cohort_id = db.session.scalar(select(User.cohort_id).where(User.id == user_id))
    targets = [QuizOverride.user_id == user_id]
    if cohort_id is not None:
        targets.append(QuizOverride.cohort_id == cohort_id)
    rows = db.session.scalars(
        select(QuizOverride).where(QuizOverride.quiz_slug == quiz.slug, or_(*targets))
    ).all()
    mine = next((r.grant for r in rows if r.user_id == user_id), None)
    cohort = next((r.grant for r in rows if r.cohort_id is not None), None)
    settings = quiz.current.settings
    return quiz_limits(settings["attempts"], settings["time_limit"], cohort, mine)


def teacher_names(cohort_id: int | None) -> list[str]:
    """The trainers assigned to teach the cohort, by name (none: nobody assigned)."""
    if cohort_id is None:
        return []
    return list(
        db.session.scalars(
            select(User.full_name)
            .join(CohortStaff, CohortStaff.user_id == User.id)
            .where(
                CohortStaff.cohort_id == cohort_id,
                CohortStaff.duty == Duty.TEACHER,
                User.active.is_(True),
            )
            .order_by(User.full_name)
        )
    )


def used_up_message(user_id: int) -> LazyString:
    """What a participant who used every attempt can do, and whom to ask; the quiz
    page, the refused start, the course page and the certificate page all say it."""
    cohort_id = db.session.scalar(select(User.cohort_id).where(User.id == user_id))
    names = teacher_names(cohort_id)
    if names:
        return lazy_gettext(
            "You have used every attempt. Your trainer can grant you another one: "
            "ask %(names)s.",
            names=", ".join(names),
        )
    return lazy_gettext(
        "You have used every attempt. Your trainer can grant you another one: "
        "ask your trainer or the programme team."
    )


@dataclass(frozen=True)
class UsedUp:
    """The quizzes a participant can no longer start without an override, and the
    modules they belong to."""

    quizzes: frozenset[str]
    modules: frozenset[str]
    message: LazyString | str


def used_up_quizzes(user_id: int) -> UsedUp:
    """Every published quiz whose attempts ``user_id`` used up and did not pass."""
    counts = dict(
        db.session.execute(
            select(QuizAttempt.quiz_slug, func.count())
            .where(QuizAttempt.user_id == user_id)
            .group_by(QuizAttempt.quiz_slug)
        ).all()
    )
    passed = set(
        db.session.scalars(
            select(QuizAttempt.quiz_slug).where(
                QuizAttempt.user_id == user_id, QuizAttempt.passed.is_(True)
            )
        )
    )
    quizzes = db.session.scalars(
        select(Quiz).where(Quiz.slug.in_(set(counts) - passed), Quiz.retired.is_(False))
    ).all()
    slugs = frozenset(
        quiz.slug
        for quiz in quizzes
        if quiz.current is not None
        and limits_for(user_id, quiz).attempts_left(counts[quiz.slug]) == 0
    )
    modules = frozenset(
        m.slug for m in course_snapshot().modules if m.quiz_slug in slugs
    )
    return UsedUp(slugs, modules, used_up_message(user_id) if slugs else "")


def _check_grant(values: Grant) -> None:
    """:raise FormInvalid: nothing granted, or a number out of range."""
    errors = {}
    if values == Grant():
        errors["extra_attempts"] = gettext("Grant at least one of the three.")
    if values.extra_attempts is not None and not (
        0 < values.extra_attempts <= MAX_EXTRA_ATTEMPTS
    ):
        errors["extra_attempts"] = gettext(
            "Between 1 and %(n)s attempts.", n=MAX_EXTRA_ATTEMPTS
        )
    if values.time_limit is not None and not 0 < values.time_limit <= MAX_MINUTES:
        errors["time_limit"] = gettext("Between 1 and %(n)s minutes.", n=MAX_MINUTES)
    if errors:
        raise FormInvalid(errors)


def _require_teacher(actor: User, cohort_id: int | None) -> None:
    """:raise Forbidden: ``actor`` does not teach the cohort (nor administers)."""
    if actor.role not in (Role.TRAINER, Role.ADMIN) or Duty.TEACHER not in (
        access.duties(actor, cohort_id)
    ):
        raise Forbidden(
            gettext("Only the cohort's trainers and administrators can do this.")
        )


def _target(quiz_slug: str, user_id: int | None, cohort_id: int | None) -> QuizOverride:
    """The override row for this target, new and unsaved if there is none yet."""
    column = QuizOverride.user_id if user_id else QuizOverride.cohort_id
    found = db.session.scalar(
        select(QuizOverride).where(
            QuizOverride.quiz_slug == quiz_slug, column == (user_id or cohort_id)
        )
    )
    return found or QuizOverride(
        quiz_slug=quiz_slug, user_id=user_id, cohort_id=cohort_id
    )


def _describe(row: QuizOverride) -> dict[str, Any]:
    closes = row.closes_at.isoformat() if row.closes_at else None
    return {
        "quiz": row.quiz_slug,
        "user_id": row.user_id,
        "cohort_id": row.cohort_id,
        "extra_attempts": row.extra_attempts,
        "time_limit": row.time_limit,
        "closes_at": closes,
    }


def grant_override(
    actor: User,
    quiz_slug: str,
    values: Grant,
    now: datetime,
    *,
    user_id: int | None = None,
    cohort_id: int | None = None,
) -> QuizOverride:
    """Grant (or replace) one participant's or one cohort's override for a quiz.

    :param user_id: the participant, or ``cohort_id``: the cohort (exactly one).
    :raise NotFound: no such quiz, participant or cohort.
    :raise Forbidden: ``actor`` does not teach that participant's cohort.
    :raise FormInvalid: nothing granted, or out of range.
    """
    if db.session.scalar(select(Quiz.id).where(Quiz.slug == quiz_slug)) is None:
        raise NotFound(gettext("No such quiz."))
    if user_id is not None:
        person = db.session.get(User, user_id)
        if person is None or person.role != Role.PARTICIPANT:
            raise NotFound(gettext("No such participant."))
        _require_teacher(actor, person.cohort_id)
    else:
        access.visible_cohort(actor, cohort_id or 0, Duty.TEACHER)
        _require_teacher(actor, cohort_id)
    _check_grant(values)
    row = _target(quiz_slug, user_id, cohort_id)
    row.extra_attempts = values.extra_attempts
    row.time_limit = values.time_limit
    row.closes_at = values.closes_at
    row.granted_by_id, row.granted_at = actor.id, now
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor.id, "quiz_override.granted", _subject(row), now, **_describe(row)
    )
    db.session.commit()
    return row


def _subject(row: QuizOverride) -> str:
    who = f"user {row.user_id}" if row.user_id else f"cohort {row.cohort_id}"
    return f"quiz {row.quiz_slug}, {who}"


def remove_override(actor: User, override_id: int, now: datetime) -> QuizOverride:
    """Withdraw an override; attempts already started under it keep their time.

    :raise NotFound: no such override. :raise Forbidden: not the actor's cohort.
    """
    row = db.session.get(QuizOverride, override_id)
    if row is None:
        raise NotFound(gettext("No such override."))
    _require_teacher(actor, row.user.cohort_id if row.user else row.cohort_id)
    audit.record(
        actor.id, "quiz_override.removed", _subject(row), now, **_describe(row)
    )
    db.session.delete(row)
    db.session.commit()
    return row


def closed_message(limits: QuizLimits) -> LazyString:
    """Why a start is refused after the close date, and whom to ask."""
    closes = limits.closes_at.strftime("%d %b %Y, %H:%M") if limits.closes_at else ""
    return lazy_gettext(
        "This quiz closed on %(date)s UTC. Your trainer can grant you a later date.",
        date=closes,
    )
