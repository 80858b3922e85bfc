"""VietQR payloads: the NAPAS profile of the EMVCo merchant-presented QR code.

A payload is a run of ID (2 digits), length (2 digits), value objects; ID 38 (the beneficiary)
and 62 (additional data) nest the same form. It ends ``6304`` plus the CRC-16/CCITT-FALSE of
everything before the four CRC digits. ``build_dynamic`` makes the one-time QR a fee request
shows; ``parse`` reads any VietQR back (static or dynamic) and rejects anything malformed with
a VietQrError. Tags outside the NAPAS profile (tips, language templates...) are ignored, so
``encode(parse(p)) == p`` holds for payloads using only the profile's tags, in ascending order.
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass, replace

from mocks.backend.catalogue_errors import VietQrError
from reference_kiosk.domain.text import strip_marks

__all__ = [
    "NAPAS_GUID",
    "VietQr",
    "VietQrError",
    "ascii_purpose",
    "build_dynamic",
    "crc16",
    "encode",
    "parse",
]

NAPAS_GUID = "A000000727"
SERVICES = frozenset({"QRIBFTTA", "QRIBFTTC"})  # transfer to an account / to a card
PURPOSE_MAX = 25
_STATIC, _DYNAMIC = "11", "12"


@dataclass(frozen=True, slots=True)
class VietQr:
    bank_bin: str  # acquirer bank BIN, 6 digits (970415 = VietinBank)
    account: str  # account or card number, up to 19 characters
    amount: int | None = None  # whole VND
    purpose: str | None = None  # 62/08
    bill_number: str | None = None  # 62/01
    reference_label: str | None = None  # 62/05
    terminal_label: str | None = None  # 62/07
    service: str = "QRIBFTTA"
    dynamic: bool = True  # 01 = "12" (one time) or "11" (reusable)
    merchant_category: str | None = None  # 52
    merchant_name: str | None = None  # 59
    city: str | None = None  # 60
    currency: str = "704"
    country: str = "VN"
    crc: str = ""  # as read by parse; encode always recomputes it


def crc16(data: str | bytes) -> str:
    """CRC-16/CCITT-FALSE as four upper-case hex digits (``crc16("123456789") == "29B1"``)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return f"{binascii.crc_hqx(raw, 0xFFFF):04X}"


def ascii_purpose(text: str, limit: int = PURPOSE_MAX) -> str:
    """Diacritics stripped (đ -> d), printable ASCII only, spaces collapsed, cut to ``limit``."""
    plain = "".join(c for c in strip_marks(text) if " " <= c <= "~")
    return " ".join(plain.split())[:limit].rstrip()


