"""The kiosk verifies the citizen's VNeID token: signature, algorithm, issuer, audience, expiry."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from reference_kiosk.backend import CitizenClaims, TokenInvalidError, VneidTokenVerifier

pytestmark = pytest.mark.anyio

ISSUER = "https://vneid.mock.local"
AUDIENCE = "kiosk-twin"
NOW = dt.datetime(2025, 3, 17, 8, 0, tzinfo=dt.UTC)
ID_NUMBER = "020199001234"
FULL_NAME = "Hoàng Thị Lan"


class FixedClock:
    def __init__(self, now: dt.datetime) -> None:
        self.current = now

    def now(self) -> dt.datetime:
        return self.current

    def monotonic(self) -> float:
        return self.current.timestamp()


class Jwks:
    """A JWKS endpoint stand-in that counts downloads and can rotate its keys."""

    def __init__(self, *keys: tuple[str, Any]) -> None:
        self.keys = list(keys)
        self.calls = 0

    async def __call__(self) -> Mapping[str, Any]:
        self.calls += 1
        out = []
        for kid, key in self.keys:
            if isinstance(key, ec.EllipticCurvePublicKey):
                jwk = ECAlgorithm.to_jwk(key, as_dict=True) | {"alg": "ES256"}
            else:
                jwk = RSAAlgorithm.to_jwk(key, as_dict=True) | {"alg": "RS256"}
            out.append({**jwk, "kid": kid, "use": "sig"})
        return {"keys": out}


def claims(**overrides: Any) -> dict[str, Any]:
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "vneid-abc",
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + dt.timedelta(minutes=30)).timestamp()),
        "id_number": ID_NUMBER,
        "full_name": FULL_NAME,
        "date_of_birth": "19990102",
        "level": 2,
    }
    return base | overrides


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def other_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def jwks(ec_key: ec.EllipticCurvePrivateKey) -> Jwks:
    return Jwks(("k1", ec_key.public_key()))


@pytest.fixture
def verifier(jwks: Jwks, clock: FixedClock) -> VneidTokenVerifier:
    return VneidTokenVerifier(jwks, issuer=ISSUER, audience=AUDIENCE, clock=clock)


def sign(key: Any, body: dict[str, Any], kid: str | None = "k1", alg: str = "ES256") -> str:
    return jwt.encode(body, key, algorithm=alg, headers={"kid": kid} if kid else None)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


async def test_a_valid_token_gives_the_citizens_claims(
    verifier: VneidTokenVerifier, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    got = await verifier.verify(sign(ec_key, claims()))
    assert got == CitizenClaims(
        subject="vneid-abc",
        id_number=ID_NUMBER,
        full_name=FULL_NAME,
        date_of_birth=dt.date(1999, 1, 2),
        level=2,
        expires_at=NOW + dt.timedelta(minutes=30),
    )


async def test_the_claims_repr_hides_personal_data(
    verifier: VneidTokenVerifier, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    text = repr(await verifier.verify(sign(ec_key, claims())))
    assert ID_NUMBER not in text
    assert "Lan" not in text
    assert "1999" not in text
    assert "level=2" in text


async def test_an_expired_token_is_refused_by_the_injected_clock(
    verifier: VneidTokenVerifier, ec_key: ec.EllipticCurvePrivateKey, clock: FixedClock
) -> None:
    token = sign(ec_key, claims())
    await verifier.verify(token)
    clock.current = NOW + dt.timedelta(minutes=30, seconds=29)  # within the 30 s leeway
    await verifier.verify(token)
    clock.current = NOW + dt.timedelta(minutes=31)
    with pytest.raises(TokenInvalidError, match="expired"):
        await verifier.verify(token)


async def test_a_token_from_the_future_is_refused(
    verifier: VneidTokenVerifier, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    later = int((NOW + dt.timedelta(hours=1)).timestamp())
    with pytest.raises(TokenInvalidError, match="future"):
        await verifier.verify(sign(ec_key, claims(iat=later, exp=later + 600)))


@pytest.mark.parametrize(
    ("override", "reason"),
    [({"iss": "https://evil.example"}, "issuer"), ({"aud": "another-app"}, "audience")],
)
async def test_wrong_issuer_or_audience_is_refused(
    verifier: VneidTokenVerifier, ec_key: ec.EllipticCurvePrivateKey, override: dict[str, str], reason: str
) -> None:
    with pytest.raises(TokenInvalidError, match=reason):
        await verifier.verify(sign(ec_key, claims(**override)))


async def test_a_missing_identity_claim_is_refused(
    verifier: VneidTokenVerifier, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    body = claims()
    del body["id_number"]
    with pytest.raises(TokenInvalidError):
        await verifier.verify(sign(ec_key, body))


async def test_a_token_signed_by_another_key_with_the_same_kid_is_refused(
    verifier: VneidTokenVerifier, other_key: ec.EllipticCurvePrivateKey
) -> None:
    with pytest.raises(TokenInvalidError, match="signature"):
        await verifier.verify(sign(other_key, claims()))


async def test_alg_none_is_refused(verifier: VneidTokenVerifier, jwks: Jwks) -> None:
    token = f"{b64(json.dumps({'alg': 'none', 'kid': 'k1'}).encode())}.{b64(json.dumps(claims()).encode())}."
    with pytest.raises(TokenInvalidError, match="algorithm"):
        await verifier.verify(token)
    assert jwks.calls == 0  # refused before any key is looked up


async def test_hs256_keyed_with_the_public_key_is_refused(
    verifier: VneidTokenVerifier, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    # The classic confusion attack: HMAC "signed" with the published public key as the secret.
    public_pem = ec_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        f"{b64(json.dumps({'alg': 'HS256', 'kid': 'k1'}).encode())}.{b64(json.dumps(claims()).encode())}"
    )
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(TokenInvalidError, match="algorithm"):
        await verifier.verify(f"{signing_input}.{b64(mac)}")


def test_a_symmetric_algorithm_cannot_even_be_configured(clock: FixedClock, jwks: Jwks) -> None:
    with pytest.raises(ValueError, match="asymmetric"):
        VneidTokenVerifier(jwks, issuer=ISSUER, audience=AUDIENCE, clock=clock, algorithms=("ES256", "HS256"))


async def test_garbage_is_not_a_token(verifier: VneidTokenVerifier) -> None:
    with pytest.raises(TokenInvalidError, match="not a JWT"):
        await verifier.verify("not-a-token")


async def test_the_key_set_is_cached_and_refetched_once_on_rotation(
    verifier: VneidTokenVerifier, jwks: Jwks, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    await verifier.verify(sign(ec_key, claims()))
    await verifier.verify(sign(ec_key, claims()))
    assert jwks.calls == 1
    rotated = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks.keys.append(("k2", rotated.public_key()))
    got = await verifier.verify(sign(rotated, claims(), kid="k2", alg="RS256"))
    assert got.level == 2
    assert jwks.calls == 2


async def test_an_unknown_kid_refetches_only_once_then_fails(
    verifier: VneidTokenVerifier, jwks: Jwks, other_key: ec.EllipticCurvePrivateKey
) -> None:
    with pytest.raises(TokenInvalidError, match="unknown signing key"):
        await verifier.verify(sign(other_key, claims(), kid="k9"))
    assert jwks.calls == 2  # the first download, one refetch, no more
