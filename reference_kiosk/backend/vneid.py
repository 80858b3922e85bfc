"""Verifying the citizen's VNeID token on the kiosk.

The backend signs the token with an asymmetric key and publishes the public half as a JWKS at
``/.well-known/jwks.json``. The kiosk caches that set, refetches it once when a token names a
key id it does not know (key rotation), and checks signature, issuer, audience and expiry. Expiry
is judged against the kiosk's injected :class:`~reference_kiosk.ports.Clock`, not the host clock,
so tests and the simulated world agree on "now".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jwt

from reference_kiosk.backend.errors import TokenInvalidError
from reference_kiosk.ports import Clock

__all__ = ["ASYMMETRIC_ALGORITHMS", "CitizenClaims", "JwksSource", "VneidTokenVerifier"]

# Never "none" and never HS*: with HMAC the public key itself would become a signing secret.
ASYMMETRIC_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA")

JwksSource = Callable[[], Awaitable[Mapping[str, Any]]]

_REQUIRED = ("iss", "aud", "sub", "exp", "iat", "id_number", "full_name", "date_of_birth")


@dataclass(frozen=True, slots=True)
class CitizenClaims:
    """Who logged in. Personal fields are hidden from ``repr`` so a stray log line leaks nothing."""

    subject: str = field(repr=False)
    id_number: str = field(repr=False)
    full_name: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    level: int
    expires_at: dt.datetime


class VneidTokenVerifier:
    def __init__(
        self,
        jwks: JwksSource,
        *,
        issuer: str,
        audience: str,
        clock: Clock,
        leeway: dt.timedelta = dt.timedelta(seconds=30),
        algorithms: tuple[str, ...] = ASYMMETRIC_ALGORITHMS,
    ) -> None:
        unsafe = [a for a in algorithms if a not in ASYMMETRIC_ALGORITHMS]
        if unsafe:
            raise ValueError(f"only asymmetric algorithms may verify citizen tokens, not {unsafe}")
        self._source = jwks
        self._issuer = issuer
        self._audience = audience
        self._clock = clock
        self._leeway = leeway
        self._algorithms = algorithms
        self._keys: dict[str | None, jwt.PyJWK] | None = None
        self.fetches = 0  # JWKS downloads so far (the cache is observable in tests)

    async def verify(self, token: str) -> CitizenClaims:
        """The token's claims, or :class:`TokenInvalidError` naming what failed (never the claims)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise TokenInvalidError("token: not a JWT") from None
        alg = header.get("alg")
        if alg not in self._algorithms:
            raise TokenInvalidError(f"token: algorithm {alg!r} refused")
        key = await self._key_for(header.get("kid"))
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self._audience,
                issuer=self._issuer,
                # Time claims are checked below against the injected clock.
                options={
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": list(_REQUIRED),
                },
            )
        except jwt.InvalidAudienceError:
            raise TokenInvalidError("token: wrong audience") from None
        except jwt.InvalidIssuerError:
            raise TokenInvalidError("token: wrong issuer") from None
        except jwt.InvalidSignatureError:
            raise TokenInvalidError("token: bad signature") from None
        except jwt.PyJWTError as exc:
            raise TokenInvalidError(f"token: {type(exc).__name__}") from None
        return self._claims(claims)

    async def _key_for(self, kid: object) -> jwt.PyJWK:
        if kid is not None and not isinstance(kid, str):
            raise TokenInvalidError("token: malformed key id")
        if self._keys is None:
            self._keys = await self._fetch()
        key = self._pick(kid)
        if key is None:  # a key we have not seen: the backend may have rotated; ask once more
            self._keys = await self._fetch()
            key = self._pick(kid)
        if key is None:
            raise TokenInvalidError("token: unknown signing key")
        return key

    def _pick(self, kid: str | None) -> jwt.PyJWK | None:
        assert self._keys is not None
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        return self._keys.get(kid) if kid is not None else None

    async def _fetch(self) -> dict[str | None, jwt.PyJWK]:
        self.fetches += 1
        document = await self._source()
        keys: dict[str | None, jwt.PyJWK] = {}
        for entry in document.get("keys", []):
            try:
                key = jwt.PyJWK(dict(entry))
            except (jwt.PyJWTError, TypeError, ValueError):
                continue  # a key we cannot use (symmetric, unknown curve): ignore it, never trust it
            if key.key_type in ("RSA", "EC", "OKP"):
                keys[key.key_id] = key
        return keys

    def _claims(self, claims: Mapping[str, Any]) -> CitizenClaims:
        now = self._clock.now()
        try:
            expires = _timestamp(claims["exp"])
            issued = _timestamp(claims["iat"])
            birth = dt.datetime.strptime(str(claims["date_of_birth"]), "%Y%m%d").date()
            level = int(claims.get("level", 0))
        except (TypeError, ValueError, OverflowError):
            raise TokenInvalidError("token: malformed claims") from None
        if now > expires + self._leeway:
            raise TokenInvalidError("token: expired")
        if issued > now + self._leeway:
            raise TokenInvalidError("token: issued in the future")
        if "nbf" in claims and now + self._leeway < _timestamp(claims["nbf"]):
            raise TokenInvalidError("token: not yet valid")
        return CitizenClaims(
            subject=str(claims["sub"]),
            id_number=str(claims["id_number"]),
            full_name=str(claims["full_name"]),
            date_of_birth=birth,
            level=level,
            expires_at=expires,
        )


def _timestamp(value: Any) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (TypeError, ValueError, OverflowError):
        raise TokenInvalidError("token: malformed claims") from None
