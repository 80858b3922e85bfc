"""Fixtures of the card fault matrix and the ``kiosk read-card`` end-to-end tests."""

from __future__ import annotations

import pytest

from mocks.card.pki import MockPki
from tests.support.pcscd import pcscd  # noqa: F401  (the session pcscd fixture)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return MockPki(tmp_path_factory.mktemp("pki"))
