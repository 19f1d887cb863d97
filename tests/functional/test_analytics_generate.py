"""``flask analytics generate`` builds a consistent data set the dashboard reads."""

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
    assert (
        "Negative discrimination" in quiz.get_data(as_text=True)
        or quiz.status_code == 200
    )


def test_generate_asks_first(runner):
    result = runner.invoke(args=["analytics", "generate"], input="n\n")
    assert result.exit_code == 1
