"""The kiosk's signature on a confirmed submission, so the outbox can deliver it after the token expired.

A citizen's token lives 30 minutes; a commune's network can be down for days. When the citizen
confirms, the outbox signs (Ed25519, the kiosk's own key, registered with the backend) what was
confirmed, when, and under which login::

    signed = b"kiosk-twin confirmation v1\\n" + canonical({
        "v": 1, "key_id": ..., "idempotency_key": ..., "confirmed_at": <int seconds since epoch>,
        "body_sha256": sha256(canonical(dossier as JSON)), "token_sha256": sha256(bearer token)})

``canonical`` is JSON with sorted keys, no spaces, UTF-8 (``ensure_ascii=False``). The envelope
(those fields plus ``sig``, base64url of the signature) travels base64url-encoded in the
``X-Kiosk-Confirmation`` header next to the (possibly expired) bearer token, which stays the
citizen's login proof: the backend checks the token's own signature, that ``confirmed_at`` lies
inside its lifetime and that it was not revoked, the kiosk's signature against the kiosk's
registered public key, and the item's age (docs/decisions/0015-deferred-delivery.md).

The private key is a PKCS#8 PEM file created 0600 beside the outbox on first use.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reference_kiosk import api
from reference_kiosk.outbox.errors import OutboxKeyError

__all__ = ["HEADER", "Confirmation", "KioskSigner", "body_digest", "load_or_create_signer"]

HEADER = "X-Kiosk-Confirmation"
_DOMAIN = b"kiosk-twin confirmation v1\n"


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def body_digest(dossier: api.DossierCreate) -> str:
    """SHA-256 of the dossier exactly as it is sent (its JSON form), in canonical JSON."""
    return hashlib.sha256(_canonical(dossier.model_dump(mode="json"))).hexdigest()


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What the kiosk signed when the citizen confirmed. Nothing personal: digests and times."""

    key_id: str
    idempotency_key: str
    confirmed_at: int
    body_sha256: str
    token_sha256: str
    sig: str

    def signed_bytes(self) -> bytes:
        fields = asdict(self)
        del fields["sig"]
        return _DOMAIN + _canonical({"v": 1, **fields})

    def header(self) -> str:
        return _b64(_canonical({"v": 1, **asdict(self)}))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Confirmation:
        return cls(
            key_id=str(data["key_id"]),
            idempotency_key=str(data["idempotency_key"]),
            confirmed_at=int(data["confirmed_at"]),
            body_sha256=str(data["body_sha256"]),
            token_sha256=str(data["token_sha256"]),
            sig=str(data["sig"]),
        )


class KioskSigner:
    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_raw = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = hashlib.sha256(self.public_raw).hexdigest()[:16]

    @property
    def public_key_b64(self) -> str:
        """What the backend registers (standard base64 of the raw 32-byte key)."""
        return base64.b64encode(self.public_raw).decode("ascii")

    def confirm(
        self, idempotency_key: str, token: str, dossier: api.DossierCreate, confirmed_at: int
    ) -> Confirmation:
        unsigned = Confirmation(
            key_id=self.key_id,
            idempotency_key=idempotency_key,
            confirmed_at=confirmed_at,
            body_sha256=body_digest(dossier),
            token_sha256=hashlib.sha256(token.encode("utf-8")).hexdigest(),
            sig="",
        )
        signature = self._key.sign(unsigned.signed_bytes())
        return Confirmation(**{**unsigned.as_dict(), "sig": _b64(signature)})


def load_or_create_signer(path: Path) -> KioskSigner:
    """The kiosk's signing key from ``path`` (PKCS#8 PEM), created 0600 when absent."""
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except ValueError as exc:
            raise OutboxKeyError("the kiosk's signing key file is unreadable") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise OutboxKeyError("the kiosk's signing key is not an Ed25519 key")
        return KioskSigner(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return KioskSigner(key)
