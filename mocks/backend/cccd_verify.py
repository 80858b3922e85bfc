"""The backend's own check of chip data for CCCD login: passive authentication, then identity.

Independent of the kiosk's reader (mocks may not import it): EF.SOD's CMS signature is verified
with asn1crypto + cryptography, its document signer chained to a CSCA of the backend's trust
store and valid at the world clock's time, the hashes of DG1 and DG13 compared, and the MRZ and
DG13 identity cross-checked. Each failure is a ``CccdRejectedError`` naming its reason:

    malformed            not base64, or SOD/DG1/DG13 that do not parse
    untrusted_signer     bad signature, unknown CA, or a signer/CA certificate not valid now
    hash_mismatch        a data group differs from what EF.SOD signed
    identity_mismatch    DG1 and DG13 disagree, or they disagree with the population record
    expired_document     the card's expiry date has passed
    unknown_citizen      no population record for the ID number
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms
from asn1crypto import x509 as x509_names
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from mocks.backend.clock import local_date
from mocks.backend.errors import UnauthorizedError
from mocks.card.sod import LDS_SECURITY_OBJECT_OID, LdsSecurityObject

__all__ = [
    "CccdRejectedError",
    "ChipIdentity",
    "SignedHashes",
    "TrustStore",
    "parse_identity",
    "parse_tlv",
    "verify_chip_data",
    "verify_sod",
]

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
NO_EXPIRY = "Không thời hạn"


class CccdRejectedError(UnauthorizedError):
    """401 with the reason as the Problem code (and in ``detail['reason']``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message, {"reason": reason})
        self.code = reason
        self.reason = reason


@dataclass(frozen=True, slots=True)
class TrustStore:
    anchors: tuple[x509.Certificate, ...]

    @classmethod
    def from_pem_file(cls, path: Path) -> TrustStore:
        return cls(tuple(x509.load_pem_x509_certificates(path.read_bytes())))


@dataclass(frozen=True, slots=True)
class ChipIdentity:
    id_number: str = field(repr=False)
    full_name: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    date_of_expiry: dt.date | None = field(repr=False)


def parse_tlv(data: bytes) -> list[tuple[int, bytes]]:
    """One level of BER-TLV; ``ValueError`` on anything that overruns or is indefinite."""
    out: list[tuple[int, bytes]] = []
    i = 0
    while i < len(data):
        tag, i = data[i], i + 1
        if tag & 0x1F == 0x1F:
            while True:
                if i >= len(data):
                    raise ValueError("truncated tag")
                tag, i = (tag << 8) | data[i], i + 1
                if not data[i - 1] & 0x80:
                    break
        if i >= len(data):
            raise ValueError("missing length")
        length, i = data[i], i + 1
        if length & 0x80:
            size = length & 0x7F
            if not 1 <= size <= 3 or i + size > len(data):
                raise ValueError("bad length")
            length, i = int.from_bytes(data[i : i + size], "big"), i + size
        if i + length > len(data):
            raise ValueError("value overruns its parent")
        out.append((tag, data[i : i + length]))
        i += length
    return out


def _single(data: bytes, tag: int) -> bytes:
    items = parse_tlv(data)
    if len(items) != 1 or items[0][0] != tag:
        raise ValueError(f"expected one {tag:X} object")
    return items[0][1]


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CccdRejectedError("malformed", "chip data is not base64") from exc


def _verify_signature(cert: x509.Certificate, signature: bytes, data: bytes, digest: str) -> None:
    key = cert.public_key()
    algorithm = _HASHES[digest]()
    if isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), algorithm)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(algorithm))
    else:
        raise InvalidSignature("unsupported key type")


def _signer_cert(signed_data: cms.SignedData, signer_info: cms.SignerInfo) -> x509.Certificate:
    sid = signer_info["sid"]
    for choice in signed_data["certificates"] or []:
        tbs = choice.chosen["tbs_certificate"]
        if sid.name == "issuer_and_serial_number" and (
            tbs["serial_number"] == sid.chosen["serial_number"]
            and _same_name(tbs["issuer"], sid.chosen["issuer"])
        ):
            try:
                return x509.load_der_x509_certificate(choice.chosen.dump())
            except (ValueError, x509.InvalidVersion) as exc:  # InvalidVersion is no ValueError
                raise CccdRejectedError(
                    "malformed", "the document signer certificate does not parse"
                ) from exc
    raise CccdRejectedError("untrusted_signer", "EF.SOD does not carry its document signer certificate")


def _same_name(a: x509_names.Name, b: x509_names.Name) -> bool:
    """Byte-identical names are equal; only others need asn1crypto's comparison, whose string
    preparation was a third of a chip login's time (issue 16)."""
    return bool(a.dump() == b.dump() or a == b)


@functools.lru_cache(maxsize=256)
def _issued_by(ds: x509.Certificate, anchor: x509.Certificate) -> bool:
    """Whether ``anchor`` signed ``ds``. Certificates compare and hash by their DER bytes, so a
    document signer seen before is not verified again (every card of a batch shares one);
    validity dates are still checked on every login."""
    try:
        ds.verify_directly_issued_by(anchor)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _check_chain(ds: x509.Certificate, trust: TrustStore, now: dt.datetime) -> None:
    for anchor in trust.anchors:
        if anchor.subject != ds.issuer or not _issued_by(ds, anchor):
            continue
        for cert in (ds, anchor):
            if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
                raise CccdRejectedError("untrusted_signer", "a certificate of the chain is not valid now")
        return
    raise CccdRejectedError("untrusted_signer", "the document signer is not issued by a trusted CSCA")


