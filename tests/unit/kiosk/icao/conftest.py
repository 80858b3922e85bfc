"""Fixtures of the ICAO reader unit tests."""

from __future__ import annotations

import pytest

from mocks.card.pki import MockPki


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    """The emulator's mock CSCA and document signers, generated once per session."""
    return MockPki(tmp_path_factory.mktemp("pki"))
