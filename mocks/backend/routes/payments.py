"""Payments: ask for a dossier's fee QR, poll it, list the citizen's payments."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mocks.backend import dossiers, payments
from mocks.backend.auth import BackendDep, CitizenDep, KioskDep, OptionalCitizenDep
from mocks.backend.errors import NotFoundError, UnauthorizedError
from mocks.backend.routes import problems
from mocks.backend.routes.dossiers import IdNumber
from reference_kiosk.backend.models import Page, Payment

router = APIRouter(prefix="/api/v1", tags=["payments"], responses=problems(401, 404))


@router.post(
    "/dossiers/{code}/payments",
    status_code=201,
    responses={200: {"model": Payment, "description": "the pending or paid request already made"},
               **problems(409, 429)},
)  # fmt: skip
def request_payment(
    backend: BackendDep,
    kiosk: KioskDep,
    citizen: OptionalCitizenDep,
    code: str,
    response: Response,
    id_number: IdNumber = None,
) -> Payment:
    dossier = dossiers.authorize(backend, kiosk, code, citizen, id_number)
    payment, created = payments.request(backend, dossier)
    if not created:
        response.status_code = 200
    return payment


@router.get("/payments")
def list_payments(backend: BackendDep, _kiosk: KioskDep, citizen: CitizenDep) -> Page[Payment]:
    items = payments.list_for_owner(backend, citizen.id_number)
    return Page[Payment](items=items, total=len(items))


@router.get("/payments/{payment_id}", responses=problems(429))
def get_payment(
    backend: BackendDep,
    kiosk: KioskDep,
    citizen: OptionalCitizenDep,
    payment_id: str,
    id_number: IdNumber = None,
) -> Payment:
    if citizen is not None:
        return payments.get(backend, payment_id, citizen.id_number)
    if not id_number:
        raise UnauthorizedError("a citizen token or the ID number is required")
    backend.lookups.check(kiosk)
    try:
        return payments.get(backend, payment_id, id_number)
    except NotFoundError:
        backend.lookups.failed(kiosk)
        raise
