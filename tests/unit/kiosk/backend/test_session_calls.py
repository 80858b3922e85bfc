"""The session calls of the backend client: logout, a revoked token, a VNeID request used up."""

from __future__ import annotations

import httpx
import pytest
import respx

from reference_kiosk import api
from reference_kiosk.backend import (
    BackendServerError,
    BackendTimeoutError,
    HttpProvincialBackend,
    TokenRevokedError,
    UnauthorizedError,
    VneidLoginConsumedError,
)
from tests.unit.kiosk.backend.conftest import KIOSK_KEY, RecordingSleep

pytestmark = pytest.mark.anyio

REVOKED = {"code": "token_revoked", "message": "token revoked", "detail": {"reason": "token_revoked"}}


async def test_logout_posts_the_bearer_token_with_the_kiosk_key(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.post("/api/v1/auth/logout").mock(return_value=httpx.Response(204))
    await client.logout("tok.en.sig")
    request = route.calls.last.request
    assert request.headers["Authorization"] == "Bearer tok.en.sig"
    assert request.headers["X-Kiosk-Key"] == KIOSK_KEY
    assert request.content == b""


@pytest.mark.parametrize(
    ("answer", "error"),
    [(httpx.Response(503), BackendServerError), (httpx.ConnectTimeout("slow"), BackendTimeoutError)],
    ids=["503", "timeout"],
)
async def test_logout_is_tried_once(
    router: respx.Router,
    client: HttpProvincialBackend,
    sleep: RecordingSleep,
    answer: httpx.Response | Exception,
    error: type[Exception],
) -> None:
    route = router.post("/api/v1/auth/logout").mock(side_effect=[answer, httpx.Response(204)])
    with pytest.raises(error):
        await client.logout("tok.en.sig")
    assert route.call_count == 1
    assert sleep.delays == []


async def test_a_revoked_token_is_a_named_error_on_any_call(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.get("/api/v1/dossiers").mock(return_value=httpx.Response(401, json=REVOKED))
    router.get("/api/v1/payments/p-1").mock(return_value=httpx.Response(401, json=REVOKED))
    for call in (client.list_dossiers("tok"), client.get_payment("tok", "p-1")):
        with pytest.raises(TokenRevokedError) as info:
            await call
        assert (info.value.status, info.value.code) == (401, "token_revoked")
        assert isinstance(info.value, UnauthorizedError)  # screens that handle 401 still do


async def test_another_401_stays_a_plain_unauthorized(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.get("/api/v1/dossiers").mock(
        return_value=httpx.Response(401, json={"code": "unauthorized", "message": "token expired"})
    )
    with pytest.raises(UnauthorizedError) as info:
        await client.list_dossiers("tok")
    assert not isinstance(info.value, TokenRevokedError)


async def test_a_consumed_vneid_request_is_a_named_error(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.get("/api/v1/auth/vneid/sessions/s-1").mock(
        side_effect=[
            httpx.Response(200, json={"status": "approved", "token": "tok.en.sig"}),
            httpx.Response(200, json={"status": "consumed", "token": None}),
        ]
    )
    first = await client.poll_vneid_login("s-1")
    assert (first.status, first.token) == (api.VneidStatus.APPROVED, "tok.en.sig")
    assert "tok.en.sig" not in repr(first)
    with pytest.raises(VneidLoginConsumedError) as info:
        await client.poll_vneid_login("s-1")
    assert info.value.message("en") == VneidLoginConsumedError.message_en
    assert "s-1" not in str(info.value)  # the path template, not the session id
