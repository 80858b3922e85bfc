"""Deferred delivery: a queued submission whose citizen token expired, proven by the kiosk's signature.

The kiosk signs, when the citizen confirms, the idempotency key, the dossier's digest, the
confirmation time and the token's digest with its own Ed25519 key (registered here through the
control API, ``mocks.backend.kiosks``). The envelope arrives base64url-encoded in
``X-Kiosk-Confirmation`` beside the expired bearer token. It is accepted when

* the token is well signed by this backend and was never revoked (``TokenService.unrevoked``);
* the envelope names a signing key registered for the calling kiosk, and the signature over
  ``b"kiosk-twin confirmation v1\\n" + canonical(fields without sig, plus "v": 1)`` verifies;
* it is for this request: same idempotency key, same dossier digest, same token digest;
* the confirmation fell inside the token's lifetime (give or take ``SKEW`` of kiosk clock
  drift) and not in the future;
* it is younger than ``settings.deferred_max_age`` (7 days by default) -- or the dossier was
  already made with this key (a retry after a lost answer always finds its dossier).

A refusal is put on the staff's undelivered list (``GET /api/v1/staff/undelivered``) with its
reason, so nothing is dropped silently. This module re-implements the canonical form on purpose
rather than importing the kiosk's signer: the contract tests then check two implementations
against each other (docs/decisions/0015-deferred-delivery.md).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature

from mocks.backend import dossiers
from mocks.backend.errors import ConfirmationExpiredError, ConfirmationInvalidError
from mocks.backend.state import Backend
from mocks.backend.tokens import TokenClaims
from reference_kiosk.api import Dossier, DossierCreate

__all__ = ["SKEW", "accept_deferred"]

SKEW = dt.timedelta(minutes=5)  # how far a kiosk's clock may drift from the world clock
_DOMAIN = b"kiosk-twin confirmation v1\n"
_FIELDS = ("key_id", "idempotency_key", "confirmed_at", "body_sha256", "token_sha256", "sig")


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _parse(header: str) -> dict[str, Any]:
    try:
        data = json.loads(_unb64(header))
    except (binascii.Error, ValueError):
        raise ConfirmationInvalidError("the kiosk confirmation does not decode") from None
    if not isinstance(data, dict) or data.get("v") != 1 or set(data) != {"v", *_FIELDS}:
        raise ConfirmationInvalidError("the kiosk confirmation has the wrong shape")
    strings = all(isinstance(data[k], str) for k in _FIELDS if k != "confirmed_at")
    moment = data["confirmed_at"]
    if not strings or not isinstance(moment, int) or isinstance(moment, bool) or not 0 < moment < 2**33:
        raise ConfirmationInvalidError("the kiosk confirmation has the wrong shape")
    return data


def _check(
    backend: Backend, kiosk_id: str, data: dict[str, Any], token: str, body: DossierCreate, key: str | None
) -> str | None:
    """None when the envelope proves this request; otherwise the reason (a short code)."""
    public = backend.kiosks.signing_key(kiosk_id, str(data["key_id"]))
    if public is None:
        return "unknown_signing_key"
    unsigned = {k: v for k, v in data.items() if k != "sig"}
    try:
        public.verify(_unb64(str(data["sig"])), _DOMAIN + _canonical(unsigned))
    except (InvalidSignature, binascii.Error, ValueError):
        return "bad_signature"
    if data["idempotency_key"] != key:
        return "other_idempotency_key"
    if data["body_sha256"] != hashlib.sha256(_canonical(body.model_dump(mode="json"))).hexdigest():
        return "other_dossier"
    if data["token_sha256"] != hashlib.sha256(token.encode("utf-8")).hexdigest():
        return "other_login"
    return None


def _in_lifetime(claims: TokenClaims, confirmed: dt.datetime, now: dt.datetime) -> bool:
    issued = claims.issued_at or claims.expires_at - dt.timedelta(days=1)
    return issued - SKEW <= confirmed < claims.expires_at + SKEW and confirmed <= now + SKEW


def _existing(backend: Backend, kiosk_id: str, key: str | None) -> Dossier | None:
    if not key:
        return None
    with backend.store.read() as conn:
        row = conn.execute(
            "SELECT dossier_code FROM idempotency WHERE kiosk_id = ? AND key = ?", (kiosk_id, key)
        ).fetchone()
        return None if row is None else dossiers.load(conn, row["dossier_code"])


def accept_deferred(
    backend: Backend,
    kiosk_id: str,
    claims: TokenClaims,
    token: str,
    header: str | None,
    body: DossierCreate,
    key: str | None,
) -> Dossier | None:
    """Raise unless the expired token's submission is proven; a dossier already made with the key
    is returned (a retry), None means: file it now."""
    if header is None:
        raise ConfirmationInvalidError("token expired")  # what the kiosk got before deferred delivery
    data = _parse(header)
    confirmed = dt.datetime.fromtimestamp(int(data["confirmed_at"]), dt.UTC)
    now = backend.clock.now()

    def refuse(reason: str) -> None:
        backend.kiosks.report_undelivered(kiosk_id, key or "", body.procedure_code, confirmed, reason)

    reason = _check(backend, kiosk_id, data, token, body, key)
    if reason is None and not _in_lifetime(claims, confirmed, now):
        reason = "confirmed_outside_login"
    if reason is not None:
        refuse(reason)
        raise ConfirmationInvalidError(f"the kiosk confirmation does not prove this submission ({reason})")
    existing = _existing(backend, kiosk_id, key)
    if existing is not None:
        return existing
    if now - confirmed > backend.settings.deferred_max_age:
        refuse("confirmation_expired")
        raise ConfirmationExpiredError(
            "confirmed too long ago to be filed from the kiosk; staff will contact the citizen",
            {"max_age_seconds": str(int(backend.settings.deferred_max_age.total_seconds()))},
        )
    return None
