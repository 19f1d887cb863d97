"""Progress is read in a fixed number of queries, whatever the activity."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import LessonCompletion
from portal.services.learning import participant_progress
from portal.timeutil import utcnow
from tests.integration.counting import count_queries
from tests.integration.test_analytics import add_attempt


def _queries_for(attempts: int, make_user) -> int:
    user = make_user()
    db.session.add(
        LessonCompletion(user_id=user.id, module_slug="basics", lesson_slug="measuring")
    )
    for number in range(1, attempts + 1):
        add_attempt(user, number, [1, 0, number % 2], utcnow() - timedelta(hours=1))
    db.session.commit()
    user_id = user.id
    participant_progress(user_id, utcnow().date())  # the snapshot is cached from here
    db.session.expire_all()
    with count_queries() as statements:
        progress = participant_progress(user_id, utcnow().date())
        assert progress.module("basics").lessons_done == 1
        assert progress.module("basics").quiz_best is not None
    return len(statements)


def test_participant_progress_query_count_does_not_grow(course, make_user):
    few = _queries_for(1, make_user)
    many = _queries_for(20, make_user)
    # the snapshot's freshness check, lessons, folded attempts, release dates
    assert few == many <= 4
