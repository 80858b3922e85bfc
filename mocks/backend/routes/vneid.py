"""VNeID login (the kiosk's side) and the public key set that verifies citizen tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mocks.backend import vneid
from mocks.backend.auth import BackendDep, KioskDep
from mocks.backend.routes import problems
from reference_kiosk.api import VneidPoll, VneidSession

router = APIRouter(tags=["identity"])


@router.post("/api/v1/auth/vneid/sessions", status_code=201, responses=problems(401))
def open_vneid_session(backend: BackendDep, kiosk: KioskDep) -> VneidSession:
    return vneid.open_session(backend, kiosk)


@router.get("/api/v1/auth/vneid/sessions/{session_id}", responses=problems(401, 404))
def poll_vneid_session(backend: BackendDep, kiosk: KioskDep, session_id: str) -> VneidPoll:
    return vneid.poll(backend, session_id, kiosk)


@router.get("/.well-known/jwks.json", summary="Public keys of the mock VNeID (ES256)")
def jwks(backend: BackendDep) -> dict[str, list[dict[str, Any]]]:
    return backend.tokens.jwks()
