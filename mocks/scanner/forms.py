"""Paper forms a citizen brings to the kiosk, laid out on A4 in millimetres.

CT01 (residence change declaration, Thông tư 66/2023/TT-BCA), the birth registration
declaration, and CT07 (confirmation of residence, which lists the household). Printed text is
black; what the citizen filled in is blue "handwriting" over dotted lines.
"""

from __future__ import annotations

import random

from mocks.scanner.canvas import BLUE_INK, Canvas
from mocks.scanner.persona import PageData

__all__ = ["draw_birth_registration", "draw_ct01", "draw_ct07_household"]

_LEFT = 20.0
_RIGHT = 190.0


def _national_header(c: Canvas, y: float = 18) -> float:
    c.centered(y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11.5, "Bold", x=120)
    c.centered(y + 6, "Độc lập - Tự do - Hạnh phúc", 11.5, "Bold", x=120)
    c.line(98, y + 12, 142, y + 12)
    return y + 20


def _form_badge(c: Canvas, code: str, circular: str) -> None:
    c.rect(_LEFT - 4, 12, 66, 32, width_mm=0.2)
    c.text(_LEFT - 2, 14, f"Mẫu {code}", 9, "Bold")
    c.text(_LEFT - 2, 19, "Ban hành kèm theo", 7, "Italic")
    c.text(_LEFT - 2, 23, circular, 7, "Italic")


def _surname(full_name: str) -> str:
    return full_name.split()[0] if full_name.split() else "Nguyễn"


def _signature_row(c: Canvas, y: float, rng: random.Random, titles: tuple[str, ...], signer: str) -> None:
    c.text(_RIGHT - 2, y, "Lạng Sơn, ngày 05 tháng 11 năm 2025", 10, "Italic", anchor="ra")
    width = (_RIGHT - _LEFT) / len(titles)
    for i, title in enumerate(titles):
        cx = _LEFT + width * (i + 0.5)
        c.centered(y + 8, title, 9.5, "Bold", x=cx)
        c.centered(y + 13, "(Ký, ghi rõ họ tên)", 8.5, "Italic", x=cx)
    cx = _LEFT + width * (len(titles) - 0.5)
    c.signature(cx - 16, y + 28, rng)
    c.centered(y + 38, signer, 11, "Medium", x=cx)