# ---------------------------------------------------------------------------- encoding


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQrError(f"value of tag {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def encode(qr: VietQr) -> str:
    """The payload for ``qr`` with a fresh CRC; tags in ascending order."""
    beneficiary = _tlv("00", qr.bank_bin) + _tlv("01", qr.account)
    account = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", qr.service)
    extra = "".join(
        _tlv(tag, value)
        for tag, value in (
            ("01", qr.bill_number),
            ("05", qr.reference_label),
            ("07", qr.terminal_label),
            ("08", qr.purpose),
        )
        if value
    )
    parts = [
        ("00", "01"),
        ("01", _DYNAMIC if qr.dynamic else _STATIC),
        ("38", account),
        ("52", qr.merchant_category),
        ("53", qr.currency),
        ("54", None if qr.amount is None else str(qr.amount)),
        ("58", qr.country),
        ("59", qr.merchant_name),
        ("60", qr.city),
        ("62", extra),
    ]
    body = "".join(_tlv(tag, value) for tag, value in parts if value) + "6304"
    return body + crc16(body)


def _check_fields(qr: VietQr) -> None:
    if not (len(qr.bank_bin) == 6 and qr.bank_bin.isdigit()):
        raise VietQrError("bank BIN must be 6 digits")
    if not (1 <= len(qr.account) <= 19 and qr.account.isascii() and qr.account.isalnum()):
        raise VietQrError("account must be 1 to 19 letters or digits")
    if qr.service not in SERVICES:
        raise VietQrError(f"service must be one of {sorted(SERVICES)}")
    if qr.amount is not None and not 0 < qr.amount < 10**13:
        raise VietQrError("amount must be a positive whole number of VND, at most 13 digits")
    if qr.dynamic and qr.amount is None:
        raise VietQrError("a dynamic (one-time) QR needs an amount")
    for name, value, limit in (
        ("purpose", qr.purpose, PURPOSE_MAX),
        ("bill number", qr.bill_number, 25),
        ("reference label", qr.reference_label, 25),
        ("terminal label", qr.terminal_label, 25),
        ("merchant name", qr.merchant_name, 25),
        ("city", qr.city, 15),
    ):
        if value is not None and (len(value) > limit or not value.isascii() or not value.isprintable()):
            raise VietQrError(f"{name} must be printable ASCII of at most {limit} characters")


def build_dynamic(
    bank_bin: str,
    account: str,
    amount: int,
    purpose: str,
    bill_number: str | None = None,
    merchant_name: str | None = None,
    city: str | None = None,
    *,
    service: str = "QRIBFTTA",
) -> str:
    """A one-time VietQR for exactly ``amount`` VND; ``purpose`` is folded to ASCII and cut to 25."""
    qr = VietQr(
        bank_bin=bank_bin,
        account=account,
        amount=amount,
        purpose=ascii_purpose(purpose) or None,
        bill_number=bill_number,
        merchant_name=merchant_name and ascii_purpose(merchant_name),
        city=city and ascii_purpose(city, 15),
        service=service,
    )
    _check_fields(qr)
    return encode(qr)


# ---------------------------------------------------------------------------- parsing


def _split(data: str, where: str) -> dict[str, str]:
    """ID-length-value objects of ``data``; rejects truncation, non-digit headers, repeats."""
    objects: dict[str, str] = {}
    i = 0
    while i < len(data):
        header = data[i : i + 4]
        if len(header) < 4 or not (header.isascii() and header.isdigit()):
            raise VietQrError(f"{where}: bad ID/length at offset {i}")
        tag, length = header[:2], int(header[2:])
        value = data[i + 4 : i + 4 + length]
        if len(value) != length:
            raise VietQrError(f"{where}: tag {tag} is truncated")
        if tag in objects:
            raise VietQrError(f"{where}: tag {tag} appears twice")
        objects[tag] = value
        i += 4 + length
    return objects


def _required(objects: dict[str, str], tag: str, where: str) -> str:
    if tag not in objects:
        raise VietQrError(f"{where}: tag {tag} is missing")
    return objects[tag]


def _parse_amount(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 13:
        raise VietQrError("amount must be whole VND digits")
    return int(raw)


def parse(payload: str) -> VietQr:
    """Read a VietQR payload; VietQrError on bad length, CRC or structure."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQrError("payload must end with the CRC object 6304XXXX")
    crc = payload[-4:]
    if crc != crc16(payload[:-4]):
        raise VietQrError("CRC does not match")
    top = _split(payload, "payload")
    if list(top)[-1] != "63":
        raise VietQrError("the CRC must be the last object")
    if _required(top, "00", "payload") != "01":
        raise VietQrError("payload format indicator must be 01")
    initiation = _required(top, "01", "payload")
    if initiation not in (_STATIC, _DYNAMIC):
        raise VietQrError("point of initiation must be 11 or 12")
    account = _split(_required(top, "38", "payload"), "merchant account (38)")
    if _required(account, "00", "38") != NAPAS_GUID:
        raise VietQrError("merchant account GUID is not NAPAS A000000727")
    beneficiary = _split(_required(account, "01", "38"), "beneficiary (38/01)")
    extra = _split(top.get("62", ""), "additional data (62)")
    qr = VietQr(
        bank_bin=_required(beneficiary, "00", "38/01"),
        account=_required(beneficiary, "01", "38/01"),
        amount=_parse_amount(top.get("54")),
        purpose=extra.get("08"),
        bill_number=extra.get("01"),
        reference_label=extra.get("05"),
        terminal_label=extra.get("07"),
        service=_required(account, "02", "38"),
        dynamic=initiation == _DYNAMIC,
        merchant_category=top.get("52"),
        merchant_name=top.get("59"),
        city=top.get("60"),
        currency=_required(top, "53", "payload"),
        country=_required(top, "58", "payload"),
    )
    if qr.currency != "704" or qr.country != "VN":
        raise VietQrError("currency must be 704 (VND) and country VN")
    _check_fields(qr)
    return replace(qr, crc=crc)
