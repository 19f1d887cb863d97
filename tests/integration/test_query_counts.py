"""Staff reports run in a fixed number of queries, whatever the head count."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db
from portal.models import LessonCompletion
from portal.reports import participant_progress_list
from portal.timeutil import utcnow


@contextmanager
def count_queries():
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _queries_for(participants: int, make_user) -> int:
    for _ in range(participants):
        user = make_user()
        db.session.add(
            LessonCompletion(
                user_id=user.id, module_slug="basics", lesson_slug="measuring"
            )
        )
    db.session.commit()
    participant_progress_list(
        utcnow().date()
    )  # the course snapshot is cached from here
    db.session.expire_all()
    with count_queries() as statements:
        rows, _ = participant_progress_list(utcnow().date())
        assert all(r.progress.module("basics").lessons_done == 1 for r in rows)
    return len(statements)


def test_progress_list_query_count_does_not_grow(course, make_user):
    few = _queries_for(2, make_user)
    many = _queries_for(30, make_user)
    assert few == many <= 6
