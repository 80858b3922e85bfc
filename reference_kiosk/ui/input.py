"""The one input-translation layer: pygame events in, UI events out.

``InputTranslator.poll()`` is the only caller of ``pygame.event.get()`` in the kiosk. Touch
(FINGERDOWN/FINGERUP with coordinates normalised to 0..1), mouse clicks and the keyboard all
become a few UI events; scenes never see pygame events. Mouse events that SDL synthesises from
touches are dropped so one touch is one tap. F2/F3 stand in for placing/removing an ID card on
a development machine without a reader.

Positions go through the display's ``ScreenTransform`` (``ui.display``), the same object that
places the picture on the panel, so a tap lands where it was drawn, scaled, letterboxed or
turned; a tap on the black bars is nobody's. Ctrl+Alt+Shift+K asks for the staff exit (its PIN
pad is the app's); Escape is "back", never "quit".
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.ui.display import ScreenTransform

__all__ = [
    "FlowInput",
    "InputTranslator",
    "KeyPressed",
    "Quit",
    "StaffExitWanted",
    "Tap",
    "TextTyped",
    "UiEvent",
]


@dataclass(frozen=True, slots=True)
class Tap:
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class KeyPressed:
    key: str  # "back" | "enter" | "backspace"


@dataclass(frozen=True, slots=True)
class TextTyped:
    text: str


@dataclass(frozen=True, slots=True)
class Quit:
    pass


@dataclass(frozen=True, slots=True)
class StaffExitWanted:
    """Ctrl+Alt+Shift+K (or the corner sequence): staff want the PIN pad."""


@dataclass(frozen=True, slots=True)
class FlowInput:
    """Input that is already a flow event (a card placed or removed)."""

    event: ev.Event


UiEvent = Tap | KeyPressed | TextTyped | Quit | StaffExitWanted | FlowInput

_KEYS = {
    pygame.K_ESCAPE: "back",
    pygame.K_RETURN: "enter",
    pygame.K_KP_ENTER: "enter",
    pygame.K_BACKSPACE: "backspace",
}
_STAFF_MODS_EACH = (pygame.KMOD_CTRL, pygame.KMOD_ALT, pygame.KMOD_SHIFT)  # left or right, all three


class InputTranslator:
    def __init__(self, screen: ScreenTransform | tuple[int, int]) -> None:
        if not isinstance(screen, ScreenTransform):
            screen = ScreenTransform(screen, screen)  # the window is the picture
        self.screen = screen
        self._fingers: set[tuple[int, int]] = set()
        self._mouse_down = False

    def poll(self) -> list[UiEvent]:
        out: list[UiEvent] = []
        for event in pygame.event.get():
            translated = self.translate(event)
            if translated is not None:
                out.append(translated)
        return out

    def translate(self, event: pygame.event.Event) -> UiEvent | None:
        kind = event.type
        if kind == pygame.QUIT:
            return Quit()
        if kind == pygame.FINGERDOWN:
            self._fingers.add((event.touch_id, event.finger_id))
        elif kind == pygame.FINGERUP:
            if (event.touch_id, event.finger_id) in self._fingers:
                self._fingers.discard((event.touch_id, event.finger_id))
                w, h = self.screen.window  # SDL normalises touches to the window
                return self._tap(event.x * w, event.y * h)
        elif kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            return self._mouse(event)
        elif kind == pygame.KEYDOWN:
            return self._key(event)
        elif kind == pygame.TEXTINPUT:
            return TextTyped(event.text)
        return None

    def _mouse(self, event: pygame.event.Event) -> UiEvent | None:
        if getattr(event, "touch", False) or event.button != 1:
            return None  # SDL's copy of a touch, or a wheel / right button
        if event.type == pygame.MOUSEBUTTONDOWN:
            self._mouse_down = True
            return None
        if not self._mouse_down:
            return None
        self._mouse_down = False
        return self._tap(*event.pos)

    def _tap(self, x: float, y: float) -> Tap | None:
        point = self.screen.to_logical(x, y)
        return None if point is None else Tap(*point)

    def _key(self, event: pygame.event.Event) -> UiEvent | None:
        mods = getattr(event, "mod", 0)
        if event.key == pygame.K_k and all(mods & m for m in _STAFF_MODS_EACH):
            return StaffExitWanted()
        if event.key == pygame.K_F2:
            return FlowInput(ev.CardInserted("keyboard"))
        if event.key == pygame.K_F3:
            return FlowInput(ev.CardRemoved("keyboard"))
        name = _KEYS.get(event.key)
        return KeyPressed(name) if name else None
