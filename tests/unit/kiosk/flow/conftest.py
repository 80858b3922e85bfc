from __future__ import annotations

import pytest

from reference_kiosk.config import KioskConfig
from tests.support.kiosk_flow import FakeClock, Kiosk


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(clock: FakeClock) -> Kiosk:
    return Kiosk(clock, KioskConfig())
