"""TLV, DG1 (TD1 MRZ), DG13 (both parent layouts, absent spouse, unknown fields) and DG2."""

from __future__ import annotations

import datetime as dt

import pytest

from reference_kiosk.devices.icao import atr, lds, tlv
from reference_kiosk.devices.icao.dg13 import parse_dg13
from reference_kiosk.devices.icao.errors import Dg13Error, FaceImageError, MrzError, TlvError
from reference_kiosk.devices.icao.identity import parse_dg13_date
from reference_kiosk.devices.icao.mrz import parse_dg1, parse_td1, yymmdd
from tests.support.lds_builders import (
    JPEG,
    cccd_mrz,
    dg1,
    dg2,
    dg13,
    dg13_field,
    standard_fields,
    utf8,
)

EF_COM = bytes.fromhex("60145F0104303130365F36063034303030305C026175")


# ---------------------------------------------------------------------------- TLV


def test_tlv_parses_multibyte_tags_and_long_lengths() -> None:
    value = bytes(300)
    item, end = tlv.parse_one(tlv.encode(0x5F1F, value))
    assert (item.tag, item.value, end) == (0x5F1F, value, 2 + 3 + 300)
    assert tlv.parse_header(bytes.fromhex("7F61820123")) == (0x7F61, 0x123, 5)


@pytest.mark.parametrize(
    "raw",
    ["61", "6105", "6103AABB", "6180", "6184000000FF", "5F", "5F9F9F01", "6182FF"],
)
def test_tlv_rejects_truncation_and_bad_lengths(raw: str) -> None:
    with pytest.raises(TlvError):
        tlv.parse(bytes.fromhex(raw))


def test_tlv_children_overrunning_their_parent_are_rejected() -> None:
    parent = tlv.Tlv(0x30, bytes.fromhex("0C05414243"))  # child claims 5 bytes, has 3
    with pytest.raises(TlvError):
        parent.children()


# ---------------------------------------------------------------------------- EF.COM, ATR


def test_ef_com_of_appendix_d() -> None:
    com = lds.parse_ef_com(EF_COM)
    assert com == lds.EfCom("0106", "040000", (1, 2))


def test_ef_com_of_a_cccd_lists_its_data_groups() -> None:
    body = (
        tlv.encode(0x5F01, b"0107")
        + tlv.encode(0x5F36, b"040000")
        + tlv.encode(0x5C, b"\x61\x75\x63\x6d\x6e\x6f")
    )
    assert lds.parse_ef_com(tlv.encode(0x60, body)).data_groups == (1, 2, 3, 13, 14, 15)


def test_atr_card_capabilities_say_extended_length() -> None:
    # 3B 8x 80 01 | 80 73 00 00 40 | TCK (a contactless-style ATR)
    with_ext = bytes.fromhex("3B858001807300004000")
    without = bytes.fromhex("3B858001807300000000")
    assert atr.historical_bytes(with_ext) == bytes.fromhex("8073000040")
    assert atr.supports_extended_length(with_ext)
    assert not atr.supports_extended_length(without)
    assert not atr.supports_extended_length(b"")
    assert atr.extended_length_from_atr(bytes.fromhex("3B80800101")) is None  # no historical bytes
    assert atr.extended_length_from_atr(without) is False


# ---------------------------------------------------------------------------- DG1


def test_dg1_cccd_mrz_fields() -> None:
    mrz = parse_dg1(dg1(cccd_mrz()))
    assert mrz.document_code == "ID"
    assert mrz.issuing_state == "VNM"
    assert mrz.document_number == "085001234"
    assert mrz.id_number == "020085001234"
    assert (mrz.date_of_birth, mrz.sex, mrz.date_of_expiry) == ("850806", "M", "250806")
    assert (mrz.surname, mrz.given_names) == ("NONG", "VAN MINH")
    assert yymmdd(mrz.date_of_birth, dt.date(2025, 6, 1)) == dt.date(1985, 8, 6)
    assert yymmdd(mrz.date_of_expiry, dt.date(2025, 6, 1), future=True) == dt.date(2025, 8, 6)


def test_td1_specimen_with_long_document_number_and_composite_check() -> None:
    mrz = parse_td1(
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<"
    )
    assert mrz.document_number == "D23145890734"
    assert (mrz.surname, mrz.given_names) == ("STEVENSON", "PETER JOHN")


@pytest.mark.parametrize("position", [14, 36, 44, 59])  # doc no, DOB, DOE, composite check digits
def test_td1_each_wrong_check_digit_is_rejected(position: int) -> None:
    text = cccd_mrz()
    wrong = str((int(text[position]) + 1) % 10)
    with pytest.raises(MrzError):
        parse_td1(text[:position] + wrong + text[position + 1 :])


