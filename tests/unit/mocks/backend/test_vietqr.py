"""VietQR: the four published examples, build/parse round trips, and only VietQrError on garbage."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mocks.backend.vietqr import VietQr, VietQrError, ascii_purpose, build_dynamic, crc16, encode, parse

# From reference/vietqr.md (structure and CRC verified there).
PUBLISHED = [
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C",
    "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
    "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN"
    "62200816test text string6304D9C6",
    "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN"
    "62340107NPS68690819thanh toan don hang6304A203",
]


def test_crc_check_value_and_padding() -> None:
    assert crc16("123456789") == "29B1"
    assert crc16(b"123456789") == "29B1"
    # A CRC below 0x1000 keeps its leading zero.
    assert all(len(crc16(str(i))) == 4 for i in range(200))
    assert any(crc16(str(i)).startswith("0") for i in range(200))


def test_published_examples_parse_to_their_fields() -> None:
    first, static, third, card = (parse(p) for p in PUBLISHED)
    assert (first.bank_bin, first.account, first.amount, first.purpose) == (
        "970415",
        "0011001932418",
        120000,
        "ung ho lu lut",
    )
    assert first.dynamic
    assert first.service == "QRIBFTTA"
    assert first.crc == "C15C"
    assert not static.dynamic
    assert static.amount is None
    assert static.account == "0099999999"
    assert third.amount == 40123
    assert third.purpose == "test text string"
    assert card.service == "QRIBFTTC"
    assert card.bill_number == "NPS6869"
    assert card.account == "9704031101234567"


@pytest.mark.parametrize("payload", PUBLISHED)
def test_published_examples_rebuild_identically(payload: str) -> None:
    qr = parse(payload)
    assert encode(qr) == payload
    assert crc16(payload[:-4]) == payload[-4:] == qr.crc


def test_build_dynamic_reproduces_published_examples() -> None:
    assert build_dynamic("970415", "0011001932418", 120000, "ung ho lu lut") == PUBLISHED[0]
    assert build_dynamic("970422", "0023457923442", 40123, "test text string") == PUBLISHED[2]
    built = build_dynamic(
        "970403", "9704031101234567", 180000, "thanh toan don hang", bill_number="NPS6869", service="QRIBFTTC"
    )
    assert built == PUBLISHED[3]


def test_purpose_is_folded_to_ascii_and_cut_to_25() -> None:
    payload = build_dynamic("970415", "123456", 20000, "Lệ phí đăng ký thường trú hồ sơ 000.31.36.H36")
    purpose = parse(payload).purpose
    assert purpose == "Le phi dang ky thuong tru"
    assert ascii_purpose("  Đường   Đỏ  ") == "Duong Do"


def test_dossier_code_fits_the_purpose_whole() -> None:
    code = "000.31.36.H36-250415-0001"
    assert parse(build_dynamic("970415", "123456", 20000, code)).purpose == code


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"bank_bin": "97041"}, "BIN"),
        ({"account": ""}, "account"),
        ({"account": "1" * 20}, "account"),
        ({"amount": 0}, "amount"),
        ({"amount": 10**13}, "amount"),
        ({"bill_number": "x" * 26}, "bill number"),
        ({"service": "QRPUSH"}, "service"),
    ],
)
def test_build_rejects_bad_arguments(kwargs: dict[str, object], why: str) -> None:
    args: dict[str, object] = {"bank_bin": "970415", "account": "123456", "amount": 1000, "purpose": "x"}
    args.update(kwargs)
    with pytest.raises(VietQrError, match=why):
        build_dynamic(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        ("", "6304"),
        (PUBLISHED[0][:-1] + "D", "CRC"),
        (PUBLISHED[0].replace("120000", "120001"), "CRC"),
        (PUBLISHED[0].lower(), "6304|CRC"),
    ],
)
def test_parse_rejects_tampering(payload: str, why: str) -> None:
    with pytest.raises(VietQrError, match=why):
        parse(payload)


def _with_crc(body: str) -> str:
    return body + "6304" + crc16(body + "6304")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("000201010212", "tag 38 is missing"),
        ("0002010102123804XXXX", "38"),  # 38 holds junk, not ID-length-value objects
        ("000201010213" + "38570010A00000072701270006970415011300110019324180208QRIBFTTA", "initiation"),
        ("00020101021238570010A00000072801270006970415011300110019324180208QRIBFTTA53037045802VN", "GUID"),
        ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045802VN", "amount"),
        ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53038405802VN", "704"),
        ("0002010002", "twice"),
        ("000201AB12", "offset"),
        ("0002010199", "truncated"),
    ],
)
def test_parse_rejects_bad_structure(body: str, why: str) -> None:
    with pytest.raises(VietQrError, match=why):
        parse(_with_crc(body))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_random_text_raises_only_vietqr_error(text: str) -> None:
    with contextlib.suppress(VietQrError):
        parse(text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PUBLISHED), st.integers(min_value=0, max_value=200), st.characters(codec="ascii"))
def test_parse_mutated_examples_raises_only_vietqr_error(payload: str, position: int, char: str) -> None:
    position %= len(payload)
    mutated = payload[:position] + char + payload[position + 1 :]
    try:
        parse(mutated)
    except VietQrError:
        return
    assert mutated == payload  # a single changed character never survives the CRC


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PUBLISHED), st.integers(min_value=0, max_value=200))
def test_parse_truncated_examples_raises_vietqr_error(payload: str, cut: int) -> None:
    with pytest.raises(VietQrError):
        parse(payload[: cut % len(payload)])


@settings(max_examples=200, deadline=None)
@given(
    bank_bin=st.from_regex(r"\d{6}", fullmatch=True),
    account=st.from_regex(r"[0-9A-Z]{1,19}", fullmatch=True),
    amount=st.integers(min_value=1, max_value=10**13 - 1),
    purpose=st.text(max_size=60),
    bill=st.none() | st.from_regex(r"[A-Z0-9]{1,25}", fullmatch=True),
)
def test_build_then_parse_round_trip(
    bank_bin: str, account: str, amount: int, purpose: str, bill: str | None
) -> None:
    qr = parse(build_dynamic(bank_bin, account, amount, purpose, bill_number=bill))
    assert (qr.bank_bin, qr.account, qr.amount, qr.bill_number) == (bank_bin, account, amount, bill)
    assert qr.dynamic
    assert qr.currency == "704"
    assert qr.country == "VN"
    expected = ascii_purpose(purpose)
    assert qr.purpose == (expected or None)
    assert qr.purpose is None or (len(qr.purpose) <= 25 and qr.purpose.isascii())


def test_value_object_is_frozen() -> None:
    qr = parse(PUBLISHED[0])
    assert isinstance(qr, VietQr)
    with pytest.raises(AttributeError):
        qr.amount = 1  # type: ignore[misc]
