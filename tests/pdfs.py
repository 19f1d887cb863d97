"""Small PDFs built with pikepdf while the tests run: a clean CV, and CVs carrying
each kind of active content the portal refuses."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String


def _document(text: str = "Curriculum vitae") -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    page = pdf.pages[0]
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    page.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode())
    return pdf


def _bytes(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    # Uncompressed, so a test can find the page's text in the stored bytes.
    pdf.save(buffer, compress_streams=False)
    return buffer.getvalue()


def clean_pdf(text: str = "Curriculum vitae") -> bytes:
    """One page of text, and a link: what a CV should be."""
    pdf = _document(text)
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([72, 700, 200, 720]),
        A=Dictionary(S=Name.URI, URI=String("https://example.org/")),
    )
    pdf.pages[0].Annots = pdf.make_indirect(Array([pdf.make_indirect(link)]))
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])  # a destination only
    return _bytes(pdf)


def open_action_javascript_pdf() -> bytes:
    pdf = _document()
    pdf.Root.OpenAction = Dictionary(
        Type=Name.Action, S=Name.JavaScript, JS=String("app.alert('hello');")
    )
    return _bytes(pdf)


def embedded_file_pdf() -> bytes:
    pdf = _document()
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden payload")
    return _bytes(pdf)


def additional_actions_pdf() -> bytes:
    """A page that runs a launch action when it is opened (/AA)."""
    pdf = _document()
    launch = Dictionary(S=Name.Launch, F=String("calc.exe"))
    pdf.pages[0].AA = Dictionary(O=pdf.make_indirect(launch))
    return _bytes(pdf)


def launch_link_pdf() -> bytes:
    """A link whose action starts a program, deep in an indirect annotation."""
    pdf = _document()
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([72, 700, 200, 720]),
        A=Dictionary(S=Name.Launch, F=String("cmd.exe")),
    )
    pdf.pages[0].Annots = Array([pdf.make_indirect(link)])
    return _bytes(pdf)


def xfa_pdf() -> bytes:
    pdf = _document()
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp></xdp:xdp>")
    )
    return _bytes(pdf)


def rich_media_pdf() -> bytes:
    pdf = _document()
    media = Dictionary(
        Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([0, 0, 10, 10])
    )
    pdf.pages[0].Annots = Array([media])  # a direct annotation
    return _bytes(pdf)


def locked_pdf() -> bytes:
    buffer = io.BytesIO()
    _document().save(
        buffer, encryption=pikepdf.Encryption(user="secret", owner="owner")
    )
    return buffer.getvalue()
