"""One ``harness`` fixture per Scanner adapter: the emulator, and SaneScanner on SANE's test backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.sane import private_sane_config, require_sane_test_backend
from tests.support.scanner import EmulatedHarness, Harness, SaneHarness


@pytest.fixture(scope="session")
def sane_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_sane_test_backend()
    with private_sane_config(tmp_path_factory.mktemp("sane")) as directory:
        yield directory


@pytest.fixture(params=["emulated", pytest.param("sane-test", marks=pytest.mark.integration)])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    made: Harness
    if request.param == "emulated":
        made = EmulatedHarness()
    else:
        request.getfixturevalue("sane_config")
        made = SaneHarness()
    try:
        yield made
    finally:
        made.scanner.close()
