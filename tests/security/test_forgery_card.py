"""Forged chip cards: each is refused by the kiosk's reader and by the backend's chip login.

Every forgery (``tests.support.forgery``) is read end to end by the kiosk's ``IcaoReader`` with
the mock CSCA as trust store: it must come out with the expected verdict (never "verified") and
a reason naming what is wrong, either on the identity or on the ``TamperedDataError`` raised.
The same bytes are then posted to ``POST /api/v1/auth/cccd``: 401 with the reason as the problem
code, and no token. The genuine card passes both, so each refusal is about the forgery.
"""

from __future__ import annotations

import pytest

from mocks.card.pki import MockPki
from reference_kiosk.devices.icao.passive_auth import TrustStore
from tests.support.backend import SyncAsgiClient
from tests.support.forgery import FORGERIES, forge, genuine, kiosk_verdict

LOGIN = "/api/v1/auth/cccd"
BACKEND_BLIND = {"dg2-altered"}  # the chip login carries SOD, DG1 and DG13 only: no face to check


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
    result = kiosk_verdict(forgery, kiosk_trust)
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
        assert kiosk_verdict(forgery, kiosk_trust).verdict != "verified"


def test_kiosk_without_trust_store_never_says_verified(pki: MockPki) -> None:
    """Without a trust store (how the kiosk app reads: the backend decides) a re-signed card is
    only "not checked"; hash and identity forgeries are still caught on the kiosk."""
    for name in FORGERIES:
        forgery = forge(name, pki)
        result = kiosk_verdict(forgery, None)
        assert result.verdict != "verified", name
        if forgery.kiosk_verdict != "untrusted_signer":
            assert result.verdict == forgery.kiosk_verdict, name
