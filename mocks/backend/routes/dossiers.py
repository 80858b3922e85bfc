"""Dossiers: submit (idempotent), list the citizen's own, look up, hand in a supplement."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from mocks.backend import dossiers
from mocks.backend.auth import BackendDep, CitizenDep, KioskDep, OptionalCitizenDep
from mocks.backend.routes import problems
from reference_kiosk.backend.models import Attachment, Dossier, DossierCreate, Page

router = APIRouter(prefix="/api/v1/dossiers", tags=["dossiers"], responses=problems(401))

IdNumber = Annotated[
    str | None,
    Query(max_length=12, description="the owner's ID number, for a look-up without a citizen token"),
]


@router.get("")
def list_dossiers(backend: BackendDep, _kiosk: KioskDep, citizen: CitizenDep) -> Page[Dossier]:
    items = dossiers.list_for(backend, citizen)
    return Page[Dossier](items=items, total=len(items))


@router.post(
    "",
    status_code=201,
    responses={200: {"model": Dossier, "description": "a repeat with the same Idempotency-Key"},
               **problems(409, 413, 415)},
)  # fmt: skip
def submit_dossier(
    backend: BackendDep,
    kiosk: KioskDep,
    citizen: CitizenDep,
    body: DossierCreate,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> Dossier:
    dossier, created = dossiers.submit(backend, citizen, kiosk, body, idempotency_key)
    if not created:
        response.status_code = 200
    return dossier


@router.get("/{code}", responses=problems(404, 429))
def get_dossier(
    backend: BackendDep, kiosk: KioskDep, citizen: OptionalCitizenDep, code: str, id_number: IdNumber = None
) -> Dossier:
    return dossiers.authorize(backend, kiosk, code, citizen, id_number)


@router.post("/{code}/supplements/{supplement_id}", responses=problems(404, 409, 413, 415, 429))
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
