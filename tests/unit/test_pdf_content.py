"""Which PDFs a CV upload accepts: plain documents only, judged by their content."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from portal.certificate_pdf import render_certificate_pdf
from portal.domain.pdf_content import PdfProblem, pdf_problem
from tests import pdfs


@pytest.mark.parametrize(
    ("build", "problem"),
    [
        (pdfs.clean_pdf, None),
        (pdfs.open_action_javascript_pdf, PdfProblem.JAVASCRIPT),
        (pdfs.embedded_file_pdf, PdfProblem.EMBEDDED_FILES),
        (pdfs.additional_actions_pdf, PdfProblem.ACTIONS),
        (pdfs.launch_link_pdf, PdfProblem.ACTIONS),
        (pdfs.xfa_pdf, PdfProblem.XFA_FORM),
        (pdfs.rich_media_pdf, PdfProblem.MEDIA),
        (pdfs.locked_pdf, PdfProblem.LOCKED),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_each_kind_of_active_content_is_found(build, problem):
    assert pdf_problem(build()) == problem


def test_a_pdf_from_another_writer_is_accepted():
    document = render_certificate_pdf(
        full_name="Aygün Məmmədova",
        programme="Migration School",
        issuer="State Migration Service",
        cohort_label="Cohort 2027",
        issued_at=datetime(2027, 8, 31),
        code="MS-TEST",
        verify_url="https://portal.example.org/verify/MS-TEST",
    )
    assert pdf_problem(document) is None


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cv.pdf", pdfs.clean_pdf())
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"MZ\x90\x00 a program named cv.pdf",
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7\n%%EOF\n",  # a header and an end, nothing between
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no pages
        b" " + b"%PDF-1.4",
    ],
    ids=["empty", "program", "html", "header-only", "no-pages", "late-header"],
)
def test_what_is_not_a_pdf_is_refused(data):
    assert pdf_problem(data) is PdfProblem.NOT_PDF


def test_a_zip_holding_a_pdf_is_not_a_pdf():
    assert pdf_problem(_zip()) is PdfProblem.NOT_PDF


def test_javascript_in_a_link_is_found_too():
    clean = pdfs.clean_pdf()
    # The same file with its link turned into JavaScript (qpdf mends the offsets).
    tampered = clean.replace(b"/S /URI", b"/S /JavaScript /JS (x)", 1)
    assert tampered != clean
    assert pdf_problem(tampered) is PdfProblem.JAVASCRIPT
