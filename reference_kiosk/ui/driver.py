"""``KioskDriver``: the kiosk as a test (or the twin) uses it, through the real input path.

    kiosk.tap("Bắt đầu")          # finds the widget by its visible label, posts FINGERDOWN/UP
    kiosk.type("dang ky")          # TEXTINPUT events, as a physical keyboard would send
    kiosk.screen_text()            # every text on screen, top to bottom
    kiosk.scene                    # the Screen shown (the top of the scene stack)
    kiosk.advance(61)              # move the injected clock, one frame per second
    kiosk.screenshot(path)        # redacted: initials, **/**/****, masked ID; text layer "Screen-Text"

It runs with SDL's dummy video driver (set by the caller before pygame starts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen, View
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.screenshot import save_screenshot
from reference_kiosk.ui.widgets import Widget

__all__ = ["KioskDriver", "ManualClock", "WidgetNotFoundError"]


class ManualClock(Protocol):
    def monotonic(self) -> float: ...

    def advance(self, seconds: float) -> None: ...


class WidgetNotFoundError(LookupError):
    """No tappable widget with that label on screen (test-side error: the message lists what there is)."""


class KioskDriver:
    def __init__(self, app: KioskApp, clock: ManualClock) -> None:
        self.app = app
        self.clock = clock
        if not app.running:
            app.start()

    # ------------------------------------------------------------------ reading

    @property
    def scene(self) -> Screen:
        top = self.app.stack.top
        if top is None:
            raise RuntimeError("no scene on screen")
        return top.screen

    @property
    def view(self) -> View:
        return self.app.flow.view

    def widgets(self) -> list[Widget]:
        top = self.app.stack.top
        return list(top.widgets) if top is not None else []

    def screen_text(self) -> list[str]:
        return [text for widget in self.widgets() for text in widget.texts()]

    def labels(self) -> list[str]:
        """Labels of every tappable widget on screen."""
        return [w.label for w in self.widgets() if w.interactive and w.label]

    def find(self, label: str, nth: int = 0) -> Widget:
        exact = [w for w in self.widgets() if w.interactive and w.label == label]
        matches = exact or [
            w for w in self.widgets() if w.interactive and label.casefold() in w.label.casefold()
        ]
        if len(matches) <= nth:
            raise WidgetNotFoundError(f"no button {label!r} (#{nth}) on {self.scene.value}: {self.labels()}")
        return matches[nth]

    def screenshot(self, path: Path | str, size: tuple[int, int] | None = None) -> Path:
        """A PNG of the screen with the session's personal values masked and a text layer
        (``reference_kiosk.ui.screenshot``): screenshots leave the kiosk, the citizen's data must not."""
        return save_screenshot(self.app, path, size)

    # ------------------------------------------------------------------ acting

    def tap(self, label: str, nth: int = 0) -> None:
        self.tap_at(*self.find(label, nth).rect.center)

    def tap_at(self, x: int, y: int) -> None:
        # A finger on the panel: through the display's transform, normalised to the window as SDL does.
        wx, wy = self.app.transform.to_window(x + 0.5, y + 0.5)
        w, h = self.app.transform.window
        common = {
            "touch_id": 1,
            "finger_id": 0,
            "x": wx / w,
            "y": wy / h,
            "dx": 0.0,
            "dy": 0.0,
            "pressure": 1.0,
        }
        pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, common))
        pygame.event.post(pygame.event.Event(pygame.FINGERUP, common))
        self.app.step(0.0)

    def type(self, text: str) -> None:
        for char in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": char}))
        self.app.step(0.0)

    def press(self, key: int) -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, {"key": key, "mod": 0, "unicode": "", "scancode": 0})
        )
        self.app.step(0.0)

    def send(self, *events: ev.Event) -> None:
        """Answers from the outside world when the app runs without services (or a card event)."""
        for event in events:
            self.app.send(event)
        self.app.render(0.0)

    def settle(self, frames: int = 6, timeout_s: float = 10.0) -> None:
        """Run a few frames without time passing, so answers to effects reach the flow.

        With threaded services (the twin) each frame first waits until the effects handed over
        so far have answered.
        """
        wait = getattr(self.app.services, "wait_idle", None)
        for _ in range(frames):
            if callable(wait):
                wait(timeout_s)
            self.app.step(0.0)

    def advance(self, seconds: float, frame_s: float = 1.0) -> None:
        left = seconds
        while left > 0:
            step = min(frame_s, left)
            self.clock.advance(step)
            self.app.step(step)
            left -= step
