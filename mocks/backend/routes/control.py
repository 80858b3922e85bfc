"""The control API: the citizen's VNeID app, the bank, the calendar, the chaos monkey.

Mounted only when the backend runs with ``--control`` (otherwise every path here is 404). It
carries no authentication: it exists for tests and demos on 127.0.0.1. Settings refuse
``control`` with a non-loopback host, and each request must also come from a loopback client
(404 otherwise), should a proxy or port forward bring other machines in anyway.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request, Response

from mocks.backend import dossiers, lifecycle, officials, payments, vneid
from mocks.backend.auth import BackendDep
from mocks.backend.citizens_registry import find_citizen, register_citizen
from mocks.backend.control_models import (
    AdvanceClock,
    ApproveLogin,
    CitizenCreate,
    CitizenRef,
    ClockState,
    ForceStatus,
    RevokedLogins,
)
from mocks.backend.errors import NotFoundError
from mocks.backend.faults import FaultPlan
from mocks.backend.quick import quick
from mocks.backend.routes import problems
from mocks.backend.settings import is_loopback
from mocks.backend.state import Backend
from reference_kiosk.api import CitizenProfile, Dossier, DossierStatus, Payment, VneidPoll


async def _from_this_machine(request: Request) -> None:  # async: no thread hop for a string check
    if request.client is None or not is_loopback(request.client.host):
        raise NotFoundError()


router = APIRouter(
    prefix="/control",
    tags=["control"],
    responses=problems(404, 409),
    dependencies=[Depends(_from_this_machine)],
)


@router.post("/vneid/{session_id}/approve")
def approve_login(backend: BackendDep, session_id: str, body: ApproveLogin) -> VneidPoll:
    return vneid.decide(backend, session_id, body.id_number, approve=True)


@router.post("/vneid/{session_id}/deny")
def deny_login(backend: BackendDep, session_id: str) -> VneidPoll:
    return vneid.decide(backend, session_id, None, approve=False)


@router.post("/revocations/lookup")
def revoked_logins(backend: BackendDep, body: CitizenRef) -> RevokedLogins:
    """How many of this citizen's logins were revoked (logged out) and would otherwise still be valid."""
    citizen = find_citizen(backend, body.id_number)
    if citizen is None:
        raise NotFoundError("citizen")
    return RevokedLogins(unexpired=backend.tokens.revoked_unexpired(citizen.subject))


@router.post("/payments/{payment_id}/confirm")
async def confirm_payment(backend: BackendDep, payment_id: str) -> Payment:
    return await quick(backend.store, payments.confirm, backend, payment_id)  # the bank, under load too


def _clock_state(backend: Backend) -> ClockState:
    return ClockState(now=backend.clock.now(), offset_seconds=backend.clock.offset.total_seconds())


@router.get("/clock")
def get_clock(backend: BackendDep) -> ClockState:
    return _clock_state(backend)


@router.post("/clock/advance")
def advance_clock(backend: BackendDep, body: AdvanceClock) -> ClockState:
    backend.clock.advance(dt.timedelta(seconds=body.seconds))
    officials.catch_up(backend)
    return _clock_state(backend)


@router.get("/faults")
def get_faults(backend: BackendDep) -> FaultPlan:
    return backend.faults.plan


@router.put("/faults")
def set_faults(backend: BackendDep, body: FaultPlan) -> FaultPlan:
    backend.faults.set_plan(body)
    return backend.faults.plan


@router.post("/reset", status_code=204)
def reset(backend: BackendDep) -> Response:
    """Forget dossiers, payments, ratings, logins, faults, rate limits and clock offset; keep citizens."""
    backend.store.reset()
    backend.clock.reset()
    backend.faults.set_plan(FaultPlan())
    backend.lookups.reset()
    return Response(status_code=204)


@router.post("/citizens", status_code=201)
def add_citizen(backend: BackendDep, body: CitizenCreate) -> CitizenProfile:
    return register_citizen(backend, body.id_number, body.full_name, body.date_of_birth, body.subject)


_NEXT_STEP = {
    DossierStatus.NEW: "accept_after",
    DossierStatus.ACCEPTED: "process_after",
    DossierStatus.PROCESSING: "process_after",
    DossierStatus.DONE: "return_after",
}


@router.post("/dossiers/{code}/status")
def force_status(backend: BackendDep, code: str, body: ForceStatus) -> Dossier:
    """Put a dossier in any status (as officials would have), for tests and demos."""
    with backend.store.tx() as conn:
        if conn.execute("SELECT 1 FROM dossiers WHERE code = ?", (code,)).fetchone() is None:
            raise NotFoundError("dossier")
        now = backend.clock.now()
        if body.status == DossierStatus.SUPPLEMENT_REQUESTED:
            officials.request_supplement(backend, conn, code, now, actor="control", note=body.note)
        else:
            if body.status == DossierStatus.PAYMENT_REQUESTED:
                conn.execute(
                    "UPDATE dossiers SET fee_due = ? WHERE code = ? AND fee_due = 0",
                    (backend.settings.officials.extra_fee, code),
                )
            after = _NEXT_STEP.get(body.status)
            delay: dt.timedelta | None = getattr(backend.settings.officials, after) if after else None
            lifecycle.move(conn, code, now, body.status, "control", "status forced", content=body.note,
                           next_step_at=now + delay if delay is not None else None)  # fmt: skip
        dossier = dossiers.load(conn, code)
    assert dossier is not None
    return dossier
