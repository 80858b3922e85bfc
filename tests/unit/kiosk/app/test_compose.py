"""``build_kiosk``: the one assembly; a headless kiosk never touches pygame."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reference_kiosk.app import build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.ports import Devices
from tests.support.devices import FakePrinter, FakeSpeaker
from tests.support.kiosk_flow import FakeClock

HEADLESS = """
import sys
from pathlib import Path
from reference_kiosk.app import build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import events as ev
from reference_kiosk.outbox import ItemState
from reference_kiosk.ports import Devices, SystemClock

config = KioskConfig(outbox_path=Path(sys.argv[1]) / "outbox.sqlite3", outbox_key=bytes(32),
                     telemetry_path=None, backend_url="http://127.0.0.1:9")
kiosk = build_kiosk(config, Devices(), clock=SystemClock(), ui=False, threaded=False)
kiosk.services.execute(kiosk.flow.handle(ev.StartTapped()))
print(kiosk.flow.screen.value, kiosk.services.executor.outbox.counts()[ItemState.PENDING])
try:
    kiosk.app
except RuntimeError:
    print("no app")
kiosk.close()
print("pygame" in sys.modules)
"""


def test_a_headless_kiosk_runs_its_flow_and_outbox_without_pygame(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", HEADLESS, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["login 0", "no app", "False"]


def test_the_devices_reach_the_executor_and_the_flow(tmp_path: Path) -> None:
    config = KioskConfig(outbox_path=tmp_path / "outbox.sqlite3", outbox_key=bytes(32), telemetry_path=None)
    devices = Devices(printer=FakePrinter(), speaker=FakeSpeaker())
    kiosk = build_kiosk(config, devices, clock=FakeClock(), threaded=False)
    try:
        assert kiosk.services.executor.devices is devices
        assert kiosk.app.flow is kiosk.flow
        assert kiosk.app.stack.env is kiosk.env
    finally:
        kiosk.close()
