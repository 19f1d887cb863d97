"""Per-participant progress summaries (:class:`ProgressSummary`).

Every service that records a lesson or an attempt calls :func:`refresh` inside its
transaction, so a summary always matches the rows it summarises. A summary that is
missing (data older than the table) or was made for another shape of the course is
recomputed the first time a dashboard needs it; ``flask --app portal analytics
summaries`` recomputes them all (after rows were changed by hand, say).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.domain.cohort_matrix import outline_key, progress_cells
from portal.domain.quiz_facts import encode_quizzes
from portal.domain.risk import most_failures
from portal.extensions import db
from portal.models import ProgressSummary, User
from portal.services.outline import CourseSnapshot, course_snapshot
from portal.services.progress_facts import progress_facts

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
    attempts (:func:`portal.services.progress_facts.progress_facts`, the facts the
    participant's own pages read), in three queries; everyone named gets a row,
    empty or not. Cells are for ``snapshot``'s course (the live one by default)."""
    ids = user_ids if isinstance(user_ids, Select) else list(user_ids)
    facts = progress_facts(ids)
    known = db.session.scalars(ids).all() if isinstance(ids, Select) else set(ids)
    snapshot = snapshot or course_snapshot()
    key = outline_key(snapshot.outline, snapshot.final_quiz)
    live = {m.slug: frozenset(m.lessons) for m in snapshot.outline}
    rows = []
    for user_id in known:
        done_lessons = facts.lessons.get(user_id, {})
        quizzes = facts.quizzes.get(user_id, {})
        done = {}
        for module, slugs in done_lessons.items():
            if count := len(live.get(module, NOTHING).intersection(slugs)):
                done[module] = count
        cells = progress_cells(
            snapshot.outline, done, facts.best(user_id), snapshot.final_quiz
        )
        rows.append(
            {
                "user_id": user_id,
                "lessons": done_lessons,
                "quizzes": encode_quizzes(quizzes),
                "last_activity": facts.last.get(user_id),
                "outline_key": key,
                "cells": cells.cells,
                "percent": cells.percent,
                "final_passed": cells.final_passed,
                "most_failures": most_failures(
                    {q: f.failures for q, f in quizzes.items()},
                    {q: f.best_pass is not None for q, f in quizzes.items()},
                ),
            }
        )
    return rows


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
