"""The client's error mapping on real sockets: the backend under uvicorn, slowed, then gone."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest

from mocks.world import start_world
from reference_kiosk.backend import (
    BackendTimeoutError,
    BackendUnavailableError,
    HttpProvincialBackend,
    RetryPolicy,
    Timeouts,
)

pytestmark = pytest.mark.integration


class NoWait:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


async def _slow_then_fast(url: str, key: str) -> tuple[int, int]:
    sleep = NoWait()
    client = HttpProvincialBackend(
        url, key, timeouts=Timeouts(read=0.5), retry=RetryPolicy(attempts=2), sleep=sleep
    )
    async with client, httpx.AsyncClient(base_url=url) as control:
        found = await client.search_procedures("thuong tru")
        assert found.items[0].name == "Đăng ký thường trú"
        plan = {"seed": 1, "rules": [{"route": "GET /api/v1/procedures", "latency_ms": 3000}]}
        (await control.put("/control/faults", json=plan)).raise_for_status()
        before = client.attempts
        with pytest.raises(BackendTimeoutError):
            await client.search_procedures("thuong tru")
        slow_attempts = client.attempts - before
        (await control.put("/control/faults", json={"seed": 1, "rules": []})).raise_for_status()
        assert (await client.search_procedures("thuong tru")).total >= 1
    return slow_attempts, len(sleep.delays)


def test_a_slow_backend_times_out_and_a_healed_one_answers(tmp_path: Path) -> None:
    with start_world("uvicorn", tmp_path) as world:
        attempts, sleeps = asyncio.run(_slow_then_fast(world.url, world.kiosk_key))
    assert (attempts, sleeps) == (2, 1)


def test_a_stopped_backend_is_unavailable(tmp_path: Path) -> None:
    with start_world("uvicorn", tmp_path) as world:
        url, key = world.url, world.kiosk_key
    with socket.socket() as probe:  # the port is closed now: connections are refused at once
        assert probe.connect_ex(("127.0.0.1", int(url.rsplit(":", 1)[1]))) != 0

    async def call() -> None:
        async with HttpProvincialBackend(url, key, retry=RetryPolicy(attempts=3), sleep=NoWait()) as client:
            with pytest.raises(BackendUnavailableError):
                await client.search_procedures()
            assert client.attempts == 3

    asyncio.run(call())
