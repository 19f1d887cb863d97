"""Per-participant progress summaries (:class:`ProgressSummary`).

Every service that records a lesson or an attempt calls :func:`refresh` inside its
transaction, so a summary always matches the rows it summarises. A summary that is
missing (data older than the table) or was made for another shape of the course is
recomputed the first time a dashboard needs it; ``flask --app portal analytics
summaries`` recomputes them all (after rows were changed by hand, say).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, String, and_, case, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.domain.cohort_matrix import outline_key, progress_cells
from portal.domain.progress import QuizBest
from portal.domain.risk import most_failures
from portal.extensions import db
from portal.models import LessonCompletion, ProgressSummary, QuizAttempt, User
from portal.services.outline import CourseSnapshot, course_snapshot

CHUNK = 1000
FIELDS = (
    "lessons",
    "quizzes",
    "last_activity",
    "outline_key",
    "cells",
    "percent",
    "final_passed",
    "most_failures",
)
NOTHING: frozenset[str] = frozenset()


def refresh(user_id: int) -> None:
    """Rewrite ``user_id``'s summary from their rows, in the caller's transaction.

    Call it after the lesson or attempt is added (the session flushes it first). The
    participant's row is locked first, so two requests of the same participant write
    their summaries one after the other and the second sees the first one's rows;
    ``FOR NO KEY UPDATE`` because the inserts already hold key-share locks on it.
    """
    db.session.execute(
        select(User.id).where(User.id == user_id).with_for_update(key_share=True)
    )
    _write(summarise([user_id]))


def refresh_stale(members: Select, snapshot: CourseSnapshot) -> list[dict]:
    """Recompute and store, for ``snapshot``'s course, the summaries of those of
    ``members`` (a query of user ids) who have none or one made for another shape of
    the course; commits. Returns the rows computed.

    Reading thousands of participants' rows takes a while: a participant who records
    a lesson meanwhile writes a newer summary of the current shape, which this then
    leaves alone (only stale rows are overwritten).
    """
    key = outline_key(snapshot.outline, snapshot.final_quiz)
    stale = members.outerjoin(
        ProgressSummary, ProgressSummary.user_id == User.id
    ).where(or_(ProgressSummary.user_id.is_(None), ProgressSummary.outline_key != key))
    rows = summarise(stale, snapshot)
    _write(rows, only_stale=True)
    db.session.commit()
    return rows


def rebuild(members: Select) -> int:
    """Recompute and store the summaries of ``members``; commits. For repairs after
    rows were changed outside the services. On PostgreSQL the participants' rows are
    locked first, so lessons recorded meanwhile wait and are summarised after."""
    db.session.execute(members.with_for_update(key_share=True))
    rows = summarise(members)
    _write(rows)
    db.session.commit()
    return len(rows)


def summarise(
    user_ids: Iterable[int] | Select, snapshot: CourseSnapshot | None = None
) -> list[dict]:
    """Summary rows for ``user_ids`` (ids or a query of ids) from their lessons and
    attempts, in three queries; everyone named gets a row, empty or not. Cells are
    for ``snapshot``'s course (the live one by default)."""
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
        if user_id not in last or done_at > last[user_id]:
            last[user_id] = done_at
    quizzes, attempt_last = _attempt_facts(ids)
    known = db.session.scalars(ids).all() if isinstance(ids, Select) else set(ids)
    snapshot = snapshot or course_snapshot()
    key = outline_key(snapshot.outline, snapshot.final_quiz)
    live = {m.slug: frozenset(m.lessons) for m in snapshot.outline}
    rows = []
    for user_id in known:
        done_lessons, facts = lessons.get(user_id, {}), quizzes.get(user_id, {})
        done = {}
        for module, slugs in done_lessons.items():
            if count := len(live.get(module, NOTHING).intersection(slugs)):
                done[module] = count
        best = {q: b for q, f in facts.items() if (b := best_of(f)) is not None}
        cells = progress_cells(snapshot.outline, done, best, snapshot.final_quiz)
        rows.append(
            {
                "user_id": user_id,
                "lessons": done_lessons,
                "quizzes": facts,
                "last_activity": _latest(last.get(user_id), attempt_last.get(user_id)),
                "outline_key": key,
                "cells": cells.cells,
                "percent": cells.percent,
                "final_passed": cells.final_passed,
                "most_failures": most_failures(
                    {q: f[2] for q, f in facts.items()},
                    {q: f[0] is not None for q, f in facts.items()},
                ),
            }
        )
    return rows


def best_of(facts: list) -> QuizBest | None:
    """The best attempt from a summary's ``[best passing %, best %, failures]``, by
    the rule of :func:`portal.domain.progress.best_attempt`: a pass beats any fail."""
    if facts[0] is not None:
        return QuizBest(facts[0], True)
    if facts[1] is not None:
        return QuizBest(facts[1], False)
    return None


def _attempt_facts(ids):
    """Per participant and quiz: best passing percent, best percent of any graded
    attempt, failures; and each one's latest attempt (started or submitted)."""
    graded = QuizAttempt.status != "open"
    quizzes: dict[int, dict[str, list]] = defaultdict(dict)
    last: dict[int, datetime] = {}
    for user_id, quiz, best_pass, best_any, failed, latest in db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.quiz_slug,
            func.max(case((QuizAttempt.passed.is_(True), QuizAttempt.percent))),
            func.max(case((graded, func.coalesce(QuizAttempt.percent, 0.0)))),
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
        quizzes[user_id][quiz] = [best_pass, best_any, int(failed or 0)]
        moment = _latest(latest)
        if moment is not None and (user_id not in last or moment > last[user_id]):
            last[user_id] = moment
    return quizzes, last


def _latest(*moments: datetime | str | None) -> datetime | None:
    """The latest moment; SQLite hands maxima back as ISO text, parsed only here."""
    known = [
        datetime.fromisoformat(str(m)) if not isinstance(m, datetime) else m
        for m in moments
        if m is not None
    ]
    return max(known) if known else None


def _write(rows: list[dict], only_stale: bool = False) -> None:
    """Insert summaries, overwriting those the participants already have (or, with
    ``only_stale``, only those made for another shape of the course)."""
    insert = (
        postgresql_insert
        if db.session.get_bind().dialect.name == "postgresql"
        else sqlite_insert
    )
    for first in range(0, len(rows), CHUNK):
        statement = insert(ProgressSummary).values(rows[first : first + CHUNK])
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=[ProgressSummary.user_id],
                set_={name: statement.excluded[name] for name in FIELDS},
                where=(
                    ProgressSummary.outline_key != statement.excluded.outline_key
                    if only_stale
                    else None
                ),
            )
        )
