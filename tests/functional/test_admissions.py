"""Admissions end to end: apply, screen, short-list, schedule, score, rank, admit."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import select

from portal.domain.rubric import DEFAULT_RUBRIC
from portal.domain.selection import CRITERIA
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    Cohort,
    CohortStaff,
    InterviewSlot,
    OutboxMessage,
    ScoreSheet,
    StoredFile,
    User,
)
from portal.timeutil import utcnow
from tests.conftest import PASSWORD, Browser, collect_mail, signed_in
from tests.pdfs import clean_pdf

PDF = clean_pdf()
MOTIVATION = " ".join(["migration"] * 160)


@pytest.fixture
def cohort(app):
    now = utcnow()
    cohort = Cohort(
        name="Cohort 2027",
        applications_open=now - timedelta(days=1),
        applications_close=now + timedelta(days=10),
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 8, 31),
        capacity=1,
        waitlist_size=1,
    )
    db.session.add(cohort)
    db.session.commit()
    return cohort


@pytest.fixture
def staff(cohort, make_user):
    reviewer = make_user("trainer", "reviewer@example.org", "Rəna Reviewer")
    first = make_user("trainer", "first@example.org", "First Interviewer")
    second = make_user("trainer", "second@example.org", "Second Interviewer")
    admin = make_user("admin", "boss@example.org", "Admin Person")
    db.session.add_all(
        [
            CohortStaff(cohort_id=cohort.id, user_id=reviewer.id, duty="reviewer"),
            CohortStaff(cohort_id=cohort.id, user_id=first.id, duty="interviewer"),
            CohortStaff(cohort_id=cohort.id, user_id=second.id, duty="interviewer"),
        ]
    )
    db.session.commit()
    return {"reviewer": reviewer, "first": first, "second": second, "admin": admin}


def form_data(**overrides):
    data = {
        "full_name": "Nigar Həsənova",
        "date_of_birth": "2001-05-04",
        "citizenship": "Azerbaijan",
        "phone": "+994 50 000 00 00",
        "city": "Baku",
        "university": "Baku State University",
        "field_of_study": "law",
        "degree": "master",
        "study_status": "studying",
        "graduation_year": "2026",
        "languages-0-language": "English",
        "languages-0-level": "C1",
        "languages-1-language": "Russian",
        "languages-1-level": "B2",
        "motivation": MOTIVATION,
        "consent": "y",
    }
    data.update(overrides)
    return data


def register(client, cohort, email="nigar@example.org"):
    browser = Browser(client)
    browser.get(f"/register?cohort={cohort.id}")
    with collect_mail() as mailbox:
        response = browser.post(
            f"/register?cohort={cohort.id}",
            {
                "full_name": "Nigar Həsənova",
                "email": email,
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
        )
    assert "Check your email" in response.get_data(as_text=True)
    browser.use_link(mailbox.link(email, "verify-email"))
    browser.login(email)
    return browser


def apply(browser, cohort, submit=True, **overrides):
    location = browser.post(f"/apply/{cohort.id}/start").headers["Location"]
    browser.get(location)
    data = form_data(**overrides)
    data["cv"] = (io.BytesIO(overrides.pop("cv_bytes", PDF)), "cv.pdf")
    data["submit" if submit else "save"] = "1"
    response = browser.post(location, data, content_type="multipart/form-data")
    return int(location.rsplit("/", 1)[1]), response


def test_the_whole_selection_path(app, client, cohort, staff):
    applicant = register(client, cohort)
    application_id, response = apply(applicant, cohort)
    assert response.status_code == 302
    application = db.session.get(Application, application_id)
    assert application.status == "submitted" and application.cv.size == len(PDF)
    assert (
        "submitted" in applicant.get("/my-applications").get_data(as_text=True).lower()
    )

    reviewer = signed_in(app, "reviewer@example.org")
    table = reviewer.get(f"/selection/cohorts/{cohort.id}?field=law&sort=name")
    assert "Nigar Həsənova" in table.get_data(as_text=True)
    assert reviewer.get(f"/applications/{application_id}/cv").data == PDF
    reviewer.get(f"/selection/applications/{application_id}")
    reviewer.post(
        f"/selection/applications/{application_id}/notes",
        {"body": "Strong legal background."},
    )
    reviewer.post(
        f"/selection/applications/{application_id}/screen",
        {"target": "shortlisted", "note": "good fit"},
    )
    db.session.expire_all()
    assert db.session.get(Application, application_id).status == "shortlisted"

    admin = signed_in(app, "boss@example.org")
    admin.get(f"/selection/cohorts/{cohort.id}/interviews")
    for hour in (9, 10):
        admin.post(
            f"/selection/cohorts/{cohort.id}/interviews",
            {
                "starts_at": f"2027-01-10T{hour:02d}:00",
                "minutes": "30",
                "location": "SMS, room 4",
            },
        )
    slots = db.session.scalars(select(InterviewSlot)).all()
    assert len(slots) == 2
    page = applicant.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "Choose an interview time" in page
    applicant.post(f"/applications/{application_id}/slot", {"slot": str(slots[0].id)})
    assert "10 January 2027, 09:00" in applicant.get(
        f"/applications/{application_id}"
    ).get_data(as_text=True)

    for email, marks in (
        ("first@example.org", ("4", "5", "4")),
        ("second@example.org", ("3", "4", "3")),
    ):
        interviewer = signed_in(app, email)
        interviewer.get(f"/selection/applications/{application_id}/score")
        response = interviewer.post(
            f"/selection/applications/{application_id}/score",
            {
                "score_worldview": marks[0],
                "score_logical_thinking": marks[1],
                "score_foreign_languages": marks[2],
                "comment_worldview": "clear",
                "submit": "1",
                "confirmed": "yes",
            },
        )
        assert response.status_code == 302

    ranking = admin.get(f"/selection/cohorts/{cohort.id}/ranking").get_data(
        as_text=True
    )
    assert "3.83" in ranking  # (4.33 + 3.33) / 2
    assert "1.0" in ranking  # spread between the two interviewers is flagged
    admin.post(
        f"/selection/applications/{application_id}/decide", {"decision": "admitted"}
    )
    db.session.expire_all()
    application = db.session.get(Application, application_id)
    assert application.status == "admitted"
    assert (
        application.user.role == "participant"
        and application.user.cohort_id == cohort.id
    )

    history = [
        (e.from_status, e.to_status)
        for e in db.session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.kind == "status")
            .order_by(ApplicationEvent.id)
        )
    ]
    assert history == [
        ("draft", "submitted"),
        ("submitted", "shortlisted"),
        ("shortlisted", "admitted"),
    ]
    subjects = [
        m.subject
        for m in db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to == "nigar@example.org")
            .order_by(OutboxMessage.id)
        )
    ]
    assert len(subjects) == 4 and "Admitted" in subjects[-1]
    outbox = admin.get("/admin/outbox").get_data(as_text=True)
    assert "Admitted" in outbox

    csv_text = admin.get(f"/selection/cohorts/{cohort.id}/applications.csv").get_data(
        as_text=True
    )
    assert "Nigar Həsənova" in csv_text and "3.83" in csv_text
    workbook = admin.get(f"/selection/cohorts/{cohort.id}/applications.xlsx")
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "status", "full_name")
    assert rows[1][2] == "Nigar Həsənova" and rows[1][-2] == pytest.approx(3.83, 0.01)
    assert applicant.get("/course").status_code == 200  # now a participant


def test_draft_is_kept_and_missing_fields_are_named(app, client, cohort):
    applicant = register(client, cohort)
    application_id, response = apply(
        applicant, cohort, university="", motivation="too short", consent=""
    )
    page = response.get_data(as_text=True)
    assert "Enter your university." in page and "Agree to the privacy policy" in page
    assert "The motivation statement has 2 words" in page
    application = db.session.get(Application, application_id)
    assert application.status == "draft" and application.city == "Baku"  # nothing lost


def test_unverified_email_cannot_submit(app, client, cohort):
    browser = Browser(client)
    browser.get("/register")
    browser.post(
        "/register",
        {
            "full_name": "No Verify",
            "email": "nv@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    browser.login("nv@example.org")
    application_id, response = apply(browser, cohort)
    assert "Confirm your email address first" in response.get_data(as_text=True)
    assert db.session.get(Application, application_id).status == "draft"


def test_non_pdf_cv_is_refused(app, client, cohort):
    applicant = register(client, cohort)
    application_id, response = apply(
        applicant, cohort, cv_bytes=b"MZ\x90\x00 not a pdf"
    )
    assert "The CV must be a PDF file." in response.get_data(as_text=True)
    assert db.session.get(Application, application_id).cv_file_id is None


def test_editing_after_the_window_is_refused(app, client, cohort):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    cohort.applications_close = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = applicant.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "The form can no longer be changed." in page
    response = applicant.post(
        f"/applications/{application_id}",
        form_data(city="Ganja", save="1"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Application, application_id).city == "Baku"


def test_reviewer_of_another_cohort_cannot_open_cv(
    app, client, cohort, staff, make_user
):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    other = Cohort(name="Another cohort")
    db.session.add(other)
    outsider = make_user("trainer", "outsider@example.org")
    db.session.flush()
    db.session.add(
        CohortStaff(cohort_id=other.id, user_id=outsider.id, duty="reviewer")
    )
    db.session.commit()
    browser = signed_in(app, "outsider@example.org")
    assert browser.get(f"/applications/{application_id}/cv").status_code == 403
    assert browser.get(f"/selection/applications/{application_id}").status_code == 403
    assert browser.get(f"/selection/cohorts/{cohort.id}").status_code == 403


@pytest.mark.parametrize(
    "url", ["/selection/", "/admin/cohorts", "/admin/outbox", "/selection/rubric"]
)
def test_participants_and_applicants_cannot_reach_staff_pages(
    app, client, cohort, participant, url
):
    browser = signed_in(app, participant.email)
    assert browser.get(url).status_code == 403
    applicant = register(app.test_client(), cohort)
    assert applicant.get(url).status_code == 403


def test_trainers_cannot_export_or_decide(app, client, cohort, staff):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    reviewer = signed_in(app, "reviewer@example.org")
    for fmt in ("csv", "xlsx"):
        export = f"/selection/cohorts/{cohort.id}/applications.{fmt}"
        assert reviewer.get(export).status_code == 403
    reviewer.get(f"/selection/applications/{application_id}")
    assert (
        reviewer.post(
            f"/selection/applications/{application_id}/decide", {"decision": "admitted"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("email", "method", "path", "data"),
    [
        # the reviewer duty: an interviewer may not screen
        ("first@example.org", "post", "screen", {"target": "shortlisted"}),
        # the interviewer duty: a reviewer may not score or see the slots
        ("reviewer@example.org", "post", "score", {"score_worldview": "4"}),
        ("reviewer@example.org", "get", "interviews", None),
        # the administrator duty: an interviewer may not add slots
        (
            "first@example.org",
            "post",
            "interviews",
            {"starts_at": "2027-01-10T09:00", "minutes": "30", "location": "4"},
        ),
    ],
)
def test_each_selection_duty_refuses_the_others(
    app, client, cohort, staff, email, method, path, data
):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    url = (
        f"/selection/cohorts/{cohort.id}/interviews"
        if path == "interviews"
        else f"/selection/applications/{application_id}/{path}"
    )
    browser = signed_in(app, email)
    browser.get(f"/selection/applications/{application_id}")  # a CSRF token
    response = browser.get(url) if method == "get" else browser.post(url, data)
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Application, application_id).status == "submitted"
    assert db.session.scalars(select(InterviewSlot)).all() == []
    assert db.session.scalars(select(ScoreSheet)).all() == []


def test_selection_lists_only_cohorts_the_trainer_screens_or_interviews(
    app, cohort, staff, make_user
):
    teacher = make_user("trainer", "teacher@example.org", "Only Teaches")
    db.session.add(CohortStaff(cohort_id=cohort.id, user_id=teacher.id, duty="teacher"))
    db.session.commit()
    page = signed_in(app, teacher.email).get("/selection/").get_data(as_text=True)
    assert "Cohort 2027" not in page
    for email in ("reviewer@example.org", "first@example.org", "boss@example.org"):
        assert "Cohort 2027" in signed_in(app, email).get("/selection/").get_data(
            as_text=True
        )


def test_submitted_score_sheet_is_final(app, client, cohort, staff):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    application = db.session.get(Application, application_id)
    application.status = "shortlisted"
    db.session.commit()
    interviewer = signed_in(app, "first@example.org")
    url = f"/selection/applications/{application_id}/score"
    interviewer.get(url)
    scores = {f"score_{c}": "4" for c in CRITERIA}
    asked = interviewer.post(url, {**scores, "submit": "1"})
    assert "A submitted score sheet is final" in asked.text
    assert 'name="score_worldview" value="4"' in asked.text  # carried to the page
    assert db.session.scalars(select(ScoreSheet)).first() is None  # nothing saved
    incomplete = interviewer.post(
        url, {"score_worldview": "4", "submit": "1", "confirmed": "yes"}
    )
    assert "Give a score from 1 to 5." in incomplete.get_data(as_text=True)
    interviewer.post(
        url,
        {
            "score_worldview": "4",
            "score_logical_thinking": "4",
            "score_foreign_languages": "5",
            "submit": "1",
            "confirmed": "yes",
        },
    )
    again = interviewer.post(
        url,
        {
            "score_worldview": "1",
            "score_logical_thinking": "1",
            "score_foreign_languages": "1",
            "save": "1",
        },
    )
    assert again.status_code == 409
    sheet = db.session.scalars(select(ScoreSheet)).one()
    assert sheet.scores == {
        "worldview": 4,
        "logical_thinking": 4,
        "foreign_languages": 5,
    }


def test_blind_review_hides_names_in_stage_one(app, client, cohort, staff):
    cohort.blind_review = True
    db.session.commit()
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    reviewer = signed_in(app, "reviewer@example.org")
    table = reviewer.get(f"/selection/cohorts/{cohort.id}").get_data(as_text=True)
    page = reviewer.get(f"/selection/applications/{application_id}").get_data(
        as_text=True
    )
    for text in (table, page):
        assert "Nigar" not in text and f"Applicant #{application_id}" in text
    assert "+994" not in page and "nigar@example.org" not in page


def test_applicant_cannot_see_another_application(app, client, cohort):
    first = register(client, cohort)
    application_id, _ = apply(first, cohort)
    second = register(app.test_client(), cohort, email="second@example.org")
    assert second.get(f"/applications/{application_id}").status_code == 404
    assert second.get(f"/applications/{application_id}/cv").status_code == 403


def test_decline_and_promotion_from_the_waiting_list(app, client, cohort, staff):
    ids = []
    for index in range(2):
        browser = register(app.test_client(), cohort, email=f"a{index}@example.org")
        application_id, _ = apply(browser, cohort)
        ids.append((browser, application_id))
    for _, application_id in ids:
        db.session.get(Application, application_id).status = "shortlisted"
    db.session.commit()
    admin = signed_in(app, "boss@example.org")
    admin.get(f"/selection/cohorts/{cohort.id}/ranking")
    admin.post(f"/selection/applications/{ids[0][1]}/decide", {"decision": "admitted"})
    admin.post(
        f"/selection/applications/{ids[1][1]}/decide", {"decision": "waitlisted"}
    )
    full = admin.post(
        f"/selection/applications/{ids[1][1]}/decide", {"decision": "admitted"}
    )
    assert full.status_code == 302  # refused with a message: capacity is 1
    db.session.expire_all()
    assert db.session.get(Application, ids[1][1]).status == "waitlisted"
    ids[0][0].get(f"/applications/{ids[0][1]}")
    asked = ids[0][0].post(f"/applications/{ids[0][1]}/decline")
    assert asked.status_code == 200 and "Decline your place?" in asked.text
    assert 'name="confirmed" value="yes"' in asked.text
    db.session.expire_all()
    assert db.session.get(Application, ids[0][1]).status == "admitted"  # not yet
    ids[0][0].post(f"/applications/{ids[0][1]}/decline", {"confirmed": "yes"})
    admin.post(f"/selection/cohorts/{cohort.id}/promote")
    db.session.expire_all()
    assert db.session.get(Application, ids[0][1]).status == "declined"
    assert db.session.get(Application, ids[1][1]).status == "admitted"
    assert db.session.get(Application, ids[0][1]).user.role == "applicant"


def test_data_download_withdraw_and_erase(app, client, cohort, staff):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    data = json.loads(applicant.get("/my-applications/data.json").data)
    assert data["applications"][0]["university"] == "Baku State University"
    assert data["applications"][0]["history"][0]["to"] == "submitted"
    applicant.get(f"/applications/{application_id}")
    asked = applicant.post(f"/applications/{application_id}/withdraw")
    assert "Withdrawing cannot be undone" in asked.text
    db.session.expire_all()
    assert db.session.get(Application, application_id).status == "submitted"
    applicant.post(f"/applications/{application_id}/withdraw", {"confirmed": "yes"})
    db.session.expire_all()
    assert db.session.get(Application, application_id).status == "withdrawn"

    admin = signed_in(app, "boss@example.org")
    admin.get(f"/selection/applications/{application_id}")
    early = admin.post(
        f"/admin/applications/{application_id}/erase", {"confirmed": "yes"}
    )
    assert early.status_code == 403
    cohort.ends_on = date.today() - timedelta(days=1)
    db.session.commit()
    asked = admin.post(f"/admin/applications/{application_id}/erase")
    assert "Erasing cannot be undone" in asked.text
    assert db.session.get(Application, application_id).erased_at is None
    admin.post(f"/admin/applications/{application_id}/erase", {"confirmed": "yes"})
    db.session.expire_all()
    application = db.session.get(Application, application_id)
    assert application.full_name == "" and application.cv_file_id is None
    assert application.erased_at is not None and application.status == "withdrawn"


def test_admin_manages_cohorts_staff_and_release_dates(
    app, client, cohort, staff, course, participant
):
    admin = signed_in(app, "boss@example.org")
    admin.get("/admin/cohorts/new")
    bad = admin.post(
        "/admin/cohorts/new",
        {
            "name": "Cohort 2028",
            "capacity": "20",
            "starts_on": "2028-03-01",
            "ends_on": "2028-01-01",
        },
    )
    assert "The programme must end after it starts." in bad.get_data(as_text=True)
    created = admin.post(
        "/admin/cohorts/new", {"name": "Cohort 2028", "capacity": "20"}
    )
    assert created.status_code == 302
    admin.get(f"/admin/cohorts/{cohort.id}")
    admin.post(
        f"/admin/cohorts/{cohort.id}/staff",
        {"reviewers": [str(staff["first"].id)], "interviewers": []},
    )
    duties = db.session.scalars(
        select(CohortStaff).where(CohortStaff.cohort_id == cohort.id)
    ).all()
    assert [(d.user_id, d.duty) for d in duties] == [(staff["first"].id, "reviewer")]

    admin.post(
        f"/admin/cohorts/{cohort.id}/releases",
        {"release-basics": (date.today() + timedelta(days=3)).isoformat()},
    )
    db.session.get(User, participant.id).cohort_id = cohort.id
    db.session.commit()
    learner = signed_in(app, participant.email)
    assert learner.get("/modules/basics").status_code == 403  # not released yet
    admin.post(f"/admin/cohorts/{cohort.id}/releases", {"release-basics": ""})
    assert learner.get("/modules/basics").status_code == 200


def test_interviewers_see_the_shipped_rubric_before_anyone_edits_it(
    app, client, cohort, staff
):
    editor = signed_in(app, "boss@example.org").get("/selection/rubric")
    assert escape(DEFAULT_RUBRIC["worldview"][3]) in editor.get_data(as_text=True)
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    db.session.get(Application, application_id).status = "shortlisted"
    db.session.commit()
    page = (
        signed_in(app, "first@example.org")
        .get(f"/selection/applications/{application_id}/score")
        .get_data(as_text=True)
    )
    for criterion, levels in DEFAULT_RUBRIC.items():
        for text in levels.values():
            assert escape(text) in page, criterion


def test_rubric_is_edited_by_admins_and_shown_to_interviewers(
    app, client, cohort, staff
):
    admin = signed_in(app, "boss@example.org")
    admin.get("/selection/rubric")
    data = {
        f"{c}_{level}": f"{c} level {level}"
        for c in ("worldview", "logical_thinking", "foreign_languages")
        for level in range(1, 6)
    }
    data["foreign_languages_5"] = "Fluent discussion of policy in two languages"
    admin.post("/selection/rubric", data)
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    db.session.get(Application, application_id).status = "shortlisted"
    db.session.commit()
    page = (
        signed_in(app, "first@example.org")
        .get(f"/selection/applications/{application_id}/score")
        .get_data(as_text=True)
    )
    assert "Fluent discussion of policy in two languages" in page


def test_a_draft_is_deleted_not_withdrawn_and_can_be_started_again(
    app, client, cohort, staff
):
    applicant = register(client, cohort)
    draft_id, _ = apply(applicant, cohort, submit=False)
    page = applicant.get(f"/applications/{draft_id}").text
    assert "Delete this draft" in page and "Withdraw my application" not in page
    asked = applicant.post(f"/applications/{draft_id}/delete")
    assert "Delete your draft?" in asked.text
    assert db.session.get(Application, draft_id) is not None  # a bare post only asks
    deleted = applicant.post(f"/applications/{draft_id}/delete", {"confirmed": "yes"})
    assert deleted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, draft_id) is None
    assert db.session.scalars(select(StoredFile)).all() == []  # the CV went too
    again, _ = apply(applicant, cohort)  # a fresh start, then a submission
    assert db.session.get(Application, again).status == "submitted"
    refused = applicant.post(f"/applications/{again}/delete", {"confirmed": "yes"})
    assert refused.status_code == 403  # submitted: withdraw it instead
