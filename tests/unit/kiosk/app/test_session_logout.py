"""Session end logs the citizen out on the backend, after the wipe and never in its way.

The services run the real ``HttpProvincialBackend`` over ``httpx.MockTransport`` around a respx
router: the login answers a token, ``POST /api/v1/auth/logout`` answers 204, 503, a timeout, or
hangs until the test lets it go.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from PIL import Image

from reference_kiosk import api
from reference_kiosk.app import EffectExecutor, Services
from reference_kiosk.backend import HttpProvincialBackend, RetryPolicy
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.outbox import Outbox, OutboxSender
from reference_kiosk.ports import ScannedPage, ScanSource
from tests.support.kiosk_flow import ID_NUMBER, PERSONA_STRINGS, TOKEN, FakeClock, citizen

BASE = "http://backend.test"
REQ = api.CccdLoginRequest(sod="U09E", dg1="REcx", dg13="REcxMw==")
LOGIN = {
    "token": TOKEN,
    "expires_at": "2030-01-01T00:00:00Z",
    "citizen": citizen().model_dump(mode="json"),
}


class NoSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def router() -> respx.Router:
    router = respx.Router(base_url=BASE, assert_all_called=False)
    router.post("/api/v1/auth/cccd").mock(return_value=httpx.Response(200, json=LOGIN))
    return router


def make_services(tmp_path: Path, router: respx.Router, *, threaded: bool) -> tuple[Services, NoSleep]:
    clock = FakeClock()
    sleep = NoSleep()
    backend = HttpProvincialBackend(
        BASE,
        "kiosk-key",
        transport=httpx.MockTransport(router.async_handler),
        retry=RetryPolicy(attempts=4),
        sleep=sleep,
        rng=random.Random(3),
        clock=clock,
    )
    outbox = Outbox(tmp_path / "outbox.db", bytes(32), clock)
    sender = OutboxSender(outbox, backend, clock, random.Random(1))
    return Services(EffectExecutor(backend, outbox, sender), threaded=threaded), sleep


@pytest.fixture
def inline(tmp_path: Path, router: respx.Router) -> Iterator[tuple[Services, NoSleep]]:
    services, sleep = make_services(tmp_path, router, threaded=False)
    yield services, sleep
    services.close()


def log_in_and_scan(services: Services) -> None:
    services.execute([fx.LoginWithCard(REQ)])
    [answer] = services.drain()
    assert isinstance(answer, ev.LoggedIn)
    page = ScannedPage(image=Image.new("L", (8, 8), 255), dpi=200, source=ScanSource.ADF)
    services.executor.store.pages["CT01-1"] = page  # as a scan would have left it


def assert_wiped(services: Services, generation: int) -> None:
    assert services.executor.store.pages == {}
    assert services.executor.store.generation == generation + 1
    assert services.drain() == []


def test_the_wipe_logs_the_sessions_token_out(inline: tuple[Services, NoSleep], router: respx.Router) -> None:
    services, _ = inline
    logout = router.post("/api/v1/auth/logout").mock(return_value=httpx.Response(204))
    log_in_and_scan(services)
    generation = services.executor.store.generation
    services.execute([fx.WipePersonalData()])
    assert_wiped(services, generation)
    assert logout.call_count == 1
    request = logout.calls[0].request
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["X-Kiosk-Key"] == "kiosk-key"
    services.execute([fx.WipePersonalData()])  # the next session's end has nobody to log out
    assert logout.call_count == 1


@pytest.mark.parametrize(
    "failure",
    [httpx.Response(503, json={"code": "unavailable", "message": "down"}), httpx.ReadTimeout("slow")],
    ids=["503", "timeout"],
)
def test_the_wipe_completes_when_the_logout_fails(
    inline: tuple[Services, NoSleep],
    router: respx.Router,
    failure: httpx.Response | Exception,
    caplog: pytest.LogCaptureFixture,
) -> None:
    services, sleep = inline
    logout = router.post("/api/v1/auth/logout").mock(side_effect=[failure])
    log_in_and_scan(services)
    generation = services.executor.store.generation
    with caplog.at_level(logging.WARNING):
        services.execute([fx.WipePersonalData()])  # raises nothing
    assert_wiped(services, generation)
    assert logout.call_count == 1
    assert sleep.delays == []
    assert "logout at session end failed" in caplog.text
    assert not any(secret in caplog.text for secret in PERSONA_STRINGS)


def test_a_login_answered_after_its_session_ended_is_logged_out_at_once(
    inline: tuple[Services, NoSleep], router: respx.Router
) -> None:
    services, _ = inline
    logout = router.post("/api/v1/auth/logout").mock(return_value=httpx.Response(204))
    generation = services.executor.store.generation
    services.execute([fx.WipePersonalData()])  # the citizen left while the login was under way
    assert logout.call_count == 0
    runner = asyncio.Runner()
    try:
        runner.run(services._run(fx.LoginWithCard(REQ), generation))
    finally:
        runner.close()
    assert services.drain() == []  # the next citizen never sees it
    assert logout.call_count == 1
    services.execute([fx.WipePersonalData()])
    assert logout.call_count == 1  # not kept for the next session either


def test_threaded_the_wipe_does_not_wait_for_a_hanging_logout(tmp_path: Path, router: respx.Router) -> None:
    release, reached = threading.Event(), threading.Event()

    def hang(request: httpx.Request) -> httpx.Response:
        reached.set()
        release.wait(timeout=30)  # the backend answers only when the test lets it
        return httpx.Response(204)

    logout = router.post("/api/v1/auth/logout").mock(side_effect=hang)
    services, _ = make_services(tmp_path, router, threaded=True)
    try:
        services.execute([fx.LoginWithCard(REQ)])
        assert services.wait_idle(10)
        assert isinstance(services.drain()[0], ev.LoggedIn)
        generation = services.executor.store.generation
        services.execute([fx.WipePersonalData()])  # returns with the logout still hanging
        assert services.executor.store.generation == generation + 1
        assert reached.wait(10)
        assert not services.wait_idle(0)  # the logout is still out there...
        release.set()
        assert services.wait_idle(10)  # ...and finishes in the background
        assert logout.call_count == 1
    finally:
        release.set()
        services.close()


def test_the_token_is_not_kept_after_the_wipe(inline: tuple[Services, NoSleep], router: respx.Router) -> None:
    services, _ = inline
    router.post("/api/v1/auth/logout").mock(return_value=httpx.Response(204))
    log_in_and_scan(services)
    assert TOKEN in repr(vars(services))  # held while the session lasts (to log it out)...
    services.execute([fx.WipePersonalData()])
    assert TOKEN not in repr(vars(services))  # ...and dropped with the session
    assert ID_NUMBER not in repr(vars(services))


def test_a_token_a_queued_submission_still_needs_is_not_logged_out(
    inline: tuple[Services, NoSleep], router: respx.Router
) -> None:
    """Backend down at submission: the outbox keeps the dossier and will send it with this token."""
    services, _ = inline
    logout = router.post("/api/v1/auth/logout").mock(return_value=httpx.Response(204))
    router.post("/api/v1/dossiers").mock(return_value=httpx.Response(503))
    log_in_and_scan(services)
    services.execute([fx.SubmitDossier("key-1", TOKEN, "1.004222", "C1", {}, ())])
    assert services.drain() == [ev.SubmissionQueued("key-1")]
    services.execute([fx.WipePersonalData()])
    assert logout.call_count == 0
    assert services.pending_outbox == 1
