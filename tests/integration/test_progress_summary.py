"""Progress summaries stay in step with what participants record, and are recomputed
when missing or made for another shape of the course."""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta

from sqlalchemy import select, update

from portal.domain.cohort_matrix import outline_key
from portal.domain.progress import QuizBest, Status
from portal.domain.risk import RiskSettings
from portal.extensions import db
from portal.models import Cohort, LessonCompletion, ProgressSummary, QuizAttempt
from portal.package import read_package
from portal.reports.dashboard import cohort_dashboard
from portal.services import quizzes
from portal.services.course_import import import_course
from portal.services.learning import complete_lesson
from portal.timeutil import utcnow
from tests.conftest import COURSE
from tests.functional.conftest import correct_form

GRACE = timedelta(seconds=30)


def summary(user_id: int) -> ProgressSummary:
    db.session.expire_all()
    return db.session.get(ProgressSummary, user_id)


def stored(best_pass, best_any, failures) -> dict:
    """A summary's JSON for one quiz (keyed: see portal.domain.quiz_facts)."""
    return {"best_pass": best_pass, "best_any": best_any, "failures": failures}


def in_cohort(*users) -> Cohort:
    cohort = Cohort(name="Summer", starts_on=utcnow().date() - timedelta(days=3))
    db.session.add(cohort)
    db.session.flush()
    for user in users:
        user.cohort_id = cohort.id
    db.session.commit()
    return cohort


def test_lessons_and_attempts_rewrite_the_summary(course, participant):
    now = utcnow()
    complete_lesson(participant.id, "basics", "who-is-a-migrant", now)
    row = summary(participant.id)
    assert row.lessons == {"basics": ["who-is-a-migrant"]}
    assert (row.cells, row.percent, row.last_activity) == ("SN", 16, now)

    complete_lesson(participant.id, "basics", "measuring", now)
    attempt = quizzes.start_attempt(participant.id, "basics", now, GRACE)
    assert summary(participant.id).quizzes == {"basics": stored(None, None, 0)}
    quizzes.submit_attempt(participant.id, attempt.id, {}, now, GRACE)  # all blank
    row = summary(participant.id)
    assert row.quizzes == {"basics": stored(None, 0.0, 1)}
    assert row.most_failures == 1 and row.cells == "SN"

    later = now + timedelta(minutes=5)
    attempt = quizzes.start_attempt(participant.id, "basics", later, GRACE)
    quizzes.submit_attempt(
        participant.id,
        attempt.id,
        correct_form(attempt),
        later,
        GRACE,
    )
    row = summary(participant.id)
    assert row.quizzes == {"basics": stored(100.0, 100.0, 1)}
    assert (row.cells, row.percent, row.most_failures) == ("CN", 50, 0)
    assert row.last_activity == later


def test_an_expired_attempt_counts_as_a_failure(course, participant):
    now = utcnow()
    for lesson in ("who-is-a-migrant", "measuring"):
        complete_lesson(participant.id, "basics", lesson, now)
    attempt = quizzes.start_attempt(participant.id, "basics", now, GRACE)
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id)
        .values(deadline=now + timedelta(minutes=1))
    )
    db.session.commit()
    quizzes.close_expired(participant.id, now + timedelta(hours=1), GRACE)
    assert summary(participant.id).most_failures == 1


def test_missing_and_stale_summaries_are_recomputed_by_the_dashboard(course, make_user):
    ayla, babek = make_user(), make_user()
    cohort = in_cohort(ayla, babek)
    db.session.add(  # written behind the services' back: no summary
        LessonCompletion(user_id=ayla.id, module_slug="basics", lesson_slug="measuring")
    )
    db.session.commit()
    complete_lesson(babek.id, "basics", "measuring", utcnow())
    db.session.execute(  # as if made for another course: wrong, and marked so
        update(ProgressSummary)
        .where(ProgressSummary.user_id == babek.id)
        .values(outline_key="another-course", cells="CC", percent=100)
    )
    db.session.commit()
    board = cohort_dashboard(cohort, utcnow().date(), RiskSettings())
    rows = {row.user_id: row for row in board.rows}
    for user in (ayla, babek):
        assert rows[user.id].matrix.statuses == (Status.IN_PROGRESS, Status.LOCKED)
        assert rows[user.id].matrix.percent == 16
        assert summary(user.id).cells == "SN"  # stored for the next view


