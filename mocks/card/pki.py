"""A mock country signing CA (CSCA) and its document signers, generated once and cached on disk.

Three signers: the genuine one (issued by the CSCA a kiosk trusts), one from an unknown CA (a
forged card) and an expired one (issued by the genuine CSCA, validity ended in 2020). The cache
directory is written whole or not at all: keys are generated in a sibling temporary directory
renamed into place, so two processes starting at once end up sharing one PKI.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from mocks.card.errors import PkiError

__all__ = ["MockPki", "Signer", "SignerKind", "default_pki_dir"]

_KEY_BITS = 2048
_FILES = ("csca", "ds", "unknown-csca", "unknown-ds", "expired-ds")


class SignerKind(StrEnum):
    GENUINE = "genuine"
    UNKNOWN_CA = "unknown_ca"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Signer:
    key: rsa.RSAPrivateKey = field(repr=False)
    cert: x509.Certificate
    ca_cert: x509.Certificate


def default_pki_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kiosk-twin" / "pki"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "kiosk-twin mock PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _utc(year: int, month: int = 1, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


def _cert(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: tuple[x509.Name, rsa.RSAPrivateKey] | None,
    validity: tuple[dt.datetime, dt.datetime],
) -> x509.Certificate:
    is_ca = issuer is None
    issuer_name, issuer_key = issuer or (_name(subject), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(validity[0])
        .not_valid_after(validity[1])
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=0 if is_ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not is_ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=is_ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    return builder.sign(issuer_key, hashes.SHA256())


def _generate(directory: Path) -> None:
    keys = {name: rsa.generate_private_key(65537, _KEY_BITS) for name in _FILES}
    csca = _cert("CSCA Viet Nam (mock)", keys["csca"], None, (_utc(2020), _utc(2045)))
    rogue = _cert("CSCA Unknown (mock)", keys["unknown-csca"], None, (_utc(2020), _utc(2045)))
    certs = {
        "csca": csca,
        "ds": _cert(
            "Document Signer CCCD (mock)", keys["ds"], (csca.subject, keys["csca"]), (_utc(2021), _utc(2036))
        ),
        "unknown-csca": rogue,
        "unknown-ds": _cert(
            "Document Signer (unknown CA)",
            keys["unknown-ds"],
            (rogue.subject, keys["unknown-csca"]),
            (_utc(2021), _utc(2036)),
        ),
        "expired-ds": _cert(
            "Document Signer CCCD 2015 (mock)",
            keys["expired-ds"],
            (csca.subject, keys["csca"]),
            (_utc(2015), _utc(2020, 12, 31)),
        ),
    }
    for name in _FILES:
        pem = keys[name].private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (directory / f"{name}.key.pem").write_bytes(pem)
        (directory / f"{name}.pem").write_bytes(certs[name].public_bytes(serialization.Encoding.PEM))


class MockPki:
    """Load the PKI from ``directory``, generating it there first if it is not complete."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_pki_dir()
        if not (self.directory / "expired-ds.pem").exists():
            self._create()
        try:
            self._keys = {n: self._load_key(n) for n in _FILES}
            self._certs = {
                n: x509.load_pem_x509_certificate((self.directory / f"{n}.pem").read_bytes()) for n in _FILES
            }
        except (OSError, ValueError) as exc:
            raise PkiError(f"mock PKI in {self.directory} is unusable: {exc}") from exc

    def _load_key(self, name: str) -> rsa.RSAPrivateKey:
        # Our own cache: skipping the (slow) RSA consistency check keeps start-up quick.
        key = serialization.load_pem_private_key(
            (self.directory / f"{name}.key.pem").read_bytes(), None, unsafe_skip_rsa_key_validation=True
        )
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{name} is not an RSA key")
        return key

    def _create(self) -> None:
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.directory.name}-", dir=self.directory.parent))
        try:
            _generate(tmp)
            os.rename(tmp, self.directory)  # atomic; fails if another process got there first
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not (self.directory / "expired-ds.pem").exists():
                raise

    @property
    def csca_cert(self) -> x509.Certificate:
        return self._certs["csca"]

    def signer(self, kind: SignerKind = SignerKind.GENUINE) -> Signer:
        name, ca = {
            SignerKind.GENUINE: ("ds", "csca"),
            SignerKind.UNKNOWN_CA: ("unknown-ds", "unknown-csca"),
            SignerKind.EXPIRED: ("expired-ds", "csca"),
        }[kind]
        return Signer(self._keys[name], self._certs[name], self._certs[ca])

    def export_csca(self, path: Path) -> Path:
        """Write the CSCA certificate (PEM) for a trust store; returns the path written."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.csca_cert.public_bytes(serialization.Encoding.PEM))
        return path
