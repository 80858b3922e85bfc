"""The flow with threaded services against the backend under uvicorn on 127.0.0.1 (real HTTP)."""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageDraw

from mocks.citizens import persona
from mocks.launcher import BackendProcess
from reference_kiosk.app import build_kiosk
from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import Screen
from reference_kiosk.flow import events as ev
from reference_kiosk.flow import views as vw
from reference_kiosk.ports import Devices, ScannedPage, ScanSettings, ScanSource, SystemClock
from tests.support.backend import KIOSK_ID, KIOSK_KEY
from tests.support.system import require_module

pytestmark = pytest.mark.integration

CITIZEN = persona(5)


class PaperScanner:
    def scan(self, settings: ScanSettings) -> ScannedPage:
        image = Image.new("L", (1654, 2339), 250)
        draw = ImageDraw.Draw(image)
        for i in range(30):
            draw.line((150, 200 + 60 * i, 1300, 200 + 60 * i), fill=20, width=4)
        return ScannedPage(image=image, dpi=200, source=ScanSource.FLATBED)


def test_a_dossier_over_real_http_with_threaded_services(tmp_path: Path) -> None:
    require_module("uvicorn", extra="twin")
    keys = [f"{KIOSK_ID}={KIOSK_KEY}"]
    with (
        BackendProcess(tmp_path / "backend.sqlite", kiosk_keys=keys, log_level="info") as backend,
        httpx.Client(base_url=backend.url) as control,
    ):
        url = backend.url
        clock = SystemClock()  # the backend runs on its own wall clock here
        config = KioskConfig(
            backend_url=url,
            kiosk_key=KIOSK_KEY,
            outbox_path=tmp_path / "kiosk" / "outbox.db",
            telemetry_path=tmp_path / "kiosk" / "telemetry.jsonl",
        )
        devices = Devices(scanner=PaperScanner())  # type: ignore[arg-type]
        kiosk = build_kiosk(config, devices, clock=clock, rng=random.Random(4), ui=False)
        services, flow = kiosk.services, kiosk.flow

        def send(*events: ev.Event) -> None:
            todo = list(events)
            while todo:
                services.execute(flow.handle(todo.pop(0)))
                assert services.wait_idle(30)
                todo[:0] = services.drain()

        try:
            body = {
                "id_number": CITIZEN.id_number,
                "full_name": CITIZEN.full_name,
                "date_of_birth": CITIZEN.date_of_birth.isoformat(),
            }
            control.post("/control/citizens", json=body).raise_for_status()
            send(ev.StartTapped(), ev.LoginMethodChosen(ev.LoginMethod.VNEID))
            session_id = flow._st.s.login.vneid_session
            control.post(f"/control/vneid/{session_id}/approve", json={"id_number": CITIZEN.id_number})
            send(ev.Tick(clock.monotonic() + config.vneid_poll_s))
            assert flow.view.phase is vw.LoginPhase.VERIFIED  # type: ignore[union-attr]
            send(ev.Continue(), ev.TileChosen(ev.HomeTile.SUBMIT), ev.SearchChanged("khai sinh"))
            view = flow.view
            assert isinstance(view, vw.SearchView)
            assert view.results
            send(ev.ProcedureChosen(view.results[0].code), ev.StartSubmission())
            if flow.screen is Screen.PROCEDURE:
                send(ev.CaseChosen(flow.view.cases[0].code))  # type: ignore[union-attr]
            form = flow.view
            assert isinstance(form, vw.FormView)
            typed = {"phone": "0912345678", "email": "a@b.vn", "date": "01/03/2025", "number": "1"}
            send(
                *(
                    ev.FormFieldEdited(f.name, f.options[0] if f.options else typed.get(f.type, "Lạng Sơn"))
                    for f in form.fields
                    if not f.read_only
                ),
                ev.Continue(),
            )
            assert flow.screen is Screen.SCAN, [f.error_en for f in flow.view.fields if f.error_en]  # type: ignore[union-attr]
            scan = flow.view
            assert isinstance(scan, vw.ScanView)
            send(*(ev.ScanRequested(i.document_code) for i in scan.checklist if i.mandatory), ev.Continue())
            send(ev.ReviewConfirmed())
            receipt = flow.view
            assert isinstance(receipt, vw.ReceiptView), flow.view
            assert receipt.dossier_code is not None
            assert not receipt.offline
        finally:
            kiosk.close()
    lines = (tmp_path / "kiosk" / "telemetry.jsonl").read_text(encoding="utf-8")
    assert CITIZEN.id_number not in lines
    assert CITIZEN.full_name not in lines
