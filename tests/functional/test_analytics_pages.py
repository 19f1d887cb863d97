"""Analytics pages: what each role sees, what it is refused, and the downloads."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from portal.downloads import XLSX
from portal.extensions import db
from portal.models import Cohort, CohortStaff
from portal.services.learning import complete_lesson
from portal.timeutil import utcnow
from tests.integration.test_analytics import add_attempt


@pytest.fixture
def cohorts(course, participant, make_user):
    today = utcnow().date()
    taught = Cohort(name="Taught cohort", starts_on=today - timedelta(days=30))
    other = Cohort(name="Other cohort", starts_on=today - timedelta(days=30))
    db.session.add_all([taught, other])
    db.session.flush()
    participant.cohort_id = taught.id
    stranger = make_user("participant", "stranger@example.org", "=Formula Person")
    stranger.cohort_id = other.id
    add_attempt(participant, 1, (1, 0, 0), utcnow() - timedelta(days=1))
    add_attempt(participant, 2, (0, 0, 1), utcnow() - timedelta(hours=1))
    db.session.commit()
    return taught, other, stranger


def teach(trainer, cohort):
    db.session.add(CohortStaff(cohort_id=cohort.id, user_id=trainer.id, duty="teacher"))
    db.session.commit()


def test_admin_sees_every_page(browser, admin, participant, cohorts):
    taught, other, _stranger = cohorts
    browser.login(admin.email)
    for url, text in [
        ("/analytics/", "Taught cohort"),
        (f"/analytics/cohorts/{taught.id}", "Aygün Məmmədova"),
        (
            f"/analytics/cohorts/{taught.id}?status=at_risk&sort=risk&dir=desc",
            "Failed a quiz",
        ),
        (f"/analytics/participants/{participant.id}", "attempt 2"),
        (f"/analytics/cohorts/{taught.id}/quizzes", "Pass rate"),
        (f"/analytics/cohorts/{taught.id}/lessons", "Share of the cohort"),
        (f"/analytics/cohorts/{taught.id}/quizzes/basics", "Facility"),
        (f"/analytics/cohorts/{taught.id}/quizzes/basics?attempts=first", "First"),
        ("/analytics/certificates", "Issued certificates"),
    ]:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert text in response.get_data(as_text=True), url
    page = browser.get(f"/analytics/cohorts/{taught.id}").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert "Show the numbers as a table" in page


def test_dashboard_csv_has_every_participant_and_is_formula_safe(
    browser, admin, cohorts
):
    _taught, other, _stranger = cohorts
    browser.login(admin.email)
    response = browser.get(f"/analytics/cohorts/{other.id}?format=csv")
    assert response.mimetype == "text/csv"
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0][:3] == ["name", "email", "active"]
    assert rows[1][0] == "'=Formula Person"
    assert "basics_status" in rows[0]


TABLES = [
    "/analytics/cohorts/{taught}",
    "/analytics/cohorts/{taught}/lessons",
    "/analytics/cohorts/{taught}/quizzes",
    "/analytics/cohorts/{taught}/quizzes/basics",
    "/analytics/certificates",
    "/admin/users",
    "/admin/audit",
]


@pytest.mark.parametrize("url", TABLES)
def test_every_table_downloads_as_csv_and_excel(browser, admin, cohorts, url):
    browser.login(admin.email)
    url = url.format(taught=cohorts[0].id)
    page = browser.get(url).get_data(as_text=True)
    assert "format=csv" in page and "format=xlsx" in page  # both links offered
    as_csv = browser.get(url + "?format=csv")
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    assert "attachment" in as_csv.headers["Content-Disposition"]
    as_xlsx = browser.get(url + "?format=xlsx")
    assert as_xlsx.status_code == 200 and as_xlsx.mimetype == XLSX
    assert '.xlsx"' in as_xlsx.headers["Content-Disposition"]
    csv_rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True)[1:])))
    sheet = load_workbook(io.BytesIO(as_xlsx.data)).active
    xlsx_rows = [
        ["" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert xlsx_rows[0] == csv_rows[0]  # same headers
    recorded = 1 if url == "/admin/audit" else 0  # the CSV download, logged
    assert len(xlsx_rows) == len(csv_rows) + recorded  # same rows


def test_excel_keeps_text_as_text(browser, admin, cohorts):
    _taught, other, _stranger = cohorts
    browser.login(admin.email)
    response = browser.get(f"/analytics/cohorts/{other.id}?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.value == "=Formula Person" and cell.data_type == "s"  # not a formula
    assert sheet.freeze_panes == "A2"


def test_unknown_download_format_shows_the_page(browser, admin, cohorts):
    browser.login(admin.email)
    response = browser.get("/admin/users?format=exe")
    assert response.status_code == 200 and response.mimetype == "text/html"


def test_trainer_sees_only_the_cohorts_they_teach(browser, trainer, cohorts):
    taught, other, stranger = cohorts
    browser.login(trainer.email)
    # Teaching nothing yet: no cohort is visible, nothing is implied.
    assert "Other cohort" not in browser.get("/analytics/").get_data(as_text=True)
    assert browser.get(f"/analytics/cohorts/{other.id}").status_code == 404
    teach(trainer, taught)
    index = browser.get("/analytics/").get_data(as_text=True)
    assert "Taught cohort" in index and "Other cohort" not in index
    assert browser.get(f"/analytics/cohorts/{taught.id}").status_code == 200
    for url in (
        f"/analytics/cohorts/{other.id}",
        f"/analytics/cohorts/{other.id}?format=csv",
        f"/analytics/cohorts/{other.id}?format=xlsx",
        f"/analytics/cohorts/{other.id}/lessons",
        f"/analytics/cohorts/{other.id}/lessons?format=xlsx",
        f"/analytics/cohorts/{other.id}/quizzes",
        f"/analytics/cohorts/{other.id}/quizzes/basics",
        f"/analytics/participants/{stranger.id}",
    ):
        assert browser.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/analytics/certificates",
        "/analytics/certificates/1",
        "/admin/users",
        "/admin/users/invite",
        "/admin/users/1",
        "/admin/audit",
    ],
)
def test_trainer_is_refused_admin_pages(browser, trainer, url):
    browser.login(trainer.email)
    assert browser.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/analytics/",
        "/analytics/cohorts/1",
        "/analytics/participants/1",
        "/analytics/cohorts/1/quizzes",
        "/analytics/cohorts/1/lessons",
        "/analytics/cohorts/1?format=xlsx",
        "/analytics/certificates",
        "/admin/users",
        "/admin/audit",
    ],
)
def test_participant_is_refused(browser, participant, url):
    browser.login(participant.email)
    assert browser.get(url).status_code == 403


def test_refused_posts(browser, trainer, participant):
    for person in (trainer, participant):
        browser.login(person.email)
        for url in (
            "/analytics/certificates/1/revoke",
            "/analytics/certificates/1/reissue",
            f"/admin/users/{participant.id}/role",
            f"/admin/users/{participant.id}/active",
            f"/admin/users/{participant.id}/reset",
        ):
            assert browser.post(url, {"role": "admin"}).status_code == 403, url
        browser.logout()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/analytics/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_assigns_a_teacher_on_the_cohort_page(browser, admin, trainer, cohorts):
    taught = cohorts[0]
    browser.login(admin.email)
    page = browser.get(f"/admin/cohorts/{taught.id}").get_data(as_text=True)
    assert "Teachers" in page
    browser.post(f"/admin/cohorts/{taught.id}/staff", {"teachers": [str(trainer.id)]})
    duties = db.session.query(CohortStaff).filter_by(user_id=trainer.id).all()
    assert [d.duty for d in duties] == ["teacher"]


def test_lesson_report_counts_the_cohort_only(browser, admin, cohorts, make_user):
    taught, _other, stranger = cohorts
    ayla = make_user("participant", "ayla@example.org", "Ayla")
    ayla.cohort_id = taught.id
    db.session.commit()
    now = utcnow()
    complete_lesson(ayla.id, "basics", "who-is-a-migrant", now)
    complete_lesson(ayla.id, "basics", "measuring", now)
    complete_lesson(stranger.id, "basics", "who-is-a-migrant", now)  # other cohort
    browser.login(admin.email)
    response = browser.get(f"/analytics/cohorts/{taught.id}/lessons?format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True)[1:])))
    assert rows[0] == [
        "module",
        "lesson",
        "title",
        "completed",
        "share_percent",
        "change",
    ]
    by_lesson = {row[1]: row[3:] for row in rows[1:]}
    assert by_lesson["who-is-a-migrant"] == ["1", "50.0", ""]  # 1 of 2, the first
    assert by_lesson["measuring"] == ["1", "50.0", "0"]
    assert by_lesson["refugees"] == ["0", "0.0", "-1"]
