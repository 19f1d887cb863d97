"""Erasure removes every copy of a person: after it, no table of the database (every
text, JSON and binary column, found through the metadata) holds their name, email
address or CV; what others' records need stays under a pseudonym."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Application,
    AuditEvent,
    Certificate,
    InterviewSlot,
    LessonCompletion,
    Quiz,
    QuizAttempt,
    QuizOverride,
    QuizRevision,
    User,
)
from portal.services.certificates import revoke_certificate
from portal.services.name_changes import request_name_change
from portal.timeutil import utcnow
from tests import pdfs
from tests.conftest import PASSWORD, signed_in
from tests.functional import test_admissions as admissions
from tests.functional.test_admissions import apply, register

NAME, EMAIL, NEW_NAME = "Nigar Həsənova", "nigar@example.org", "Nigar Əliyeva"
FIRST_CV = pdfs.clean_pdf("CV-MARKER-FIRST-VERSION")
SECOND_CV = pdfs.clean_pdf("CV-MARKER-SECOND-VERSION")

cohort, staff = admissions.cohort, admissions.staff  # the admissions fixtures


def copies_of(needles: list[str], blobs: list[bytes]) -> list[str]:
    """Every table.column (and row) still holding a needle, searched generically:
    text case-insensitively, JSON as its decoded text, binary byte for byte."""
    found = []
    wanted = [n.casefold() for n in needles]
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if isinstance(value, bytes | memoryview):
                    data = bytes(value)
                    hits = [b for b in blobs if b in data or data and data in b]
                    hits += [n for n in needles if n.encode() in data]
                elif isinstance(value, str):
                    hits = [n for n in wanted if n in value.casefold()]
                elif isinstance(value, dict | list):
                    text = json.dumps(value, ensure_ascii=False).casefold()
                    hits = [n for n in wanted if n in text]
                else:
                    continue
                found += [f"{table.name}.{column} (row {dict(row)}): {hits}"] * bool(
                    hits
                )
    return found


@pytest.fixture
def person(app, client, cohort, staff, course):
    """An applicant who was screened, interviewed, admitted, studied, asked for a
    new name and got a certificate: a copy of them in every place one can be."""
    applicant = register(client, cohort, EMAIL)
    application_id, _ = apply(applicant, cohort, submit=False, cv_bytes=FIRST_CV)
    apply(applicant, cohort, cv_bytes=SECOND_CV)  # a second version, submitted
    reviewer = signed_in(app, "reviewer@example.org")
    reviewer.get(f"/selection/applications/{application_id}")
    url = f"/selection/applications/{application_id}"
    reviewer.post(f"{url}/notes", {"body": f"{NAME} knows asylum law well."})
    reviewer.post(f"{url}/screen", {"target": "shortlisted", "note": f"Invite {NAME}."})
    admin = signed_in(app, "boss@example.org")
    admin.get(f"/selection/cohorts/{cohort.id}/interviews")
    admin.post(
        f"/selection/cohorts/{cohort.id}/interviews",
        {"starts_at": "2027-01-10T09:00", "minutes": "30", "location": "Room 4"},
    )
    slot = db.session.scalars(select(InterviewSlot)).one()
    applicant.post(f"/applications/{application_id}/slot", {"slot": str(slot.id)})
    interviewer = signed_in(app, "first@example.org")
    interviewer.get(f"{url}/score")
    interviewer.post(
        f"{url}/score",
        {
            "score_worldview": "4",
            "score_logical_thinking": "4",
            "score_foreign_languages": "5",
            "comment_worldview": f"{NAME} argued well.",
            "submit": "1",
            "confirmed": "yes",
        },
    )
    admin.post(f"{url}/decide", {"decision": "admitted", "note": f"Welcome {NAME}"})
    user = db.session.scalars(select(User).where(User.email == EMAIL)).one()
    assert user.role == "participant"
    _studied(user, staff["admin"])
    admin.get("/admin/users?format=csv")  # an export, recorded in the audit log
    applicant.get("/my-applications/data.json")
    return user, application_id


def _studied(user: User, admin: User) -> None:
    now = utcnow()
    revision = db.session.scalars(select(QuizRevision)).first()
    slug = db.session.get(Quiz, revision.quiz_id).slug
    db.session.add_all(
        [
            LessonCompletion(
                user_id=user.id, module_slug="m", lesson_slug="l", completed_at=now
            ),
            QuizAttempt(
                user_id=user.id,
                quiz_slug=slug,
                quiz_revision_id=revision.id,
                number=1,
                started_at=now,
                layout=[],
                saved_answers={"q1": [f"I am {NAME}"]},
                raw_answers={"q1": [f"I am {NAME}"]},
                pass_mark=60,
            ),
            QuizOverride(
                quiz_slug=slug,
                user_id=user.id,
                extra_attempts=1,
                granted_by_id=admin.id,
                granted_at=now,
            ),
            Certificate(
                user_id=user.id,
                code="MS-7K3Q-1ZTV-9MPD-X4WA",
                full_name=NAME,
                programme="Migration School",
            ),
        ]
    )
    db.session.commit()
    request_name_change(user.id, NEW_NAME, now)
    certificate = db.session.scalars(select(Certificate)).one()
    revoke_certificate(certificate.id, f"Issued to {NAME} by mistake", admin, now)


def test_an_administrator_erases_every_copy_of_a_person(app, person):
    user, application_id = person
    needles = [NAME, EMAIL, NEW_NAME, "CV-MARKER-FIRST", "CV-MARKER-SECOND"]
    assert copies_of(needles, [FIRST_CV, SECOND_CV])  # the search finds them
    admin = signed_in(app, "boss@example.org")
    asked = admin.post(f"/admin/users/{user.id}/erase")
    assert "Erasing cannot be undone" in asked.text
    assert db.session.get(User, user.id).erased_at is None  # asked, not done
    done = admin.post(f"/admin/users/{user.id}/erase", {"confirmed": "yes"})
    assert done.status_code == 302

    assert copies_of(needles, [FIRST_CV, SECOND_CV]) == []
    erased = db.session.get(User, user.id)
    assert erased.full_name == f"erased-person-{user.id}" and not erased.active
    application = db.session.get(Application, application_id)
    assert application.status == "admitted" and application.erased_at is not None
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.erased")
    )
    assert event.target == f"erased-person-{user.id}"
    assert event.actor_id != user.id and event.detail["by"] == "administrator"
    named = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "certificate.revoked")
    ).one()
    assert f"erased-person-{user.id}" in named.detail["reason"]  # kept, pseudonymous
    cohort_id = application.cohort_id
    for export in (
        f"/selection/cohorts/{cohort_id}/applications.csv",
        "/admin/users?format=csv",
        "/admin/audit?format=csv",
        "/analytics/certificates?format=csv",
    ):
        rows = admin.get(export).get_data(as_text=True).casefold()
        assert NAME.casefold() not in rows and EMAIL not in rows, export
    # Last: the failed attempt is itself logged, with the address typed in.
    assert signed_in(app, EMAIL).get("/account").status_code == 302  # no sign-in


def test_others_keep_their_data(app, person, make_user):
    other = make_user("participant", "other@example.org", "Leyla Quliyeva")
    user, _ = person
    admin = signed_in(app, "boss@example.org")
    admin.post(f"/admin/users/{user.id}/erase", {"confirmed": "yes"})
    for kept in ("Leyla Quliyeva", "other@example.org", "Rəna Reviewer"):
        assert copies_of([kept], []), kept
    assert db.session.get(User, other.id).erased_at is None


def test_the_certificate_code_verifies_as_erased(app, person, client):
    user, _ = person
    signed_in(app, "boss@example.org").post(
        f"/admin/users/{user.id}/erase", {"confirmed": "yes"}
    )
    page = client.get("/verify/MS-7K3Q-1ZTV-9MPD-X4WA").get_data(as_text=True)
    assert "Holder erased" in page and NAME not in page
    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.code == "MS-7K3Q-1ZTV-9MPD-X4WA" and certificate.full_name == ""


def test_a_person_erases_their_own_account(app, client, cohort):
    applicant = register(client, cohort, EMAIL)
    apply(applicant, cohort, cv_bytes=FIRST_CV)
    user = db.session.scalars(select(User).where(User.email == EMAIL)).one()
    applicant.get("/account")
    asked = applicant.post("/account/erase")
    assert "Erasing cannot be undone" in asked.text
    confirmed = applicant.post("/account/erase", {"confirmed": "yes"})
    assert confirmed.status_code == 200 and 'name="current"' in confirmed.text
    wrong = applicant.post(
        "/account/erase", {"confirmed": "yes", "current": "not my password"}
    )
    assert wrong.status_code == 422 and "This is not your current password" in (
        wrong.text
    )
    assert db.session.get(User, user.id).erased_at is None
    done = applicant.post("/account/erase", {"confirmed": "yes", "current": PASSWORD})
    assert done.status_code == 302
    assert applicant.get("/account").status_code == 302  # signed out
    assert copies_of([NAME, EMAIL, "CV-MARKER-FIRST"], [FIRST_CV]) == []
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.erased")
    ).one()
    assert event.actor_id == user.id and event.detail["by"] == "self"


def test_staff_cannot_erase_themselves(app, staff):
    trainer = signed_in(app, "reviewer@example.org")
    trainer.get("/account")
    refused = trainer.post("/account/erase", {"confirmed": "yes", "current": PASSWORD})
    assert refused.status_code == 403
    assert db.session.get(User, staff["reviewer"].id).erased_at is None


def test_only_administrators_erase_others_and_never_themselves(app, staff, make_user):
    victim = make_user("participant", "victim@example.org", "Victim Person")
    for email in ("reviewer@example.org",):
        refused = signed_in(app, email).post(
            f"/admin/users/{victim.id}/erase", {"confirmed": "yes"}
        )
        assert refused.status_code == 403
    participant = make_user("participant", "p2@example.org")
    refused = signed_in(app, participant).post(
        f"/admin/users/{victim.id}/erase", {"confirmed": "yes"}
    )
    assert refused.status_code == 403
    admin = signed_in(app, "boss@example.org")
    own = admin.post(f"/admin/users/{staff['admin'].id}/erase", {"confirmed": "yes"})
    assert own.status_code == 403
    assert db.session.get(User, victim.id).erased_at is None
    assert db.session.get(User, staff["admin"].id).erased_at is None


def test_an_erased_account_cannot_be_revived(app, staff, make_user):
    victim = make_user("participant", "victim@example.org", "Victim Person")
    admin = signed_in(app, "boss@example.org")
    admin.post(f"/admin/users/{victim.id}/erase", {"confirmed": "yes"})
    assert (
        admin.post(f"/admin/users/{victim.id}/active", {"active": "1"}).status_code
        == 403
    )
    again = admin.post(f"/admin/users/{victim.id}/erase", {"confirmed": "yes"})
    assert again.status_code == 409
    assert not db.session.get(User, victim.id).active


def test_retention_erases_an_application_and_every_cv_version(
    app, client, cohort, staff
):
    applicant = register(client, cohort, EMAIL)
    application_id, _ = apply(applicant, cohort, submit=False, cv_bytes=FIRST_CV)
    apply(applicant, cohort, cv_bytes=SECOND_CV)
    reviewer = signed_in(app, "reviewer@example.org")
    url = f"/selection/applications/{application_id}"
    reviewer.get(url)
    reviewer.post(f"{url}/notes", {"body": "A MARKER-NOTE about them."})
    reviewer.post(f"{url}/screen", {"target": "rejected", "note": "MARKER-DECISION"})
    cohort.ends_on = date.today() - timedelta(days=1)
    db.session.commit()
    admin = signed_in(app, "boss@example.org")
    admin.get(url)
    admin.post(f"/admin/applications/{application_id}/erase", {"confirmed": "yes"})
    markers = ["MARKER-NOTE", "MARKER-DECISION", "Baku State University"]
    markers.append("migration migration migration")  # the motivation statement
    assert copies_of(markers, [FIRST_CV, SECOND_CV]) == []
    application = db.session.get(Application, application_id)
    assert application.status == "rejected" and application.erased_at is not None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.erased")
    ).one()
    assert event.target == f"application {application_id}"
    assert db.session.get(User, application.user_id).email == EMAIL  # account stays


def test_the_privacy_notice_says_what_erasure_removes_and_keeps(app, client):
    app.config["CONTENT_DIR"] = str(Path(__file__).parents[2] / "content")
    page = client.get("/pages/privacy").get_data(as_text=True)
    assert "What erasure removes and what it keeps" in page
    for promise in ("every version of every CV", "erased-person-N", "not your name"):
        assert promise in page
    assert "Erase your account" in page  # where to do it
