"""Forged chip cards: each is refused by the kiosk's reader and by the backend's chip login.

Every forgery (``tests.support.forgery``) is read end to end by the kiosk's ``IcaoReader`` with
the mock CSCA as trust store: it must come out with the expected verdict (never "verified") and
a reason naming what is wrong, either on the identity or on the ``TamperedDataError`` raised.
The same bytes are then posted to ``POST /api/v1/auth/cccd``: 401 with the reason as the problem
code, and no token. The genuine card passes both, so each refusal is about the forgery. Last, the
kiosk app itself (flow, services, ``read_chip`` with a trust store) refuses each forgery with the
named ``ChipRefusedError`` of its verdict before sending any request to the backend.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from mocks.card.faults import EmulatedCard
from mocks.card.os import CardOS
from mocks.card.pki import MockPki
from reference_kiosk.devices.icao.errors import (
    ChipDataAlteredError,
    ChipIdentityMismatchError,
    ChipRefusedError,
    ChipSignerUntrustedError,
)
from reference_kiosk.devices.icao.passive_auth import TrustStore
from reference_kiosk.flow.views import LoginPhase
from tests.support.backend import SyncAsgiClient
from tests.support.chip_login import RecordingTransport, chip_login_kiosk
from tests.support.forgery import FORGERIES, Forgery, forge, genuine, kiosk_verdict
from tests.support.icao import seeded

LOGIN = "/api/v1/auth/cccd"
BACKEND_BLIND = {"dg2-altered"}  # the chip login carries SOD, DG1 and DG13 only: no face to check
# Only the face gives these away, and a login never reads the face (issue 15.6): the kiosk reads
# DG2 where it shows it (``kiosk read-card --face``), and that read must refuse them.
FACE_ONLY = {"dg2-altered"}


def test_the_genuine_card_passes_kiosk_and_backend(
    pki: MockPki, kiosk_trust: TrustStore, client: SyncAsgiClient
) -> None:
    card = genuine(pki)
    result = kiosk_verdict(card, kiosk_trust)
    assert (result.verdict, result.reasons, result.raised) == ("verified", (), False)
    answer = client.post(LOGIN, json=card.login_body())
    assert answer.status_code == 200, answer.text
    assert answer.json()["token"]


@pytest.mark.parametrize("name", FORGERIES)
def test_kiosk_reader_refuses_the_forgery(name: str, pki: MockPki, kiosk_trust: TrustStore) -> None:
    forgery = forge(name, pki)
    result = kiosk_verdict(forgery, kiosk_trust, face=name in FACE_ONLY)
    assert result.verdict == forgery.kiosk_verdict, result.reasons
    assert any(forgery.kiosk_reason in reason for reason in result.reasons), result.reasons


@pytest.mark.parametrize("name", [n for n in FORGERIES if n not in BACKEND_BLIND])
def test_backend_chip_login_refuses_the_forgery(name: str, pki: MockPki, client: SyncAsgiClient) -> None:
    forgery = forge(name, pki)
    answer = client.post(LOGIN, json=forgery.login_body())
    assert answer.status_code == 401, answer.text
    problem = answer.json()
    assert (problem["code"], problem["detail"]["reason"]) == (forgery.backend_reason,) * 2
    assert "token" not in problem


def test_every_backend_blind_forgery_is_one_the_kiosk_catches(pki: MockPki, kiosk_trust: TrustStore) -> None:
    for name in BACKEND_BLIND:
        forgery = forge(name, pki)
        assert forgery.backend_reason is None
        assert kiosk_verdict(forgery, kiosk_trust, face=True).verdict != "verified"


def test_kiosk_without_trust_store_never_says_verified(pki: MockPki) -> None:
    """Without a trust store (how the kiosk app reads: the backend decides) a re-signed card is
    only "not checked"; hash and identity forgeries are still caught on the kiosk."""
    for name in FORGERIES:
        forgery = forge(name, pki)
        result = kiosk_verdict(forgery, None, face=name in FACE_ONLY)
        assert result.verdict != "verified", name
        if forgery.kiosk_verdict != "untrusted_signer":
            assert result.verdict == forgery.kiosk_verdict, name


# ---------------------------------------------------------------------------- the kiosk app (H4)
# The same forgeries laid on the emulated reader of the real kiosk (flow, services, read_chip) with
# the mock CSCA as its trust store, and the real backend app behind a transport that records every
# request: each forgery is refused by the kiosk itself, before any request leaves it.

_KIOSK_REFUSAL: dict[str, type[ChipRefusedError]] = {
    "hash_mismatch": ChipDataAlteredError,
    "untrusted_signer": ChipSignerUntrustedError,
    "identity_mismatch": ChipIdentityMismatchError,
}


@pytest.fixture(scope="module")
def kiosk_trust_pem(pki: MockPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pki.export_csca(tmp_path_factory.mktemp("kiosk-trust") / "csca.pem")


def _on_reader(forgery: Forgery) -> EmulatedCard:
    return EmulatedCard(CardOS(forgery.image(), seeded(11)))


def test_the_genuine_card_logs_in_through_the_kiosk_app(
    pki: MockPki, app: FastAPI, kiosk_trust_pem: Path, tmp_path: Path
) -> None:
    card = genuine(pki)
    transport = RecordingTransport(httpx.ASGITransport(app=app))
    with chip_login_kiosk(tmp_path, transport, trust_store=kiosk_trust_pem) as kiosk:
        view = kiosk.log_in(_on_reader(card), card.owner.id_number, card.owner.date_of_birth)
    assert view.phase is LoginPhase.VERIFIED, view.error_en
    assert transport.requests == [("POST", LOGIN)]


@pytest.mark.parametrize("name", [n for n in FORGERIES if n not in FACE_ONLY])
def test_kiosk_app_refuses_the_forgery_before_the_backend(
    name: str, pki: MockPki, app: FastAPI, kiosk_trust_pem: Path, tmp_path: Path
) -> None:
    forgery = forge(name, pki)
    transport = RecordingTransport(httpx.ASGITransport(app=app))
    with chip_login_kiosk(tmp_path, transport, trust_store=kiosk_trust_pem) as kiosk:
        view = kiosk.log_in(_on_reader(forgery), forgery.owner.id_number, forgery.owner.date_of_birth)
    assert transport.requests == []  # not even the chip login: the forgery never left the kiosk
    [error] = kiosk.card_errors()
    assert isinstance(error, ChipRefusedError)
    assert type(error) is _KIOSK_REFUSAL[forgery.kiosk_verdict]
    assert any(forgery.kiosk_reason in reason for reason in error.reasons), error.reasons
    assert view.phase is LoginPhase.FAILED
    assert not kiosk.flow.logged_in


@pytest.mark.parametrize("name", sorted(FACE_ONLY))
def test_a_login_never_reads_the_face_so_a_face_only_forgery_changes_nothing_it_uses(
    name: str, pki: MockPki, app: FastAPI, kiosk_trust_pem: Path, tmp_path: Path
) -> None:
    forgery = forge(name, pki)
    assert kiosk_verdict(forgery, None).verdict != forgery.kiosk_verdict  # unseen without the face
    transport = RecordingTransport(httpx.ASGITransport(app=app))
    with chip_login_kiosk(tmp_path, transport, trust_store=kiosk_trust_pem) as kiosk:
        view = kiosk.log_in(_on_reader(forgery), forgery.owner.id_number, forgery.owner.date_of_birth)
    assert view.phase is LoginPhase.VERIFIED, view.error_en  # the identity it uses is genuine
