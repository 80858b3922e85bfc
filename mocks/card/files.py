"""The LDS files of an emulated CCCD for a persona: EF.COM, DG1, DG2, DG3, DG13, DG14, DG15, EF.SOD.

DG13 follows ``cccd-chip.md``: a SEQUENCE of version, the UTF-8 OID and a SET of numbered fields;
field 13 (parents) uses the persona's layout (one SEQUENCE per parent, or one for both), field 14
holds only its number when there is no spouse, field 15 is left out when there is no old ID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from asn1crypto import core
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mocks.card import face
from mocks.card.mrz import td1
from mocks.card.os import CardImage
from mocks.card.pki import MockPki, SignerKind
from mocks.card.sod import build_sod
from mocks.card.tlv import tlv
from mocks.citizens import Persona, birthday

__all__ = ["FID", "CardBuild", "build_card", "dg1", "dg13", "ef_com", "tamper"]

# Data group number -> FID (EF.COM 011E, EF.SOD 011D).
FID = {1: 0x0101, 2: 0x0102, 3: 0x0103, 13: 0x010D, 14: 0x010E, 15: 0x010F}
EF_COM, EF_SOD = 0x011E, 0x011D
_DG_TAGS = {1: 0x61, 2: 0x75, 3: 0x63, 13: 0x6D, 14: 0x6E, 15: 0x6F}
_UTF8_OID = "1.0.10646.1.0.8"


def ef_com(groups: tuple[int, ...] = (1, 2, 3, 13, 14, 15)) -> bytes:
    tags = bytes(_DG_TAGS[g] for g in groups)
    return tlv(0x60, tlv(0x5F01, b"0107") + tlv(0x5F36, b"040000") + tlv(0x5C, tags))


def dg1(persona: Persona) -> bytes:
    return tlv(0x61, tlv(0x5F1F, td1(persona).text.encode("ascii")))


def _dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _field(n: int, *values: bytes) -> bytes:
    return tlv(0x30, tlv(0x02, bytes((n,))) + b"".join(values))


def _utf8(text: str) -> bytes:
    return tlv(0x0C, text.encode("utf-8"))


def dg13(persona: Persona) -> bytes:
    p = persona
    expiry = _dmy(p.date_of_expiry) if p.date_of_expiry else "Không thời hạn"
    texts = (
        p.id_number, p.full_name, _dmy(p.date_of_birth), p.sex_vi, p.nationality, p.ethnicity,
        p.religion, p.place_of_origin, p.residence, p.identifying_marks, _dmy(p.date_of_issue), expiry,
    )  # fmt: skip
    fields = [_field(n, _utf8(text)) for n, text in enumerate(texts, start=1)]
    if p.parents_layout == "separate":
        fields.append(_field(13, tlv(0x30, _utf8(p.father_name)), tlv(0x30, _utf8(p.mother_name))))
    else:
        fields.append(_field(13, tlv(0x30, _utf8(p.father_name) + _utf8(p.mother_name))))
    fields.append(_field(14, tlv(0x30, _utf8(p.spouse_name))) if p.spouse_name else _field(14))
    if p.old_id_number:
        fields.append(_field(15, _utf8(p.old_id_number)))
    fields.append(_field(16, _utf8(f"{p.seed % 100_000_000:08d}")))  # meaning unknown on real cards
    body = tlv(0x02, b"\x01") + core.ObjectIdentifier(_UTF8_OID).dump() + tlv(0x31, b"".join(fields))
    return tlv(0x6D, tlv(0x30, body))


def _ec_key(label: str, seed: int) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(hashlib.sha256(f"kiosk-twin-{label}-{seed}".encode()).digest(), "big") >> 2
    return ec.derive_private_key(scalar | 1, ec.SECP256R1())


def _spki(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def dg14(seed: int) -> bytes:
    """Chip authentication info (ECDH, 3DES) and its public key; the emulator does not run CA."""
    ca_pk = tlv(0x30, core.ObjectIdentifier("0.4.0.127.0.7.2.2.1.2").dump() + _spki(_ec_key("ca", seed)))
    ca_info = tlv(0x30, core.ObjectIdentifier("0.4.0.127.0.7.2.2.3.2.1").dump() + tlv(0x02, b"\x01"))
    return tlv(0x6E, tlv(0x31, ca_pk + ca_info))


def dg15(seed: int) -> bytes:
    return tlv(0x6F, _spki(_ec_key("aa", seed)))


def dg3() -> bytes:
    # Fingerprints sit behind extended access control: only the empty group's shape matters here.
    return tlv(0x63, tlv(0x7F61, tlv(0x02, b"\x00")))


@dataclass(frozen=True, slots=True)
class CardBuild:
    """A persona's card: the image the OS serves, plus the BAC input and DG bytes for tests."""

    persona: Persona
    image: CardImage
    data_groups: dict[int, bytes] = field(repr=False)


def tamper(content: bytes) -> bytes:
    """A data group altered after signing: one byte of the last value changed (same length)."""
    return content[:-1] + bytes((content[-1] ^ 0x01,))


def build_card(
    persona: Persona,
    pki: MockPki,
    signer: SignerKind = SignerKind.GENUINE,
    tampered: frozenset[int] = frozenset(),
    extended_length: bool = True,
    max_read: int = 0x400,
) -> CardBuild:
    """Every file of ``persona``'s card, EF.SOD signed by ``signer`` before any tampering."""
    groups = {
        1: dg1(persona),
        2: face.biometric_template(face.face_jpeg(persona.seed, persona.sex == "F"), persona.sex == "F"),
        3: dg3(),
        13: dg13(persona),
        14: dg14(persona.seed),
        15: dg15(persona.seed),
    }
    signing_time = dt.datetime.combine(persona.date_of_issue, dt.time(8, 0), tzinfo=dt.UTC)
    sod = build_sod(groups, pki.signer(signer), signing_time)
    groups = {n: tamper(c) if n in tampered else c for n, c in groups.items()}
    files = {FID[n]: c for n, c in groups.items()} | {EF_COM: ef_com(), EF_SOD: sod}
    image = CardImage(files, td1(persona).mrz_information, extended_length=extended_length, max_read=max_read)
    return CardBuild(persona, image, groups)


def expired(persona: Persona, before: dt.date = dt.date(2025, 1, 1)) -> Persona:
    """The same citizen holding a card that expired on the last renewal birthday before ``before``.

    Real cards expire on a renewal birthday (25, 40, 60), so a kiosk can still derive the BAC key
    from the ID number and date of birth and the refusal is "expired", not "wrong key". A citizen
    with no renewal birthday before then gets a card that expired on 31 Dec 2024.
    """
    dob = persona.date_of_birth
    past = [d for age in (25, 40, 60) if (d := birthday(dob, age)) < before]
    expiry = past[-1] if past else dt.date(2024, 12, 31)
    issued = max(birthday(dob, 14), birthday(expiry, -15))
    return replace(persona, date_of_issue=issued, date_of_expiry=expiry)
