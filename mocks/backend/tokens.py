"""Citizen tokens: ES256 JWTs signed by the mock VNeID, published at ``/.well-known/jwks.json``.

Claims (the kiosk's client reads these names)::

    iss  "https://vneid.mock.local" (settings.issuer)     aud  the kiosk client id (settings.audience)
    sub  the citizen's VNeID subject                      iat, exp  world-clock seconds since epoch
    jti  random token id                                  kid (header) the signing key's id
    id_number      12-digit personal ID number            full_name      as on the ID card
    date_of_birth  yyyyMMdd                               level          VNeID account level (2)

The private key is kept beside the database (``<db>.signing-key.pem``, mode 0600) so a restarted
backend still verifies the tokens it issued before. ``exp`` is checked against the world clock,
and ``jti`` against the revocation list (``revocation.py``): a logged-out token is refused.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from mocks.backend.clock import WorldClock
from mocks.backend.errors import TokenRevokedError, UnauthorizedError
from mocks.backend.revocation import RevocationList
from reference_kiosk.api import CitizenProfile

__all__ = ["ACCOUNT_LEVEL", "TokenClaims", "TokenService", "key_path_for"]

ACCOUNT_LEVEL = 2  # level-2 VNeID accounts are the ones allowed to use public services
_ALGORITHM = "ES256"


def key_path_for(db_path: Path) -> Path | None:
    """Where the signing key of this database lives (None: an in-memory database, in-memory key)."""
    if str(db_path) == ":memory:":
        return None
    return db_path.with_name(db_path.name + ".signing-key.pem")


def _load_or_create_key(path: Path | None) -> ec.EllipticCurvePrivateKey:
    if path is not None and path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{path} is not an EC private key")
        return key
    key = ec.generate_private_key(ec.SECP256R1())
    if path is not None:
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
    return key


@dataclass(frozen=True, slots=True)
class TokenClaims:
    citizen: CitizenProfile
    jti: str
    expires_at: dt.datetime
    issued_at: dt.datetime | None = None

    def expired(self, now: dt.datetime) -> bool:
        return self.expires_at.timestamp() <= now.timestamp()


class TokenService:
    def __init__(
        self,
        key_path: Path | None,
        issuer: str,
        audience: str,
        ttl: dt.timedelta,
        clock: WorldClock,
        *,
        revocations: RevocationList | None = None,
    ) -> None:
        self._key = _load_or_create_key(key_path)
        self._public = self._key.public_key()
        der = self._public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.kid = base64.urlsafe_b64encode(hashlib.sha256(der).digest()[:12]).decode().rstrip("=")
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl
        self._clock = clock
        self._revocations = revocations
        self._read_cached = functools.lru_cache(maxsize=4096)(self._read)  # thread-safe; failures not kept

    def issue(self, citizen: CitizenProfile) -> tuple[str, dt.datetime]:
        now = self._clock.now().replace(microsecond=0)
        expires = now + self.ttl
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": citizen.subject,
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
            "jti": secrets.token_urlsafe(12),
            "id_number": citizen.id_number,
            "full_name": citizen.full_name,
            "date_of_birth": citizen.date_of_birth.strftime("%Y%m%d"),
            "level": ACCOUNT_LEVEL,
        }
        token = jwt.encode(claims, self._key, algorithm=_ALGORITHM, headers={"kid": self.kid})
        return token, expires

    def verify(self, token: str) -> CitizenProfile:
        """The citizen a token names; ``UnauthorizedError`` for a bad signature, issuer, audience or
        age, ``TokenRevokedError`` once the session was logged out."""
        claims = self.unrevoked(token)
        if claims.expired(self._clock.now()):
            raise UnauthorizedError("token expired")
        return claims.citizen

    def unrevoked(self, token: str) -> TokenClaims:
        """Claims of a well-signed token that was never revoked, expired or not.

        For deferred delivery (``mocks.backend.confirmations``): an expired token still proves
        who logged in, when the kiosk's signature says the citizen confirmed while it was valid.
        """
        claims = self.read(token)
        if self._revocations is not None and self._revocations.is_revoked(claims.jti):
            raise TokenRevokedError()
        return claims

    def revoke(self, token: str) -> None:
        """Log the token out. Idempotent; an expired token needs nothing (it is refused anyway)."""
        if self._revocations is None:
            raise RuntimeError("this token service keeps no revocation list")
        claims = self.read(token)
        if claims.expires_at.timestamp() > self._clock.now().timestamp():
            self._revocations.revoke(claims.jti, claims.citizen.subject, claims.expires_at)

    def revoked_unexpired(self, subject: str) -> int:
        """Revoked tokens of this citizen that have not expired yet (for the control API)."""
        return 0 if self._revocations is None else self._revocations.unexpired_for(subject)

    def read(self, token: str) -> TokenClaims:
        """Signature, issuer, audience and claims checked; expiry and revocation are the caller's.

        A token's claims follow from the token and this service's key alone, so a token already
        checked is not checked again (an ECDSA verification per request, issue 16).
        """
        return self._read_cached(token)

    def _read(self, token: str) -> TokenClaims:
        try:
            claims = jwt.decode(
                token,
                self._public,
                algorithms=[_ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                # expiry is a world-clock matter, checked below; PyJWT would use the wall clock
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                         "require": ["exp", "sub", "jti", "id_number", "full_name", "date_of_birth"]},
            )  # fmt: skip
            born = dt.datetime.strptime(str(claims["date_of_birth"]), "%Y%m%d").date()
            citizen = CitizenProfile(
                subject=str(claims["sub"]),
                id_number=str(claims["id_number"]),
                full_name=str(claims["full_name"]),
                date_of_birth=born,
            )
            expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
            issued = dt.datetime.fromtimestamp(int(claims["iat"]), dt.UTC) if "iat" in claims else None
            return TokenClaims(citizen, str(claims["jti"]), expires, issued)
        except (jwt.InvalidTokenError, ValueError, TypeError, OverflowError) as exc:
            raise UnauthorizedError("invalid token") from exc

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        jwk = ECAlgorithm.to_jwk(self._public, as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": _ALGORITHM}]}
