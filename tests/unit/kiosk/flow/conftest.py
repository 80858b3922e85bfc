from __future__ import annotations

import pytest

from reference_kiosk.config import KioskConfig
from tests.support.kiosk_flow import FakeClock, FlowDriver


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(clock: FakeClock) -> FlowDriver:
    return FlowDriver(clock, QUICK)


# The timings these tests were written for; the defaults are 120 s / 180 s since issue 13
# (tests/unit/kiosk/flow/test_vneid_account.py checks those).
QUICK = KioskConfig(inactivity_warning_s=60, inactivity_timeout_s=90)
