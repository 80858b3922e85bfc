"""SANE's test backend through a private SANE_CONFIG_DIR, for the paper-fed wrapper's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.sane import private_sane_config, require_sane_test_backend


@pytest.fixture(scope="session")
def sane_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    require_sane_test_backend()
    with private_sane_config(tmp_path_factory.mktemp("sane")) as directory:
        yield directory


@pytest.fixture(autouse=True)
def _sigpipe_still_ignored() -> Iterator[None]:
    """After every scan, fault or not, SIGPIPE is still ignored (see test_sane_sigpipe.py)."""
    from tests.integration.scanner.test_sane_sigpipe import sigpipe_ignored

    yield
    assert sigpipe_ignored(), "a SANE path left SIGPIPE at its default: a closed socket would kill the kiosk"
