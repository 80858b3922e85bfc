"""The printable appointment slip (PDF): procedure, submitter's initials, dossier code, appointment
date, where to collect the result, fee status and the dossier code as a tracking QR (issue 13.8).

The name is printed as initials only (``domain.privacy.initials``), never the ID number: the slip
may be left on the counter.
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
_QR_SIDE = 360  # the dossier code's QR, as large as the space below the text allows


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


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width: a long procedure or agency name stays on the paper."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def _payment_lines(slip: Slip) -> list[tuple[str, str]]:
    """A payment receipt: what was paid for which dossier, its receipt number and time."""
    t = translator(slip.lang)
    out = [
        (t("app.title"), "bold"),
        (t("slip.payment.title"), "bold"),
        (f"{t('receipt.code')}: {slip.reference}", "body"),
        (t("pay.receipt_number", number=slip.receipt_number), "body"),
        (t("pay.paid_amount", amount=t.money(slip.amount_paid)), "body"),
    ]
    if slip.paid_at is not None:
        out.append((t("pay.paid_at", when=t.datetime(slip.paid_at)), "small"))
    return out


def _lines(slip: Slip) -> list[tuple[str, str]]:
    """What the slip says, top to bottom, as (text, style)."""
    t = translator(slip.lang)
    if slip.receipt_number:
        return _payment_lines(slip)
    out = [(t("app.title"), "bold"), (slip.procedure_name, "body")]
    if slip.masked_name:
        out.append((t("slip.submitter", name=slip.masked_name), "small"))
    out += [
        (t("receipt.local_reference") if slip.offline else t("receipt.code"), "body"),
        (slip.reference, "bold"),
    ]
    if slip.appointment_date is not None:
        out.append((t("receipt.appointment", date=t.date(slip.appointment_date)), "body"))
    if slip.agency_name:
        out.append((t("slip.collect", agency=slip.agency_name), "small"))
    if not slip.offline:
        fee = t("slip.fee_due", amount=t.money(slip.fee_due)) if slip.fee_due else t("slip.fee_none")
        out.append((fee, "small"))
    if slip.offline:
        out.append((t("receipt.offline.title"), "body"))
        # What happens if the queued dossier cannot be delivered in time (decision 0015); a
        # promise to send the code only when there is a phone number to send it to.
        out.append(
            (t("receipt.offline.slip" if slip.phone_given else "receipt.offline.slip.no_phone"), "small")
        )
    return out


def slip_image(slip: Slip) -> Image.Image:
    page = Image.new("L", _SIZE, 255)
    draw = ImageDraw.Draw(page)
    fonts = {
        "bold": ImageFont.truetype(str(font_path(Weight.BOLD)), 44),
        "body": ImageFont.truetype(str(font_path(Weight.REGULAR)), 32),
        "small": ImageFont.truetype(str(font_path(Weight.REGULAR)), 26),
    }
    y, width = 40, _SIZE[0] - 100
    for text, style in _lines(slip):
        font = fonts[style]
        for line in _wrapped(draw, text, font, width):
            draw.text((50, y), line, font=font, fill=0)
            y += int(font.size * 1.35)
        y += int(font.size * 0.3)
    if slip.tracking_qr:
        side = max(200, min(_QR_SIDE, _SIZE[1] - y - 40))
        page.paste(_qr_image(slip.tracking_qr, side), ((_SIZE[0] - side) // 2, y + 10))
    return page
