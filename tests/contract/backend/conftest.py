"""The kiosk's client against the mock's app, in-process through httpx.ASGITransport."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from reference_kiosk.backend import HttpProvincialBackend, RetryPolicy
from tests.support.backend import KIOSK_ID, KIOSK_KEY, START, SocketLikeASGITransport, make_app

__all__ = ["BASE", "KIOSK_ID", "KIOSK_KEY", "WORLD_START", "ClientRig", "NoWait"]

BASE = "http://backend.test"
# H1's app: a Monday of the pilot; the world clock stands still unless advanced.
WORLD_START: dt.datetime = START


class NoWait:
    """asyncio.sleep stand-in for the client's backoff: the test never waits."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass(frozen=True, slots=True)
class ClientRig:
    kiosk: HttpProvincialBackend
    control: httpx.AsyncClient
    transport: httpx.ASGITransport
    sleep: NoWait

    def client(self, kiosk_key: str = KIOSK_KEY) -> HttpProvincialBackend:
        return HttpProvincialBackend(BASE, kiosk_key, transport=self.transport, sleep=self.sleep)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    app = make_app(tmp_path / "backend.db")
    yield app
    app.state.backend.close()  # ASGITransport does not run the lifespan that would close it


@pytest.fixture
async def twin(app: FastAPI) -> AsyncIterator[ClientRig]:
    transport = SocketLikeASGITransport(app=app)
    sleep = NoWait()
    kiosk = HttpProvincialBackend(
        BASE,
        KIOSK_KEY,
        transport=transport,
        retry=RetryPolicy(attempts=4),
        sleep=sleep,
        rng=random.Random(5),
    )
    async with kiosk, httpx.AsyncClient(transport=transport, base_url=BASE) as control:
        yield ClientRig(kiosk, control, transport, sleep)
