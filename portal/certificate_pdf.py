"""The certificate as an A4 landscape PDF, with a QR code to its verification page."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = Path(__file__).parent / "static" / "fonts"
# DejaVu covers every Azerbaijani letter (Ə ə Ğ ğ I ı İ i Ş ş Ç ç Ö ö Ü ü).
_FACES = {
    "Serif": "DejaVuSerif.ttf",
    "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "Sans": "DejaVuSans.ttf",
    "Sans-Bold": "DejaVuSans-Bold.ttf",
}
NAVY = HexColor("#12355b")
GOLD = HexColor("#b08d2f")


def _register_fonts() -> None:
    for name, filename in _FACES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / filename)))


def _fitting_size(text: str, font: str, largest: float, room: float) -> float:
    """The largest font size up to ``largest`` at which ``text`` fits in ``room``."""
    width = pdfmetrics.stringWidth(text, font, largest)
    return largest if width <= room else max(10.0, largest * room / width)


def render_certificate_pdf(
    *,
    full_name: str,
    programme: str,
    issuer: str,
    cohort_label: str,
    issued_at: datetime,
    code: str,
    verify_url: str,
) -> bytes:
    """Draw the certificate; every text is passed in, nothing is looked up."""
    _register_fonts()
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    pdf.setTitle(f"{programme} certificate – {full_name}")
    pdf.setAuthor(issuer)

    pdf.setStrokeColor(NAVY)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(1)
    pdf.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    centre = width / 2
    pdf.setFillColor(NAVY)
    pdf.setFont("Sans", 12)
    pdf.drawCentredString(centre, height - 38 * mm, issuer.upper())
    pdf.setFont("Serif-Bold", 34)
    pdf.drawCentredString(centre, height - 62 * mm, "Certificate of completion")
    pdf.setFillColor(HexColor("#222222"))
    pdf.setFont("Sans", 13)
    pdf.drawCentredString(centre, height - 80 * mm, "This certifies that")
    name_size = _fitting_size(full_name, "Serif-Bold", 30, width - 60 * mm)
    pdf.setFont("Serif-Bold", name_size)
    pdf.drawCentredString(centre, height - 98 * mm, full_name)
    pdf.setFont("Sans", 13)
    pdf.drawCentredString(
        centre, height - 114 * mm, "has successfully completed the programme"
    )
    pdf.setFont("Serif-Bold", 20)
    pdf.setFillColor(NAVY)
    pdf.drawCentredString(centre, height - 128 * mm, programme)
    pdf.setFillColor(HexColor("#222222"))
    if cohort_label:
        pdf.setFont("Sans", 12)
        pdf.drawCentredString(centre, height - 138 * mm, cohort_label)

    pdf.setFont("Sans", 11)
    pdf.drawString(28 * mm, 40 * mm, f"Issued on {issued_at:%d %B %Y}")
    pdf.drawString(28 * mm, 33 * mm, f"Verification code: {code}")
    pdf.setFont("Sans", 9)
    pdf.drawString(28 * mm, 27 * mm, f"Verify at {verify_url}")

    size = 34 * mm
    widget = QrCodeWidget(verify_url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - 28 * mm - size, 22 * mm)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
