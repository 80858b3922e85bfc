from __future__ import annotations

from collections.abc import Iterator

import pytest

from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver
from tests.support.kiosk_flow import FakeClock
from tests.support.ui_world import ScriptedWorld


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def world(clock: FakeClock) -> ScriptedWorld:
    return ScriptedWorld(clock)


@pytest.fixture
def app(clock: FakeClock, world: ScriptedWorld) -> Iterator[KioskApp]:
    kiosk_app = KioskApp(
        KioskFlow(clock, KioskConfig(inactivity_warning_s=60, inactivity_timeout_s=90)), clock, services=world
    )
    kiosk_app.start()
    yield kiosk_app
    kiosk_app.close()


@pytest.fixture
def kiosk(app: KioskApp, clock: FakeClock) -> KioskDriver:
    return KioskDriver(app, clock)
