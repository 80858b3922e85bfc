"""Fixtures for the backend's unit tests: an app on a temporary database, a client, a driver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.support.backend import KIOSK_KEY, BackendDriver, SyncAsgiClient, make_app


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "backend.sqlite"


@pytest.fixture
def app(db: Path) -> Iterator[FastAPI]:
    application = make_app(db)
    yield application
    application.state.backend.close()


@pytest.fixture
def client(app: FastAPI) -> Iterator[SyncAsgiClient]:
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as test_client:
        yield test_client


@pytest.fixture
def twin(client: SyncAsgiClient) -> BackendDriver:
    return BackendDriver(client)
