"""The UI with the real services (inline) and the simulated backend in-process (ASGI): a citizen's visit.

The phone is played by reading the QR on screen and approving it through the backend's control
API, as the twin does.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from reference_kiosk.app import build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.widgets import QrCode
from tests.support.backend import CITIZEN_A, KIOSK_KEY, START, SyncAsgiClient, make_app
from tests.support.kiosk_flow import FakeClock


@pytest.fixture(params=[False, True], ids=["inline", "threaded"])
def visit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[KioskDriver, SyncAsgiClient]]:
    backend = make_app(tmp_path / "backend.sqlite")
    clock = FakeClock(START)
    config = KioskConfig(
        backend_url="http://backend.test",
        kiosk_key=KIOSK_KEY,
        outbox_path=tmp_path / "outbox.sqlite3",
        outbox_key=bytes(32),
        telemetry_path=tmp_path / "telemetry.jsonl",
    )
    kiosk = build_kiosk(
        config,
        clock=clock,
        transport=httpx.ASGITransport(app=backend),
        threaded=request.param,
        rng=random.Random(1),
    )
    control = SyncAsgiClient(backend)
    try:
        yield KioskDriver(kiosk.app, clock), control
    finally:
        kiosk.close()
        control.close()


def scene(kiosk: KioskDriver) -> Screen:
    return kiosk.scene


def approve_on_phone(kiosk: KioskDriver, control: SyncAsgiClient) -> None:
    qr = next(w for w in kiosk.widgets() if isinstance(w, QrCode))
    session = parse_qs(urlparse(qr.payload).query)["session"][0]
    answer = control.post(f"/control/vneid/{session}/approve", json={"id_number": CITIZEN_A["id_number"]})
    assert answer.status_code == 200, answer.text


def test_vneid_login_search_and_procedure_detail(visit: tuple[KioskDriver, SyncAsgiClient]) -> None:
    kiosk, control = visit
    assert control.post("/control/citizens", json=CITIZEN_A).status_code == 201
    kiosk.tap("English")
    kiosk.tap("Touch to begin")
    kiosk.tap("VNeID app")
    kiosk.settle()  # threaded services answer on their own thread
    assert scene(kiosk) is Screen.LOGIN
    approve_on_phone(kiosk, control)
    kiosk.advance(3)  # the kiosk polls every 2 s
    kiosk.settle()
    assert f"Hello, {CITIZEN_A['full_name']}" in kiosk.screen_text()
    assert CITIZEN_A["id_number"] not in " ".join(kiosk.screen_text())
    kiosk.tap("Continue")
    kiosk.tap("Procedures")
    kiosk.settle()
    kiosk.type("thuong tru")
    kiosk.settle()
    rows = [t for t in kiosk.screen_text() if "residence" in t.lower()]
    assert rows, kiosk.screen_text()
    kiosk.tap(rows[0])
    kiosk.settle()
    assert scene(kiosk) is Screen.PROCEDURE
    assert any("working days" in t for t in kiosk.screen_text())
    kiosk.tap("Log out")
    assert scene(kiosk) is Screen.GOODBYE
