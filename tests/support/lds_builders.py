"""Builders of LDS test data for the ICAO reader tests (H4a): DG13 layouts, TD1 MRZ, DG1, DG2."""

from __future__ import annotations

from collections.abc import Sequence

from reference_kiosk.devices.icao import crypto
from reference_kiosk.devices.icao.tlv import encode

UTF8_OID = bytes.fromhex("060628D316010008")


def dg13_field(number: int, *values: bytes) -> bytes:
    return encode(0x30, encode(0x02, bytes([number])) + b"".join(values))


def utf8(text: str) -> bytes:
    return encode(0x0C, text.encode("utf-8"))


def dg13(fields: Sequence[bytes]) -> bytes:
    body = encode(0x02, b"\x01") + UTF8_OID + encode(0x31, b"".join(fields))
    return encode(0x6D, encode(0x30, body))


def standard_fields(parents: str = "separate", spouse: str | None = "Hoàng Thị Lan") -> list[bytes]:
    texts = {
        1: "020085001234",
        2: "Nông Văn Minh",
        3: "06/08/1985",
        4: "Nam",
        5: "Việt Nam",
        6: "Nùng",
        7: "Không",
        8: "Xã Hoàng Đồng, Thành phố Lạng Sơn, Lạng Sơn",
        9: "Phường Chi Lăng, Thành phố Lạng Sơn, Lạng Sơn",
        10: "Nốt ruồi C:1cm dưới trước đuôi mắt trái",
        11: "10/05/2021",
        12: "06/08/2025",
    }
    fields = [dg13_field(n, utf8(t)) for n, t in texts.items()]
    father, mother = utf8("Nông Văn Hùng"), utf8("Lương Thị Hoa")
    if parents == "separate":
        fields.append(dg13_field(13, encode(0x30, father), encode(0x30, mother)))
    else:
        fields.append(dg13_field(13, encode(0x30, father + mother)))
    fields.append(dg13_field(14, encode(0x30, utf8(spouse))) if spouse else dg13_field(14))
    fields.append(dg13_field(15, utf8("080123456")))
    return fields


def td1(doc: str, optional: str, dob: str, sex: str, doe: str, name: str) -> str:
    cd = crypto.check_digit
    line1 = f"IDVNM{doc}{cd(doc)}{optional}".ljust(30, "<")
    head2 = f"{dob}{cd(dob)}{sex}{doe}{cd(doe)}VNM".ljust(29, "<")
    composite = line1[5:30] + head2[0:7] + head2[8:15] + head2[18:29]
    return line1 + head2 + str(cd(composite)) + name.ljust(30, "<")


def cccd_mrz() -> str:
    return td1("085001234", "020085001234<<1", "850806", "M", "250806", "NONG<<VAN<MINH")


def dg1(mrz: str) -> bytes:
    return encode(0x61, encode(0x5F1F, mrz.encode("ascii")))


JPEG = b"\xff\xd8\xff\xe0" + bytes(60) + b"\xff\xd9"


def dg2(image: bytes = JPEG, image_type: int = 0, points: int = 0) -> bytes:
    info = bytes(2 + 1 + 1 + 1 + 3 + 2 + 3 + 3)
    image_info = bytes([1, image_type]) + (480).to_bytes(2, "big") + (640).to_bytes(2, "big") + bytes(6)
    block = info + bytes(8 * points) + image_info + image
    facial = (4 + len(block)).to_bytes(4, "big") + block
    facial = facial[:4] + points.to_bytes(2, "big") + facial[6:]
    record = b"FAC\x00010\x00" + (14 + len(facial)).to_bytes(4, "big") + b"\x00\x01" + facial
    header = encode(0xA1, encode(0x80, b"\x01\x01"))
    template = encode(0x7F60, header + encode(0x5F2E, record))
    return encode(0x75, encode(0x7F61, encode(0x02, b"\x01") + template))
