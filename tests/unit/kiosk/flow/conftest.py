from __future__ import annotations

import pytest

from reference_kiosk.config import KioskConfig
from tests.support.kiosk_flow import FakeClock, FlowDriver


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(clock: FakeClock) -> FlowDriver:
    return FlowDriver(clock, KioskConfig())
