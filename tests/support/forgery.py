"""Forged chip cards for the security tests (H9): what a forger can make from genuine parts.

Each ``Forgery`` is a name, the bytes a card would hold (DG1, DG2, DG13, EF.SOD, and the
untouched DG14/DG15/DG3), and what the kiosk and the backend are expected to say about it.
``forge(name, pki)`` builds one from persona 3 (and persona 4 as the "other" citizen); the
BAC key stays the genuine card's, so the kiosk reads every forged card to the end.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from asn1crypto import cms, core
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from mocks.card import face
from mocks.card.faults import EmulatedCard
from mocks.card.files import EF_COM, EF_SOD, FID, dg1, dg3, dg13, dg14, dg15, ef_com
from mocks.card.mrz import td1
from mocks.card.os import CardImage, CardOS
from mocks.card.pki import MockPki, Signer, SignerKind
from mocks.card.reader import EmulatedCardReader
from mocks.card.sod import LdsSecurityObject, build_sod
from mocks.card.tlv import tlv
from mocks.citizens import Persona, persona
from reference_kiosk.devices.icao.bac import IdNumberKeySource
from reference_kiosk.devices.icao.errors import TamperedDataError
from reference_kiosk.devices.icao.passive_auth import TrustStore
from tests.support.icao import AS_OF, icao_reader, seeded

__all__ = [
    "FORGERIES",
    "OTHER_SEED",
    "OWNER_SEED",
    "Forgery",
    "KioskVerdict",
    "forge",
    "genuine",
    "impostor_signer",
    "kiosk_verdict",
    "with_hash_table",
]

OWNER_SEED, OTHER_SEED = 3, 4
SIGNED_ON = dt.datetime(2024, 1, 2, 8, 0, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Forgery:
    name: str
    owner: Persona = field(repr=False)  # whose BAC key opens the card
    groups: dict[int, bytes] = field(repr=False)  # as the card serves them
    sod: bytes = field(repr=False)
    kiosk_verdict: str  # passive_auth.Verdict value the kiosk must give
    kiosk_reason: str  # a phrase one of the kiosk's reasons must contain
    backend_reason: str | None  # the 401 reason, or None when the backend never sees the part

    def image(self) -> CardImage:
        files = {FID[n]: c for n, c in self.groups.items()} | {EF_COM: ef_com(), EF_SOD: self.sod}
        return CardImage(files, td1(self.owner).mrz_information)

    def login_body(self) -> dict[str, str]:
        def enc(data: bytes) -> str:
            return base64.b64encode(data).decode()

        return {"sod": enc(self.sod), "dg1": enc(self.groups[1]), "dg13": enc(self.groups[13])}


@dataclass(frozen=True, slots=True)
class KioskVerdict:
    verdict: str
    reasons: tuple[str, ...]
    raised: bool  # the reader refused with TamperedDataError rather than returning an identity


def kiosk_verdict(
    forgery: Forgery, trust: TrustStore | None, now: dt.datetime = AS_OF, *, face: bool = False
) -> KioskVerdict:
    """Read the forged card with the kiosk's reader and trust store (``face``: DG2 too, as
    ``kiosk read-card --face`` does; a login leaves it on the card); the verdict it reaches."""
    reader = EmulatedCardReader()
    reader.insert(EmulatedCard(CardOS(forgery.image(), seeded(11))))
    key = IdNumberKeySource(forgery.owner.id_number, forgery.owner.date_of_birth)
    try:
        identity = icao_reader(reader, now).read(key, trust, face=face)
    except TamperedDataError as exc:
        return KioskVerdict(exc.verdict, exc.reasons, True)
    return KioskVerdict(identity.verdict.value, identity.reasons, False)


# ---------------------------------------------------------------------------- building blocks


def _groups(who: Persona) -> dict[int, bytes]:
    female = who.sex == "F"
    return {
        1: dg1(who),
        2: face.biometric_template(face.face_jpeg(who.seed, female), female),
        3: dg3(),
        13: dg13(who),
        14: dg14(who.seed),
        15: dg15(who.seed),
    }


def _signed(groups: dict[int, bytes], signer: Signer) -> bytes:
    return build_sod(groups, signer, SIGNED_ON)


def _unwrap_sod(sod: bytes) -> cms.ContentInfo:
    length_byte = sod[1]
    header = 2 if length_byte < 0x80 else 2 + (length_byte & 0x7F)
    return cms.ContentInfo.load(sod[header:])


def with_hash_table(sod: bytes, groups: dict[int, bytes]) -> bytes:
    """The genuine EF.SOD with its hash table rewritten for ``groups``, signature kept as is."""
    signed = _unwrap_sod(sod)["content"]
    lds = LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": "sha256"},
            "data_group_hash_values": [
                {"data_group_number": n, "data_group_hash_value": hashlib.sha256(c).digest()}
                for n, c in sorted(groups.items())
            ],
        }
    ).dump()
    forged = cms.SignedData(
        {
            "version": signed["version"],
            "digest_algorithms": signed["digest_algorithms"],
            "encap_content_info": {
                "content_type": signed["encap_content_info"]["content_type"],
                "content": core.ParsableOctetString(lds),
            },
            "certificates": signed["certificates"],
            "signer_infos": signed["signer_infos"],
        }
    )
    return tlv(0x77, cms.ContentInfo({"content_type": "signed_data", "content": forged}).dump())


def impostor_signer(pki: MockPki) -> Signer:
    """A document signer naming the genuine CSCA as issuer, but signed by a rogue CA's key."""
    rogue = pki.signer(SignerKind.UNKNOWN_CA)
    genuine = pki.signer()
    cert = (
        x509.CertificateBuilder()
        .subject_name(genuine.cert.subject)
        .issuer_name(pki.csca_cert.subject)
        .public_key(rogue.key.public_key())
        .serial_number(genuine.cert.serial_number + 1)
        .not_valid_before(genuine.cert.not_valid_before_utc)
        .not_valid_after(genuine.cert.not_valid_after_utc)
        .sign(pki.signer(SignerKind.UNKNOWN_CA).key, hashes.SHA256())
    )
    return Signer(rogue.key, cert, pki.csca_cert)


