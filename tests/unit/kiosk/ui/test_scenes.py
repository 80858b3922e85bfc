"""Scenes with synthesised touches: what a tap does, where the widgets are, what the screen says."""

from __future__ import annotations

from typing import TypeVar

import pygame
import pytest

from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LoginPhase, LoginView, Screen, SearchView
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.scenes import Scene
from reference_kiosk.ui.widgets import UiContext, Widget
from tests.support.kiosk_flow import DOB, FULL_NAME, ID_NUMBER, FakeClock
from tests.support.ui_world import ScriptedWorld

V = TypeVar("V")


def view_as(app: KioskApp, kind: type[V]) -> V:
    view = app.flow.view
    assert isinstance(view, kind), type(view).__name__
    return view


def top(app: KioskApp) -> tuple[Scene, UiContext]:
    scene = app.stack.top
    assert scene is not None
    assert scene.ctx is not None
    return scene, scene.ctx


def touch(app: KioskApp, x: int, y: int) -> None:
    w, h = app.size
    data = {"touch_id": 1, "finger_id": 0, "x": x / w, "y": y / h, "dx": 0.0, "dy": 0.0, "pressure": 1.0}
    pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, data))
    pygame.event.post(pygame.event.Event(pygame.FINGERUP, data))
    app.step(0.0)


def widget(app: KioskApp, label: str) -> Widget:
    scene, _ = top(app)
    return next(w for w in scene.widgets if w.label == label and w.interactive)


def check_targets(app: KioskApp) -> None:
    scene, ctx = top(app)
    screen = pygame.Rect((0, 0), app.size)
    for w in scene.widgets:
        if w.interactive:
            assert w.rect.width >= ctx.theme.min_target_px, w.label
            assert w.rect.height >= ctx.theme.min_target_px, w.label
            assert screen.contains(w.rect), w.label


def to_keypad(kiosk: KioskDriver) -> None:
    kiosk.tap("Chạm để bắt đầu")
    kiosk.tap("Thẻ căn cước gắn chip (cả thẻ CCCD cũ)")
    kiosk.send(ev.CardInserted("r0"))
    kiosk.settle()
    assert view_as(kiosk.app, LoginView).phase is LoginPhase.ENTER_BAC


def test_touching_start_opens_the_login_choice(app: KioskApp) -> None:
    touch(app, *widget(app, "Chạm để bắt đầu").rect.center)
    assert top(app)[0].screen is Screen.LOGIN
    assert view_as(app, LoginView).phase is LoginPhase.CHOOSE
    check_targets(app)


def test_touching_empty_space_does_nothing(app: KioskApp) -> None:
    touch(app, 5, 400)
    assert top(app)[0].screen is Screen.WELCOME


def test_welcome_widgets_are_large_and_on_screen(app: KioskApp) -> None:
    check_targets(app)
    start = widget(app, "Chạm để bắt đầu")
    assert start.rect.width >= 900  # the main action dominates
    assert start.rect.height >= 180


def test_language_switch_redraws_in_english_and_back(app: KioskApp, kiosk: KioskDriver) -> None:
    touch(app, *widget(app, "English").rect.center)
    assert "Touch to begin" in kiosk.screen_text()
    assert "Chạm để bắt đầu" not in kiosk.screen_text()
    touch(app, *widget(app, "Tiếng Việt").rect.center)
    assert "Chạm để bắt đầu" in kiosk.screen_text()


def test_large_text_toggle_makes_the_text_larger(app: KioskApp) -> None:
    before = top(app)[1].theme.body
    touch(app, *widget(app, "Chữ lớn: Tắt").rect.center)
    scene, ctx = top(app)
    assert ctx.theme.body > before
    assert any(w.label == "Chữ lớn: Bật" for w in scene.widgets)
    check_targets(app)


def test_keypad_typing_stays_in_the_scene_and_sends_bac_entered(
    kiosk: KioskDriver, world: ScriptedWorld
) -> None:
    to_keypad(kiosk)
    for digit in ID_NUMBER:
        kiosk.tap(digit)
    assert ID_NUMBER not in kiosk.screen_text()  # masked once complete
    assert "*********345" in kiosk.screen_text()
    kiosk.type(DOB.strftime("%d%m%Y"))
    assert "17/05/1990" in kiosk.screen_text()
    kiosk.tap("Tiếp tục")
    kiosk.settle()
    keys = [e.key for e in world.executed if isinstance(e, fx.ReadCard) and e.key is not None]
    assert [(k.id_number, k.date_of_birth) for k in keys] == [(ID_NUMBER, DOB)]
    assert view_as(kiosk.app, LoginView).phase is LoginPhase.VERIFIED
    assert f"Xin chào, {FULL_NAME}" in kiosk.screen_text()


def test_an_invalid_date_of_birth_is_explained_in_place(kiosk: KioskDriver, world: ScriptedWorld) -> None:
    to_keypad(kiosk)
    kiosk.type(ID_NUMBER + "31021990")
    kiosk.tap("Tiếp tục")
    assert view_as(kiosk.app, LoginView).phase is LoginPhase.ENTER_BAC
    assert any("Ngày sinh chưa đúng" in text for text in kiosk.screen_text())
    assert not [e for e in world.executed if isinstance(e, fx.ReadCard) and e.key is not None]


def test_search_keyboard_sends_telex_text_to_the_flow(kiosk: KioskDriver) -> None:
    kiosk.tap("Tìm thủ tục hành chính")
    kiosk.settle()
    for key in "kys":
        kiosk.tap(key)
    assert "ký" in kiosk.screen_text()
    kiosk.settle()
    assert view_as(kiosk.app, SearchView).query == "ký"
    kiosk.tap("Có dấu")
    kiosk.tap("s")
    assert view_as(kiosk.app, SearchView).query == "kýs"


def test_tapping_twice_while_busy_sends_one_request(kiosk: KioskDriver, world: ScriptedWorld) -> None:
    kiosk.tap("Tìm thủ tục hành chính")
    kiosk.settle()
    x, y = kiosk.find("Đăng ký thường trú").rect.center
    data = {
        "touch_id": 1,
        "finger_id": 0,
        "x": x / 1080,
        "y": y / 1920,
        "dx": 0.0,
        "dy": 0.0,
        "pressure": 1.0,
    }
    pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, data))
    pygame.event.post(pygame.event.Event(pygame.FINGERUP, data))
    kiosk.tap_at(x, y)  # both touches reach the scene in the same frame, before any answer
    assert len([e for e in world.executed if isinstance(e, fx.LoadProcedure)]) == 1


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (720, 1280)])
def test_layout_scales_to_other_screens(
    clock: FakeClock, world: ScriptedWorld, size: tuple[int, int]
) -> None:
    app = KioskApp(KioskFlow(clock, KioskConfig()), clock, size=size, services=world)
    app.start()
    try:
        assert app.surface.get_size() == size
        check_targets(app)
        KioskDriver(app, clock).tap("Chạm để bắt đầu")
        check_targets(app)
    finally:
        app.close()
