"""The printable appointment slip (PDF): dossier code, procedure, appointment date, tracking QR.

No personal data is printed (no name, no ID number): the slip may be left on the counter.
Rendered with Pillow in Be Vietnam Pro, wrapped into a PDF by img2pdf.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from reference_kiosk.flow.views import ReceiptView
from reference_kiosk.i18n import Translator
from reference_kiosk.ui.fonts import Weight, font_path

if TYPE_CHECKING:
    from reference_kiosk.ui.scenes.base import SlipPrinter

__all__ = ["render_slip", "slip_image", "spool_slips"]

_DPI = 200
_SIZE = (827, 1165)  # A6 portrait at 200 dpi


def _qr_image(payload: str, size: int) -> Image.Image:
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m").save(out, kind="png", scale=8, border=2)
    out.seek(0)
    return Image.open(out).convert("L").resize((size, size), Image.Resampling.NEAREST)


def render_slip(view: ReceiptView, t: Translator) -> bytes:
    """A one-page A6 PDF of the receipt the citizen sees on screen."""
    import img2pdf

    png = io.BytesIO()
    slip_image(view, t).save(png, "PNG", dpi=(_DPI, _DPI))
    pdf: bytes = img2pdf.convert(png.getvalue())
    return pdf


def spool_slips(folder: Path) -> SlipPrinter:
    """A slip printer writing each slip as ``folder/<reference>.pdf`` (a print queue's spool)."""

    def print_slip(pdf: bytes, reference: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in reference)
        (folder / f"{safe}.pdf").write_bytes(pdf)

    return print_slip


def slip_image(view: ReceiptView, t: Translator) -> Image.Image:
    page = Image.new("L", _SIZE, 255)
    draw = ImageDraw.Draw(page)
    bold = ImageFont.truetype(str(font_path(Weight.BOLD)), 44)
    body = ImageFont.truetype(str(font_path(Weight.REGULAR)), 32)
    y = 50
    for text, font in (
        (t("app.title"), bold),
        (view.procedure_name, body),
        (t("receipt.code") if view.dossier_code else t("receipt.local_reference"), body),
        (view.dossier_code or view.local_reference, bold),
    ):
        draw.text((50, y), text, font=font, fill=0)
        y += int(font.size * 1.6)
    if view.appointment_date is not None:
        draw.text((50, y), t("receipt.appointment", date=t.date(view.appointment_date)), font=body, fill=0)
        y += 60
    if view.offline:
        draw.multiline_text((50, y), t("receipt.offline.title"), font=body, fill=0)
        y += 60
    if view.tracking_qr:
        page.paste(_qr_image(view.tracking_qr, 420), ((_SIZE[0] - 420) // 2, y + 20))
    return page
