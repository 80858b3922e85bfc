"""Kiosk registration (control API) and the staff's list of undelivered deferred submissions.

* ``POST /control/kiosks/{kiosk_id}/keys``: another API key for a registered kiosk (rotation;
  ``retire_others`` retires the rest). The kiosk id, and so every idempotency key, stays.
* ``POST /control/kiosks/signing-keys``: register a kiosk's Ed25519 public key, for the kiosk
  named by ``kiosk_id`` or else by the request's ``X-Kiosk-Key``.
* ``GET /api/v1/staff/undelivered`` (staff key, ``X-Staff-Key``): deferred submissions the
  backend refused (too old, bad proof), what staff must follow up with the citizen. Nothing
  personal is listed, and a kiosk's key cannot read it (other kiosks' business).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field

from mocks.backend.auth import BackendDep
from mocks.backend.errors import UnauthorizedError
from mocks.backend.routes import problems
from mocks.backend.staff import StaffDep

__all__ = ["control_router", "staff_router"]

control_router = APIRouter(prefix="/control/kiosks", tags=["control"], responses=problems(404, 409))
staff_router = APIRouter(prefix="/api/v1/staff", tags=["staff"], responses=problems(401))


class KioskKeyAdd(BaseModel):
    key: str = Field(min_length=8, max_length=200)
    retire_others: bool = False


class KioskRef(BaseModel):
    kiosk_id: str


class SigningKeyAdd(BaseModel):
    public_key: str = Field(max_length=100, description="base64 of the raw 32-byte Ed25519 public key")
    kiosk_id: str | None = None


class SigningKeyRef(BaseModel):
    kiosk_id: str
    key_id: str


class Undelivered(BaseModel):
    kiosk_id: str
    reference: str = Field(description="as printed on the citizen's slip")
    procedure_code: str
    confirmed_at: dt.datetime
    reported_at: dt.datetime
    reason: str


@control_router.post("/{kiosk_id}/keys")
def add_kiosk_key(backend: BackendDep, kiosk_id: str, body: KioskKeyAdd) -> KioskRef:
    backend.kiosks.add_key(kiosk_id, body.key, retire_others=body.retire_others)
    return KioskRef(kiosk_id=kiosk_id)


@control_router.post("/signing-keys")
def add_signing_key(
    backend: BackendDep,
    body: SigningKeyAdd,
    kiosk_key: Annotated[str | None, Header(alias="X-Kiosk-Key")] = None,
) -> SigningKeyRef:
    kiosk_id = body.kiosk_id or (backend.kiosks.kiosk_for(kiosk_key) if kiosk_key else None)
    if kiosk_id is None:
        raise UnauthorizedError("name the kiosk (kiosk_id) or send its X-Kiosk-Key")
    return SigningKeyRef(kiosk_id=kiosk_id, key_id=backend.kiosks.add_signing_key(kiosk_id, body.public_key))


@staff_router.get("/undelivered", summary="Deferred submissions refused by the backend, for staff")
def list_undelivered(backend: BackendDep, _staff: StaffDep) -> list[Undelivered]:
    return [
        Undelivered(
            kiosk_id=item.kiosk_id,
            reference=item.reference,
            procedure_code=item.procedure_code,
            confirmed_at=item.confirmed_at,
            reported_at=item.reported_at,
            reason=item.reason,
        )
        for item in backend.kiosks.undelivered()
    ]
