"""``kiosk run``: headless start with screenshots; emulated devices found through entry points."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from reference_kiosk.cli.main import main
from reference_kiosk.cli.run import _devices


def test_headless_run_saves_the_first_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_OUTBOX_PATH", str(tmp_path / "outbox.sqlite3"))
    monkeypatch.setenv("KIOSK_TELEMETRY_PATH", str(tmp_path / "telemetry.jsonl"))
    shots = tmp_path / "shots"
    argv = ["run", "--headless", "--devices", "none", "--backend", "http://127.0.0.1:9", "--lang", "en"]
    assert main([*argv, "--seconds", "0.3", "--screenshots", str(shots)]) == 0
    saved = sorted(shots.iterdir())
    assert [p.name for p in saved] == ["001_welcome.png"]
    with Image.open(saved[0]) as img:
        assert img.size == (1080, 1920)


def test_a_bad_configuration_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nno_such_setting = 1\n", encoding="utf-8")
    assert main(["run", "--headless", "--devices", "none", "--config", str(config)]) == 2
    assert "no_such_setting: unknown setting" in capsys.readouterr().err


def test_emulated_devices_come_from_entry_points(tmp_path: Path) -> None:
    devices = _devices("emulated", None, tmp_path / "slips")
    card, scanner = devices.card_reader, devices.scanner
    assert card is not None
    assert type(card).__name__ == "EmulatedCardReader"
    assert type(scanner).__name__ == "EmulatedScanner"
    # A persona's card already lies on the emulated reader; F2 tells the kiosk it was placed.
    assert card.card_present() is True
    assert list(card.poll_events()) == []


def test_f2_logs_in_with_the_card_on_the_emulated_reader(tmp_path: Path) -> None:
    import httpx
    import pygame

    from mocks.citizens import persona
    from reference_kiosk.app import build_kiosk
    from reference_kiosk.config import KioskConfig
    from reference_kiosk.flow.views import LoginPhase, LoginView, Screen
    from reference_kiosk.ui.driver import KioskDriver
    from tests.support.backend import KIOSK_KEY, START, SyncAsgiClient, make_app
    from tests.support.kiosk_flow import FakeClock

    citizen = persona(50)  # 65 years old: a card without expiry, opened with the 100th-birthday key
    devices = _devices("emulated", 50, tmp_path / "slips")
    backend = make_app(tmp_path / "backend.sqlite")
    clock = FakeClock(START)
    config = KioskConfig(
        backend_url="http://backend.test",
        kiosk_key=KIOSK_KEY,
        outbox_path=tmp_path / "outbox.sqlite3",
        outbox_key=bytes(32),
        telemetry_path=None,
    )
    transport = httpx.ASGITransport(app=backend)
    assembly = build_kiosk(config, devices, clock=clock, transport=transport, threaded=False)
    app = assembly.app
    with SyncAsgiClient(backend) as control:
        body = {
            "id_number": citizen.id_number,
            "full_name": citizen.full_name,
            "date_of_birth": citizen.date_of_birth.isoformat(),
        }
        assert control.post("/control/citizens", json=body).status_code == 201
        try:
            kiosk = KioskDriver(app, clock)
            kiosk.press(pygame.K_F2)
            kiosk.settle()
            assert kiosk.view.phase is LoginPhase.ENTER_BAC  # type: ignore[union-attr]
            kiosk.type(citizen.id_number)
            kiosk.type(citizen.date_of_birth.strftime("%d%m%Y"))
            kiosk.tap("Tiếp tục")
            kiosk.settle()
            view = kiosk.view
            assert isinstance(view, LoginView)
            assert view.phase is LoginPhase.VERIFIED, view.error_en
            assert view.citizen_name == citizen.full_name
            assert citizen.id_number not in " ".join(kiosk.screen_text())
            kiosk.tap("Tiếp tục")
            assert kiosk.scene is Screen.HOME
        finally:
            assembly.close()
