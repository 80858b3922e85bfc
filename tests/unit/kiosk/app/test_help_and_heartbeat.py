"""The kiosk's help call and heartbeat, through its real client, against the simulated backend.

The staff side acts through the backend's staff API (its own key), never through the kiosk.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mocks.inprocess import BASE_URL, SocketLikeASGITransport, SyncAsgiClient
from mocks.scanner import DocumentKind, ScannerControl
from mocks.scanner.emulator import EmulatedScanner
from reference_kiosk.app import KioskAssembly, build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.devices.errors import PrinterOutOfPaperError
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import PrintSlip, ScanPage
from reference_kiosk.flow.view_frame import HelpPhase
from reference_kiosk.ports import Devices, ScanSettings, ScanSource, Slip
from tests.support.backend import KIOSK_ID, KIOSK_KEY, START, make_app
from tests.support.devices import FakePrinter
from tests.support.kiosk_flow import FakeClock

STAFF = {"X-Staff-Key": "staff-test-key"}


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[tuple[Any, SyncAsgiClient]]:
    app = make_app(tmp_path / "backend.sqlite", staff_keys=("staff-test-key",))
    with SyncAsgiClient(app, headers={"X-Kiosk-Key": KIOSK_KEY}) as client:
        yield app, client
    app.state.backend.close()


def _kiosk(tmp_path: Path, app: Any, clock: FakeClock, devices: Devices | None = None) -> KioskAssembly:
    config = KioskConfig(
        backend_url=BASE_URL, kiosk_key=KIOSK_KEY, state_dir=tmp_path / "kiosk", outbox_key=bytes(32),
        telemetry_path=None, site_id="lso-province-center",
    )  # fmt: skip
    return build_kiosk(
        config, devices or Devices(), clock=clock, transport=SocketLikeASGITransport(app=app),
        threaded=False, ui=False,
    )  # fmt: skip


def _step(kiosk: KioskAssembly, *events: ev.Event) -> None:
    """Hand events to the flow and its answers back until nothing more comes (inline services)."""
    pending = list(events)
    while pending:
        kiosk.services.execute(kiosk.flow.handle(pending.pop(0)))
        pending += kiosk.services.drain()


def _health(client: SyncAsgiClient) -> dict[str, Any]:
    listed = client.get("/api/v1/kiosks", headers=STAFF).json()
    return next(k for k in listed if k["kiosk_id"] == KIOSK_ID)


def test_staff_acknowledge_the_kiosks_call_and_the_kiosk_shows_it(
    tmp_path: Path, backend: tuple[Any, SyncAsgiClient]
) -> None:
    app, client = backend
    clock = FakeClock(START)
    kiosk = _kiosk(tmp_path, app, clock)
    try:
        _step(kiosk, ev.StaffCalled())
        assert kiosk.flow.view.frame.help.phase is HelpPhase.WAITING
        [call] = client.get("/api/v1/staff/help-calls", headers=STAFF).json()
        assert (call["kiosk_id"], call["screen"], call["reason"]) == (KIOSK_ID, "welcome", "asked")
        acked = client.post(
            f"/api/v1/staff/help-calls/{call['id']}/acknowledge", json={"staff": "Anh Tuấn"}, headers=STAFF
        )
        assert acked.status_code == 200
        clock.advance(5)
        _step(kiosk, ev.Tick(clock.monotonic()))
        frame = kiosk.flow.view.frame
        assert (frame.help.phase, frame.help.staff) == (HelpPhase.ACKNOWLEDGED, "Anh Tuấn")
    finally:
        kiosk.close()


def test_a_call_the_backend_refuses_is_unsent(tmp_path: Path, backend: tuple[Any, SyncAsgiClient]) -> None:
    app, client = backend
    client.put("/control/faults", json={"rules": [{"route": "POST /api/v1/help-calls", "error_rate": 1.0}]})
    kiosk = _kiosk(tmp_path, app, FakeClock(START))
    try:
        _step(kiosk, ev.StaffCalled())
        assert kiosk.flow.view.frame.help.phase is HelpPhase.UNSENT
    finally:
        kiosk.close()


def test_heartbeats_make_the_kiosk_online_and_a_jammed_scanner_degraded(
    tmp_path: Path, backend: tuple[Any, SyncAsgiClient]
) -> None:
    app, client = backend
    paper = ScannerControl()
    printer = FakePrinter()
    devices = Devices(scanner=EmulatedScanner(paper, sleep=lambda _s: None), printer=printer)
    kiosk = _kiosk(tmp_path, app, FakeClock(START), devices)
    try:
        assert _health(client)["health"] == "silent"  # no heartbeat yet
        assert kiosk.services.send_heartbeat()
        health = _health(client)
        assert (health["health"], health["problems"]) == ("degraded", ["reader_missing"])  # no reader here
        kiosk.services.executor.scan_settings = ScanSettings(source=ScanSource.ADF)
        paper.load_feeder([DocumentKind.CT01])
        paper.jam_on_page(1)
        kiosk.services.execute([ScanPage("CT01")])
        printer.fail_with = PrinterOutOfPaperError()
        kiosk.services.execute([PrintSlip(Slip(lang="vi", procedure_name="x", reference="R"))])
        kiosk.services.drain()
        assert kiosk.services.send_heartbeat()
        health = _health(client)
        assert health["problems"] == ["reader_missing", "scanner_jammed", "paper_out"]
        assert health["heartbeat"]["last_error"] == "PrinterOutOfPaperError"
        assert health["site"] == "lso-province-center"
    finally:
        kiosk.close()


def test_a_heartbeat_the_backend_does_not_take_is_reported_not_raised(tmp_path: Path) -> None:
    config = KioskConfig(backend_url="http://127.0.0.1:9", state_dir=tmp_path, outbox_key=bytes(32))
    kiosk = build_kiosk(config, Devices(), clock=FakeClock(START), threaded=False, ui=False)
    try:
        assert kiosk.services.send_heartbeat() is False
    finally:
        kiosk.close()
