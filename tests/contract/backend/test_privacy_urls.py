"""No ID number in any URL the kiosk's client sends, nor in any log record of a look-up (issue 2).

URLs end up in access logs, proxies and httpx's INFO lines; the anonymous look-up therefore sends
the code and ID number in a JSON body. The citizen is a generated persona (mocks.citizens).
"""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI

from mocks.citizens import persona
from reference_kiosk import api
from reference_kiosk.backend import HttpProvincialBackend, NotFoundError
from tests.contract.backend.conftest import BASE, KIOSK_KEY, NoWait
from tests.contract.backend.test_client_against_app import residence_dossier

pytestmark = pytest.mark.anyio

PERSONA = persona(41)
CITIZEN = {
    "id_number": PERSONA.id_number,
    "full_name": f"{PERSONA.surname} {PERSONA.given_names}",
    "date_of_birth": PERSONA.date_of_birth.isoformat(),
}


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes every request to the app and keeps its URL."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.urls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return await self.inner.handle_async_request(request)


async def _login(kiosk: HttpProvincialBackend, control: httpx.AsyncClient) -> str:
    assert (await control.post("/control/citizens", json=CITIZEN)).status_code == 201
    session = await kiosk.start_vneid_login()
    approved = await control.post(
        f"/control/vneid/{session.id}/approve", json={"id_number": PERSONA.id_number}
    )
    assert approved.status_code == 200, approved.text
    token = (await kiosk.poll_vneid_login(session.id)).token
    assert token is not None
    return token


async def test_no_request_url_or_log_record_carries_the_id_number(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    recording = RecordingTransport(httpx.ASGITransport(app=app))
    control_transport = httpx.ASGITransport(app=app)
    caplog.set_level(logging.DEBUG)
    async with (
        HttpProvincialBackend(BASE, KIOSK_KEY, transport=recording, sleep=NoWait()) as kiosk,
        httpx.AsyncClient(transport=control_transport, base_url=BASE) as control,
    ):
        token = await _login(kiosk, control)
        await kiosk.search_procedures("thuong tru")
        dossier = await kiosk.submit_dossier(token, residence_dossier(CITIZEN), "privacy-1")
        payment = await kiosk.request_payment(token, dossier.code)
        await kiosk.get_payment(token, payment.id)
        await kiosk.list_dossiers(token)
        await kiosk.get_dossier(dossier.code, token)
        caplog.clear()  # from here on: the anonymous look-up alone, every logger at DEBUG
        found = await kiosk.lookup_dossier(dossier.code, PERSONA.id_number)
        with pytest.raises(NotFoundError):
            await kiosk.lookup_dossier(dossier.code, "001099999999")
    assert found.code == dossier.code
    assert any(url.endswith("/api/v1/dossiers/lookup") for url in recording.urls)
    assert len(recording.urls) >= 10
    leaking = [url for url in recording.urls if PERSONA.id_number in url]
    assert leaking == []
    assert caplog.records, "httpx logs each request at INFO: the capture must see them"
    for record in caplog.records:
        assert PERSONA.id_number not in record.getMessage()
        assert "001099999999" not in record.getMessage()


async def test_the_old_query_string_look_up_is_gone(app: FastAPI) -> None:
    """An ID number in the query string is ignored: without a token the answer is 401, not the dossier."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE, headers={"X-Kiosk-Key": KIOSK_KEY}
    ) as client:
        answer = await client.get("/api/v1/dossiers/X-1", params={"id_number": PERSONA.id_number})
        paid = await client.get("/api/v1/payments/PAY1", params={"id_number": PERSONA.id_number})
    assert (answer.status_code, paid.status_code) == (401, 401)
    assert api.Problem.model_validate(answer.json()).code == "unauthorized"
