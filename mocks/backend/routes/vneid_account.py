"""VNeID account login routes (kiosk side) and their control calls (the citizen's app and phone).

The rules are in ``mocks/backend/vneid_account.py``. The control router is mounted only with
``--control``, and like ``routes/control.py`` answers loopback clients only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mocks.backend import vneid_account
from mocks.backend.auth import BackendDep, KioskDep
from mocks.backend.errors import NotFoundError
from mocks.backend.routes import problems
from mocks.backend.settings import is_loopback
from reference_kiosk.api import CitizenLogin, Problem
from reference_kiosk.api_account import (
    AccountPassword,
    OtpAnswer,
    OtpChallenge,
    OtpRecipient,
    PasswordLogin,
    SentOtp,
)

__all__ = ["control_router", "router"]

_LOCKED: dict[int | str, dict[str, Any]] = {
    423: {"model": Problem, "description": "account_locked: too many wrong passwords (detail.locked_until)"}
}

router = APIRouter(tags=["identity"])


@router.post("/api/v1/auth/vneid/password", status_code=201, responses={**problems(401), **_LOCKED})
def vneid_password(backend: BackendDep, kiosk: KioskDep, body: PasswordLogin) -> OtpChallenge:
    """401 ``wrong_password`` (unknown number alike) with ``detail.attempts_left``; 423 when locked."""
    return vneid_account.check_password(backend, kiosk, body.id_number, body.password)


@router.post("/api/v1/auth/vneid/otp", responses=problems(401))
def vneid_otp(backend: BackendDep, kiosk: KioskDep, body: OtpAnswer) -> CitizenLogin:
    """The token, once; 401 ``wrong_otp`` (``detail.attempts_left``) or ``otp_expired``."""
    return vneid_account.check_otp(backend, kiosk, body.challenge_id, body.otp)


def _from_this_machine(request: Request) -> None:
    if request.client is None or not is_loopback(request.client.host):
        raise NotFoundError()


control_router = APIRouter(
    prefix="/control/vneid",
    tags=["control"],
    responses=problems(404),
    dependencies=[Depends(_from_this_machine)],
)


@control_router.post("/accounts", status_code=204)
def set_account_password(backend: BackendDep, body: AccountPassword) -> Response:
    vneid_account.set_password(backend, body.id_number, body.password)
    return Response(status_code=204)


@control_router.post("/otp")
def sent_otp(backend: BackendDep, body: OtpRecipient) -> SentOtp:
    return vneid_account.last_otp(backend, body.id_number)
