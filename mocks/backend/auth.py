"""Access control as FastAPI dependencies.

* Every ``/api/v1`` call carries a kiosk key (``X-Kiosk-Key``); the key names the kiosk's
  registered identity (``mocks.backend.kiosks``: rotating the key keeps the id, which dossiers
  record as the channel's kiosk id and idempotency keys are scoped by). Unknown, retired or
  missing key: 401.
* Citizen calls carry ``Authorization: Bearer <token>`` issued by this backend (VNeID or CCCD
  login); the token is checked for signature, issuer, audience, world-clock expiry and
  revocation (``POST /api/v1/auth/logout``: 401 "token_revoked" afterwards).
* The dependencies are async on purpose: they never block, and a sync one would cost a
  threadpool hop per request.
* Another citizen's dossier, payment or rating answers 404, never 403, so codes cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from mocks.backend.errors import UnauthorizedError
from mocks.backend.state import Backend
from mocks.backend.tokens import TokenClaims
from reference_kiosk.api import CitizenProfile

__all__ = [
    "BackendDep",
    "BearerDep",
    "CitizenDep",
    "KioskDep",
    "OptionalCitizenDep",
    "Submitter",
    "SubmitterDep",
    "get_backend",
]

_kiosk_key = APIKeyHeader(name="X-Kiosk-Key", auto_error=False, description="the kiosk's key")
_bearer = HTTPBearer(auto_error=False, description="a citizen token from VNeID or CCCD login")


async def get_backend(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


BackendDep = Annotated[Backend, Depends(get_backend)]


async def kiosk_id(request: Request, key: Annotated[str | None, Security(_kiosk_key)] = None) -> str:
    # The backend from the request, not BackendDep: every sub-dependency costs FastAPI a solve per
    # request (~0.1 ms), and this one is on every /api/v1 call.
    backend: Backend = request.app.state.backend
    found = backend.kiosks.kiosk_for(key) if key else None
    if found is None:
        raise UnauthorizedError("missing or unknown kiosk key")
    return found


async def optional_citizen(
    backend: BackendDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> CitizenProfile | None:
    if credentials is None:
        return None
    return backend.tokens.verify(credentials.credentials)


async def citizen(citizen: Annotated[CitizenProfile | None, Depends(optional_citizen)]) -> CitizenProfile:
    if citizen is None:
        raise UnauthorizedError("a citizen token is required")
    return citizen


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> str:
    """The raw bearer token, unchecked (logout checks it itself: a revoked token may log out again)."""
    if credentials is None:
        raise UnauthorizedError("a citizen token is required")
    return credentials.credentials


@dataclass(frozen=True, slots=True)
class Submitter:
    """Who submits a dossier: a live token, or an expired one the kiosk's confirmation must back."""

    claims: TokenClaims
    token: str
    expired: bool


async def submitter(
    backend: BackendDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> Submitter:
    """Like ``citizen`` but an expired (never revoked) token gets through, marked: the submission
    route then requires the kiosk's signed confirmation (``mocks.backend.confirmations``)."""
    if credentials is None:
        raise UnauthorizedError("a citizen token is required")
    claims = backend.tokens.unrevoked(credentials.credentials)
    return Submitter(claims, credentials.credentials, claims.expired(backend.clock.now()))


KioskDep = Annotated[str, Depends(kiosk_id)]
SubmitterDep = Annotated[Submitter, Depends(submitter)]
BearerDep = Annotated[str, Depends(bearer_token)]
OptionalCitizenDep = Annotated[CitizenProfile | None, Depends(optional_citizen)]
CitizenDep = Annotated[CitizenProfile, Depends(citizen)]
