"""The card's files: MRZ check digits, DG2's face, DG13's layout, and an EF.SOD that verifies."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import replace
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import load_der_x509_certificate
from PIL import Image

from mocks.backend.cccd_verify import parse_tlv
from mocks.card import face
from mocks.card.files import FID, CardBuild, build_card, dg13, ef_com, expired, tamper
from mocks.card.mrz import check_digit, mrz_expiry, td1
from mocks.card.pki import MockPki, SignerKind
from mocks.card.sod import LDS_SECURITY_OBJECT_OID, LdsSecurityObject
from mocks.citizens import persona


@pytest.mark.parametrize(
    ("text", "digit"), [("L898902C<", "3"), ("690806", "1"), ("940623", "6"), ("D23145890734", "9")]
)
def test_check_digits_of_the_icao_specimens(text: str, digit: str) -> None:
    assert check_digit(text) == digit


def test_check_digit_rejects_lower_case() -> None:
    with pytest.raises(ValueError, match="MRZ character"):
        check_digit("abc")


@pytest.mark.parametrize("seed", range(8))
def test_td1_layout_and_check_digits(seed: int) -> None:
    p = persona(seed)
    l1, l2, l3 = td1(p).lines
    assert [len(line) for line in (l1, l2, l3)] == [30, 30, 30]
    assert l1[:5] == "IDVNM"
    assert l1[5:14] == p.id_number[-9:]
    assert l1[14] == check_digit(l1[5:14])
    assert l1[15:27] == p.id_number
    assert l2[0:6] == p.date_of_birth.strftime("%y%m%d")
    assert l2[6] == check_digit(l2[0:6])
    assert l2[7] == p.sex
    assert l2[8:14] == mrz_expiry(p).strftime("%y%m%d")
    assert l2[14] == check_digit(l2[8:14])
    assert l2[29] == check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    assert l3 == p.mrz_name
    assert td1(p).mrz_information == l1[5:15] + l2[0:7] + l2[8:15]


def test_ef_com_is_what_real_cards_list() -> None:
    assert ef_com() == bytes.fromhex("60185F0104303130375F36063034303030305C066175636D6E6F")


def test_dg2_face_is_a_10_to_20_kb_jpeg_in_a_19794_5_record(card_build: CardBuild) -> None:
    dg2 = card_build.data_groups[2]
    start = dg2.index(b"\xff\xd8\xff")
    jpeg = dg2[start:]
    assert face.MIN_JPEG <= len(jpeg) <= face.MAX_JPEG
    assert dg2[:1] == b"\x75"
    assert b"FAC\x0001" in dg2
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    assert image.size == face.FACE_SIZE


@pytest.mark.parametrize("seed", [0, 1, 2, 11, 42])
def test_faces_are_deterministic_and_differ_between_personas(seed: int) -> None:
    a = face.face_jpeg(seed, female=True)
    assert a == face.face_jpeg(seed, female=True)
    assert a != face.face_jpeg(seed + 1, female=True)
    assert face.MIN_JPEG <= len(a) <= face.MAX_JPEG


def _fields(content: bytes) -> dict[int, list[tuple[int, bytes]]]:
    ((tag, seq),) = parse_tlv(content)
    assert tag == 0x6D
    ((_, body),) = parse_tlv(seq)
    version, oid, fields = parse_tlv(body)
    assert version == (0x02, b"\x01")
    assert oid == (0x06, bytes.fromhex("28D316010008"))
    out = {}
    for _, field in parse_tlv(fields[1]):
        number, *rest = parse_tlv(field)
        out[number[1][0]] = rest
    return out


def test_dg13_fields_follow_the_reference() -> None:
    p = persona(3)
    fields = _fields(dg13(p))
    assert fields[1] == [(0x0C, p.id_number.encode())]
    assert fields[2] == [(0x0C, p.full_name.encode())]
    assert fields[3] == [(0x0C, p.date_of_birth.strftime("%d/%m/%Y").encode())]
    assert fields[4][0][1].decode() in ("Nam", "Nữ")
    assert fields[5] == [(0x0C, "Việt Nam".encode())]
    assert 16 in fields  # an unknown field, kept for readers to ignore


def test_dg13_field_13_both_layouts() -> None:
    p = persona(3)
    separate = _fields(dg13(replace(p, parents_layout="separate")))[13]
    joint = _fields(dg13(replace(p, parents_layout="joint")))[13]
    assert [t for t, _ in separate] == [0x30, 0x30]
    assert parse_tlv(separate[0][1]) == [(0x0C, p.father_name.encode())]
    assert parse_tlv(separate[1][1]) == [(0x0C, p.mother_name.encode())]
    assert [t for t, _ in joint] == [0x30]
    assert parse_tlv(joint[0][1]) == [(0x0C, p.father_name.encode()), (0x0C, p.mother_name.encode())]


def test_dg13_without_spouse_old_id_or_expiry() -> None:
    p = replace(persona(3), spouse_name=None, old_id_number=None, date_of_expiry=None)
    fields = _fields(dg13(p))
    assert fields[14] == []  # only its number: 30 03 02 01 0E
    assert b"\x30\x03\x02\x01\x0e" in dg13(p)
    assert 15 not in fields
    assert fields[12] == [(0x0C, "Không thời hạn".encode())]


def test_dg13_with_spouse_and_old_id() -> None:
    p = replace(persona(3), spouse_name="Lương Thị Hoa", old_id_number="081234567")
    fields = _fields(dg13(p))
    assert parse_tlv(fields[14][0][1]) == [(0x0C, "Lương Thị Hoa".encode())]
    assert fields[15] == [(0x0C, b"081234567")]


def _sod_parts(sod: bytes) -> tuple[cms.SignedData, dict[int, bytes]]:
    ((tag, der),) = parse_tlv(sod)
    assert tag == 0x77
    signed_data = cms.ContentInfo.load(der)["content"]
    encap = signed_data["encap_content_info"]
    assert encap["content_type"].dotted == LDS_SECURITY_OBJECT_OID
    lds = LdsSecurityObject.load(encap["content"].contents)
    assert lds["hash_algorithm"]["algorithm"].native == "sha256"
    hashes_ = {
        i["data_group_number"].native: i["data_group_hash_value"].native
        for i in lds["data_group_hash_values"]
    }
    return signed_data, hashes_


def test_sod_signature_and_hashes_verify(card_build: CardBuild, pki: MockPki) -> None:
    signed_data, hashes_ = _sod_parts(card_build.image.files[0x011D])
    assert sorted(hashes_) == [1, 2, 3, 13, 14, 15]
    for number, content in card_build.data_groups.items():
        assert hashes_[number] == hashlib.sha256(content).digest()
        assert card_build.image.files[FID[number]] == content
    signer_info = signed_data["signer_infos"][0]
    attrs = {a["type"].native: a["values"][0].native for a in signer_info["signed_attrs"]}
    assert attrs["content_type"] == LDS_SECURITY_OBJECT_OID
    assert (
        attrs["message_digest"]
        == hashlib.sha256(signed_data["encap_content_info"]["content"].contents).digest()
    )
    assert attrs["signing_time"].date() == card_build.persona.date_of_issue
    ds = load_der_x509_certificate(signed_data["certificates"][0].chosen.dump())
    signed = b"\x31" + signer_info["signed_attrs"].dump()[1:]
    key = ds.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(signer_info["signature"].native, signed, padding.PKCS1v15(), hashes.SHA256())
    ds.verify_directly_issued_by(pki.csca_cert)


def test_tampered_group_no_longer_matches_its_signed_hash(pki: MockPki) -> None:
    build = build_card(persona(5), pki, tampered=frozenset({13}))
    _, hashes_ = _sod_parts(build.image.files[0x011D])
    assert hashes_[13] != hashlib.sha256(build.data_groups[13]).digest()
    assert hashes_[1] == hashlib.sha256(build.data_groups[1]).digest()
    assert len(tamper(b"abc")) == 3


def test_unknown_ca_and_expired_signers(pki: MockPki) -> None:
    rogue = pki.signer(SignerKind.UNKNOWN_CA)
    assert rogue.cert.issuer != pki.csca_cert.subject
    old = pki.signer(SignerKind.EXPIRED)
    old.cert.verify_directly_issued_by(pki.csca_cert)
    assert old.cert.not_valid_after_utc < dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


def test_expired_card_persona() -> None:
    p = expired(persona(3))
    assert p.date_of_expiry is not None
    assert p.date_of_expiry < dt.date(2025, 1, 1)
    assert p.id_number == persona(3).id_number


def test_pki_is_cached_and_exported(pki: MockPki, tmp_path: Path) -> None:
    again = MockPki(pki.directory)
    assert again.csca_cert == pki.csca_cert
    out = pki.export_csca(tmp_path / "trust" / "csca.pem")
    assert out.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