def _flip_signature(sod: bytes) -> bytes:
    # The signer's signature is the last field of EF.SOD (no unsigned attributes follow it).
    return sod[:-10] + bytes((sod[-10] ^ 0x01,)) + sod[-9:]


# ---------------------------------------------------------------------------- the forgeries


Build = Callable[[MockPki, Persona, Persona], tuple[dict[int, bytes], bytes]]


def _dg1_altered(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    sod = _signed(groups, pki.signer())
    # A well-formed MRZ (check digits right) with another date of birth: parses, must not verify.
    groups[1] = dg1(replace(me, date_of_birth=me.date_of_birth - dt.timedelta(days=400)))
    return groups, sod


def _dg2_altered(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    sod = _signed(groups, pki.signer())
    groups[2] = _groups(other)[2]  # another person's face
    return groups, sod


def _dg13_altered(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    sod = _signed(groups, pki.signer())
    groups[13] = dg13(replace(me, given_names="Giả Mạo"))
    return groups, sod


def _dg13_swapped(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    sod = _signed(groups, pki.signer())  # the first persona's valid SOD ...
    groups[13] = _groups(other)[13]  # ... with another persona's genuine DG13
    return groups, sod


def _unknown_signer(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    groups[13] = dg13(replace(me, given_names="Giả Mạo"))  # altered, then re-signed
    return groups, _signed(groups, pki.signer(SignerKind.UNKNOWN_CA))


def _expired_signer(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    return groups, _signed(groups, pki.signer(SignerKind.EXPIRED))


def _not_chained(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    groups[13] = dg13(replace(me, given_names="Giả Mạo"))
    return groups, _signed(groups, impostor_signer(pki))


def _hash_table(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    sod = _signed(groups, pki.signer())
    groups[13] = dg13(replace(me, given_names="Giả Mạo"))
    return groups, with_hash_table(sod, groups)


def _bad_signature(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    return groups, _flip_signature(_signed(groups, pki.signer()))


def _identity_mismatch(pki: MockPki, me: Persona, other: Persona) -> tuple[dict[int, bytes], bytes]:
    groups = _groups(me)
    groups[13] = _groups(other)[13]  # both signed together: a mis-issued (or insider-made) card
    return groups, _signed(groups, pki.signer())


@dataclass(frozen=True, slots=True)
class _Spec:
    name: str
    kiosk_verdict: str
    kiosk_reason: str
    backend_reason: str | None
    build: Build


_HASH, _SIGNER = "hash_mismatch", "untrusted_signer"
_SPECS = {
    spec.name: spec
    for spec in (
        _Spec("dg1-altered", _HASH, "DG1 does not match its signed hash", _HASH, _dg1_altered),
        _Spec("dg2-altered", _HASH, "DG2 does not match its signed hash", None, _dg2_altered),
        _Spec("dg13-altered", _HASH, "DG13 does not match its signed hash", _HASH, _dg13_altered),
        _Spec("dg13-swapped", _HASH, "DG13 does not match its signed hash", _HASH, _dg13_swapped),
        _Spec("unknown-signer", _SIGNER, "not issued by a trusted CSCA", _SIGNER, _unknown_signer),
        _Spec("expired-signer", _SIGNER, "document signer certificate has expired", _SIGNER, _expired_signer),
        _Spec("signer-not-chained", _SIGNER, "does not verify with a trusted CSCA", _SIGNER, _not_chained),
        _Spec("hash-table-rewritten", _SIGNER, "signed message digest does not match", _HASH, _hash_table),
        _Spec("bad-signature", _SIGNER, "signature over EF.SOD is invalid", _SIGNER, _bad_signature),
        _Spec(
            "dg1-dg13-mismatch",
            "identity_mismatch",
            "DG1 and DG13 name different ID numbers",
            "identity_mismatch",
            _identity_mismatch,
        ),
    )
}
FORGERIES: tuple[str, ...] = tuple(_SPECS)


def genuine(pki: MockPki) -> Forgery:
    """The untouched card of the owner (the control case)."""
    me = persona(OWNER_SEED)
    groups = _groups(me)
    return Forgery("genuine", me, groups, _signed(groups, pki.signer()), "verified", "", None)


def forge(name: str, pki: MockPki) -> Forgery:
    spec = _SPECS[name]
    me, other = persona(OWNER_SEED), persona(OTHER_SEED)
    groups, sod = spec.build(pki, me, other)
    return Forgery(name, me, groups, sod, spec.kiosk_verdict, spec.kiosk_reason, spec.backend_reason)
