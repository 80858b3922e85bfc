"""Passive authentication of EF.SOD with the emulator's mock PKI (and a CA made here)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from mocks.card.files import tamper
from mocks.card.pki import MockPki, SignerKind
from mocks.card.sod import build_sod
from reference_kiosk.devices.icao.errors import TrustStoreError
from reference_kiosk.devices.icao.passive_auth import TrustStore, Verdict, verify_sod
from reference_kiosk.devices.icao.tlv import encode

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
GROUPS = {1: encode(0x61, b"dg1 bytes"), 2: encode(0x75, b"dg2 bytes"), 13: encode(0x6D, b"dg13 bytes")}


def _sod(pki: MockPki, kind: SignerKind = SignerKind.GENUINE, groups: dict[int, bytes] = GROUPS) -> bytes:
    return build_sod(groups, pki.signer(kind), NOW - dt.timedelta(days=30))


def _store(pki: MockPki) -> TrustStore:
    return TrustStore((pki.csca_cert,))


def test_genuine_sod_verifies(pki: MockPki) -> None:
    result = verify_sod(_sod(pki), GROUPS, _store(pki), NOW)
    assert result.verdict is Verdict.VERIFIED
    assert result.reasons == ()


@pytest.mark.parametrize("group", [1, 2, 13])
def test_a_group_altered_after_signing_is_a_hash_mismatch(pki: MockPki, group: int) -> None:
    read = dict(GROUPS) | {group: tamper(GROUPS[group])}
    result = verify_sod(_sod(pki), read, _store(pki), NOW)
    assert result.verdict is Verdict.HASH_MISMATCH
    assert result.reasons == (f"DG{group} does not match its signed hash",)


def test_a_group_missing_from_the_sod_is_a_hash_mismatch(pki: MockPki) -> None:
    sod = _sod(pki, groups={1: GROUPS[1], 2: GROUPS[2]})
    result = verify_sod(sod, GROUPS, _store(pki), NOW)
    assert result.verdict is Verdict.HASH_MISMATCH
    assert "DG13 has no hash in EF.SOD" in result.reasons


def test_signer_from_an_unknown_ca_is_untrusted(pki: MockPki) -> None:
    result = verify_sod(_sod(pki, SignerKind.UNKNOWN_CA), GROUPS, _store(pki), NOW)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert result.reasons == ("the document signer was not issued by a trusted CSCA",)


def test_expired_document_signer_is_untrusted(pki: MockPki) -> None:
    result = verify_sod(_sod(pki, SignerKind.EXPIRED), GROUPS, _store(pki), NOW)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert "the document signer certificate has expired" in result.reasons


def test_validity_follows_the_injected_clock(pki: MockPki) -> None:
    early = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)  # before the genuine signer's validity
    result = verify_sod(_sod(pki), GROUPS, _store(pki), early)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert "the document signer certificate is not valid yet" in result.reasons


def test_forged_signature_is_untrusted(pki: MockPki) -> None:
    sod = bytearray(_sod(pki))
    sod[-20] ^= 0x01  # inside the signature value, the last field of SignerInfo
    result = verify_sod(bytes(sod), GROUPS, _store(pki), NOW)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert result.reasons == ("the document signer's signature over EF.SOD is invalid",)


def test_hashes_altered_inside_the_sod_break_the_signed_digest(pki: MockPki) -> None:
    sod = _sod(pki)
    digest = hashlib.sha256(GROUPS[13]).digest()
    forged = sod.replace(digest, bytes(len(digest)))
    result = verify_sod(forged, dict(GROUPS) | {13: b"x"}, _store(pki), NOW)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert "the signed message digest does not match the LDS security object" in result.reasons


def test_without_a_trust_store_the_chain_is_not_checked(pki: MockPki) -> None:
    result = verify_sod(_sod(pki, SignerKind.UNKNOWN_CA), GROUPS, None, NOW)
    assert result.verdict is Verdict.NOT_CHECKED
    tampered = verify_sod(_sod(pki), dict(GROUPS) | {1: b"x"}, None, NOW)
    assert tampered.verdict is Verdict.HASH_MISMATCH


@pytest.mark.parametrize("sod", [b"", b"\x77\x00", encode(0x77, b"\x30\x03\x02\x01\x01"), encode(0x60, b"")])
def test_malformed_sod_is_untrusted_not_an_exception(sod: bytes, pki: MockPki) -> None:
    result = verify_sod(sod, GROUPS, _store(pki), NOW)
    assert result.verdict is Verdict.UNTRUSTED_SIGNER
    assert result.reasons[0].startswith("EF.SOD cannot be verified")


def test_trust_store_from_a_pem_file_and_a_directory(pki: MockPki, tmp_path: Path) -> None:
    pem = pki.csca_cert.public_bytes(serialization.Encoding.PEM)
    (tmp_path / "csca.pem").write_bytes(pem)
    (tmp_path / "csca.der").write_bytes(pki.csca_cert.public_bytes(serialization.Encoding.DER))
    (tmp_path / "README").write_text("not a certificate")
    assert TrustStore.from_paths([tmp_path / "csca.pem"]).certificates == (pki.csca_cert,)
    assert TrustStore.from_paths([tmp_path]).certificates == (pki.csca_cert, pki.csca_cert)
    result = verify_sod(_sod(pki), GROUPS, TrustStore.from_paths([tmp_path]), NOW)
    assert result.verdict is Verdict.VERIFIED


def test_unusable_trust_stores_raise_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(TrustStoreError):
        TrustStore.from_paths([tmp_path])  # empty directory
    with pytest.raises(TrustStoreError):
        TrustStore.from_paths([tmp_path / "missing.pem"])
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(TrustStoreError):
        TrustStore.from_paths([bad])