@dataclass(frozen=True, slots=True)
class SignedHashes:
    algorithm: str  # hashlib name
    by_group: dict[int, bytes]


def verify_sod(sod: bytes, trust: TrustStore, now: dt.datetime) -> SignedHashes:
    """Passive authentication of EF.SOD; returns the signed hash per data group."""
    try:
        return _verify_sod(sod, trust, now)
    except CccdRejectedError:
        raise
    except (
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        OverflowError,
        UnsupportedAlgorithm,
    ) as exc:
        # asn1crypto parses lazily: a damaged field can surface at any access, not only at load.
        raise CccdRejectedError("malformed", "EF.SOD does not parse") from exc


def _verify_sod(sod: bytes, trust: TrustStore, now: dt.datetime) -> SignedHashes:
    try:
        info = cms.ContentInfo.load(_single(sod, 0x77))
        signed_data = info["content"]
        encap = signed_data["encap_content_info"]
        if (
            info["content_type"].native != "signed_data"
            or encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID
        ):
            raise ValueError("not an LDS security object")
        econtent = encap["content"].contents
        lds = LdsSecurityObject.load(econtent)
        digest = lds["hash_algorithm"]["algorithm"].native
        hashes_by_dg = {
            int(item["data_group_number"].native): bytes(item["data_group_hash_value"].native)
            for item in lds["data_group_hash_values"]
        }
        signer_info = signed_data["signer_infos"][0]
        attrs = {a["type"].native: a["values"][0] for a in signer_info["signed_attrs"]}
        signed_digest = signer_info["digest_algorithm"]["algorithm"].native
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CccdRejectedError("malformed", "EF.SOD does not parse") from exc
    if signed_digest not in _HASHES or digest not in _HASHES:
        raise CccdRejectedError("malformed", "unsupported hash algorithm")
    if (
        attrs.get("message_digest") is None
        or attrs["message_digest"].native != hashlib.new(signed_digest, econtent).digest()
    ):
        raise CccdRejectedError("hash_mismatch", "EF.SOD's signed digest does not match its content")
    ds = _signer_cert(signed_data, signer_info)
    signed_attrs = b"\x31" + signer_info["signed_attrs"].dump()[1:]  # signed as a SET, not [0]
    try:
        _verify_signature(ds, signer_info["signature"].native, signed_attrs, signed_digest)
    except InvalidSignature as exc:
        raise CccdRejectedError("untrusted_signer", "EF.SOD's signature does not verify") from exc
    _check_chain(ds, trust, now)
    return SignedHashes(digest, hashes_by_dg)


def _dmy(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def _dg13_fields(dg13: bytes) -> dict[int, list[str]]:
    body = parse_tlv(_single(_single(dg13, 0x6D), 0x30))
    fields_set = next(v for t, v in body if t == 0x31)
    out: dict[int, list[str]] = {}
    for tag, value in parse_tlv(fields_set):
        if tag != 0x30:
            continue
        items = parse_tlv(value)
        if not items or items[0][0] != 0x02:
            raise ValueError("a DG13 field without its number")
        out[int.from_bytes(items[0][1], "big")] = [v.decode("utf-8") for t, v in items[1:] if t == 0x0C]
    return out


def parse_identity(dg1: bytes, dg13: bytes) -> ChipIdentity:
    """Identity from DG13, cross-checked with DG1's MRZ; ``identity_mismatch`` when they differ."""
    try:
        mrz = _single(_single(dg1, 0x61), 0x5F1F).decode("ascii")
        fields = _dg13_fields(dg13)
        id_number, name, dob_text, expiry_text = (fields[n][0] for n in (1, 2, 3, 12))
        dob = _dmy(dob_text)
        expiry = None if expiry_text == NO_EXPIRY else _dmy(expiry_text)
    except (ValueError, KeyError, IndexError, StopIteration, UnicodeDecodeError) as exc:
        raise CccdRejectedError("malformed", "DG1 or DG13 does not parse") from exc
    if len(mrz) != 90 or mrz[5:14] != id_number[-9:] or mrz[15:27] != id_number:
        raise CccdRejectedError("identity_mismatch", "DG1 and DG13 name different ID numbers")
    if mrz[30:36] != dob.strftime("%y%m%d"):
        raise CccdRejectedError("identity_mismatch", "DG1 and DG13 give different dates of birth")
    return ChipIdentity(id_number, unicodedata.normalize("NFC", name), dob, expiry)


def verify_chip_data(
    sod_b64: str, dg1_b64: str, dg13_b64: str, trust: TrustStore, now: dt.datetime
) -> ChipIdentity:
    """Everything but the population check: signature, chain, hashes, identity, expiry."""
    sod, dg1, dg13 = _b64(sod_b64), _b64(dg1_b64), _b64(dg13_b64)
    signed = verify_sod(sod, trust, now)
    for number, content in ((1, dg1), (13, dg13)):
        if signed.by_group.get(number) != hashlib.new(signed.algorithm, content).digest():
            raise CccdRejectedError("hash_mismatch", f"DG{number} differs from what EF.SOD signed")
    identity = parse_identity(dg1, dg13)
    if identity.date_of_expiry is not None and identity.date_of_expiry < local_date(now):
        raise CccdRejectedError("expired_document", "the ID card has expired")
    return identity
