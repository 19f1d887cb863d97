"""Attendance in the rules, through the pages: the certificate page and claim, the
cohort form's rule, the dashboard column, the attendance reports and downloads,
and every refusal."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.downloads import XLSX
from portal.extensions import db
from portal.models import AttendanceMark, AuditEvent, Certificate, Cohort
from portal.timeutil import utcnow
from tests.conftest import signed_in
from tests.functional.conftest import pass_the_course


def mark(session, user, status, note=""):
    db.session.add(
        AttendanceMark(session_id=session.id, user_id=user.id, status=status, note=note)
    )
    db.session.commit()


@pytest.fixture
def programme(course, participant, make_user, make_cohort, make_session):
    """A cohort with an 80 % rule: the participant attended one of three required
    sessions held; one more is to come. A stranger is in another cohort."""
    cohort = make_cohort("Spring cohort", attendance_minimum=80)
    other = make_cohort("Other cohort")
    participant.cohort_id = cohort.id
    stranger = make_user("participant", "stranger@example.org", "Stranger Person")
    stranger.cohort_id = other.id
    now = utcnow()
    held = [
        make_session(cohort, title=title, starts_at=now - timedelta(days=days))
        for title, days in (("Study visit", 9), ("Border law", 6), ("Asylum", 3))
    ]
    later = make_session(cohort, title="Closing exam")
    mark(held[0], participant, "present")
    mark(held[1], participant, "absent", "Stayed home ill")
    return {
        "cohort": cohort,
        "other": other,
        "held": held,
        "later": later,
        "stranger": stranger,
    }


def test_certificate_page_says_which_attendance_is_missing(
    browser, participant, programme
):
    browser.login(participant.email)
    page = browser.get("/certificate").get_data(as_text=True)
    assert "you attended at least 80% of its required sessions" in page
    assert "Attended 1 of 3 required sessions (33%)." in page
    assert "80% needed for the certificate." in page
    assert "1 required session still to come." in page
    assert "Border law" in page and "Stayed home ill" in page
    assert "Asylum" in page and "Not marked" in page
    assert "Study visit" not in page  # attended: not missed


def test_a_cohort_without_a_rule_shows_the_old_page(browser, participant, programme):
    programme["cohort"].attendance_minimum = None
    db.session.commit()
    browser.login(participant.email)
    page = browser.get("/certificate").get_data(as_text=True)
    assert "required session" not in page
    assert "every module is complete and the final assessment is passed" in page


def _graduate(browser, participant, take_quiz):
    browser.login(participant.email)
    pass_the_course(browser, take_quiz)


def test_claim_is_refused_below_the_minimum_and_granted_at_it(
    app, browser, participant, programme, take_quiz
):
    _graduate(browser, participant, take_quiz)
    assert browser.post("/certificate/claim").status_code == 403
    db.session.delete(programme["later"])  # the programme is over...
    db.session.commit()
    assert browser.post("/certificate/claim").status_code == 403  # ...but 1 of 3
    assert db.session.scalar(select(Certificate)) is None
    mark(programme["held"][2], participant, "late")
    absence = db.session.scalar(
        select(AttendanceMark).where(AttendanceMark.status == "absent")
    )
    absence.status = "excused"  # left out: 2 of 2
    db.session.commit()
    assert browser.post("/certificate/claim").status_code == 302
    assert db.session.scalar(select(Certificate)).user_id == participant.id


def test_cohort_form_saves_the_rule_and_refuses_120(browser, admin, programme):
    cohort = programme["cohort"]
    browser.login(admin.email)
    page = browser.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Minimum attendance of required sessions (%)" in page
    data = {
        "name": cohort.name,
        "capacity": "30",
        "attendance_minimum": "120",
        "excused_absences": "absent",
    }
    refused = browser.post(f"/admin/cohorts/{cohort.id}", data)
    assert "Give a percentage from 0 to 100." in refused.get_data(as_text=True)
    bad_choice = browser.post(
        f"/admin/cohorts/{cohort.id}",
        {**data, "attendance_minimum": "75", "excused_absences": "ignored"},
    )
    assert bad_choice.status_code == 200  # the form again, not saved
    saved = browser.post(
        f"/admin/cohorts/{cohort.id}", {**data, "attendance_minimum": "75"}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    cohort = db.session.get(Cohort, cohort.id)
    assert (cohort.attendance_minimum, cohort.excused_absences) == (75, "absent")
    browser.post(f"/admin/cohorts/{cohort.id}", {**data, "attendance_minimum": ""})
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).attendance_minimum is None


def test_dashboard_has_the_attendance_column_and_flag(browser, admin, programme):
    cohort = programme["cohort"]
    browser.login(admin.email)
    page = browser.get(f"/analytics/cohorts/{cohort.id}").get_data(as_text=True)
    assert "33%" in page and "Low attendance" in page
    assert f"/attendance/cohorts/{cohort.id}" in page
    ordered = browser.get(f"/analytics/cohorts/{cohort.id}?sort=attendance")
    assert ordered.status_code == 200
    table = browser.get(f"/analytics/cohorts/{cohort.id}?format=csv")
    rows = list(
        csv.DictReader(io.StringIO(table.get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0]["attendance_percent"] == "33"
    assert "low_attendance" in rows[0]["flags"]


@pytest.mark.parametrize("who", ["admin", "teacher"])
def test_staff_see_the_matrix_and_a_participant(
    app, admin, trainer, teach, participant, programme, who
):
    cohort = programme["cohort"]
    teach(trainer, cohort)
    browser = signed_in(app, admin if who == "admin" else trainer)
    page = browser.get(f"/attendance/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Aygün Məmmədova" in page and "Stranger" not in page
    assert "Study visit" in page and "33%" in page
    assert "P present, L late" in page
    one = browser.get(f"/attendance/cohorts/{cohort.id}/participants/{participant.id}")
    text = one.get_data(as_text=True)
    assert one.status_code == 200 and "Stayed home ill" in text and "33%" in text
    progress = browser.get(f"/analytics/participants/{participant.id}")
    assert one.request.path in progress.get_data(as_text=True)  # linked from there


def test_the_reports_download_and_are_audited(browser, admin, participant, programme):
    cohort = programme["cohort"]
    browser.login(admin.email)
    base = f"/attendance/cohorts/{cohort.id}"
    matrix = browser.get(base + "?format=csv").get_data(as_text=True).lstrip("\ufeff")
    header, row = list(csv.reader(io.StringIO(matrix)))
    assert header[:5] == ["name", "email", "share_percent", "attended", "counted"]
    assert header[5].endswith("Study visit") and len(header) == 8
    assert row[:5] == ["Aygün Məmmədova", participant.email, "33", "1", "3"]
    assert row[5:] == ["present", "absent", ""]
    one = browser.get(f"{base}/participants/{participant.id}?format=xlsx")
    assert one.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(one.data)).active
    cells = [[c.value for c in line] for line in sheet.iter_rows()]
    assert cells[0] == ["starts_at_utc", "session", "mark", "note", "counts_as"]
    assert cells[2][1:] == ["Border law", "absent", "Stayed home ill", "missed"]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.downloaded")
    ).all()
    assert [e.target for e in events] == [
        f"cohort-{cohort.id}-attendance",
        f"cohort-{cohort.id}-attendance-{participant.id}",
    ]


def test_a_participant_sees_their_own_attendance(browser, participant, programme):
    browser.login(participant.email)
    page = browser.get("/attendance/mine").get_data(as_text=True)
    assert "Your attendance" in page and "Stayed home ill" in page
    assert "Stranger" not in page
    download = browser.get("/attendance/mine?format=csv").get_data(as_text=True)
    assert "Border law" in download and "Study visit" in download


def test_refusals(app, client, participant, trainer, make_user, teach, programme):
    cohort, other = programme["cohort"], programme["other"]
    stranger = programme["stranger"]
    matrix = f"/attendance/cohorts/{cohort.id}"
    mine = f"{matrix}/participants/{participant.id}"
    pupil = signed_in(app, participant)
    assert pupil.get(matrix).status_code == 403
    assert pupil.get(mine).status_code == 403  # not even their own, by staff's door
    assert pupil.get(f"{matrix}/participants/{stranger.id}").status_code == 403
    assert pupil.get(matrix + "?format=csv").status_code == 403
    teach(trainer, other)  # teaches another cohort only
    outsider = signed_in(app, trainer)
    assert outsider.get(matrix).status_code == 404
    assert outsider.get(mine).status_code == 404
    assert outsider.get(mine + "?format=xlsx").status_code == 404
    assert outsider.get("/attendance/mine").status_code == 404  # in no cohort
    # a participant of another cohort, asked for through this one
    assert (
        outsider.get(
            f"/attendance/cohorts/{other.id}/participants/{participant.id}"
        ).status_code
        == 404
    )
    for url in (matrix, mine, "/attendance/mine"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
