"""Fixtures for the card emulator's tests: one mock PKI per session, cards built from personas."""

from __future__ import annotations

import pytest

from mocks.card.files import CardBuild, build_card
from mocks.card.pki import MockPki
from mocks.citizens import persona
from tests.support.card import session_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return session_pki(tmp_path_factory)


@pytest.fixture(scope="session")
def card_build(pki: MockPki) -> CardBuild:
    """Persona 3's genuine card (extended length, 1 KB reads)."""
    return build_card(persona(3), pki)
