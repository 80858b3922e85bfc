"""Fixtures of the CardReader contract suite: one rig per adapter (pcsc in the integration tier)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mocks.card.pki import MockPki
from tests.support.card_rigs import CardRig, rig_for


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> MockPki:
    return MockPki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(params=["emulated", pytest.param("pcsc", marks=pytest.mark.integration)])
def rig(request: pytest.FixtureRequest, pki: MockPki) -> Iterator[CardRig]:
    info = None
    if request.param == "pcsc":
        info = request.getfixturevalue("pcscd")
    with rig_for(request.param, pki, info) as made:
        yield made


from tests.support.pcscd import pcscd  # noqa: E402, F401  (the session pcscd fixture)
