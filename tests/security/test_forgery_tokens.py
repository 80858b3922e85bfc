"""Forged and replayed VNeID tokens: refused by the kiosk's verifier and by the backend.

Tokens start from a genuine one the backend issued through a VNeID login. The kiosk side is the
real ``VneidTokenVerifier`` fed with the key set the backend publishes at
``/.well-known/jwks.json`` and the backend's world-clock time; the backend side is a citizen
call (``GET /api/v1/dossiers``) with the token as bearer: 401 every time.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from mocks.backend.citizens_registry import find_citizen
from mocks.backend.state import Backend
from mocks.backend.tokens import TokenService, key_path_for
from reference_kiosk.backend import CitizenClaims, TokenInvalidError, VneidTokenVerifier
from tests.support.backend import CITIZEN_A, CITIZEN_B, BackendDriver

DOSSIERS = "/api/v1/dossiers"


@dataclass(frozen=True, slots=True)
class World:
    twin: BackendDriver
    backend: Backend
    db: Path
    token: str  # citizen A's genuine token


class WorldClockView:
    """The kiosk's Clock port reading the backend's world clock (they agree on "now")."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    def now(self) -> dt.datetime:
        return self._backend.clock.now()

    def monotonic(self) -> float:
        return self._backend.clock.now().timestamp()


@pytest.fixture
def world(twin: BackendDriver, db: Path) -> World:
    auth = twin.login(CITIZEN_A)
    twin.register(CITIZEN_B)
    return World(twin, twin.client.app.state.backend, db, auth["Authorization"].removeprefix("Bearer "))


def kiosk_verify(world: World, token: str) -> CitizenClaims:
    keys: dict[str, Any] = world.twin.client.get("/.well-known/jwks.json").json()

    async def jwks() -> dict[str, Any]:
        return keys

    settings = world.backend.settings
    verifier = VneidTokenVerifier(
        jwks, issuer=settings.issuer, audience=settings.audience, clock=WorldClockView(world.backend)
    )
    return anyio.run(verifier.verify, token)


def backend_status(world: World, token: str) -> tuple[int, str]:
    answer = world.twin.client.get(DOSSIERS, headers={"Authorization": f"Bearer {token}"})
    return answer.status_code, answer.json().get("message", "")


# ---------------------------------------------------------------------------- forgeries


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _parts(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    head, body, signature = token.split(".")
    pad = "=="
    return (
        json.loads(base64.urlsafe_b64decode(head + pad)),
        json.loads(base64.urlsafe_b64decode(body + pad)),
        signature,
    )


def _encode(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())


def _service(world: World, *, issuer: str | None = None, audience: str | None = None) -> TokenService:
    """A token service on the backend's own signing key (as if its key were used elsewhere)."""
    settings = world.backend.settings
    return TokenService(
        key_path_for(world.db),
        issuer or settings.issuer,
        audience or settings.audience,
        settings.token_ttl,
        world.backend.clock,
    )


def _citizen_a(world: World) -> Any:
    citizen = find_citizen(world.backend, CITIZEN_A["id_number"])
    assert citizen is not None
    return citizen


def expired(world: World) -> str:
    world.twin.advance(world.backend.settings.token_ttl.total_seconds() + 120)
    return world.token


def other_audience(world: World) -> str:
    return _service(world, audience="another-relying-party").issue(_citizen_a(world))[0]


def other_issuer(world: World) -> str:
    return _service(world, issuer="https://vneid.attacker.example").issue(_citizen_a(world))[0]


def other_key_same_kid(world: World) -> str:
    header, claims, _ = _parts(world.token)
    return jwt.encode(claims, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256", headers=header)


def alg_none(world: World) -> str:
    header, claims, _ = _parts(world.token)
    return _encode(header | {"alg": "none"}, claims) + "."


def hs256_with_public_key(world: World) -> str:
    header, claims, _ = _parts(world.token)
    published = world.twin.client.get("/.well-known/jwks.json").json()["keys"][0]
    public = jwt.PyJWK(published).key.public_bytes(  # what anyone can download
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = _encode(header | {"alg": "HS256"}, claims)
    mac = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(mac)


def tampered_claims(world: World) -> str:
    header, claims, signature = _parts(world.token)
    forged = claims | {"id_number": CITIZEN_B["id_number"], "full_name": CITIZEN_B["full_name"]}
    return _encode(header, forged) + "." + signature


def extended_expiry(world: World) -> str:
    header, claims, signature = _parts(world.token)
    return _encode(header, claims | {"exp": claims["exp"] + 86_400}) + "." + signature


FORGERIES: dict[str, tuple[Callable[[World], str], str]] = {
    # name: (make the token, what the kiosk's refusal must say)
    "expired-replay": (expired, "token: expired"),
    "other-audience": (other_audience, "token: wrong audience"),
    "other-issuer": (other_issuer, "token: wrong issuer"),
    "other-key-same-kid": (other_key_same_kid, "token: bad signature"),
    "alg-none": (alg_none, "algorithm 'none' refused"),
    "hs256-keyed-with-public-key": (hs256_with_public_key, "algorithm 'HS256' refused"),
    "tampered-claims": (tampered_claims, "token: bad signature"),
    "extended-expiry": (extended_expiry, "token: bad signature"),
}


def test_the_genuine_token_passes_kiosk_and_backend(world: World) -> None:
    claims = kiosk_verify(world, world.token)
    assert claims.id_number == CITIZEN_A["id_number"]
    assert backend_status(world, world.token)[0] == 200


@pytest.mark.parametrize("name", FORGERIES)
def test_forged_token_is_refused_by_kiosk_and_backend(name: str, world: World) -> None:
    make, why = FORGERIES[name]
    token = make(world)
    with pytest.raises(TokenInvalidError) as refused:
        kiosk_verify(world, token)
    assert why in str(refused.value)
    assert CITIZEN_A["id_number"] not in str(refused.value)
    status, message = backend_status(world, token)
    assert status == 401
    assert message in {"invalid token", "token expired"}


def test_backend_refuses_a_token_one_second_after_expiry(world: World) -> None:
    """Just inside the kiosk's 30 s leeway the backend already refuses: the stricter side wins."""
    world.twin.advance(world.backend.settings.token_ttl.total_seconds() + 1)
    assert backend_status(world, world.token) == (401, "token expired")


def test_an_approved_vneid_session_hands_out_its_token_once(world: World) -> None:
    client = world.twin.client
    session = client.post("/api/v1/auth/vneid/sessions").json()["id"]
    approved = client.post(f"/control/vneid/{session}/approve", json={"id_number": CITIZEN_A["id_number"]})
    assert approved.json() == {"status": "approved", "token": None}  # the phone never gets the token
    first = client.get(f"/api/v1/auth/vneid/sessions/{session}").json()
    assert first["status"] == "approved"
    assert backend_status(world, first["token"])[0] == 200
    world.twin.advance(3600)  # the citizen has long logged out; the first token has expired
    replay = client.get(f"/api/v1/auth/vneid/sessions/{session}").json()
    assert replay == {"status": "consumed", "token": None}
