"""Uploaded CVs: what is accepted (a plain PDF, checked by content) and why a file
is refused, in the applicant's language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from portal.domain.pdf_content import PdfProblem, pdf_problem
from portal.services.errors import FormInvalid


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _refusal(problem: PdfProblem) -> str:
    if problem is PdfProblem.NOT_PDF:
        return _("The CV must be a PDF file.")
    if problem is PdfProblem.LOCKED:
        return _(
            "The CV is protected by a password. Upload a copy that opens without one."
        )
    return {
        PdfProblem.JAVASCRIPT: _(
            "The CV contains JavaScript, which we do not accept. Save it again as "
            "a plain PDF (for example with “Print to PDF”) and upload that copy."
        ),
        PdfProblem.ACTIONS: _(
            "The CV contains actions that run when it is opened or clicked, which "
            "we do not accept. Save it again as a plain PDF (for example with "
            "“Print to PDF”) and upload that copy."
        ),
        PdfProblem.EMBEDDED_FILES: _(
            "The CV has other files attached inside it, which we do not accept. "
            "Save it again as a plain PDF (for example with “Print to PDF”) and "
            "upload that copy."
        ),
        PdfProblem.XFA_FORM: _(
            "The CV is an XFA form, which we do not accept. Save it again as a "
            "plain PDF (for example with “Print to PDF”) and upload that copy."
        ),
        PdfProblem.MEDIA: _(
            "The CV contains video, sound or 3D content, which we do not accept. "
            "Save it again as a plain PDF (for example with “Print to PDF”) and "
            "upload that copy."
        ),
    }[problem]


def check_pdf(upload: Upload, max_bytes: int) -> None:
    """A CV must really be a PDF (checked by content, not name), not too large, and
    hold nothing that acts on its own: no JavaScript, actions on opening or on a
    page, attached files, XFA forms or media (:mod:`portal.domain.pdf_content`).

    :raise FormInvalid: on the ``cv`` field, saying what to do instead.
    """
    if len(upload.data) > max_bytes:
        raise FormInvalid(
            {"cv": _("The CV is larger than %(n)d MB.", n=max_bytes // (1024 * 1024))}
        )
    if problem := pdf_problem(upload.data):
        raise FormInvalid({"cv": _refusal(problem)})