def test_dg1_with_the_wrong_tag_is_rejected() -> None:
    with pytest.raises(MrzError):
        parse_dg1(tlv.encode(0x62, tlv.encode(0x5F1F, cccd_mrz().encode())))


# ---------------------------------------------------------------------------- DG13


@pytest.mark.parametrize("layout", ["separate", "joint"])
def test_dg13_both_parent_layouts_give_father_then_mother(layout: str) -> None:
    parsed = parse_dg13(dg13(standard_fields(parents=layout)))
    assert parsed.parents == ("Nông Văn Hùng", "Lương Thị Hoa")
    assert (parsed.father, parsed.mother) == ("Nông Văn Hùng", "Lương Thị Hoa")
    assert parsed.text(1) == "020085001234"
    assert parsed.text(2) == "Nông Văn Minh"
    assert parsed.text(6) == "Nùng"
    assert parsed.text(14) == "Hoàng Thị Lan"
    assert parsed.text(15) == "080123456"


def test_dg13_spouse_absent_is_only_the_field_number() -> None:
    parsed = parse_dg13(dg13(standard_fields(spouse=None)))
    assert parsed.text(14) is None
    assert parsed.text(2) == "Nông Văn Minh"


def test_dg13_missing_optional_fields_and_fields_out_of_order() -> None:
    fields = standard_fields()
    kept = [f for f in fields if tlv.parse_one(f)[0].children()[0].value not in (b"\x0a", b"\x0f", b"\x0e")]
    parsed = parse_dg13(dg13(list(reversed(kept))))
    assert parsed.text(10) is None
    assert parsed.text(15) is None
    assert parsed.text(14) is None
    assert parsed.text(3) == "06/08/1985"  # keyed by number, not position


def test_dg13_unknown_field_16_is_kept_raw() -> None:
    extra = dg13_field(16, utf8("giá trị lạ"))
    parsed = parse_dg13(dg13([*standard_fields(), extra]))
    assert parsed.unknown == {16: extra}
    assert 16 not in parsed.texts


def test_dg13_field_with_only_its_number() -> None:
    parsed = parse_dg13(dg13([dg13_field(1, utf8("020085001234")), dg13_field(10)]))
    assert parsed.text(10) is None
    assert parsed.text(1) == "020085001234"


def test_dg13_overrun_is_rejected_with_a_named_error() -> None:
    good = dg13(standard_fields())
    broken = bytearray(good)
    idx = good.index("Nông Văn Minh".encode()) - 1
    broken[idx] += 40  # the name's length now overruns its field
    with pytest.raises(Dg13Error):
        parse_dg13(bytes(broken))


def test_dg13_dates() -> None:
    assert parse_dg13_date("06/08/1985") == dt.date(1985, 8, 6)
    assert parse_dg13_date("Không thời hạn") is None
    with pytest.raises(Dg13Error):
        parse_dg13_date("1985-08-06")
    with pytest.raises(Dg13Error):
        parse_dg13_date("31/02/1985")


# ---------------------------------------------------------------------------- DG2


@pytest.mark.parametrize("points", [0, 2])
def test_dg2_face_is_extracted_from_the_19794_5_record(points: int) -> None:
    face = lds.parse_dg2(dg2(points=points))
    assert face.data == JPEG
    assert (face.mime_type, face.width, face.height) == ("image/jpeg", 480, 640)
    assert "ff d8" not in repr(face).lower()


def test_dg2_that_is_not_an_image_is_rejected() -> None:
    with pytest.raises(FaceImageError):
        lds.parse_dg2(dg2(image=b"GIF89a" + bytes(40)))
    with pytest.raises(FaceImageError):
        lds.parse_dg2(dg2()[:-10])


def test_identity_takes_dg13_first_and_the_mrz_for_missing_fields() -> None:
    from reference_kiosk.devices.icao.identity import CardIdentity
    from reference_kiosk.devices.icao.passive_auth import PassiveAuthResult, Verdict

    without = [
        f for f in standard_fields() if tlv.parse_one(f)[0].children()[0].value not in (b"\x01", b"\x03")
    ]
    identity = CardIdentity.build(
        dg13=parse_dg13(dg13(without)),
        mrz=parse_td1(cccd_mrz()),
        face=JPEG,
        check=PassiveAuthResult(Verdict.NOT_CHECKED, ("no trust store",)),
        raw={"sod": b"", "dg1": b"", "dg13": b""},
        today=dt.date(2025, 6, 1),
    )
    assert identity.id_number == "020085001234"  # from the MRZ's optional data
    assert identity.date_of_birth == dt.date(1985, 8, 6)  # from the MRZ
    assert identity.full_name == "Nông Văn Minh"  # from DG13, with diacritics
    assert identity.date_of_expiry == dt.date(2025, 8, 6)
    assert (
        repr(identity)
        == "CardIdentity(verdict=<Verdict.NOT_CHECKED: 'not_checked'>, reasons=('no trust store',))"
    )
