"""The loop redraws only when the view changes or something animates; answers and time reach the flow."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LoginPhase, Screen
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver
from tests.support.kiosk_flow import FakeClock
from tests.support.ui_world import ScriptedWorld


def test_idle_welcome_draws_nothing(app: KioskApp, clock: FakeClock) -> None:
    drawn = app.frames_drawn
    for _ in range(50):
        clock.advance(1)
        assert app.step(1.0) is False
    assert app.frames_drawn == drawn


def test_a_change_draws_exactly_one_frame(app: KioskApp, kiosk: KioskDriver) -> None:
    drawn = app.frames_drawn
    kiosk.tap("English")
    assert app.frames_drawn == drawn + 1
    app.step(0.0)
    assert app.frames_drawn == drawn + 1


def test_a_spinner_animates_every_frame(app: KioskApp, kiosk: KioskDriver) -> None:
    kiosk.tap("Chạm để bắt đầu")
    kiosk.tap("Thẻ căn cước gắn chip (cả thẻ CCCD cũ)")
    app.send(ev.CardInserted("r0"))  # reading: the answer has not been drained yet
    app.render(0.0)
    assert app.flow.view.phase is LoginPhase.READING  # type: ignore[union-attr]
    drawn = app.frames_drawn
    assert app.render(0.1) is True
    assert app.render(0.1) is True
    assert app.frames_drawn == drawn + 2


def test_answers_are_drained_into_the_flow(app: KioskApp, kiosk: KioskDriver, world: ScriptedWorld) -> None:
    app.send(ev.TileChosen(ev.HomeTile.PROCEDURES))
    assert kiosk.view.loading is True  # type: ignore[union-attr]
    assert app.step(0.0) is True
    assert kiosk.view.loading is False  # type: ignore[union-attr]
    assert "Đăng ký khai sinh" in kiosk.screen_text()


def test_the_injected_clock_drives_the_inactivity_warning(kiosk: KioskDriver) -> None:
    kiosk.tap("Tìm thủ tục hành chính")
    kiosk.advance(59)
    screens = [kiosk.scene]
    kiosk.advance(2)
    screens.append(kiosk.scene)
    assert screens == [Screen.SEARCH, Screen.TIMEOUT_WARNING]
    assert kiosk.app.stack.scenes[0].screen is Screen.SEARCH  # the screen stays beneath the overlay
    kiosk.tap("Tôi cần thêm thời gian")
    assert kiosk.scene is Screen.SEARCH
    assert len(kiosk.app.stack.scenes) == 1


def test_the_typed_query_survives_the_warning_overlay(kiosk: KioskDriver) -> None:
    kiosk.tap("Tìm thủ tục hành chính")
    kiosk.type("khai sinh")
    kiosk.advance(61)
    kiosk.tap("Tôi cần thêm thời gian")
    assert "khai sinh" in kiosk.screen_text()


def test_closing_the_window_stops_the_loop(app: KioskApp) -> None:
    import pygame

    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.step(0.0)
    assert app.running is False


def test_importing_the_ui_starts_nothing() -> None:
    import subprocess
    import sys

    code = (
        "import reference_kiosk.ui.app, reference_kiosk.ui.driver, reference_kiosk.ui.scenes, "
        "reference_kiosk.devices.speaker, reference_kiosk.cli.run, pygame; "
        "print(pygame.display.get_init(), pygame.font.get_init())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["False", "False"]