def draw_ct01(c: Canvas, data: PageData, rng: random.Random) -> None:
    """Tờ khai thay đổi thông tin cư trú (form CT01)."""
    _form_badge(c, "CT01", "TT 66/2023/TT-BCA")
    y = _national_header(c)
    c.centered(y + 4, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", 15, "Bold")
    y += 18
    residence = data.residence
    c.field(_LEFT, y, "Kính gửi(1):", "Công an phường Đông Kinh, tỉnh Lạng Sơn")
    y += 10
    c.field(_LEFT, y, "1. Họ, chữ đệm và tên:", data.full_name.upper())
    y += 9
    c.field(_LEFT, y, "2. Ngày, tháng, năm sinh:", data.date_of_birth, end=130)
    c.field(132, y, "3. Giới tính:", data.sex)
    y += 9
    c.text(_LEFT, y + 1, "4. Số định danh cá nhân:", 11)
    c.boxes(72, y - 0.5, data.id_number)
    y += 11
    c.field(_LEFT, y, "5. Số điện thoại liên hệ:", data.phone, end=115)
    c.field(117, y, "6. Email:", "")
    y += 9
    c.field(_LEFT, y, "7. Họ, chữ đệm và tên chủ hộ:", data.full_name.upper(), end=140)
    c.field(142, y, "8. Quan hệ:", "Chủ hộ")
    y += 9
    c.text(_LEFT, y + 1, "9. Số định danh cá nhân của chủ hộ:", 11)
    c.boxes(90, y - 0.5, data.id_number, cell_mm=5.5)
    y += 11
    c.field(_LEFT, y, "10. Nội dung đề nghị(2):", "Đăng ký thường trú tại")
    y += 8
    c.field(_LEFT, y, "", residence)
    y += 10
    c.text(_LEFT, y, "11. Những thành viên trong hộ gia đình cùng thay đổi:", 11)
    y = _members_table(c, y + 6, data, rng)
    _signature_row(
        c, y + 8, rng, ("Ý KIẾN CỦA CHỦ HỘ(3)", "Ý KIẾN CỦA CHA, MẸ(4)", "NGƯỜI KÊ KHAI"), data.full_name
    )
    c.text(_LEFT, 272, "(1) Cơ quan đăng ký cư trú.  (2) Ghi rõ nội dung đề nghị.", 7.5, "Italic")
    c.text(_LEFT, 276, "(3), (4) Áp dụng đối với các trường hợp quy định tại Luật Cư trú.", 7.5, "Italic")


def _members_table(c: Canvas, y: float, data: PageData, rng: random.Random) -> float:
    cols = (_LEFT, 30, 82, 108, 124, 162, _RIGHT)
    heads = ("TT", "Họ, chữ đệm và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân", "Quan hệ")
    given, sex = _child(rng)
    rows = [
        ("1", data.full_name, data.date_of_birth, data.sex, data.id_number, "Chủ hộ"),
        ("2", f"{_surname(data.spouse)} {given}", "21/09/2016", sex, "", "Con"),
    ]
    height = 8.0
    for r in range(len(rows) + 2):
        c.line(cols[0], y + r * height, cols[-1], y + r * height)
    for x in cols:
        c.line(x, y, x, y + (len(rows) + 1) * height)
    for i, head in enumerate(heads):
        c.text((cols[i] + cols[i + 1]) / 2, y + height / 2, head, 8.5, "Bold", anchor="mm")
    for r, row in enumerate(rows, start=1):
        for i, cell in enumerate(row):
            cy = y + (r + 0.5) * height
            c.text(cols[i] + 1.2, cy, cell, 8.5, "Medium", fill=BLUE_INK, anchor="lm")
    return y + (len(rows) + 1) * height


def _child(rng: random.Random) -> tuple[str, str]:
    """A child's given names and sex (they must agree on the papers)."""
    return rng.choice((("Minh Khang", "Nam"), ("Bảo Ngọc", "Nữ"), ("Gia Huy", "Nam"), ("Khánh Linh", "Nữ")))


def draw_birth_registration(c: Canvas, data: PageData, rng: random.Random) -> None:
    """Tờ khai đăng ký khai sinh, filled by the persona for a newborn child."""
    _form_badge(c, "TKKS", "TT 04/2020/TT-BTP")
    y = _national_header(c)
    c.centered(y + 4, "TỜ KHAI ĐĂNG KÝ KHAI SINH", 15, "Bold")
    y += 18
    given, child_sex = _child(rng)
    child = f"{_surname(data.full_name)} {given}"
    lines = (
        ("Kính gửi:", "Ủy ban nhân dân phường Đông Kinh, tỉnh Lạng Sơn"),
        ("Họ, chữ đệm, tên người yêu cầu:", data.full_name),
        ("Nơi cư trú:", data.residence),
        ("Giấy tờ tùy thân:", f"Thẻ căn cước số {data.id_number}"),
        ("Quan hệ với người được khai sinh:", "Mẹ" if data.sex == "Nữ" else "Cha"),
    )
    for label, value in lines:
        c.field(_LEFT, y, label, value)
        y += 9
    c.text(_LEFT, y + 1, "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", 11, "Bold")
    y += 10
    child_lines = (
        ("Họ, chữ đệm, tên:", child.upper()),
        ("Ngày, tháng, năm sinh:", "14/10/2025  ghi bằng chữ: Mười bốn tháng Mười năm 2025"),
        ("Giới tính:", child_sex),
        ("Dân tộc:", data.ethnicity),
        ("Quốc tịch:", data.nationality),
        ("Nơi sinh:", "Bệnh viện Đa khoa tỉnh Lạng Sơn"),
        ("Quê quán:", data.place_of_origin),
    )
    for label, value in child_lines:
        c.field(_LEFT, y, label, value)
        y += 9
    parents = (
        ("Họ, chữ đệm, tên người mẹ:", data.full_name if data.sex == "Nữ" else data.spouse),
        ("Họ, chữ đệm, tên người cha:", data.spouse if data.sex == "Nữ" else data.full_name),
    )
    for label, value in parents:
        c.field(_LEFT, y, label, value)
        y += 8
        c.field(_LEFT + 6, y, "Dân tộc:", data.ethnicity, end=90)
        c.field(92, y, "Quốc tịch:", data.nationality)
        y += 8
        c.field(_LEFT + 6, y, "Nơi cư trú:", data.residence)
        y += 10
    c.text(
        _LEFT, y, "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật.", 10, "Italic"
    )
    _signature_row(c, y + 8, rng, ("NGƯỜI YÊU CẦU",), data.full_name)


def draw_ct07_household(c: Canvas, data: PageData, rng: random.Random) -> None:
    """Xác nhận thông tin về cư trú (CT07): the household record the police issue, stamped."""
    _form_badge(c, "CT07", "TT 66/2023/TT-BCA")
    c.text(_LEFT, 38, "CÔNG AN TỈNH LẠNG SƠN", 10, "Bold")
    c.text(_LEFT, 43, "CÔNG AN PHƯỜNG ĐÔNG KINH", 10, "Bold")
    y = _national_header(c, 36)
    c.centered(y + 4, "XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 15, "Bold")
    y += 18
    c.text(_LEFT, y, "Công an phường Đông Kinh xác nhận thông tin về cư trú của công dân như sau:", 10.5)
    y += 9
    c.field(_LEFT, y, "Họ, chữ đệm và tên:", data.full_name.upper())
    y += 9
    c.field(_LEFT, y, "Ngày, tháng, năm sinh:", data.date_of_birth, end=130)
    c.field(132, y, "Giới tính:", data.sex)
    y += 9
    c.field(_LEFT, y, "Số định danh cá nhân:", data.id_number)
    y += 9
    c.field(_LEFT, y, "Nơi thường trú:", data.residence)
    y += 9
    c.field(_LEFT, y, "Họ, chữ đệm và tên chủ hộ:", data.full_name, end=140)
    c.field(142, y, "Quan hệ:", "Chủ hộ")
    y += 10
    c.text(_LEFT, y, "Thông tin các thành viên trong hộ gia đình:", 11, "Bold")
    y = _members_table(c, y + 6, data, rng)
    c.text(_LEFT, y + 6, "Giấy xác nhận có giá trị 30 ngày kể từ ngày cấp.", 9.5, "Italic")
    c.centered(y + 16, "TRƯỞNG CÔNG AN PHƯỜNG", 10.5, "Bold", x=150)
    c.stamp(140, y + 36, 15, "CÔNG AN P. ĐÔNG KINH")
    c.signature(136, y + 32, rng)
    c.centered(y + 52, "Thiếu tá Lý Văn Sơn", 11, "Medium", x=150)
