"""The cohort dashboard in a real browser: chart, its table alternative, the Excel
download, the audit."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from portal.extensions import db
from portal.models import Cohort, User
from tests.e2e.conftest import ARTIFACTS, AUDIT_SCRIPT, sign_in


def _cohort_id(live_app) -> int:
    with live_app.app_context():
        cohort = db.session.query(Cohort).filter_by(name="E2E analytics").first()
        if cohort is None:
            cohort = Cohort(name="E2E analytics")
            db.session.add(cohort)
            db.session.flush()
            leyla = db.session.query(User).filter_by(email="leyla@example.org").one()
            leyla.cohort_id = cohort.id
            db.session.commit()
        return cohort.id


def test_dashboard_shows_chart_and_table(page, live_app):
    cohort_id = _cohort_id(live_app)
    sign_in(page, "admin@example.org")
    page.goto(f"/analytics/cohorts/{cohort_id}")
    assert page.locator("svg.chart[role=img]").count() >= 2
    assert page.locator("svg.chart title").first.text_content()
    page.get_by_text("Show the numbers as a table").first.click()
    assert page.locator("details.chart-table table").first.is_visible()
    assert page.get_by_role("link", name="Leyla Əhmədova").is_visible()
    with page.expect_download() as started:
        page.get_by_role("link", name="Download Excel").click()
    download = started.value
    assert download.suggested_filename == f"cohort-{cohort_id}-progress.xlsx"
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    assert ["Leyla Əhmədova"] in [
        list(r[:1]) for r in sheet.iter_rows(values_only=True)
    ]
    assert page.evaluate(AUDIT_SCRIPT) == []
    page.screenshot(path=str(ARTIFACTS / "analytics-dashboard.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not overflow
    page.screenshot(path=str(ARTIFACTS / "analytics-dashboard-360.png"), full_page=True)
    for url in (
        "/analytics/",
        f"/analytics/cohorts/{cohort_id}/lessons",
        f"/analytics/cohorts/{cohort_id}/quizzes",
        f"/analytics/cohorts/{cohort_id}/quizzes/basics",
        "/admin/users",
        "/admin/audit",
        "/analytics/certificates",
        "/admin/users/invite",
    ):
        page.goto(url)
        assert page.evaluate(AUDIT_SCRIPT) == [], url
