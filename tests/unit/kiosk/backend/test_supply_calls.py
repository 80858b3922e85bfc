"""The client's supplement call: the papers as the submission sends them, one attempt, named errors."""

from __future__ import annotations

import base64
import hashlib
import json

import httpx
import pytest
import respx

from reference_kiosk import api
from reference_kiosk.backend import (
    ConflictError,
    HttpProvincialBackend,
    RateLimitedError,
    SupplementClosedError,
    SupplementNotSentError,
)
from tests.support.kiosk_flow import dossier
from tests.unit.kiosk.backend.conftest import KIOSK_KEY, RecordingSleep

pytestmark = pytest.mark.anyio

PDF = b"%PDF-1.4 supplement"
PAPER = api.Attachment(
    document_code="GIAY_TO_NHA",
    filename="GIAY_TO_NHA.pdf",
    content_type="application/pdf",
    content_base64=base64.b64encode(PDF).decode("ascii"),
    sha256=hashlib.sha256(PDF).hexdigest(),
)
# Codes carry dots: each path segment is percent-encoded on its own (never a slash).
ROUTE = "/api/v1/dossiers/H36.1-250401-0001/supplements/SUP-1"


def _answer() -> httpx.Response:
    d = dossier()
    d = d.model_copy(update={"status": api.DossierStatus.PROCESSING})
    return httpx.Response(200, json=d.model_dump(mode="json"))


async def test_the_papers_go_as_json_attachments_with_the_citizen_token(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.post(ROUTE).mock(return_value=_answer())
    got = await client.supply_documents("tok.en.sig", "H36.1-250401-0001", "SUP-1", [PAPER])
    assert got.status is api.DossierStatus.PROCESSING
    request = route.calls.last.request
    assert request.headers["Authorization"] == "Bearer tok.en.sig"
    assert request.headers["X-Kiosk-Key"] == KIOSK_KEY
    body = json.loads(request.content)
    assert body == [PAPER.model_dump(mode="json")]
    assert base64.b64decode(body[0]["content_base64"]) == PDF


async def test_an_answered_request_is_a_named_conflict(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    closed = {"code": "supplement_closed", "message": "this supplement request was already answered"}
    router.post(ROUTE).mock(return_value=httpx.Response(409, json=closed))
    with pytest.raises(SupplementClosedError) as info:
        await client.supply_documents("tok", "H36.1-250401-0001", "SUP-1", [PAPER])
    assert (info.value.status, info.value.code) == (409, "supplement_closed")
    assert isinstance(info.value, ConflictError)


async def test_another_conflict_stays_a_plain_one(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.post(ROUTE).mock(return_value=httpx.Response(409, json={"code": "other", "message": "no"}))
    with pytest.raises(ConflictError) as info:
        await client.supply_documents("tok", "H36.1-250401-0001", "SUP-1", [PAPER])
    assert not isinstance(info.value, SupplementClosedError)


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(503), httpx.Response(500), httpx.ReadTimeout("slow"), httpx.ConnectError("down"),
     httpx.RemoteProtocolError("lost")],
    ids=["503", "500", "timeout", "down", "answer-lost"],
)  # fmt: skip
async def test_papers_that_did_not_arrive_are_one_named_error_tried_once(
    router: respx.Router,
    client: HttpProvincialBackend,
    sleep: RecordingSleep,
    answer: httpx.Response | Exception,
) -> None:
    route = router.post(ROUTE).mock(side_effect=[answer, _answer()])
    with pytest.raises(SupplementNotSentError) as info:
        await client.supply_documents("tok", "H36.1-250401-0001", "SUP-1", [PAPER])
    # One attempt: a resend after a lost answer would meet supplement_closed, so the citizen decides.
    assert route.call_count == 1
    assert sleep.delays == []
    assert "tok" not in str(info.value)


async def test_too_many_attempts_keeps_its_own_message(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.post(ROUTE).mock(return_value=httpx.Response(429, headers={"Retry-After": "30"}))
    with pytest.raises(RateLimitedError) as info:
        await client.supply_documents("tok", "H36.1-250401-0001", "SUP-1", [PAPER])
    assert info.value.retry_after == 30.0
