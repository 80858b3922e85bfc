"""Replayed and logged-out logins: refused by the kiosk's client and by the backend, with a reason.

The kiosk side is the real ``HttpProvincialBackend`` over ``httpx.ASGITransport`` to the real app:
a consumed VNeID request raises ``VneidLoginConsumedError``, a logged-out token
``TokenRevokedError``. The backend side answers 401 ``token_revoked`` on any citizen route.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from mocks.card.pki import MockPki
from reference_kiosk import api
from reference_kiosk.backend import (
    HttpProvincialBackend,
    NotFoundError,
    TokenRevokedError,
    VneidLoginConsumedError,
)
from tests.support.backend import (
    CITIZEN_A,
    CITIZEN_B,
    KIOSK_KEY,
    BackendDriver,
    SocketLikeASGITransport,
    SyncAsgiClient,
    dossier_body,
)
from tests.support.forgery import genuine

pytestmark = pytest.mark.anyio

BASE = "http://backend.test"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def kiosk(app: FastAPI) -> AsyncIterator[HttpProvincialBackend]:
    async with HttpProvincialBackend(BASE, KIOSK_KEY, transport=SocketLikeASGITransport(app=app)) as client:
        yield client


@pytest.fixture
async def phone(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The control API, standing in for the citizen's VNeID app."""
    async with httpx.AsyncClient(transport=SocketLikeASGITransport(app=app), base_url=BASE) as client:
        yield client


async def vneid_login(kiosk: HttpProvincialBackend, phone: httpx.AsyncClient, who: dict[str, str]) -> str:
    (await phone.post("/control/citizens", json=who)).raise_for_status()
    session = await kiosk.start_vneid_login()
    approved = await phone.post(f"/control/vneid/{session.id}/approve", json={"id_number": who["id_number"]})
    assert approved.json()["token"] is None
    poll = await kiosk.poll_vneid_login(session.id)
    assert poll.status is api.VneidStatus.APPROVED
    assert poll.token
    with pytest.raises(VneidLoginConsumedError) as replay:  # the same request, polled once more
        await kiosk.poll_vneid_login(session.id)
    assert replay.value.message("vi")
    assert replay.value.remedy
    return poll.token


async def test_a_consumed_vneid_request_is_a_named_error_on_the_kiosk(
    kiosk: HttpProvincialBackend, phone: httpx.AsyncClient
) -> None:
    token = await vneid_login(kiosk, phone, CITIZEN_A)
    assert (await kiosk.list_dossiers(token)).total == 0


async def test_after_logout_the_kiosk_and_the_backend_refuse_the_token(
    kiosk: HttpProvincialBackend, phone: httpx.AsyncClient
) -> None:
    token = await vneid_login(kiosk, phone, CITIZEN_A)
    await kiosk.logout(token)
    await kiosk.logout(token)  # harmless twice (a lost answer is simply repeated)
    with pytest.raises(TokenRevokedError) as refused:
        await kiosk.list_dossiers(token)
    assert refused.value.status == 401
    assert refused.value.code == "token_revoked"
    assert CITIZEN_A["id_number"] not in str(refused.value)
    answer = await phone.get(
        "/api/v1/dossiers", headers={"X-Kiosk-Key": KIOSK_KEY, "Authorization": f"Bearer {token}"}
    )
    assert (answer.status_code, answer.json()["code"]) == (401, "token_revoked")


async def test_a_cccd_login_token_is_revoked_too(kiosk: HttpProvincialBackend, pki: MockPki) -> None:
    login = await kiosk.login_with_cccd(api.CccdLoginRequest(**genuine(pki).login_body()))
    assert (await kiosk.list_dossiers(login.token)).total == 0
    await kiosk.logout(login.token)
    with pytest.raises(TokenRevokedError):
        await kiosk.list_dossiers(login.token)


async def test_the_previous_citizens_revoked_token_reaches_nothing_in_the_next_session(
    kiosk: HttpProvincialBackend, phone: httpx.AsyncClient
) -> None:
    """Citizen A leaves (logout); B logs in at the same kiosk and replays A's token: refused."""
    token_a = await vneid_login(kiosk, phone, CITIZEN_A)
    body = api.DossierCreate.model_validate(dossier_body(CITIZEN_A))
    code_a = (await kiosk.submit_dossier(token_a, body, "key-a")).code
    await kiosk.logout(token_a)
    token_b = await vneid_login(kiosk, phone, CITIZEN_B)
    for call in (
        kiosk.get_dossier(code_a, token_a),
        kiosk.list_dossiers(token_a),
        kiosk.request_payment(token_a, code_a),
    ):
        with pytest.raises(TokenRevokedError):
            await call
    with pytest.raises(NotFoundError):  # B's own token works, but never for A's dossier
        await kiosk.get_dossier(code_a, token_b)
    assert (await kiosk.list_dossiers(token_b)).total == 0


def test_the_backend_refuses_a_revoked_token_with_its_reason(
    twin: BackendDriver, client: SyncAsgiClient
) -> None:
    auth = twin.login(CITIZEN_A)
    assert client.post("/api/v1/auth/logout", headers=auth).status_code == 204
    answer = client.get("/api/v1/dossiers", headers=auth)
    assert answer.status_code == 401
    assert answer.json() == {
        "code": "token_revoked",
        "message": "token revoked",
        "detail": {"reason": "token_revoked"},
    }
