"""``flask analytics generate`` builds a consistent data set the dashboard reads;
``flask analytics summaries`` repairs progress summaries."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Cohort, QuizAttempt, User


def test_generate_small_data_set(runner, browser, admin):
    result = runner.invoke(
        args=[
            "analytics",
            "generate",
            "--participants",
            "40",
            "--modules",
            "3",
            "--attempts",
            "200",
            "--yes",
        ]
    )
    assert result.exit_code == 0, result.output
    cohort = db.session.scalars(select(Cohort)).one()
    assert (
        db.session.scalar(
            select(func.count(User.id)).where(User.cohort_id == cohort.id)
        )
        == 40
    )
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 200
    browser.login(admin.email)
    page = browser.get(f"/analytics/cohorts/{cohort.id}")
    assert page.status_code == 200
    assert "Participant 00000 Generated" in page.get_data(as_text=True)
    quiz = browser.get(f"/analytics/cohorts/{cohort.id}/quizzes/m01")
    assert quiz.status_code == 200
    assert "Negative discrimination" in quiz.get_data(as_text=True)  # q5, by design


def test_generate_asks_first(runner):
    result = runner.invoke(args=["analytics", "generate"], input="n\n")
    assert result.exit_code == 1


def test_summaries_command_repairs_summaries(runner, course, participant):
    from portal.models import LessonCompletion, ProgressSummary
    from portal.services.learning import complete_lesson
    from portal.timeutil import utcnow

    complete_lesson(participant.id, "basics", "measuring", utcnow())
    db.session.add(  # behind the services' back: the summary misses it
        LessonCompletion(
            user_id=participant.id, module_slug="basics", lesson_slug="who-is-a-migrant"
        )
    )
    db.session.commit()
    result = runner.invoke(args=["analytics", "summaries"])
    assert result.exit_code == 0, result.output
    assert "1 progress summaries recomputed" in result.output
    db.session.expire_all()
    summary = db.session.get(ProgressSummary, participant.id)
    assert sorted(summary.lessons["basics"]) == ["measuring", "who-is-a-migrant"]
