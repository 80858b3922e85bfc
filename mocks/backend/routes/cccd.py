"""CCCD chip login: ``POST /api/v1/auth/cccd`` with EF.SOD, DG1 and DG13 as the kiosk read them.

The backend never trusts the kiosk's verdict: it re-runs passive authentication against its own
trust store and checks the identity against its population records (``cccd_verify``). The trust
store is, in order: one installed with ``install_trust_store(app, store)`` (tests), the PEM file
named by ``$KIOSK_TWIN_CSCA``, or the mock CSCA of the default PKI cache (the one
``kiosk-twin card`` signs with).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from starlette.concurrency import run_in_threadpool

from mocks.backend.auth import BackendDep, KioskDep
from mocks.backend.cccd_verify import CccdRejectedError, TrustStore, verify_chip_data
from mocks.backend.citizens_registry import find_citizen, issue_citizen_login
from mocks.backend.quick import quick
from mocks.backend.routes import problems
from mocks.backend.state import Backend
from reference_kiosk.api import CccdLoginRequest, CitizenLogin

__all__ = ["TRUST_ENV", "install_trust_store", "router"]

TRUST_ENV = "KIOSK_TWIN_CSCA"

router = APIRouter(tags=["identity"])


def install_trust_store(app: FastAPI, trust: TrustStore) -> None:
    app.state.cccd_trust = trust


def _trust(app: FastAPI) -> TrustStore:
    trust: TrustStore | None = getattr(app.state, "cccd_trust", None)
    if trust is None:
        path = os.environ.get(TRUST_ENV)
        if path:
            trust = TrustStore.from_pem_file(Path(path))
        else:
            from mocks.card.pki import MockPki

            trust = TrustStore((MockPki().csca_cert,))
        app.state.cccd_trust = trust
    return trust


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())

    return norm(a) == norm(b)


@router.post(
    "/api/v1/auth/cccd",
    responses=problems(401),
    summary="Log a citizen in with the data read from the chip ID card (re-verified here)",
)
async def login_with_cccd(
    request: Request, backend: BackendDep, kiosk: KioskDep, body: CccdLoginRequest
) -> CitizenLogin:
    # The trust store once in a thread (it may read or make a PKI); then the login on the event
    # loop when the store is free (mocks/backend/quick.py): ~1 ms of checks, no thread hop.
    trust: TrustStore | None = getattr(request.app.state, "cccd_trust", None)
    if trust is None:
        trust = await run_in_threadpool(_trust, request.app)
    return await quick(backend.store, _login, trust, backend, body)


def _login(trust: TrustStore, backend: Backend, body: CccdLoginRequest) -> CitizenLogin:
    identity = verify_chip_data(body.sod, body.dg1, body.dg13, trust, backend.clock.now())
    citizen = find_citizen(backend, identity.id_number)
    if citizen is None:
        raise CccdRejectedError("unknown_citizen", "no population record for this ID card")
    if citizen.date_of_birth != identity.date_of_birth or not _same_name(
        citizen.full_name, identity.full_name
    ):
        raise CccdRejectedError("identity_mismatch", "the ID card does not match the population record")
    return issue_citizen_login(backend, citizen)
