"""The printable appointment slip (PDF): dossier code, procedure, appointment date, tracking QR.

No personal data is printed (no name, no ID number): the slip may be left on the counter.
Rendered with Pillow in Be Vietnam Pro, wrapped into a PDF by img2pdf. Printer adapters that
take PDFs (``reference_kiosk.devices.printer.SpoolFolderPrinter``) call ``render_slip``.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from reference_kiosk.i18n import translator
from reference_kiosk.ports import Slip
from reference_kiosk.ui.fonts import Weight, font_path

__all__ = ["render_slip", "slip_image"]

_DPI = 200
_SIZE = (827, 1165)  # A6 portrait at 200 dpi


def _qr_image(payload: str, size: int) -> Image.Image:
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m").save(out, kind="png", scale=8, border=2)
    out.seek(0)
    return Image.open(out).convert("L").resize((size, size), Image.Resampling.NEAREST)


def render_slip(slip: Slip) -> bytes:
    """A one-page A6 PDF of the receipt the citizen sees on screen."""
    import img2pdf

    png = io.BytesIO()
    slip_image(slip).save(png, "PNG", dpi=(_DPI, _DPI))
    pdf: bytes = img2pdf.convert(png.getvalue())
    return pdf


def slip_image(slip: Slip) -> Image.Image:
    t = translator(slip.lang)
    page = Image.new("L", _SIZE, 255)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(str(font_path(Weight.BOLD)), 44)
    body = ImageFont.truetype(str(font_path(Weight.REGULAR)), 32)
    small = ImageFont.truetype(str(font_path(Weight.REGULAR)), 26)
    y = 50
    for text, font in (
        (t("app.title"), bold),
        (slip.procedure_name, body),
        (t("receipt.local_reference") if slip.offline else t("receipt.code"), body),
        (slip.reference, bold),
    ):
        draw.text((50, y), text, font=font, fill=0)
        y += int(font.size * 1.6)
    if slip.appointment_date is not None:
        draw.text((50, y), t("receipt.appointment", date=t.date(slip.appointment_date)), font=body, fill=0)
        y += 60
    if slip.offline:
        draw.multiline_text((50, y), t("receipt.offline.title"), font=body, fill=0)
        y += 60
        # What happens if the queued dossier cannot be delivered in time (decision 0015).
        note = t("receipt.offline.slip")
        draw.multiline_text((50, y), note, font=small, fill=0, spacing=6)
        y += 34 * (note.count("\n") + 1) + 20
    if slip.tracking_qr:
        page.paste(_qr_image(slip.tracking_qr, 420), ((_SIZE[0] - 420) // 2, y + 20))
    return page