def test_a_retired_lesson_no_longer_counts(app, tmp_path, participant):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)

    def load():
        import_course(
            read_package(
                root / "modules", root / "quizzes", root / "content" / "media"
            ),
            utcnow(),
        )

    load()
    cohort = in_cohort(participant)
    complete_lesson(participant.id, "basics", "measuring", utcnow())
    before = summary(participant.id).outline_key
    module = root / "modules" / "01-basics"
    (module / "02-measuring.md").unlink()
    meta = module / "module.md"
    meta.write_text(meta.read_text().replace("  - 02-measuring.md\n", ""))
    load()

    board = cohort_dashboard(cohort, utcnow().date(), RiskSettings())
    assert board.rows[0].matrix.statuses[0] == Status.NOT_STARTED
    row = summary(participant.id)
    assert row.outline_key != before and row.cells == "NN"
    assert row.lessons == {"basics": ["measuring"]}  # the record itself is kept


def test_outline_key_names_the_shape_only(course):
    from portal.services.outline import course_snapshot

    outline = course_snapshot().outline
    key = outline_key(outline, "final")
    retitled = [m.__class__(**{**m.__dict__, "title": "New"}) for m in outline]
    dated = [
        m.__class__(**{**m.__dict__, "opens_on": utcnow().date()}) for m in outline
    ]
    assert outline_key(retitled, "final") == outline_key(dated, "final") == key
    shorter = [m.__class__(**{**m.__dict__, "lessons": m.lessons[:1]}) for m in outline]
    assert outline_key(shorter, "final") != key
    assert outline_key(outline, None) != key


def test_concurrent_lessons_of_one_participant_all_reach_the_summary(
    app, course, participant
):
    """Two requests of the same participant at once: the second waits for the first
    and writes a summary that holds both lessons."""
    user_id = participant.id
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def complete(lesson: str):
        with app.app_context():
            barrier.wait()
            try:
                complete_lesson(user_id, "basics", lesson, utcnow())
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    for _ in range(5):
        db.session.execute(
            LessonCompletion.__table__.delete().where(
                LessonCompletion.user_id == user_id
            )
        )
        db.session.commit()
        threads = [
            threading.Thread(target=complete, args=(lesson,))
            for lesson in ("who-is-a-migrant", "measuring")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        lessons = summary(user_id).lessons["basics"]
        assert sorted(lessons) == ["measuring", "who-is-a-migrant"]


def test_summary_of_someone_without_activity(course, participant):
    cohort = in_cohort(participant)
    cohort_dashboard(cohort, utcnow().date(), RiskSettings())
    row = db.session.scalar(
        select(ProgressSummary).where(ProgressSummary.user_id == participant.id)
    )
    assert (row.lessons, row.quizzes, row.last_activity) == ({}, {}, None)
    assert (row.cells, row.percent, row.final_passed) == ("NN", 0, False)


def test_a_slow_recompute_does_not_overwrite_a_newer_summary(course, participant):
    """The dashboard's recompute read the rows before the participant recorded a
    lesson, and writes after: the participant's newer summary is kept."""
    from portal.services.progress_summary import _write, summarise

    complete_lesson(participant.id, "basics", "who-is-a-migrant", utcnow())
    read_early = summarise([participant.id])
    complete_lesson(participant.id, "basics", "measuring", utcnow())
    _write(read_early, only_stale=True)
    db.session.commit()
    assert len(summary(participant.id).lessons["basics"]) == 2
    db.session.execute(update(ProgressSummary).values(outline_key="another-course"))
    db.session.commit()
    _write(read_early, only_stale=True)  # a stale summary is replaced
    db.session.commit()
    assert summary(participant.id).lessons["basics"] == ["who-is-a-migrant"]


def test_summaries_stored_in_the_old_positional_shape_still_read(course, make_user):
    ayla = make_user()
    cohort = in_cohort(ayla)
    complete_lesson(ayla.id, "basics", "measuring", utcnow())
    db.session.execute(  # as written before the keys: [best_pass, best_any, failures]
        update(ProgressSummary)
        .where(ProgressSummary.user_id == ayla.id)
        .values(quizzes={"basics": [None, 40.0, 2], "protection": [75.0, 90.0, 1]})
    )
    db.session.commit()
    board = cohort_dashboard(cohort, utcnow().date(), RiskSettings())
    (row,) = board.rows
    assert row.best == {
        "basics": QuizBest(40.0, False),
        "protection": QuizBest(75.0, True),
    }
