"""What an uploaded PDF may hold: pages, text, images and plain links, nothing that
acts on its own when a reader opens it (read with pikepdf, which wraps qpdf).

Refusing is simpler and safer than cleaning: a cleaned file is no longer the one its
author sent, and a checker that missed one trigger would serve it as safe.
"""

from __future__ import annotations

import io
from enum import StrEnum

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Pdf, Stream


class PdfProblem(StrEnum):
    NOT_PDF = "not_pdf"
    LOCKED = "locked"  # needs a password to open
    JAVASCRIPT = "javascript"
    ACTIONS = "actions"  # runs something on opening, on a page or a field
    EMBEDDED_FILES = "embedded_files"
    XFA_FORM = "xfa_form"
    MEDIA = "media"


#: Actions that only move within the document or open a link when clicked.
PLAIN_ACTIONS = frozenset({"/GoTo", "/URI", "/Named", "/Thread"})
#: Keys that hold an action, and what a trigger may hold.
ACTION_KEYS = ("/A", "/Next")
#: Annotations and objects that play media or carry files.
MEDIA_SUBTYPES = frozenset({"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"})
FILE_KEYS = frozenset({"/EmbeddedFiles", "/EmbeddedFile", "/EF"})


def pdf_problem(data: bytes) -> PdfProblem | None:
    """The first reason ``data`` is not a plain PDF to accept, or None.

    The content decides, never the file's name: it must start as a PDF, open as one
    and have at least one page.
    """
    if not data.startswith(b"%PDF-"):
        return PdfProblem.NOT_PDF
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) == 0:
                return PdfProblem.NOT_PDF
            return _active_content(pdf)
    except pikepdf.PasswordError:
        return PdfProblem.LOCKED
    except (pikepdf.PdfError, ValueError, RecursionError):
        return PdfProblem.NOT_PDF


def _active_content(pdf: Pdf) -> PdfProblem | None:
    for obj in [pdf.trailer, *pdf.objects]:
        if problem := _walk(obj):
            return problem
    return None


def _walk(obj: Object) -> PdfProblem | None:
    """``obj`` and the direct objects inside it; objects of their own (indirect) are
    walked as members of ``pdf.objects``, which also ends reference loops."""
    if isinstance(obj, Dictionary | Stream):
        if problem := _dictionary_problem(obj):
            return problem
        children = [obj[key] for key in obj.keys()]
    elif isinstance(obj, Array):
        children = list(obj)
    else:
        return None
    for child in children:
        direct = isinstance(child, Object) and not child.is_indirect
        if direct and (problem := _walk(child)):
            return problem
    return None


def _dictionary_problem(obj: Dictionary | Stream) -> PdfProblem | None:
    keys = set(obj.keys())
    if keys & {"/JS", "/JavaScript"}:
        return PdfProblem.JAVASCRIPT
    if keys & FILE_KEYS or obj.get("/Subtype") == Name.FileAttachment:
        return PdfProblem.EMBEDDED_FILES
    if "/XFA" in keys:
        return PdfProblem.XFA_FORM
    if str(obj.get("/Subtype", "")) in MEDIA_SUBTYPES or "/RichMediaContent" in keys:
        return PdfProblem.MEDIA
    if "/AA" in keys:  # triggers: a page opens, a field changes, the file closes
        return PdfProblem.ACTIONS
    opening = obj.get("/OpenAction")
    if isinstance(opening, Dictionary):
        # A destination (an array) only chooses the first page shown; an action
        # dictionary runs as the file opens, and only moving to a page is harmless.
        if problem := _action_problem(opening):
            return problem
        if opening.get("/S") != Name.GoTo:
            return PdfProblem.ACTIONS
    if obj.get("/Type") == Name.Action:
        return _action_problem(obj)
    for key in ACTION_KEYS:
        if key in keys and (problem := _action_problem(obj[key])):
            return problem
    return None


def _action_problem(action: Object) -> PdfProblem | None:
    if isinstance(action, Array):  # a chain of actions (/Next)
        for item in action:
            if problem := _action_problem(item):
                return problem
        return None
    if not isinstance(action, Dictionary):
        return None
    kind = str(action.get("/S", ""))
    if kind == "/JavaScript":
        return PdfProblem.JAVASCRIPT
    if kind not in PLAIN_ACTIONS:
        return PdfProblem.ACTIONS
    if "/Next" in action:
        return _action_problem(action["/Next"])
    return None
