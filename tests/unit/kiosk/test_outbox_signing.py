"""The kiosk's signature on a confirmed submission: made at confirmation, sealed with the item."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from reference_kiosk.outbox import Outbox, OutboxKeyError
from reference_kiosk.outbox.signing import Confirmation, body_digest, load_or_create_signer
from tests.support.kiosk_flow import TOKEN, FakeClock
from tests.unit.kiosk.test_outbox import KEY, submission


def _verify(public_b64: str, confirmation: Confirmation) -> None:
    """Checked from the wire form only (the header), the way a backend would."""
    data = json.loads(
        base64.urlsafe_b64decode(confirmation.header() + "=" * (-len(confirmation.header()) % 4))
    )
    sig = base64.urlsafe_b64decode(data.pop("sig") + "==")
    message = (
        b"kiosk-twin confirmation v1\n"
        + json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )
    Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64)).verify(sig, message)


def test_the_outbox_signs_at_confirmation_and_keeps_the_signature_sealed(tmp_path: Path) -> None:
    clock = FakeClock()
    signer = load_or_create_signer(tmp_path / "kiosk.signing.pem")
    outbox = Outbox(tmp_path / "o.db", KEY, clock, signer=signer)
    confirmed_at = int(clock.now().timestamp())
    outbox.add("k1", submission())
    clock.advance(7200)  # read back much later, after a restart
    outbox.close()
    stored = Outbox(tmp_path / "o.db", KEY, clock).load("k1")
    signed = stored.confirmation
    assert signed is not None
    assert (signed.idempotency_key, signed.confirmed_at, signed.key_id) == ("k1", confirmed_at, signer.key_id)
    assert signed.body_sha256 == body_digest(stored.dossier)
    _verify(signer.public_key_b64, signed)
    # Nothing of it is in the file in clear (it is inside the AES-GCM blob):
    raw = (tmp_path / "o.db").read_bytes()
    assert signed.sig.encode() not in raw
    assert signed.body_sha256.encode() not in raw


def test_a_changed_field_breaks_the_signature(tmp_path: Path) -> None:
    signer = load_or_create_signer(tmp_path / "kiosk.signing.pem")
    signed = signer.confirm("k1", TOKEN, submission().dossier, 1_742_180_400)
    for change in (
        {"confirmed_at": signed.confirmed_at + 1},
        {"idempotency_key": "k2"},
        {"body_sha256": "0" * 64},
    ):
        forged = Confirmation(**{**signed.as_dict(), **change})
        with pytest.raises(InvalidSignature):
            _verify(signer.public_key_b64, forged)


def test_the_signing_key_file_is_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "state" / "kiosk.signing.pem"
    first = load_or_create_signer(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_signer(path).key_id == first.key_id
    path.write_text("not a key")
    with pytest.raises(OutboxKeyError):
        load_or_create_signer(path)
