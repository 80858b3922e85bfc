"""Passive authentication: EF.SOD's CMS signature, its signer chained to a trusted CSCA, and the
hash of every data group read compared with the signed one (ICAO 9303-11 section 5.1).

Failures are a verdict with reasons, not exceptions: the caller decides what each one means.
Only a trust store that cannot be loaded raises (``TrustStoreError``: a configuration fault).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import algos, cms, core
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from reference_kiosk.devices.icao import tlv
from reference_kiosk.devices.icao.errors import TlvError, TrustStoreError

__all__ = ["LDS_SECURITY_OBJECT_OID", "PassiveAuthResult", "TrustStore", "Verdict", "verify_sod"]

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
_TAG_SOD = 0x77
_HASHES: Mapping[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class Verdict(StrEnum):
    VERIFIED = "verified"
    UNTRUSTED_SIGNER = "untrusted_signer"
    HASH_MISMATCH = "hash_mismatch"
    NOT_CHECKED = "not_checked"
    IDENTITY_MISMATCH = "identity_mismatch"  # signed, but DG1 and DG13 name different people


@dataclass(frozen=True, slots=True)
class PassiveAuthResult:
    verdict: Verdict
    reasons: tuple[str, ...] = ()


class _DataGroupHash(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[tuple[str, Any]]] = [("number", core.Integer), ("value", core.OctetString)]


class _DataGroupHashes(core.SequenceOf):  # type: ignore[misc]
    _child_spec = _DataGroupHash


class _LdsSecurityObject(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("hashes", _DataGroupHashes),
        ("lds_version_info", core.Any, {"optional": True}),
    ]


@dataclass(frozen=True, slots=True)
class TrustStore:
    """Country signing CA certificates, from PEM/DER files or a directory of them."""

    certificates: tuple[x509.Certificate, ...]

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> TrustStore:
        certs: list[x509.Certificate] = []
        for given in paths:
            path = Path(given)
            files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
            for file in files:
                certs.extend(_load_certificates(file))
        if not certs:
            raise TrustStoreError("the trust store holds no CSCA certificate")
        return cls(tuple(certs))


def _load_certificates(path: Path) -> list[x509.Certificate]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustStoreError(f"cannot read trust store file {path.name}: {exc.strerror}") from exc
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return list(x509.load_pem_x509_certificates(data))
        if path.suffix.lower() in {".der", ".cer", ".crt"}:
            return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise TrustStoreError(f"trust store file {path.name} is not a certificate") from exc
    return []  # other files in a trust directory (READMEs, CRLs) are not certificates


@dataclass(frozen=True, slots=True)
class _Sod:
    signed_data: cms.SignedData
    content: bytes
    hash_name: str
    hashes: Mapping[int, bytes]


def _parse_sod(sod: bytes) -> _Sod:
    outer, end = tlv.parse_one(sod)
    if outer.tag != _TAG_SOD or end != len(sod):
        raise ValueError(f"EF.SOD starts with tag {outer.tag:X}, expected 77")
    info = cms.ContentInfo.load(outer.value)
    if info["content_type"].native != "signed_data":
        raise ValueError("EF.SOD is not CMS SignedData")
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
        raise ValueError("EF.SOD does not hold an LDS security object")
    content = encap["content"].native
    if not isinstance(content, bytes):
        raise ValueError("EF.SOD's LDS security object is missing")
    lso = _LdsSecurityObject.load(content)
    hash_name = lso["hash_algorithm"]["algorithm"].native
    if hash_name not in _HASHES:  # else hashlib fails later, outside the parsing guard
        raise ValueError(f"EF.SOD names an unsupported data-group hash {hash_name}")
    table = {int(h["number"].native): bytes(h["value"].native) for h in lso["hashes"]}
    return _Sod(signed, content, hash_name, table)


def _digest(hash_name: str, data: bytes) -> bytes:
    return hashlib.new(hash_name.replace("_", ""), data).digest()


def _signer_certificate(signed: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate:
    sid = signer["sid"]
    for choice in signed["certificates"] or []:
        cert = choice.chosen
        if not isinstance(cert, cms.Certificate):
            continue
        if sid.name == "issuer_and_serial_number":
            match = (
                cert.issuer == sid.chosen["issuer"]
                and cert.serial_number == sid.chosen["serial_number"].native
            )
        else:
            match = cert.key_identifier == sid.chosen.native
        if match:
            return x509.load_der_x509_certificate(cert.dump())
    raise ValueError("EF.SOD does not carry its document signer certificate")


def _verify_signature(cert: x509.Certificate, signer: cms.SignerInfo, message: bytes) -> None:
    algo = signer["signature_algorithm"]
    try:
        hash_name = algo.hash_algo
    except ValueError:
        hash_name = signer["digest_algorithm"]["algorithm"].native
    hash_cls = _HASHES.get(hash_name)
    if hash_cls is None:
        raise ValueError(f"unsupported signature hash {hash_name}")
    key, signature = cert.public_key(), signer["signature"].native
    if isinstance(key, rsa.RSAPublicKey) and algo.signature_algo == "rsassa_pss":
        params = algo["parameters"]
        mgf_hash = _HASHES[params["mask_gen_algorithm"]["parameters"]["algorithm"].native]()
        pss = padding.PSS(mgf=padding.MGF1(mgf_hash), salt_length=params["salt_length"].native)
        key.verify(signature, message, pss, hash_cls())
    elif isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, message, padding.PKCS1v15(), hash_cls())
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, message, ec.ECDSA(hash_cls()))
    else:
        raise ValueError("unsupported document signer key type")


def _check_signature(sod: _Sod) -> tuple[x509.Certificate, list[str]]:
    signers = sod.signed_data["signer_infos"]
    if len(signers) != 1:
        raise ValueError(f"EF.SOD has {len(signers)} signers, expected 1")
    signer = signers[0]
    cert = _signer_certificate(sod.signed_data, signer)
    attrs = signer["signed_attrs"]
    message = sod.content
    if attrs.native is not None and len(attrs):
        digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
        digest_name = signer["digest_algorithm"]["algorithm"].native
        if digests != [_digest(digest_name, sod.content)]:
            return cert, ["the signed message digest does not match the LDS security object"]
        message = b"\x31" + attrs.dump()[1:]  # signed over as a SET OF, not as [0] IMPLICIT
    try:
        _verify_signature(cert, signer, message)
    except InvalidSignature:
        return cert, ["the document signer's signature over EF.SOD is invalid"]
    return cert, []


def _valid_at(cert: x509.Certificate, now: dt.datetime, role: str) -> list[str]:
    if now < cert.not_valid_before_utc:
        return [f"the {role} certificate is not valid yet"]
    if now > cert.not_valid_after_utc:
        return [f"the {role} certificate has expired"]
    return []


def _check_chain(signer: x509.Certificate, store: TrustStore, now: dt.datetime) -> list[str]:
    reasons = _valid_at(signer, now, "document signer")
    issuers = [c for c in store.certificates if c.subject == signer.issuer]
    if not issuers:
        return [*reasons, "the document signer was not issued by a trusted CSCA"]
    for csca in issuers:
        try:
            signer.verify_directly_issued_by(csca)
        except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
            continue
        return reasons + _valid_at(csca, now, "CSCA")
    return [*reasons, "the document signer's certificate signature does not verify with a trusted CSCA"]


def _check_hashes(sod: _Sod, data_groups: Mapping[int, bytes]) -> list[str]:
    reasons = []
    for number, data in sorted(data_groups.items()):
        signed = sod.hashes.get(number)
        if signed is None:
            reasons.append(f"DG{number} has no hash in EF.SOD")
        elif _digest(sod.hash_name, data) != signed:
            reasons.append(f"DG{number} does not match its signed hash")
    return reasons


def verify_sod(
    sod: bytes, data_groups: Mapping[int, bytes], trust_store: TrustStore | None, now: dt.datetime
) -> PassiveAuthResult:
    """The verdict on ``data_groups`` (number -> file bytes as read) given EF.SOD."""
    try:
        parsed = _parse_sod(sod)
        signer, signature_reasons = _check_signature(parsed)
    # asn1crypto parses lazily: a damaged field surfaces at first access, as any of these.
    except (
        TlvError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        UnsupportedAlgorithm,
        x509.InvalidVersion,  # a damaged certificate version: no ValueError
    ) as exc:
        return PassiveAuthResult(Verdict.UNTRUSTED_SIGNER, (f"EF.SOD cannot be verified: {exc}",))
    chain_reasons = (
        _check_chain(signer, trust_store, now)
        if trust_store is not None
        else ["no CSCA trust store configured: the signer's chain was not checked"]
    )
    hash_reasons = _check_hashes(parsed, data_groups)
    reasons = (*signature_reasons, *chain_reasons, *hash_reasons)
    if signature_reasons or (trust_store is not None and chain_reasons):
        verdict = Verdict.UNTRUSTED_SIGNER
    elif hash_reasons:
        verdict = Verdict.HASH_MISMATCH
    elif trust_store is None:
        verdict = Verdict.NOT_CHECKED
    else:
        verdict = Verdict.VERIFIED
    return PassiveAuthResult(verdict, reasons)
