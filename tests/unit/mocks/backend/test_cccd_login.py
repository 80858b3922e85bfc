"""CCCD chip login at the backend: genuine chip data gets a token, every tampering a 401 reason.

Uses the backend's ``app``/``client`` fixtures (this directory's conftest) and a session PKI.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from mocks.backend.cccd_verify import TrustStore
from mocks.backend.citizens_registry import register_citizen
from mocks.backend.routes.cccd import TRUST_ENV, install_trust_store
from mocks.card.control import make_card
from mocks.card.faults import CardFaults
from mocks.card.files import CardBuild, dg1, dg13
from mocks.card.pki import MockPki, SignerKind
from mocks.card.sod import build_sod
from mocks.citizens import Persona, persona
from tests.support.backend import KIOSK_KEY, SyncAsgiClient, make_app
from tests.support.card import session_pki

URL = "/api/v1/auth/cccd"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return session_pki(tmp_path_factory)


@pytest.fixture
def trusted_app(app: FastAPI, pki: MockPki) -> FastAPI:
    install_trust_store(app, TrustStore((pki.csca_cert,)))
    for seed in (3, 4):
        p = persona(seed)
        register_citizen(app.state.backend, p.id_number, p.full_name, p.date_of_birth)
    return app


def _body(sod: bytes, dg1_: bytes, dg13_: bytes) -> dict[str, str]:
    enc = base64.b64encode
    return {"sod": enc(sod).decode(), "dg1": enc(dg1_).decode(), "dg13": enc(dg13_).decode()}


def _card_body(build: CardBuild) -> dict[str, str]:
    return _body(build.image.files[0x011D], build.data_groups[1], build.data_groups[13])


def _card(pki: MockPki, seed: int = 3, faults: CardFaults | None = None) -> CardBuild:
    return make_card(seed, pki, faults)[1]


def _reason(client: SyncAsgiClient, body: dict[str, str]) -> str:
    answer = client.post(URL, json=body)
    assert answer.status_code == 401, answer.text
    problem = answer.json()
    assert problem["code"] == problem["detail"]["reason"]
    return str(problem["code"])


def test_genuine_card_gets_a_citizen_token(
    trusted_app: FastAPI, client: SyncAsgiClient, pki: MockPki
) -> None:
    answer = client.post(URL, json=_card_body(_card(pki)))
    assert answer.status_code == 200, answer.text
    login = answer.json()
    assert login["citizen"]["id_number"] == persona(3).id_number
    assert login["citizen"]["full_name"] == persona(3).full_name
    assert login["token"]
    me = client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {login['token']}"})
    assert me.status_code == 200  # the token works on citizen routes


@pytest.mark.parametrize(
    ("faults", "reason"),
    [
        (CardFaults(tampered=frozenset({13})), "hash_mismatch"),
        (CardFaults(tampered=frozenset({1})), "hash_mismatch"),
        (CardFaults(signer=SignerKind.UNKNOWN_CA), "untrusted_signer"),
        (CardFaults(signer=SignerKind.EXPIRED), "untrusted_signer"),
        (CardFaults(expired_card=True), "expired_document"),
    ],
)
def test_each_tampering_is_rejected_with_its_reason(
    trusted_app: FastAPI, client: SyncAsgiClient, pki: MockPki, faults: CardFaults, reason: str
) -> None:
    assert _reason(client, _card_body(_card(pki, faults=faults))) == reason


def test_data_group_from_another_card(trusted_app: FastAPI, client: SyncAsgiClient, pki: MockPki) -> None:
    mine, other = _card(pki, 3), _card(pki, 4)
    body = _body(mine.image.files[0x011D], mine.data_groups[1], other.data_groups[13])
    assert _reason(client, body) == "hash_mismatch"


def test_dg1_and_dg13_of_different_people_signed_together(
    trusted_app: FastAPI, client: SyncAsgiClient, pki: MockPki
) -> None:
    a, b = persona(3), persona(4)
    groups = {1: dg1(a), 13: dg13(b)}
    sod = build_sod(groups, pki.signer(), dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert _reason(client, _body(sod, groups[1], groups[13])) == "identity_mismatch"


def test_unknown_citizen(trusted_app: FastAPI, client: SyncAsgiClient, pki: MockPki) -> None:
    assert _reason(client, _card_body(_card(pki, 9))) == "unknown_citizen"


def test_population_record_that_differs(trusted_app: FastAPI, client: SyncAsgiClient, pki: MockPki) -> None:
    p = persona(3)
    register_citizen(trusted_app.state.backend, p.id_number, "Người Khác", p.date_of_birth)
    assert _reason(client, _card_body(_card(pki))) == "identity_mismatch"


@pytest.mark.parametrize(
    "body",
    [
        {"sod": "not base64!", "dg1": "", "dg13": ""},
        {"sod": base64.b64encode(b"\x77\x03\x30\x01\x00").decode(), "dg1": "", "dg13": ""},
    ],
)
def test_malformed_chip_data(trusted_app: FastAPI, client: SyncAsgiClient, body: dict[str, str]) -> None:
    assert _reason(client, body) == "malformed"


def test_truncated_dg13_is_malformed_not_a_crash(
    trusted_app: FastAPI, client: SyncAsgiClient, pki: MockPki
) -> None:
    p = persona(3)
    groups = {1: dg1(p), 13: dg13(p)[:-5]}
    sod = build_sod(groups, pki.signer(), dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert _reason(client, _body(sod, groups[1], groups[13])) == "malformed"


def test_login_needs_a_kiosk_key(trusted_app: FastAPI, pki: MockPki) -> None:
    with SyncAsgiClient(trusted_app) as anonymous:
        answer = anonymous.post(URL, json=_card_body(_card(pki)))
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"


@pytest.fixture
def env_app(tmp_path: Path, pki: MockPki, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    monkeypatch.setenv(TRUST_ENV, str(pki.export_csca(tmp_path / "trust.pem")))
    application = make_app(tmp_path / "env.sqlite")
    p: Persona = persona(3)
    register_citizen(application.state.backend, p.id_number, p.full_name, p.date_of_birth)
    yield application
    application.state.backend.close()


def test_trust_store_from_the_environment(env_app: FastAPI, pki: MockPki) -> None:
    with SyncAsgiClient(env_app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        assert client.post(URL, json=_card_body(_card(pki))).status_code == 200
