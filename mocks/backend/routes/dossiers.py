"""Dossiers: submit (idempotent), list the citizen's own, look up, hand in a supplement.

The anonymous look-up (code plus the owner's ID number) is ``POST /dossiers/lookup`` with a JSON
body: an ID number in a URL would end up in access logs, proxies and httpx's INFO lines.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import HTMLResponse

from mocks.backend import dossiers, results
from mocks.backend.auth import BackendDep, CitizenDep, KioskDep, SubmitterDep
from mocks.backend.confirmations import accept_deferred
from mocks.backend.routes import UNDECODABLE_ATTACHMENT, problems
from reference_kiosk.api import Attachment, Dossier, DossierCreate, DossierLookup, Page, Problem

router = APIRouter(prefix="/api/v1/dossiers", tags=["dossiers"], responses=problems(401))


@router.get("")
def list_dossiers(
    request: Request, backend: BackendDep, _kiosk: KioskDep, citizen: CitizenDep
) -> Page[Dossier]:
    base = str(request.base_url)
    items = [results.with_result(backend, d, base) for d in dossiers.list_for(backend, citizen)]
    return Page[Dossier](items=items, total=len(items))


_EXPIRED: dict[int | str, dict[str, Any]] = {
    410: {
        "model": Problem,
        "description": "confirmation_expired: a kiosk-signed deferred "
        "submission older than the maximum age; listed for staff at /api/v1/staff/undelivered",
    }
}


@router.post(
    "",
    status_code=201,
    responses={200: {"model": Dossier, "description": "a repeat with the same Idempotency-Key"},
               **problems(409, 413, 415), **UNDECODABLE_ATTACHMENT, **_EXPIRED},
)  # fmt: skip
def submit_dossier(
    backend: BackendDep,
    kiosk: KioskDep,
    submitter: SubmitterDep,
    body: DossierCreate,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
    confirmation: Annotated[
        str | None,
        Header(
            alias="X-Kiosk-Confirmation",
            max_length=2000,
            description="the kiosk's signed confirmation (decision 0015): needed once the token expired",
        ),
    ] = None,
) -> Dossier:
    if submitter.expired:  # a queued submission delivered after its citizen's token ran out
        filed = accept_deferred(
            backend, kiosk, submitter.claims, submitter.token, confirmation, body, idempotency_key
        )
        if filed is not None:
            response.status_code = 200
            return filed
    dossier, created = dossiers.submit(backend, submitter.claims.citizen, kiosk, body, idempotency_key)
    if not created:
        response.status_code = 200
    return dossier


@router.post("/lookup", responses=problems(404, 429), summary="Look a dossier up by code plus ID number")
def lookup_dossier(request: Request, backend: BackendDep, kiosk: KioskDep, body: DossierLookup) -> Dossier:
    # Never answered from a token: this is the path for a citizen who did not log in.
    dossier = dossiers.authorize(backend, kiosk, body.code, None, body.id_number)
    return results.with_result(backend, dossier, str(request.base_url))


@router.get("/{code}", responses=problems(404))
def get_dossier(
    request: Request, backend: BackendDep, kiosk: KioskDep, citizen: CitizenDep, code: str
) -> Dossier:
    dossier = dossiers.authorize(backend, kiosk, code, citizen, None)
    return results.with_result(backend, dossier, str(request.base_url))


@router.get(
    "/{code}/e-copy",
    response_class=HTMLResponse,
    responses=problems(404),
    summary="The electronic copy of a finished dossier's result (the link in the kiosk's QR)",
)
def e_copy(backend: BackendDep, code: str, k: Annotated[str, Query(max_length=64)]) -> HTMLResponse:
    # Opened on the citizen's phone: no kiosk key, the link's own key is the authority.
    results.check_key(backend, code, k)
    return HTMLResponse(results.e_copy_page(backend, code))


@router.post(
    "/{code}/supplements/{supplement_id}",
    responses=problems(404, 409, 413, 415, 429) | UNDECODABLE_ATTACHMENT,
)
def supply_documents(
    backend: BackendDep,
    kiosk: KioskDep,
    citizen: CitizenDep,
    code: str,
    supplement_id: str,
    attachments: list[Attachment],
) -> Dossier:
    dossier = dossiers.authorize(backend, kiosk, code, citizen, None)
    return dossiers.supply(backend, dossier, supplement_id, attachments)
