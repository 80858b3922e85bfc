"""What is printed on a persona's card, both faces, at ID-1 size (85.6 x 54 mm) and scan resolution.

The printed data is the chip's data (``mocks.card.mrz.td1`` is the one MRZ both use) unless a
print fault says otherwise. Two models (card-faces.md): the 2021 CCCD has its QR on the front
and the MRZ on the back; the 2024 căn cước card has both the QR and the MRZ on the back. Which
model a persona holds follows from the issue date (from 1 Jul 2024: the 2024 card).

Print faults (the names tests and scenarios use):

    qr-mismatch       the QR names someone else (another full name): printed and chip data disagree
    qr-damaged        a scratch and a blot over the QR, past its error correction
    mrz-smudged       a smear across the MRZ's date digits and check digits
    card-upside-down  the card lies turned by 180 degrees
    card-rotated=DEG  the card lies turned by DEG degrees (any angle, e.g. 90 or 5)
    wrong-face        the citizen lays the other face on the glass
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from mocks.card.face import draw_face
from mocks.card.mrz import td1
from mocks.citizens import Persona
from mocks.scanner.canvas import BLACK, Canvas
from mocks.scanner.glass import GlassItem, Placement, place_on_glass

__all__ = [
    "CARD_MM",
    "PRINT_FAULT_NAMES",
    "CardFace",
    "CardModel",
    "PrintFaults",
    "card_model",
    "card_on_glass",
    "ocr_b_path",
    "qr_payload",
    "render_face",
]

CARD_MM = (85.6, 54.0)
_TINT = (214, 232, 228)  # the card's pale green-blue guilloche background
_WAVE = (196, 218, 214)
_2024_FROM = dt.date(2024, 7, 1)
_MRZ_PITCH_MM = 2.54  # OCR-B at 10 characters per inch (ICAO 9303-3)
_MRZ_PT = 10.5
_OCR_B_DIRS = (Path("/usr/share/fonts/opentype/ocr-b"), Path("/usr/share/fonts/truetype/ocr-b"))
PRINT_FAULT_NAMES = (
    "qr-mismatch",
    "qr-damaged",
    "mrz-smudged",
    "card-upside-down",
    "card-rotated=DEG",
    "wrong-face",
)


class CardModel(StrEnum):
    CCCD_2021 = "cccd-2021"
    CAN_CUOC_2024 = "can-cuoc-2024"


class CardFace(StrEnum):
    FRONT = "front"
    BACK = "back"

    @property
    def other(self) -> CardFace:
        return CardFace.BACK if self is CardFace.FRONT else CardFace.FRONT


@dataclass(frozen=True, slots=True)
class PrintFaults:
    qr_mismatch: bool = False
    qr_damaged: bool = False
    mrz_smudged: bool = False
    rotation_deg: float = 0.0  # counter-clockwise, as the card lies on the glass
    wrong_face: bool = False

    @classmethod
    def parse(cls, names: tuple[str, ...] | list[str]) -> PrintFaults:
        """From the names above; an unknown name is a ``ValueError`` naming the known ones."""
        faults = cls()
        for raw in names:
            name, _, arg = raw.strip().partition("=")
            if name == "card-rotated" and arg:
                faults = replace(faults, rotation_deg=faults.rotation_deg + float(arg))
            elif name == "card-upside-down" and not arg:
                faults = replace(faults, rotation_deg=faults.rotation_deg + 180.0)
            elif name in ("qr-mismatch", "qr-damaged", "mrz-smudged", "wrong-face") and not arg:
                faults = replace(faults, **{name.replace("-", "_"): True})
            else:
                raise ValueError(f"unknown print fault {raw!r}; known: {', '.join(PRINT_FAULT_NAMES)}")
        return faults


def card_model(who: Persona) -> CardModel:
    return CardModel.CAN_CUOC_2024 if who.date_of_issue >= _2024_FROM else CardModel.CCCD_2021


def ocr_b_path() -> Path:
    """The OCR-B typeface of Debian's ``fonts-ocr-b`` (the MRZ's font)."""
    for folder in _OCR_B_DIRS:
        if (folder / "OCRB.otf").is_file():
            return folder / "OCRB.otf"
    raise FileNotFoundError("OCR-B font not found: install the Debian package fonts-ocr-b")


@functools.lru_cache(maxsize=8)
def _ocr_b(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(ocr_b_path()), size_px)


def _ddmmyyyy(day: dt.date | None) -> str:
    return day.strftime("%d%m%Y") if day else ""


def _printed(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "Không thời hạn"


def qr_payload(who: Persona, faults: PrintFaults = PrintFaults()) -> str:
    """The QR text: the 2021 layout (card-faces.md) or, for the 2024 card, names and ID numbers only."""
    name = who.full_name
    if faults.qr_mismatch:
        name = f"{who.surname} Văn Khác" if who.sex == "M" else f"{who.surname} Thị Khác"
    old = who.old_id_number or ""
    if card_model(who) is CardModel.CCCD_2021:
        fields = (who.id_number, old, name, _ddmmyyyy(who.date_of_birth), who.sex_vi, who.residence)
        return "|".join((*fields, _ddmmyyyy(who.date_of_issue)))
    # The 2024 card's QR content is not public in full; no date of birth is assumed (card-faces.md).
    return "|".join((who.id_number, old, name, who.father_name, who.mother_name, who.spouse_name or ""))


def _body(c: Canvas) -> None:
    w, h = CARD_MM
    draw = ImageDraw.Draw(c.image)
    draw.rounded_rectangle((0, 0, c.px(w) - 1, c.px(h) - 1), radius=c.px(3.2), fill=_TINT)
    for i in range(0, 54, 3):  # guilloche waves: the background looks printed, not flat
        pts = [(c.px(t), c.px(2 + i + 1.2 * ((t // 4) % 2))) for t in range(0, 88, 4)]
        draw.line(pts, fill=_WAVE, width=1)


def _photo(c: Canvas, who: Persona, box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    face = draw_face(who.seed, who.sex == "F").convert("RGB")
    c.image.paste(face.resize((c.px(x1) - c.px(x0), c.px(y1) - c.px(y0))), (c.px(x0), c.px(y0)))


def _front(c: Canvas, who: Persona, model: CardModel, faults: PrintFaults) -> None:
    _body(c)
    c.centered(3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 5.6, "Bold", x=45)
    c.centered(6, "Độc lập - Tự do - Hạnh phúc", 5.4, "Bold", x=45)
    title = "CĂN CƯỚC CÔNG DÂN" if model is CardModel.CCCD_2021 else "CĂN CƯỚC"
    c.centered(10.5, title, 8.5, "Bold", x=45)
    c.centered(
        14.5, "Citizen Identity Card" if model is CardModel.CCCD_2021 else "Identity Card", 5, "Italic", x=45
    )
    _photo(c, who, (3, 17, 23, 43))
    if model is CardModel.CCCD_2021:
        _qr(c, 70, 2, 13, qr_payload(who, faults), faults.qr_damaged)
    else:
        c.rect(72, 4, 82, 12, width_mm=0.2, fill=(205, 180, 110))  # the 2024 card shows its chip here
    rows = (
        ("Số định danh cá nhân / Personal identification number:", who.id_number, 8.0),
        ("Họ, chữ đệm và tên khai sinh / Full name:", who.full_name.upper(), 7.0),
        (
            "Ngày sinh / Date of birth:",
            f"{_printed(who.date_of_birth)}    Giới tính / Sex: {who.sex_vi}",
            5.8,
        ),
        ("Quốc tịch / Nationality:", who.nationality, 5.8),
        ("Quê quán / Place of origin:", who.place_of_origin, 5.4),
    )
    ty = 18.0
    for label, value, pt in rows:
        c.text(26, ty, label, 4.4)
        c.text(26, ty + 2.2, value, pt, "Bold" if pt >= 7 else "Medium")
        ty += 5.6 if pt < 7 else 6.2
    if model is CardModel.CCCD_2021:
        c.text(26, ty, "Nơi thường trú / Place of residence:", 4.4)
        c.text(26, ty + 2.2, who.residence, 5.2, "Medium")
        c.text(3, 47, f"Có giá trị đến: {_printed(who.date_of_expiry)}", 4.6, "Italic")
        c.text(3, 50, "Date of expiry", 4.2, "Italic")


def _back(c: Canvas, who: Persona, model: CardModel, faults: PrintFaults) -> None:
    _body(c)
    if model is CardModel.CCCD_2021:
        c.rect(5, 6, 15, 14, width_mm=0.2, fill=(205, 180, 110))  # the chip contacts
        c.text(20, 4, "Đặc điểm nhân dạng / Personal identification:", 4.8)
        c.text(20, 7, who.identifying_marks, 5.6, "Medium")
        c.text(20, 12, f"Ngày, tháng, năm / Date, month, year: {_printed(who.date_of_issue)}", 4.8)
        c.centered(16, "CỤC TRƯỞNG CỤC CẢNH SÁT", 4.8, "Bold", x=60)
        c.centered(18.5, "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", 4.8, "Bold", x=60)
        c.stamp(54, 25, 6, "BỘ CÔNG AN")
    else:
        _qr(c, 3, 3, 11, qr_payload(who, faults), faults.qr_damaged)
        c.text(17, 3.5, "Nơi cư trú / Place of residence:", 4.4)
        c.text(17, 5.8, who.residence, 5.0, "Medium")
        c.text(17, 10.5, f"Ngày cấp / Date of issue: {_printed(who.date_of_issue)}", 4.8)
        c.text(17, 14, f"Có giá trị đến / Date of expiry: {_printed(who.date_of_expiry)}", 4.8)
        c.centered(20, "BỘ CÔNG AN", 5.4, "Bold", x=60)
    c.signature(50, 27, random.Random(f"kiosk-twin-sign-{who.seed}"), width_mm=18)
    _mrz(c, td1(who).lines, faults.mrz_smudged)


def _qr(c: Canvas, x: float, y: float, size_mm: float, payload: str, damaged: bool) -> None:
    c.rect(x - 0.6, y - 0.6, x + size_mm + 0.6, y + size_mm + 0.6, width_mm=0, fill=(255, 255, 255))
    c.qr(x, y, size_mm, payload)
    if damaged:  # a deep scratch across the finder patterns and a blot in the middle
        draw = ImageDraw.Draw(c.image)
        draw.line(
            (c.px(x), c.px(y + 1), c.px(x + size_mm), c.px(y + size_mm - 1)),
            fill=(240, 240, 240),
            width=c.px(1.6),
        )
        r = size_mm * 0.22
        cx, cy = x + size_mm / 2, y + size_mm / 2
        draw.ellipse((c.px(cx - r), c.px(cy - r), c.px(cx + r), c.px(cy + r)), fill=(90, 80, 70))


def _mrz(c: Canvas, lines: tuple[str, str, str], smudged: bool) -> None:
    font = _ocr_b(max(6, round(_MRZ_PT * c.dpi / 72)))
    draw = ImageDraw.Draw(c.image)
    x0 = (CARD_MM[0] - 30 * _MRZ_PITCH_MM) / 2
    for i, row in enumerate(lines):
        y = 38.0 + i * 4.6
        for j, ch in enumerate(row):  # one cell per character: the MRZ is monospaced by definition
            draw.text((c.px(x0 + (j + 0.5) * _MRZ_PITCH_MM), c.px(y)), ch, font=font, fill=BLACK, anchor="ma")
    if smudged:  # a greasy thumb across line 2's dates and check digits
        smear = Image.new("L", c.image.size, 0)
        ImageDraw.Draw(smear).ellipse((c.px(x0 + 2), c.px(40.5), c.px(x0 + 40), c.px(48)), fill=200)
        smear = smear.filter(ImageFilter.GaussianBlur(c.px(1.2)))
        c.image.paste((70, 70, 75), mask=smear)


def render_face(
    who: Persona, face: CardFace, dpi: int = 300, faults: PrintFaults = PrintFaults()
) -> Image.Image:
    """One face of ``who``'s card as printed (RGB, the card only, upright, before any rotation)."""
    model = card_model(who)
    canvas = Canvas.blank(dpi, _TINT, CARD_MM)
    (_front if face is CardFace.FRONT else _back)(canvas, who, model, faults)
    canvas.image.info["dpi"] = (dpi, dpi)
    return canvas.image


def card_on_glass(
    who: Persona, face: CardFace, faults: PrintFaults | None = None, placement: Placement | None = None
) -> GlassItem:
    """``who``'s card lying in the glass's card corner, ``face`` down to the glass, for
    ``ScannerControl.lay_on_glass``. ``wrong-face`` lays the other face; the rotation faults add
    to ``placement``'s angle."""
    faults = faults or PrintFaults()
    placement = placement or Placement()
    shown = face.other if faults.wrong_face else face
    turned = replace(placement, rotation_deg=placement.rotation_deg + faults.rotation_deg)

    def render(dpi: int) -> Image.Image:
        return place_on_glass(render_face(who, shown, dpi, faults), dpi, turned)

    return render
