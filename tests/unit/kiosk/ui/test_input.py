"""Input translation: touch, mouse, keys and text become UI events; mouse copies of touches are dropped."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.ui.input import FlowInput, InputTranslator, KeyPressed, Quit, Tap, TextTyped


def finger(kind: int, x: float, y: float, finger_id: int = 0) -> pygame.event.Event:
    return pygame.event.Event(kind, touch_id=1, finger_id=finger_id, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0)


def test_a_touch_becomes_a_tap_in_pixels() -> None:
    tr = InputTranslator((1080, 1920))
    assert tr.translate(finger(pygame.FINGERDOWN, 0.5, 0.25)) is None
    assert tr.translate(finger(pygame.FINGERUP, 0.5, 0.25)) == Tap(540, 480)


def test_a_finger_lifted_without_touching_down_is_ignored() -> None:
    tr = InputTranslator((1080, 1920))
    assert tr.translate(finger(pygame.FINGERUP, 0.5, 0.5, finger_id=3)) is None


def test_mouse_click_is_a_tap_but_not_when_sdl_copied_it_from_a_touch() -> None:
    tr = InputTranslator((1080, 1920))
    down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(10, 20), button=1, touch=False)
    up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(12, 22), button=1, touch=False)
    assert tr.translate(down) is None
    assert tr.translate(up) == Tap(12, 22)
    copied = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(12, 22), button=1, touch=True)
    assert tr.translate(copied) is None
    wheel = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(12, 22), button=4, touch=False)
    assert tr.translate(wheel) is None


def test_keys_text_quit_and_card_keys() -> None:
    tr = InputTranslator((1080, 1920))

    def key(k: int) -> pygame.event.Event:
        return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)

    assert tr.translate(key(pygame.K_ESCAPE)) == KeyPressed("back")
    assert tr.translate(key(pygame.K_RETURN)) == KeyPressed("enter")
    assert tr.translate(key(pygame.K_a)) is None  # letters arrive as TEXTINPUT
    assert tr.translate(pygame.event.Event(pygame.TEXTINPUT, text="ệ")) == TextTyped("ệ")
    assert tr.translate(pygame.event.Event(pygame.QUIT)) == Quit()
    assert tr.translate(key(pygame.K_F2)) == FlowInput(ev.CardInserted("keyboard"))
    assert tr.translate(key(pygame.K_F3)) == FlowInput(ev.CardRemoved("keyboard"))


def test_poll_is_the_one_reader_of_the_pygame_queue(kiosk: object) -> None:
    tr = InputTranslator((1080, 1920))
    pygame.event.post(finger(pygame.FINGERDOWN, 0.1, 0.1))
    pygame.event.post(finger(pygame.FINGERUP, 0.1, 0.1))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="a"))
    assert tr.poll() == [Tap(108, 192), TextTyped("a")]
    assert pygame.event.peek() is False


def test_only_the_input_layer_reads_the_pygame_event_queue() -> None:
    import ast
    from pathlib import Path

    def reads_queue(tree: ast.AST) -> bool:
        return any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "event"
            for node in ast.walk(tree)
        )

    ui = Path(__file__).resolve().parents[4] / "reference_kiosk" / "ui"
    readers = sorted(
        p.name for p in ui.rglob("*.py") if reads_queue(ast.parse(p.read_text(encoding="utf-8")))
    )
    assert readers == ["input.py"]
