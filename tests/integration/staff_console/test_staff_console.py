"""The /staff console in a real browser (Debian's headless Chromium through Playwright) against the
backend under uvicorn on 127.0.0.1, with a real kiosk (its own client and effects) on the other side.

A kiosk's help call appears on the console by itself (the page polls), staff acknowledge it with a
click, and the kiosk then shows that someone is on the way; a kiosk whose scanner jammed is listed
degraded, one that never sent a heartbeat silent. The console's screenshot is kept in
reports/out/staff_console/ for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mocks.launcher import BackendProcess
from mocks.scanner import DocumentKind, ScannerControl
from mocks.scanner.emulator import EmulatedScanner
from reference_kiosk.app import KioskAssembly, build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import ScanPage
from reference_kiosk.flow.view_frame import HelpPhase
from reference_kiosk.ports import Devices, ScanSettings, ScanSource
from tests.support.backend import KIOSK_ID, KIOSK_KEY
from tests.support.kiosk_flow import FakeClock
from tests.support.system import require, require_module

pytestmark = pytest.mark.integration

STAFF_KEY = "console-test-key"
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[3] / "reports" / "out" / "staff_console"
WAIT_MS = 15_000  # the page polls every 2 s; a loaded CI machine gets room


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[BackendProcess]:
    require_module("uvicorn", extra="twin")
    config = tmp_path / "backend.toml"
    config.write_text(f'staff_keys = ["{STAFF_KEY}"]\n', encoding="utf-8")
    with BackendProcess(
        tmp_path / "backend.sqlite", kiosk_keys=[f"{KIOSK_ID}={KIOSK_KEY}"], config=config
    ) as b:
        yield b


@pytest.fixture
def page(backend: BackendProcess) -> Iterator[Any]:
    require_module("playwright", extra="dev")
    require(CHROMIUM.exists(), f"{CHROMIUM} not found: install the Debian package chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # Playwright's own browser download is not reachable here: Debian's Chromium, headless.
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 800}, locale="vi-VN")
            tab.goto(f"{backend.url}/staff")
            tab.fill("#key", STAFF_KEY)
            tab.fill("#staff", "Chị Lan")
            tab.click("#login button[type=submit]")
            yield tab
        finally:
            browser.close()


@pytest.fixture
def kiosk(
    tmp_path: Path, backend: BackendProcess
) -> Iterator[tuple[KioskAssembly, ScannerControl, FakeClock]]:
    paper = ScannerControl()
    config = KioskConfig(
        backend_url=backend.url, kiosk_key=KIOSK_KEY, state_dir=tmp_path / "kiosk", outbox_key=bytes(32),
        telemetry_path=None, site_id="lso-province-center",
    )  # fmt: skip
    clock = FakeClock()
    devices = Devices(scanner=EmulatedScanner(paper, sleep=lambda _s: None))
    # Threaded like a real kiosk: its effects run on its worker loop, apart from Playwright's own loop.
    built = build_kiosk(config, devices, clock=clock, threaded=True, ui=False)
    built.start()
    built.services.executor.scan_settings = ScanSettings(source=ScanSource.ADF)
    try:
        yield built, paper, clock
    finally:
        built.close()


def _step(kiosk: KioskAssembly, *events: ev.Event) -> None:
    """Hand events to the flow, wait for the effects' answers, hand those on, until none come."""
    pending = list(events)
    while pending:
        kiosk.services.execute(kiosk.flow.handle(pending.pop(0)))
        assert kiosk.services.wait_idle(30)
        pending += kiosk.services.drain()


def _keep(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_help_call_appears_live_staff_acknowledge_it_and_the_kiosk_sees_it(
    page: Any, kiosk: tuple[KioskAssembly, ScannerControl, FakeClock]
) -> None:
    assembly, _paper, clock = kiosk
    page.wait_for_selector("#no-calls:visible", timeout=WAIT_MS)  # logged in, nothing open yet
    _step(assembly, ev.StaffCalled())
    assert assembly.flow.view.frame.help.phase is HelpPhase.WAITING
    row = page.wait_for_selector(f"tr[data-status=open] >> text={KIOSK_ID}", timeout=WAIT_MS)
    assert row is not None
    _keep(page, "1_call_open")
    page.click("tr[data-status=open] button[name=acknowledge]")
    page.wait_for_selector("tr[data-status=acknowledged]", timeout=WAIT_MS)
    assert "Chị Lan" in page.inner_text("tr[data-status=acknowledged]")
    clock.advance(5)  # the kiosk's next poll of its call
    _step(assembly, ev.Tick(clock.monotonic()))
    frame = assembly.flow.view.frame
    assert (frame.help.phase, frame.help.staff) == (HelpPhase.ACKNOWLEDGED, "Chị Lan")
    _keep(page, "2_call_acknowledged")
    page.click("tr[data-status=acknowledged] button[name=close]")
    page.wait_for_selector("#no-calls:visible", timeout=WAIT_MS)


def test_a_jammed_scanner_shows_the_kiosk_degraded_and_a_quiet_one_silent(
    page: Any, kiosk: tuple[KioskAssembly, ScannerControl, FakeClock]
) -> None:
    assembly, paper, _clock = kiosk
    page.wait_for_selector("tr[data-kiosk='KIOSK-CLC-01'][data-health=silent]", timeout=WAIT_MS)
    assert assembly.services.send_heartbeat()
    page.wait_for_selector(f"tr[data-kiosk='{KIOSK_ID}'][data-health=degraded]", timeout=WAIT_MS)  # no reader
    paper.load_feeder([DocumentKind.CT01])
    paper.jam_on_page(1)
    assembly.services.execute([ScanPage("CT01")])
    assert assembly.services.wait_idle(30)
    assembly.services.drain()
    assert assembly.services.send_heartbeat()
    row = f"tr[data-kiosk='{KIOSK_ID}']"
    page.wait_for_selector(f"{row} >> text=kẹt giấy máy quét", timeout=WAIT_MS)
    assert page.get_attribute(row, "data-health") == "degraded"
    assert "FeederJammedError" in page.inner_text(row)
    _keep(page, "3_kiosk_health")


def test_a_wrong_staff_key_shows_the_login_again(backend: BackendProcess) -> None:
    require_module("playwright", extra="dev")
    require(CHROMIUM.exists(), f"{CHROMIUM} not found: install the Debian package chromium")
    from playwright.sync_api import sync_playwright

    assert shutil.which(str(CHROMIUM)) is not None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = browser.new_page()
            tab.goto(f"{backend.url}/staff")
            tab.fill("#key", "not-the-key")
            tab.click("#login button[type=submit]")
            tab.wait_for_selector("#error >> text=Mã cán bộ không đúng", timeout=WAIT_MS)
            assert tab.is_visible("#login")
        finally:
            browser.close()
