"""The chip ID card (căn cước công dân), front and back, as it lies on the flatbed glass.

The card is 85.6 x 54 mm (ID-1), placed near the top-left corner of the A4 scan area; the rest
of the page is the white scanner lid. The back carries the three-line ICAO TD1 MRZ.
"""

from __future__ import annotations

import random

from PIL import ImageDraw

from mocks.scanner.canvas import BLACK, Canvas, Weight
from mocks.scanner.persona import PageData
from reference_kiosk.domain.text import strip_marks

__all__ = ["CARD_ORIGIN_MM", "draw_card_back", "draw_card_front", "mrz_lines"]

CARD_ORIGIN_MM = (18.0, 22.0)
_W, _H = 85.6, 54.0
_CARD_TINT = (214, 232, 228)  # the card's pale green-blue guilloche background


def _card_body(c: Canvas) -> tuple[float, float]:
    x, y = CARD_ORIGIN_MM
    box = (c.px(x), c.px(y), c.px(x + _W), c.px(y + _H))
    draw = ImageDraw.Draw(c.image)
    draw.rounded_rectangle(box, radius=c.px(3.2), fill=_CARD_TINT, outline=(150, 160, 160), width=1)
    # Guilloche waves: thin lines make the background look printed, not flat.
    for i in range(0, 54, 3):
        pts = [(c.px(x + t), c.px(y + 2 + i + 1.2 * ((t // 4) % 2))) for t in range(0, 86, 4)]
        draw.line(pts, fill=(196, 218, 214), width=1)
    return x, y


def draw_card_front(c: Canvas, data: PageData, rng: random.Random) -> None:
    x, y = _card_body(c)
    c.centered(y + 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 5.6, "Bold", x=x + 47)
    c.centered(y + 6, "Độc lập - Tự do - Hạnh phúc", 5.4, "Bold", x=x + 47)
    c.centered(y + 10.5, "CĂN CƯỚC CÔNG DÂN", 8.5, "Bold", x=x + 47)
    c.centered(y + 14.5, "Citizen Identity Card", 5, "Italic", x=x + 47)
    # Portrait: a grey box with a head-and-shoulders silhouette (no face data in an emulator).
    c.rect(x + 3, y + 17, x + 23, y + 43, width_mm=0.15, fill=(200, 205, 210))
    draw = ImageDraw.Draw(c.image)
    draw.ellipse((c.px(x + 8.5), c.px(y + 21), c.px(x + 17.5), c.px(y + 31)), fill=(120, 125, 135))
    draw.pieslice(((c.px(x + 5), c.px(y + 31)), (c.px(x + 21), c.px(y + 51))), 180, 360, fill=(120, 125, 135))
    c.qr(x + 70, y + 2, 13, f"{data.id_number}||{data.full_name}|{data.date_of_birth.replace('/', '')}")
    rows: tuple[tuple[str, str, float, Weight], ...] = (
        ("Số / No.:", data.id_number, 8, "Bold"),
        ("Họ và tên / Full name:", data.full_name.upper(), 7, "Bold"),
        ("Ngày sinh / Date of birth:", f"{data.date_of_birth}    Giới tính / Sex: {data.sex}", 5.8, "Medium"),
        ("Quốc tịch / Nationality:", data.nationality, 5.8, "Medium"),
        ("Quê quán / Place of origin:", data.place_of_origin, 5.8, "Medium"),
        ("Nơi thường trú / Place of residence:", data.residence, 5.4, "Medium"),
    )
    ty = y + 18
    for label, value, pt, weight in rows:
        c.text(x + 26, ty, label, 4.8)
        c.text(x + 26, ty + 2.3, value, pt, weight)
        ty += 5.6 if pt < 7 else 6.2
    c.text(x + 3, y + 47, f"Có giá trị đến: {data.expiry_date}", 4.6, "Italic")
    c.text(x + 3, y + 50, "Date of expiry", 4.2, "Italic")


def draw_card_back(c: Canvas, data: PageData, rng: random.Random) -> None:
    x, y = _card_body(c)
    c.rect(x + 5, y + 6, x + 15, y + 14, width_mm=0.2, fill=(205, 180, 110))  # the chip contacts
    c.text(x + 20, y + 4, "Đặc điểm nhân dạng / Personal identification:", 4.8)
    c.text(x + 20, y + 7, data.identifying_marks, 5.6, "Medium")
    c.text(x + 20, y + 12, f"Ngày, tháng, năm / Date, month, year: {data.issue_date}", 4.8)
    c.centered(y + 16, "CỤC TRƯỞNG CỤC CẢNH SÁT", 4.8, "Bold", x=x + 60)
    c.centered(y + 18.5, "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", 4.8, "Bold", x=x + 60)
    c.stamp(x + 54, y + 25, 6, "BỘ CÔNG AN")
    c.signature(x + 50, y + 25, rng, width_mm=18)
    c.centered(y + 31, "Tô Văn Huệ", 5.6, "Medium", x=x + 60)
    for i, row in enumerate(mrz_lines(data)):
        for j, ch in enumerate(row):  # monospaced by construction: one cell per character
            c.text(x + 4 + j * 2.6, y + 37 + i * 5, ch, 7.6, "Medium", fill=BLACK, anchor="ma")


def _check_digit(field: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1)."""
    total = 0
    for i, ch in enumerate(field):
        value = int(ch) if ch.isdigit() else (ord(ch) - 55 if ch.isalpha() else 0)
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


def _latin(name: str) -> str:
    return strip_marks(name).upper()


def _yymmdd(date: str) -> str:
    day, month, year = ([*date.split("/"), "", "", ""])[:3]
    return f"{year[-2:]}{month}{day}" if day.isdigit() and month.isdigit() else "<<<<<<"


def mrz_lines(data: PageData) -> tuple[str, str, str]:
    """The TD1 MRZ: document number is the last 9 digits of the 12-digit ID number."""
    doc = data.id_number[-9:]
    line1 = f"IDVNM{doc}{_check_digit(doc)}{data.id_number}".ljust(30, "<")[:30]
    dob, doe = _yymmdd(data.date_of_birth), _yymmdd(data.expiry_date)
    sex = "F" if data.sex == "Nữ" else "M"
    body = f"{dob}{_check_digit(dob)}{sex}{doe}{_check_digit(doe)}VNM"
    composite = line1[5:30] + body[0:7] + body[8:15]
    line2 = f"{body}".ljust(29, "<") + _check_digit(composite)
    parts = _latin(data.full_name).split()
    line3 = (f"{parts[0]}<<{'<'.join(parts[1:])}" if parts else "").ljust(30, "<")[:30]
    return line1, line2, line3
