"""Fixtures of the security tests: a session PKI, the backend app trusting its CSCA, a driver.

The app is the real FastAPI backend over ``httpx.ASGITransport`` on a temporary SQLite file,
with a frozen world clock (``tests.support.backend.START``); the personas whose cards are forged
are registered in its population records so every refusal is the forgery's, not "unknown".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from mocks.backend.cccd_verify import TrustStore as BackendTrustStore
from mocks.backend.citizens_registry import register_citizen
from mocks.backend.routes.cccd import install_trust_store
from mocks.card.pki import MockPki
from mocks.citizens import persona
from reference_kiosk.devices.icao.passive_auth import TrustStore
from tests.support.backend import KIOSK_KEY, BackendDriver, SyncAsgiClient, make_app
from tests.support.card import session_pki
from tests.support.forgery import OTHER_SEED, OWNER_SEED


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return session_pki(tmp_path_factory)


@pytest.fixture(scope="session")
def kiosk_trust(pki: MockPki) -> TrustStore:
    return TrustStore((pki.csca_cert,))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "backend.sqlite"


@pytest.fixture
def app(db: Path, pki: MockPki) -> Iterator[FastAPI]:
    application = make_app(db)
    install_trust_store(application, BackendTrustStore((pki.csca_cert,)))
    for seed in (OWNER_SEED, OTHER_SEED):
        p = persona(seed)
        register_citizen(application.state.backend, p.id_number, p.full_name, p.date_of_birth)
    yield application
    application.state.backend.close()


@pytest.fixture
def client(app: FastAPI) -> Iterator[SyncAsgiClient]:
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as test_client:
        yield test_client


@pytest.fixture
def twin(client: SyncAsgiClient) -> BackendDriver:
    return BackendDriver(client)
