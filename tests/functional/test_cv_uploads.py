"""CV uploads through the application form: plain PDFs only, with a clear reason for
a refusal, and every CV served as a sandboxed attachment."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Application, StoredFile
from tests import pdfs
from tests.conftest import signed_in
from tests.functional import test_admissions as admissions
from tests.functional.test_admissions import apply, register

cohort, staff = admissions.cohort, admissions.staff  # the admissions fixtures


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (pdfs.open_action_javascript_pdf, "The CV contains JavaScript"),
        (pdfs.embedded_file_pdf, "The CV has other files attached inside it"),
        (pdfs.additional_actions_pdf, "The CV contains actions that run"),
        (pdfs.xfa_pdf, "The CV is an XFA form"),
        (pdfs.rich_media_pdf, "The CV contains video, sound or 3D content"),
        (pdfs.locked_pdf, "The CV is protected by a password"),
        (lambda: b"<html>not a pdf</html>", "The CV must be a PDF file."),
    ],
)
def test_active_content_is_refused_with_a_clear_error(client, cohort, build, message):
    applicant = register(client, cohort)
    application_id, response = apply(applicant, cohort, cv_bytes=build())
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and str(escape(message)) in page
    assert 'id="cv-error"' in page  # beside the field it is about
    assert db.session.get(Application, application_id).cv_file_id is None
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_a_plain_pdf_is_kept_and_served_as_a_sandboxed_attachment(
    app,
    client,
    cohort,
    staff,
):
    document = pdfs.clean_pdf("Plain CV")
    applicant = register(client, cohort)
    application_id, response = apply(applicant, cohort, cv_bytes=document)
    assert response.status_code == 302
    for browser in (applicant, signed_in(app, "reviewer@example.org")):
        served = browser.get(f"/applications/{application_id}/cv")
        assert served.status_code == 200 and served.data == document
        assert served.headers["Content-Type"] == "application/pdf"
        disposition = served.headers["Content-Disposition"]
        assert disposition == f'attachment; filename="cv-{application_id}.pdf"'
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        policy = served.headers["Content-Security-Policy"]
        assert policy.startswith("sandbox") and "default-src 'none'" in policy


def test_the_own_data_download_is_a_sandboxed_attachment(client, cohort):
    applicant = register(client, cohort)
    served = applicant.get("/my-applications/data.json")
    assert served.headers["Content-Type"].startswith("application/json")
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["Content-Security-Policy"].startswith("sandbox")
