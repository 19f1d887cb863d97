"""Conflicts of interest, draft CVs and blind screening, through the pages."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import Application, AuditEvent, CohortStaff, User
from tests.conftest import signed_in
from tests.functional import test_admissions as admissions
from tests.functional.test_admissions import PDF, apply, register

# the admissions tests' cohort (open for applications) and its selection staff
cohort = admissions.cohort
staff = admissions.staff


def _as_role(email: str, role: str) -> User:
    user = db.session.query(User).filter_by(email=email).one()
    user.role = role
    db.session.commit()
    return user


def test_reviewers_cannot_download_the_cv_of_a_draft(app, client, cohort, staff):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort, submit=False)
    assert db.session.get(Application, application_id).status == "draft"
    assert applicant.get(f"/applications/{application_id}/cv").data == PDF
    for email in ("reviewer@example.org", "boss@example.org"):
        response = signed_in(app, email).get(f"/applications/{application_id}/cv")
        assert response.status_code == 404, email
        assert PDF not in response.data


def test_blind_screening_hides_the_cv_and_the_sort_by_name(app, client, cohort, staff):
    cohort.blind_review = True
    db.session.commit()
    first = register(client, cohort, email="zeyneb@example.org")
    first_id, _ = apply(first, cohort, full_name="Zeynəb Zamanova")
    second = register(app.test_client(), cohort, email="aysel@example.org")
    second_id, _ = apply(second, cohort, full_name="Aysel Abbasova")
    db.session.get(Application, first_id).submitted_at -= timedelta(hours=1)
    db.session.commit()
    reviewer = signed_in(app, "reviewer@example.org")
    page = reviewer.get(f"/selection/applications/{first_id}").get_data(as_text=True)
    assert "Hidden during blind screening" in page
    assert f"/applications/{first_id}/cv" not in page
    assert reviewer.get(f"/applications/{first_id}/cv").status_code == 403
    table = reviewer.get(f"/selection/cohorts/{cohort.id}?sort=name").get_data(
        as_text=True
    )
    assert '<th scope="col">Applicant</th>' in table  # no sort link
    # by submission, not by name: the name order would give away who is who
    assert table.index(f"Applicant #{first_id}") < table.index(
        f"Applicant #{second_id}"
    )
    # once screened, the CV is there again
    reviewer.post(
        f"/selection/applications/{first_id}/screen", {"target": "shortlisted"}
    )
    assert reviewer.get(f"/applications/{first_id}/cv").data == PDF


def test_staff_cannot_apply_where_they_hold_a_duty(app, client, cohort, staff):
    for email in ("reviewer@example.org", "first@example.org", "boss@example.org"):
        browser = signed_in(app, email)
        response = browser.post(f"/apply/{cohort.id}/start")
        assert response.status_code == 403, email
        assert "You cannot apply to a cohort you" in response.get_data(as_text=True)
    assert db.session.query(Application).count() == 0


def test_a_teacher_cannot_apply_to_the_cohort_they_teach(
    app, client, cohort, make_user
):
    teacher = make_user("trainer", "teacher@example.org")
    db.session.add(CohortStaff(cohort_id=cohort.id, user_id=teacher.id, duty="teacher"))
    db.session.commit()
    response = signed_in(app, teacher).post(f"/apply/{cohort.id}/start")
    assert response.status_code == 403
    assert db.session.query(Application).count() == 0


def test_an_administrators_own_application_is_reviewed_only_by_others(
    app, client, cohort, staff
):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    _as_role("nigar@example.org", "admin")  # hired while their application runs
    own = signed_in(app, "nigar@example.org")
    table = own.get(f"/selection/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Nigar" not in table
    for method, path, data in (
        ("get", "", None),
        ("post", "/notes", {"body": "I am great"}),
        ("post", "/screen", {"target": "shortlisted"}),
        ("post", "/decide", {"decision": "admitted"}),
    ):
        url = f"/selection/applications/{application_id}{path}"
        response = getattr(own, method)(url, data=data)
        assert response.status_code == 403, path
        assert "your own application" in response.get_data(as_text=True), path
    assert db.session.get(Application, application_id).status == "submitted"
    # another administrator reviews it as usual
    boss = signed_in(app, "boss@example.org")
    assert "Nigar" in boss.get(f"/selection/cohorts/{cohort.id}").get_data(as_text=True)


def test_an_interviewer_never_scores_their_own_application(app, client, cohort, staff):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    signed_in(app, "reviewer@example.org").post(
        f"/selection/applications/{application_id}/screen", {"target": "shortlisted"}
    )
    user = _as_role("nigar@example.org", "trainer")
    # an assignment made before the rule existed, straight in the table
    db.session.add(
        CohortStaff(cohort_id=cohort.id, user_id=user.id, duty="interviewer")
    )
    db.session.commit()
    own = signed_in(app, user)
    response = own.post(
        f"/selection/applications/{application_id}/score", {"score_worldview": "5"}
    )
    assert response.status_code == 403
    assert "Nigar" not in own.get(f"/selection/cohorts/{cohort.id}/ranking").get_data(
        as_text=True
    )
    assert "Nigar" not in own.get(
        f"/selection/cohorts/{cohort.id}/interviews"
    ).get_data(as_text=True)


def test_an_applicant_cannot_be_made_staff_of_that_cohort(app, client, cohort, staff):
    applicant = register(client, cohort)
    apply(applicant, cohort)
    user = _as_role("nigar@example.org", "trainer")
    boss = signed_in(app, "boss@example.org")
    boss.get(f"/admin/cohorts/{cohort.id}")
    response = boss.post(
        f"/admin/cohorts/{cohort.id}/staff",
        {"reviewers": [str(user.id)], "teachers": [str(user.id)]},
    )
    assert response.status_code == 302
    page = boss.get(response.headers["Location"]).get_data(as_text=True)
    assert "applied to this cohort and cannot be on its staff" in page
    assert db.session.query(CohortStaff).filter_by(user_id=user.id).count() == 0
    # the staff already there were not touched either
    assert db.session.query(CohortStaff).filter_by(cohort_id=cohort.id).count() == 3
    assert (
        not db.session.query(AuditEvent)
        .filter_by(action="cohort.staff_changed")
        .count()
    )
