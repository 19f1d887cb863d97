"""Every staff page a trainer can open shows only the cohorts they teach: a trainer of
cohort A never sees a participant of cohort B, and B's addresses are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Cohort, CohortStaff, QuizOverride
from portal.timeutil import utcnow
from tests.conftest import signed_in
from tests.integration.test_analytics import add_attempt

HIDDEN_NAME = "Bahar Hidden-Person"
HIDDEN_EMAIL = "bahar.hidden@example.org"


@pytest.fixture
def two_cohorts(course, make_user):
    """Cohort A (taught by the trainer, who also screens B) and cohort B, each with
    one participant who has attempted the basics quiz."""
    start = utcnow().date() - timedelta(days=30)
    a, b = Cohort(name="Cohort A", starts_on=start), Cohort(name="Cohort B")
    db.session.add_all([a, b])
    db.session.flush()
    mine = make_user("participant", "visible@example.org", "Visible Learner")
    hidden = make_user("participant", HIDDEN_EMAIL, HIDDEN_NAME)
    mine.cohort_id, hidden.cohort_id = a.id, b.id
    trainer = make_user("trainer", "a.trainer@example.org")
    db.session.add_all(
        [
            CohortStaff(cohort_id=a.id, user_id=trainer.id, duty="teacher"),
            # screening B's applicants does not make its participants visible
            CohortStaff(cohort_id=b.id, user_id=trainer.id, duty="reviewer"),
        ]
    )
    for person in (mine, hidden):
        add_attempt(person, 1, (1, 0, 0), utcnow() - timedelta(hours=2))
    override = QuizOverride(
        quiz_slug="basics", user_id=hidden.id, extra_attempts=1, granted_at=utcnow()
    )
    db.session.add(override)
    db.session.commit()
    return a, b, mine, hidden, trainer, override


def _pages(a: Cohort) -> list[str]:
    base = f"/analytics/cohorts/{a.id}"
    return [
        "/analytics/",
        base,
        f"{base}?format=csv",
        f"{base}?format=xlsx",
        f"{base}?status=at_risk&sort=risk&dir=desc",
        f"{base}/lessons",
        f"{base}/lessons?format=csv",
        f"{base}/quizzes",
        f"{base}/quizzes?format=csv",
        f"{base}/quizzes/basics",
        f"{base}/quizzes/basics?format=csv",
        f"{base}/quizzes/basics?attempts=first",
        f"/staff/cohorts/{a.id}/quizzes/basics/overrides",
        "/selection/",
        "/authoring/",
    ]


def test_each_page_of_cohort_a_leaves_out_cohort_b(app, two_cohorts):
    a, _b, mine, _hidden, trainer, _override = two_cohorts
    browser = signed_in(app, trainer)
    for url in _pages(a):
        response = browser.get(url)
        assert response.status_code == 200, url
        body = response.get_data().decode("utf-8", "replace")
        assert HIDDEN_NAME not in body and HIDDEN_EMAIL not in body, url
    page = browser.get(f"/analytics/cohorts/{a.id}").get_data(as_text=True)
    assert mine.full_name in page  # the page does list the trainer's own cohort


def test_staff_progress_leads_to_the_taught_cohort_only(app, two_cohorts):
    a, trainer = two_cohorts[0], two_cohorts[4]
    response = signed_in(app, trainer).get("/staff/progress")
    assert response.headers["Location"].endswith(f"/analytics/cohorts/{a.id}")


def test_cohort_b_addresses_are_refused(app, two_cohorts):
    _a, b, _mine, hidden, trainer, override = two_cohorts
    browser = signed_in(app, trainer)
    base = f"/analytics/cohorts/{b.id}"
    for url in (
        base,
        f"{base}?format=csv",
        f"{base}/lessons",
        f"{base}/lessons?format=xlsx",
        f"{base}/quizzes",
        f"{base}/quizzes/basics?format=csv",
        f"/analytics/participants/{hidden.id}",
        f"/staff/cohorts/{b.id}/quizzes/basics/overrides",
    ):
        response = browser.get(url)
        assert response.status_code == 404, url
        assert HIDDEN_NAME not in response.get_data(as_text=True), url
    removed = browser.post(f"/staff/overrides/{override.id}/remove")
    assert removed.status_code == 403
    assert db.session.get(QuizOverride, override.id) is not None


def test_a_grant_for_a_cohort_b_participant_through_cohort_a_is_refused(
    app, two_cohorts
):
    a, _b, _mine, hidden, trainer, _override = two_cohorts
    browser = signed_in(app, trainer)
    browser.get(f"/staff/cohorts/{a.id}/quizzes/basics/overrides")
    response = browser.post(
        f"/staff/cohorts/{a.id}/quizzes/basics/overrides",
        {"who": str(hidden.id), "extra_attempts": "5"},
    )
    assert response.status_code == 422
    assert (
        db.session.query(QuizOverride).filter_by(user_id=hidden.id).one().extra_attempts
        == 1
    )


def test_an_administrator_sees_both_cohorts(app, two_cohorts, admin):
    _a, b, *_rest = two_cohorts
    browser = signed_in(app, admin)
    page = browser.get(f"/analytics/cohorts/{b.id}").get_data(as_text=True)
    assert HIDDEN_NAME in page
    assert browser.get(f"/analytics/participants/{two_cohorts[3].id}").status_code == (
        200
    )


def test_a_trainer_who_only_screens_b_sees_none_of_its_participants(
    app, two_cohorts, make_user
):
    _a, b, _mine, hidden, _trainer, _override = two_cohorts
    screener = make_user("trainer", "screener@example.org")
    db.session.add(CohortStaff(cohort_id=b.id, user_id=screener.id, duty="reviewer"))
    db.session.commit()
    browser = signed_in(app, screener)
    assert "Cohort B" not in browser.get("/analytics/").get_data(as_text=True)
    for url in (f"/analytics/cohorts/{b.id}", f"/analytics/participants/{hidden.id}"):
        assert browser.get(url).status_code == 404, url
    assert browser.get("/selection/").status_code == 200  # still screens B
