"""A locked kiosk (issue 18.2): it does not close, staff leave with the PIN, it invites when idle.

Also the whole app on a panel of another shape: taps go through the same transform the
picture does (``ui.display``), so the citizen's finger presses what it is on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pygame
import pytest

from reference_kiosk.config import ConfigError, KioskConfig, load_config
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen
from reference_kiosk.ui import display
from reference_kiosk.ui.app import EXIT_STAFF, KioskApp
from reference_kiosk.ui.display import DisplaySettings
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.input import InputTranslator, StaffExitWanted, Tap
from reference_kiosk.ui.lockdown import IDLE_S, LOCKOUT_S, CornerSequence, LockdownSettings
from tests.support.kiosk_flow import FakeClock
from tests.support.ui_world import ScriptedWorld

PIN = "2468"


@pytest.fixture
def locked(clock: FakeClock, world: ScriptedWorld) -> Iterator[KioskDriver]:
    app = KioskApp(
        KioskFlow(clock, KioskConfig()), clock, services=world, lockdown=LockdownSettings(True, PIN, 120.0)
    )
    app.start()
    yield KioskDriver(app, clock)
    app.close()


def _key(key: int, mod: int = 0) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, {"key": key, "mod": mod, "unicode": "", "scancode": 0})
    )


def _staff_keys() -> None:
    _key(pygame.K_k, pygame.KMOD_LCTRL | pygame.KMOD_LALT | pygame.KMOD_LSHIFT)


def test_closing_the_window_and_the_quit_keys_do_not_end_a_locked_kiosk(locked: KioskDriver) -> None:
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    _key(pygame.K_F4, pygame.KMOD_LALT)
    _key(pygame.K_q, pygame.KMOD_LCTRL)
    _key(pygame.K_ESCAPE)
    locked.app.step(0.0)
    assert locked.app.running
    assert locked.scene is Screen.WELCOME


def test_the_staff_keys_open_the_pin_pad_and_the_right_pin_ends_the_kiosk(locked: KioskDriver) -> None:
    _staff_keys()
    locked.app.step(0.0)
    assert locked.app.pin.open
    for digit in PIN:
        _tap_pin(locked, digit)
    _tap_pin(locked, "ok")
    assert not locked.app.running
    assert locked.app.exit_code == EXIT_STAFF


def _tap_pin(kiosk: KioskDriver, key: str) -> None:
    label = {"ok": "Xác nhận", "del": "Xoá", "cancel": "Huỷ"}.get(key, key)
    button = next(w for w in kiosk.app.pin.widgets if w.interactive and w.label == label)
    kiosk.tap_at(*button.rect.center)


def test_three_wrong_pins_lock_the_pad_for_a_minute(locked: KioskDriver, clock: FakeClock) -> None:
    _staff_keys()
    locked.app.step(0.0)
    for _ in range(3):
        locked.type("1111")
        _tap_pin(locked, "ok")
    locked.type(PIN)
    _tap_pin(locked, "ok")
    assert locked.app.running  # locked out: even the right PIN waits
    assert locked.app.pin.message == "lock.locked"
    clock.advance(LOCKOUT_S + 1)
    locked.type(PIN)
    _tap_pin(locked, "ok")
    assert not locked.app.running


def test_the_pin_pad_shows_dots_never_digits(locked: KioskDriver) -> None:
    _staff_keys()
    locked.app.step(0.0)
    locked.type("135")
    texts = [t for w in locked.app.pin.widgets for t in w.texts()]
    assert "• • •" in texts
    assert not any("135" in t for t in texts)


def test_the_pin_pad_closes_by_itself_and_cancel_closes_it(locked: KioskDriver) -> None:
    _staff_keys()
    locked.app.step(0.0)
    locked.advance(IDLE_S + 1)
    assert not locked.app.pin.open
    _staff_keys()
    locked.app.step(0.0)
    _tap_pin(locked, "cancel")
    assert not locked.app.pin.open
    assert locked.app.running


def test_the_four_corners_clockwise_open_the_pin_pad(locked: KioskDriver) -> None:
    w, h = locked.app.size
    for x, y in ((5, 5), (w - 5, 5), (w - 5, h - 5), (5, h - 5)):
        locked.tap_at(x, y)
    assert locked.app.pin.open


def test_corners_in_another_order_or_too_slowly_do_nothing() -> None:
    seq = CornerSequence((1080, 1920))
    assert not any(seq.tap(x, y, 0.0) for x, y in ((5, 5), (5, 1915), (1075, 1915), (1075, 5)))
    taps = [(5, 5, 0.0), (1075, 5, 1.0), (1075, 1915, 2.0), (5, 1915, 9.0)]
    assert not any(seq.tap(x, y, t) for x, y, t in taps)
    assert [
        seq.tap(x, y, 10.0 + i) for i, (x, y) in enumerate(((5, 5), (1075, 5), (1075, 1915), (5, 1915)))
    ] == [
        False,
        False,
        False,
        True,
    ]


def test_an_unlocked_kiosk_has_no_staff_exit(app: KioskApp) -> None:
    _staff_keys()
    app.step(0.0)
    assert not app.pin.open


def test_the_attract_screen_comes_after_idling_on_welcome_and_a_touch_only_wakes(locked: KioskDriver) -> None:
    locked.advance(119)
    assert not locked.app.attracting
    locked.advance(2)
    assert locked.app.attracting
    locked.tap("English")  # under the invitation: this touch only wakes the kiosk
    assert not locked.app.attracting
    assert locked.view.frame.lang == "vi"
    locked.tap("English")
    assert locked.view.frame.lang == "en"


def test_a_card_placed_during_the_attract_screen_still_logs_in(locked: KioskDriver) -> None:
    locked.advance(121)
    _key(pygame.K_F2)  # the development stand-in for a card placed on the reader
    locked.app.step(0.0)
    assert not locked.app.attracting
    assert locked.scene is not Screen.WELCOME


def test_an_unlocked_kiosk_shows_no_attract_screen(kiosk: KioskDriver) -> None:
    kiosk.advance(600)
    assert not kiosk.app.attracting


# ---------------------------------------------------------------------------- the app on another panel


@pytest.fixture
def letterboxed(
    clock: FakeClock, world: ScriptedWorld, monkeypatch: pytest.MonkeyPatch
) -> Iterator[KioskDriver]:
    monkeypatch.setattr(display, "desktop_size", lambda: (1024, 768))  # the dummy driver's own size
    app = KioskApp(
        KioskFlow(clock, KioskConfig()),
        clock,
        services=world,
        display=DisplaySettings(fullscreen=True, auto_orientation=True, hide_cursor=True),
    )
    app.start()
    yield KioskDriver(app, clock)
    app.close()


def test_on_a_landscape_monitor_the_kiosk_is_landscape_and_taps_land_on_their_buttons(
    letterboxed: KioskDriver,
) -> None:
    app = letterboxed.app
    assert app.size == (1920, 1080)
    assert app.transform.window == (1024, 768)
    assert app.transform.viewport == (0, 96, 1024, 576)  # black bars above and below
    assert not pygame.mouse.get_visible()
    letterboxed.tap("English")
    assert letterboxed.view.frame.lang == "en"
    letterboxed.tap("Find a procedure")
    assert letterboxed.scene is Screen.SEARCH


def test_a_tap_on_the_letterbox_reaches_nobody() -> None:
    tr = InputTranslator(display.ScreenTransform((1080, 1920), (1366, 768)))
    down = {"pos": (10, 300), "button": 1, "touch": False}
    assert tr.translate(pygame.event.Event(pygame.MOUSEBUTTONDOWN, down)) is None
    assert tr.translate(pygame.event.Event(pygame.MOUSEBUTTONUP, down)) is None
    finger = {"touch_id": 1, "finger_id": 0, "x": 0.5, "y": 0.5, "dx": 0.0, "dy": 0.0, "pressure": 1.0}
    tr.translate(pygame.event.Event(pygame.FINGERDOWN, finger))
    assert tr.translate(pygame.event.Event(pygame.FINGERUP, finger)) == Tap(540, 960)


def test_ctrl_alt_shift_k_is_the_staff_key_and_k_alone_is_not() -> None:
    tr = InputTranslator((1080, 1920))
    event = {"key": pygame.K_k, "unicode": "", "scancode": 0}
    mods = pygame.KMOD_RCTRL | pygame.KMOD_LALT | pygame.KMOD_LSHIFT
    assert tr.translate(pygame.event.Event(pygame.KEYDOWN, {**event, "mod": mods})) == StaffExitWanted()
    assert tr.translate(pygame.event.Event(pygame.KEYDOWN, {**event, "mod": pygame.KMOD_LCTRL})) is None


# ---------------------------------------------------------------------------- configuration


def test_display_and_lockdown_settings_come_from_the_environment() -> None:
    env = {
        "KIOSK_ROTATION": "90",
        "KIOSK_FULLSCREEN": "yes",
        "KIOSK_LOCKDOWN": "1",
        "KIOSK_STAFF_PIN": "864213",
    }
    config = load_config(None, env)
    assert (config.rotation, config.fullscreen, config.lockdown, config.staff_pin) == (
        90,
        True,
        True,
        "864213",
    )
    assert "864213" not in repr(config)


@pytest.mark.parametrize("pin", ["77", "77ab", "7777777777777", "١٢٣٤"])
def test_a_staff_pin_that_is_not_4_to_12_digits_is_refused_without_repeating_it(pin: str) -> None:
    with pytest.raises(ConfigError, match="staff_pin") as caught:
        load_config(None, {"KIOSK_STAFF_PIN": pin})
    assert pin not in str(caught.value)


def test_auto_orientation_with_a_forced_size_is_refused() -> None:
    with pytest.raises(ConfigError, match="KIOSK_WIDTH"):
        load_config(None, {"KIOSK_ORIENTATION": "auto", "KIOSK_WIDTH": "1366"})


def test_a_rotation_that_is_not_a_quarter_turn_is_a_named_setting_error() -> None:
    with pytest.raises(ConfigError, match="KIOSK_ROTATION"):
        load_config(None, {"KIOSK_ROTATION": "45"})


def test_a_card_event_is_not_needed_to_wake(locked: KioskDriver) -> None:
    locked.advance(121)
    locked.send(ev.LanguageChosen("en"))  # the flow may still change under the invitation
    assert locked.app.attracting
