"""Quiz overrides through the browser: a stuck participant is unstuck by a trainer."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Cohort, CohortStaff, QuizAttempt, QuizOverride
from tests.conftest import signed_in

PAGE = "/staff/cohorts/{cohort}/quizzes/basics/overrides"


@pytest.fixture
def cohort(course, participant, trainer):
    spring = Cohort(name="Spring")
    db.session.add(spring)
    db.session.flush()
    participant.cohort_id = spring.id
    db.session.add(CohortStaff(cohort_id=spring.id, user_id=trainer.id, duty="teacher"))
    db.session.commit()
    return spring


def exhaust(browser, take_quiz, times: int = 3) -> None:
    for _ in range(times):
        take_quiz("basics", correct=False)


def test_an_exhausted_participant_is_granted_one_attempt_and_passes(
    app, cohort, participant, trainer, auth, take_quiz
):
    auth.login(participant.email)
    exhaust(auth, take_quiz)
    page = auth.get("/quizzes/basics").get_data(as_text=True)
    assert "Trainer Number" in page and "grant you another one" in page
    assert "grant you another one" in auth.get("/course").get_data(as_text=True)
    assert "grant you another one" in auth.get("/certificate").get_data(as_text=True)
    assert auth.post("/quizzes/basics/start").status_code == 403

    staff = signed_in(app, trainer.email)
    listing = staff.get(PAGE.format(cohort=cohort.id))
    assert listing.status_code == 200 and participant.full_name in listing.get_data(
        as_text=True
    )
    granted = staff.post(
        PAGE.format(cohort=cohort.id),
        {"who": str(participant.id), "extra_attempts": "1"},
    )
    assert granted.status_code == 302
    assert "1 more attempt" in staff.get(PAGE.format(cohort=cohort.id)).get_data(
        as_text=True
    )

    page = auth.get("/quizzes/basics").get_data(as_text=True)
    assert "Your trainer granted you 1 more attempt." in page
    attempt_id, _ = take_quiz("basics", correct=True)
    assert db.session.get(QuizAttempt, attempt_id).passed is True
    assert "grant you another one" not in auth.get("/course").get_data(as_text=True)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.not_like("auth.%"))
    ).all()
    assert actions == ["quiz_override.granted"]


def test_an_override_cannot_be_used_by_another_participant(
    app, cohort, participant, trainer, make_user, take_quiz, auth
):
    other = make_user("participant")
    other.cohort_id = cohort.id
    db.session.commit()
    staff = signed_in(app, trainer.email)
    staff.post(
        PAGE.format(cohort=cohort.id),
        {"who": str(participant.id), "extra_attempts": "2"},
    )
    auth.login(other.email)
    exhaust(auth, take_quiz)
    assert auth.post("/quizzes/basics/start").status_code == 403
    # nor can a participant open the staff page or grant themselves one
    assert auth.get(PAGE.format(cohort=cohort.id)).status_code == 403
    refused = auth.post(
        PAGE.format(cohort=cohort.id), {"who": str(other.id), "extra_attempts": "5"}
    )
    assert refused.status_code == 403
    assert db.session.query(QuizOverride).count() == 1


def test_a_trainer_of_another_cohort_is_refused(app, cohort, participant, make_user):
    outsider = make_user("trainer")
    autumn = Cohort(name="Autumn")
    db.session.add(autumn)
    db.session.flush()
    db.session.add(
        CohortStaff(cohort_id=autumn.id, user_id=outsider.id, duty="teacher")
    )
    db.session.commit()
    staff = signed_in(app, outsider.email)
    assert staff.get(PAGE.format(cohort=cohort.id)).status_code == 404
    refused = staff.post(
        PAGE.format(cohort=cohort.id),
        {"who": str(participant.id), "extra_attempts": "1"},
    )
    assert refused.status_code == 404
    assert db.session.query(QuizOverride).count() == 0


def test_cohort_override_is_listed_and_removed(app, cohort, participant, admin):
    staff = signed_in(app, admin.email)
    url = PAGE.format(cohort=cohort.id)
    assert staff.post(url, {"who": "cohort", "time_limit": "90"}).status_code == 302
    row = db.session.scalar(select(QuizOverride))
    assert row.cohort_id == cohort.id and row.user_id is None
    removed = staff.post(f"/staff/overrides/{row.id}/remove", {"back": url})
    assert removed.status_code == 302 and removed.location.endswith(url)
    assert db.session.query(QuizOverride).count() == 0
    nothing = staff.post(url, {"who": "cohort"})
    assert nothing.status_code == 422
    assert re.search("Grant at least one", nothing.get_data(as_text=True))


def test_overrides_are_linked_from_the_quiz_report_and_participant_page(
    app, cohort, participant, trainer
):
    staff = signed_in(app, trainer.email)
    url = PAGE.format(cohort=cohort.id)
    report = staff.get(f"/analytics/cohorts/{cohort.id}/quizzes/basics")
    assert url in report.get_data(as_text=True)
    person = staff.get(f"/analytics/participants/{participant.id}")
    assert f"{url}?who={participant.id}" in person.get_data(as_text=True)


def test_a_time_limit_is_offered_only_for_a_timed_quiz(app, cohort, participant, admin):
    staff = signed_in(app, admin.email)
    untimed = staff.get(PAGE.format(cohort=cohort.id)).text  # basics has no limit
    assert 'name="time_limit"' not in untimed
    timed = PAGE.format(cohort=cohort.id).replace("basics", "protection")
    assert 'name="time_limit"' in staff.get(timed).text
    staff.post(timed, {"who": "cohort", "time_limit": "25"})
    assert "25 minutes" in staff.get(timed).text
