"""Every download of personal data is in the audit log: who took which table or file,
in which format, how many rows, and from where."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from tests.conftest import signed_in
from tests.functional import test_admissions as admissions
from tests.functional import test_analytics_pages as analytics
from tests.functional.test_admissions import apply, register

cohort, staff = admissions.cohort, admissions.staff  # the admissions fixtures
cohorts, TABLES = analytics.cohorts, analytics.TABLES


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        )
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("url", TABLES)
def test_every_table_download_is_recorded(browser, admin, cohorts, url, fmt):
    browser.login(admin.email)
    url = url.format(taught=cohorts[0].id)
    browser.get(url)
    assert _events("export.downloaded") == []  # looking at the page is no export
    response = browser.get(
        f"{url}?format={fmt}", environ_base={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert response.status_code == 200
    [event] = _events("export.downloaded")
    stem = response.headers["Content-Disposition"].split('"')[1].rsplit(".", 1)[0]
    assert (event.actor_id, event.target, event.origin) == (admin.id, stem, "192.0.2.7")
    assert event.detail["format"] == fmt and isinstance(event.detail["rows"], int)


def test_the_applications_export_is_recorded(app, client, cohort, staff):
    applicant = register(client, cohort)
    apply(applicant, cohort)
    admin = signed_in(app, "boss@example.org")
    admin.get(f"/selection/cohorts/{cohort.id}/applications.xlsx")
    [event] = _events("export.downloaded")
    assert event.target == f"applications-{cohort.id}"
    assert event.detail == {"format": "xlsx", "rows": 1}
    assert event.actor_id == staff["admin"].id


def test_cv_and_own_data_downloads_are_recorded(app, client, cohort, staff):
    applicant = register(client, cohort)
    application_id, _ = apply(applicant, cohort)
    reviewer = signed_in(app, "reviewer@example.org")
    reviewer.get(f"/applications/{application_id}/cv")
    applicant.get("/my-applications/data.json")
    [cv] = _events("cv.downloaded")
    assert (cv.actor_id, cv.target) == (
        staff["reviewer"].id,
        f"application {application_id}",
    )
    [own] = _events("export.downloaded")
    assert own.target == "own application data"
    assert "Nigar" not in str(own.detail) + own.target  # the log names no one
