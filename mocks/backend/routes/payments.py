"""Payments: ask for a dossier's fee QR, poll it, list the citizen's payments.

The kiosk's payment calls run on the event loop when the store is free (``mocks/backend/quick.py``).
Without a citizen token the dossier owner's ID number travels in the JSON body (``PaymentAsk``,
``POST /payments/lookup``), never in the URL, and failed tries count against the look-up limit.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from mocks.backend import dossiers, payments
from mocks.backend.auth import BackendDep, CitizenDep, KioskDep, OptionalCitizenDep
from mocks.backend.errors import NotFoundError
from mocks.backend.quick import quick
from mocks.backend.routes import problems
from mocks.backend.state import Backend
from reference_kiosk.api import CitizenProfile, Page, Payment, PaymentAsk, PaymentLookup

router = APIRouter(prefix="/api/v1", tags=["payments"], responses=problems(401, 404))


@router.post(
    "/dossiers/{code}/payments",
    status_code=201,
    responses={200: {"model": Payment, "description": "the pending or paid request already made"},
               **problems(409, 429)},
)  # fmt: skip
async def request_payment(
    backend: BackendDep,
    kiosk: KioskDep,
    citizen: OptionalCitizenDep,
    code: str,
    response: Response,
    body: PaymentAsk | None = None,
) -> Payment:
    id_number = None if citizen is not None or body is None else body.id_number
    payment, created = await quick(backend.store, _request, backend, kiosk, code, citizen, id_number)
    if not created:
        response.status_code = 200
    return payment


def _request(
    backend: Backend, kiosk: str, code: str, citizen: CitizenProfile | None, id_number: str | None
) -> tuple[Payment, bool]:
    return payments.request(backend, dossiers.authorize(backend, kiosk, code, citizen, id_number))


@router.get("/payments")
def list_payments(backend: BackendDep, _kiosk: KioskDep, citizen: CitizenDep) -> Page[Payment]:
    items = payments.list_for_owner(backend, citizen.id_number)
    return Page[Payment](items=items, total=len(items))


@router.post("/payments/lookup", responses=problems(429), summary="Look a payment up by id plus ID number")
def lookup_payment(backend: BackendDep, kiosk: KioskDep, body: PaymentLookup) -> Payment:
    backend.lookups.check(kiosk)
    try:
        return payments.get(backend, body.payment_id, body.id_number)
    except NotFoundError:
        backend.lookups.failed(kiosk)
        raise


@router.get("/payments/{payment_id}")
async def get_payment(backend: BackendDep, _kiosk: KioskDep, citizen: CitizenDep, payment_id: str) -> Payment:
    return await quick(backend.store, payments.get, backend, payment_id, citizen.id_number)
