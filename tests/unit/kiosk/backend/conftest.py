"""Fixtures for the client's unit tests: an explicit respx router behind httpx.MockTransport."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
import respx

from reference_kiosk.backend import HttpProvincialBackend, RetryBudget, RetryPolicy

BASE = "http://backend.test"
KIOSK_KEY = "kiosk-secret"


class RecordingSleep:
    """Stands in for asyncio.sleep: records the delays, waits for nothing."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_called=False)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


ClientFactory = Callable[..., HttpProvincialBackend]


@pytest.fixture
async def make_client(router: respx.Router, sleep: RecordingSleep) -> AsyncIterator[ClientFactory]:
    made: list[HttpProvincialBackend] = []

    def make(**overrides: object) -> HttpProvincialBackend:
        options: dict[str, object] = {
            "transport": httpx.MockTransport(router.async_handler),
            "retry": RetryPolicy(attempts=4, base_delay=0.5, max_delay=4.0),
            "budget": RetryBudget(),
            "sleep": sleep,
            "rng": random.Random(1234),
        }
        options.update(overrides)
        client = HttpProvincialBackend(BASE, KIOSK_KEY, **options)  # type: ignore[arg-type]
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
def client(make_client: ClientFactory) -> HttpProvincialBackend:
    return make_client()
