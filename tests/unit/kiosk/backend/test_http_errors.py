"""Every way a call to the provincial backend can fail, through an explicit respx router."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from reference_kiosk.backend import (
    BackendServerError,
    BackendTimeoutError,
    BackendUnavailableError,
    ConflictError,
    ForbiddenError,
    HttpProvincialBackend,
    MalformedResponseError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
    RequestRejectedError,
    ResponseLostError,
    RetryBudget,
    RetryPolicy,
    UnauthorizedError,
    UnsupportedMediaError,
    ValidationFailedError,
)
from reference_kiosk.backend.errors import (
    BackendError,
)
from reference_kiosk.ports import ProvincialBackend
from tests.support.client_samples import (
    dossier,
    dossier_create,
    payment,
    procedure_summary,
    rating_create,
)
from tests.unit.kiosk.backend.conftest import KIOSK_KEY, ClientFactory, RecordingSleep

pytestmark = pytest.mark.anyio

SEARCH = "/api/v1/procedures"
DOSSIERS = "/api/v1/dossiers"
LOOKUP = "/api/v1/dossiers/lookup"
CODE = "CA-VT-250317-0001"


def page(*items: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(items), "total": len(items), "offset": 0, "limit": 20}


# ---------------------------------------------------------------------------- transport failures


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ConnectTimeout, BackendTimeoutError),
        (httpx.ReadTimeout, BackendTimeoutError),
        (httpx.PoolTimeout, BackendTimeoutError),
        (httpx.ConnectError, BackendUnavailableError),
    ],
)
async def test_idempotent_get_is_retried_until_the_attempts_run_out(
    router: respx.Router,
    client: HttpProvincialBackend,
    sleep: RecordingSleep,
    exc: type[Exception],
    expected: type[BackendError],
) -> None:
    route = router.get(SEARCH).mock(side_effect=exc)
    with pytest.raises(expected) as info:
        await client.search_procedures("thuong tru")
    assert route.call_count == 4
    assert client.attempts == 4
    # Full jitter: each wait is drawn below its capped exponential ceiling (0.5, 1, 2 s).
    assert len(sleep.delays) == 3
    assert all(0.0 <= d <= cap for d, cap in zip(sleep.delays, (0.5, 1.0, 2.0), strict=True))
    assert "GET /api/v1/procedures" in str(info.value)


async def test_a_read_timeout_then_an_answer_returns_the_answer(
    router: respx.Router, client: HttpProvincialBackend, sleep: RecordingSleep
) -> None:
    route = router.get(SEARCH).mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json=page(procedure_summary()))]
    )
    result = await client.search_procedures("thuong tru")
    assert [p.name for p in result.items] == ["Đăng ký thường trú"]
    assert route.call_count == 2
    assert len(sleep.delays) == 1


async def test_jitter_is_reproducible_with_the_same_seed(
    router: respx.Router, make_client: ClientFactory, sleep: RecordingSleep
) -> None:
    router.get(SEARCH).mock(side_effect=httpx.ConnectTimeout)
    for _ in range(2):
        with pytest.raises(BackendTimeoutError):
            await make_client().search_procedures()
    first, second = sleep.delays[:3], sleep.delays[3:]
    assert first == second
    assert len(set(first)) == 3  # drawn, not constant


async def test_5xx_on_get_is_retried_then_raised_with_its_status(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.get(f"{DOSSIERS}/{CODE}").mock(
        return_value=httpx.Response(503, json={"code": "unavailable", "message": "maintenance"})
    )
    with pytest.raises(BackendServerError) as info:
        await client.get_dossier(CODE, token="tok")
    assert route.call_count == 4
    assert info.value.status == 503
    assert info.value.code == "unavailable"


async def test_a_5xx_then_success_on_get_recovers(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.get(f"{DOSSIERS}/{CODE}").mock(
        side_effect=[httpx.Response(502, text="bad gateway"), httpx.Response(200, json=dossier())]
    )
    assert (await client.get_dossier(CODE, token="tok")).code == CODE
    assert route.call_count == 2


# ---------------------------------------------------------------------------- non-idempotent calls


async def test_a_rating_is_never_retried(router: respx.Router, client: HttpProvincialBackend) -> None:
    route = router.post(f"{DOSSIERS}/{CODE}/ratings").mock(return_value=httpx.Response(500))
    with pytest.raises(BackendServerError):
        await client.rate_dossier("tok", CODE, rating_create())
    assert route.call_count == 1


@pytest.mark.parametrize("exc", [httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout])
async def test_a_payment_request_is_never_retried(
    router: respx.Router, client: HttpProvincialBackend, sleep: RecordingSleep, exc: type[Exception]
) -> None:
    route = router.post(f"{DOSSIERS}/{CODE}/payments").mock(side_effect=exc)
    with pytest.raises(BackendError):
        await client.request_payment("tok", CODE)
    assert route.call_count == 1
    assert sleep.delays == []


async def test_opening_a_vneid_login_is_not_retried(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.post("/api/v1/auth/vneid/sessions").mock(side_effect=httpx.ConnectError)
    with pytest.raises(BackendUnavailableError):
        await client.start_vneid_login()
    assert route.call_count == 1


# ---------------------------------------------------------------------------- lost responses


class CommittingBackend:
    """Stores dossiers by Idempotency-Key; drops the connection after committing the first one."""

    def __init__(self, lose: type[httpx.TransportError]) -> None:
        self.lose: type[httpx.TransportError] | None = lose
        self.created: dict[str, dict[str, Any]] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = request.headers["Idempotency-Key"]
        if key not in self.created:
            self.created[key] = dossier(code=f"CA-VT-250317-{len(self.created) + 1:04d}")
        if self.lose is not None:
            lose, self.lose = self.lose, None
            raise lose("connection dropped after commit", request=request)
        return httpx.Response(201, json=self.created[key])


@pytest.mark.parametrize("lose", [httpx.RemoteProtocolError, httpx.ReadError])
async def test_a_lost_submission_is_resent_with_its_key_and_returns_the_same_dossier(
    router: respx.Router, client: HttpProvincialBackend, lose: type[httpx.TransportError]
) -> None:
    backend = CommittingBackend(lose)
    route = router.post(DOSSIERS).mock(side_effect=backend)
    result = await client.submit_dossier("tok", dossier_create(), idempotency_key="key-1")
    assert route.call_count == 2
    assert result.code == "CA-VT-250317-0001"
    assert len(backend.created) == 1
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    assert keys == {"key-1"}


async def test_a_submission_lost_every_time_reports_the_outcome_unknown(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.post(DOSSIERS).mock(side_effect=httpx.RemoteProtocolError)
    with pytest.raises(ResponseLostError) as info:
        await client.submit_dossier("tok", dossier_create(), idempotency_key="key-1")
    assert route.call_count == 4
    assert info.value.remedy == "retry"


# ---------------------------------------------------------------------------- 4xx answers


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, RequestRejectedError),
        (401, UnauthorizedError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, ConflictError),
        (413, PayloadTooLargeError),
        (415, UnsupportedMediaError),
        (422, ValidationFailedError),
        (429, RateLimitedError),
    ],
)
async def test_each_refusal_has_its_named_error_and_is_not_retried(
    router: respx.Router, client: HttpProvincialBackend, status: int, expected: type[BackendError]
) -> None:
    body = {"code": f"code_{status}", "message": "refused"}
    route = router.post(DOSSIERS).mock(return_value=httpx.Response(status, json=body))
    with pytest.raises(expected) as info:
        await client.submit_dossier("tok", dossier_create(), idempotency_key="k")
    assert type(info.value) is expected
    assert (info.value.status, info.value.code) == (status, f"code_{status}")
    assert route.call_count == 1


async def test_a_duplicate_rating_is_a_conflict(router: respx.Router, client: HttpProvincialBackend) -> None:
    router.post(f"{DOSSIERS}/{CODE}/ratings").mock(
        return_value=httpx.Response(409, json={"code": "duplicate_rating", "message": "rated already"})
    )
    with pytest.raises(ConflictError) as info:
        await client.rate_dossier("tok", CODE, rating_create())
    assert info.value.code == "duplicate_rating"


async def test_a_422_problem_carries_per_field_messages(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    problem = {"code": "validation_failed", "message": "invalid", "detail": {"phone": "10 chữ số"}}
    router.post(DOSSIERS).mock(return_value=httpx.Response(422, json=problem))
    with pytest.raises(ValidationFailedError) as info:
        await client.submit_dossier("tok", dossier_create(), idempotency_key="k")
    assert dict(info.value.fields) == {"phone": "10 chữ số"}


async def test_fastapis_own_422_body_is_understood_too(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    body = {"detail": [{"loc": ["body", "form", "phone"], "msg": "Field required", "type": "missing"}]}
    router.post(DOSSIERS).mock(return_value=httpx.Response(422, json=body))
    with pytest.raises(ValidationFailedError) as info:
        await client.submit_dossier("tok", dossier_create(), idempotency_key="k")
    assert dict(info.value.fields) == {"form.phone": "Field required"}


async def test_429_reports_when_to_come_back(router: respx.Router, client: HttpProvincialBackend) -> None:
    route = router.post(LOOKUP).mock(
        return_value=httpx.Response(
            429, headers={"Retry-After": "7"}, json={"code": "rate_limited", "message": ""}
        )
    )
    with pytest.raises(RateLimitedError) as info:
        await client.lookup_dossier(CODE, "001099012345")
    assert info.value.retry_after == 7.0
    assert route.call_count == 1  # against enumeration, a refusal is not hammered


# ---------------------------------------------------------------------------- malformed answers


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>proxy error</html>"),
        httpx.Response(200, json={"items": "not a list", "total": 1}),
        httpx.Response(200, json=[1, 2, 3]),
    ],
    ids=["not-json", "wrong-shape", "wrong-type"],
)
async def test_an_unreadable_answer_is_malformed(
    router: respx.Router, client: HttpProvincialBackend, response: httpx.Response
) -> None:
    router.get(SEARCH).mock(return_value=response)
    with pytest.raises(MalformedResponseError):
        await client.search_procedures()


async def test_a_malformed_error_never_echoes_personal_data(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    broken = dossier() | {"status": "001099012345", "history": "Nguyễn Văn A"}
    router.post(LOOKUP).mock(return_value=httpx.Response(200, json=broken))
    with pytest.raises(MalformedResponseError) as info:
        await client.lookup_dossier(CODE, "001099012345")
    assert "001099012345" not in str(info.value)
    assert "Nguyễn" not in str(info.value)


async def test_an_error_page_that_is_not_json_still_maps_by_status(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.get(f"{DOSSIERS}/{CODE}").mock(return_value=httpx.Response(404, text="<h1>Not Found</h1>"))
    with pytest.raises(NotFoundError) as info:
        await client.get_dossier(CODE, "tok")
    assert info.value.code is None


# ---------------------------------------------------------------------------- budget and headers


async def test_the_retry_budget_stops_retries_when_the_backend_is_down(
    router: respx.Router, make_client: ClientFactory
) -> None:
    route = router.get(SEARCH).mock(side_effect=httpx.ConnectError)
    client = make_client(budget=RetryBudget(ratio=0.0, reserve=2.0))
    for _ in range(3):
        with pytest.raises(BackendUnavailableError):
            await client.search_procedures()
    # 1 + 2 retries (the reserve) for the first call, then a single attempt each.
    assert route.call_count == 3 + 1 + 1


async def test_kiosk_key_bearer_and_idempotency_headers_are_sent(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.post(DOSSIERS).mock(return_value=httpx.Response(201, json=dossier()))
    await client.submit_dossier("citizen-token", dossier_create(), idempotency_key="key-42")
    request = route.calls.last.request
    assert request.headers["X-Kiosk-Key"] == KIOSK_KEY
    assert request.headers["Authorization"] == "Bearer citizen-token"
    assert request.headers["Idempotency-Key"] == "key-42"
    assert json.loads(request.content)["procedure_code"] == "1.004222"


async def test_a_look_up_is_anonymous_and_names_the_owner_by_id_number(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    route = router.post(LOOKUP).mock(return_value=httpx.Response(200, json=dossier()))
    await client.lookup_dossier(CODE, "001099012345")
    request = route.calls.last.request
    assert json.loads(request.content) == {"code": CODE, "id_number": "001099012345"}
    assert "001099012345" not in str(request.url)
    assert "Authorization" not in request.headers


async def test_payments_parse_into_the_shared_model(
    router: respx.Router, client: HttpProvincialBackend
) -> None:
    router.get("/api/v1/payments/pay-1").mock(return_value=httpx.Response(200, json=payment(status="paid")))
    assert (await client.get_payment("tok", "pay-1")).status == "paid"


def test_a_retry_policy_that_cannot_work_is_refused() -> None:
    with pytest.raises(ValueError, match="retry policy"):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError, match="retry policy"):
        RetryPolicy(base_delay=2.0, max_delay=1.0)


def test_backoff_is_capped() -> None:
    import random

    policy = RetryPolicy(attempts=10, base_delay=1.0, max_delay=3.0)
    draws = [policy.backoff(retry, random.Random(retry)) for retry in range(10)]
    assert max(draws) <= 3.0
    assert all(d >= 0 for d in draws)


class SteppingClock:
    """A Clock whose time moves only when the client 'sleeps' (its sleep is wired to advance it)."""

    def __init__(self) -> None:
        self.t = 100.0
        self.sleeps = 0

    def now(self) -> Any:
        raise AssertionError("the client only needs monotonic time")

    def monotonic(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.t += seconds + 6.0  # each retry also waits out a 6 s read timeout


async def test_retries_stop_when_the_citizen_has_waited_long_enough(
    router: respx.Router, make_client: ClientFactory
) -> None:
    clock = SteppingClock()
    route = router.get(SEARCH).mock(side_effect=httpx.ReadTimeout)
    client = make_client(
        retry=RetryPolicy(attempts=10, base_delay=1.0, max_delay=1.0, max_elapsed=12.0),
        sleep=clock.sleep,
        clock=clock,
    )
    with pytest.raises(BackendTimeoutError):
        await client.search_procedures()
    # A retry costs its backoff (up to 1 s) plus the 6 s timeout: after two, 12 s have passed,
    # so a third would start too late, although the policy allows ten attempts.
    assert route.call_count == 3
    assert clock.sleeps == 2


async def test_the_client_implements_the_port(client: HttpProvincialBackend) -> None:
    port: ProvincialBackend = client  # mypy checks the structural match
    assert port is client
