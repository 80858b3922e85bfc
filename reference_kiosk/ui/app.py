"""The kiosk's UI loop: input and service answers into the flow, the flow's view onto the screen.

    every frame: ui events -> scene -> flow events -> flow.handle -> effects -> services
                 services.drain() -> flow.handle;  Tick(clock) -> flow.handle
                 redraw ONLY if the view changed or the scene animates (idle CPU stays low)

Without services (tests, the screenshot gallery) effects are kept in ``unanswered`` and the
caller plays the outside world by sending the answers itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import pygame

from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect
from reference_kiosk.flow.views import Frame, View
from reference_kiosk.i18n import translator
from reference_kiosk.ports import Clock
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.input import InputTranslator, Quit
from reference_kiosk.ui.scenes import SceneEnv
from reference_kiosk.ui.stack import SceneStack
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import UiContext

__all__ = ["EffectRunner", "KioskApp"]


class EffectRunner(Protocol):
    """What the app needs of ``reference_kiosk.app.Services``."""

    def execute(self, effects: Sequence[Effect]) -> None: ...

    def drain(self) -> list[ev.Event]: ...

    def thumbnail(self, page_id: str) -> bytes | None: ...


class KioskApp:
    def __init__(
        self,
        flow: KioskFlow,
        clock: Clock,
        *,
        size: tuple[int, int] = (1080, 1920),
        services: EffectRunner | None = None,
        env: SceneEnv | None = None,
        caption: str = "kiosk-twin",
    ) -> None:
        self.flow = flow
        self.clock = clock
        self.size = size
        self.services = services
        thumbnail = services.thumbnail if services is not None else None
        self.stack = SceneStack(env or SceneEnv(thumbnail))
        self.fonts = FontBook()
        self.input = InputTranslator(size)
        self.unanswered: list[Effect] = []
        self.frames_drawn = 0
        self.running = False
        self.caption = caption
        self._view: View | None = None
        self._contexts: dict[tuple[str, bool, bool], UiContext] = {}
        self._surface: pygame.Surface | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(self.caption)
        self._surface = pygame.display.set_mode(self.size)
        self.running = True
        self.render(0.0)

    def close(self) -> None:
        while self.stack.scenes:
            self.stack.pop()
        self.running = False
        pygame.display.quit()

    @property
    def surface(self) -> pygame.Surface:
        if self._surface is None:
            raise RuntimeError("KioskApp.start() was not called")
        return self._surface

    def run(self, fps: int = 30) -> None:
        """The real loop (``kiosk run``): until the window is closed."""
        if not self.running:
            self.start()
        ticker = pygame.time.Clock()
        while self.running:
            self.step(ticker.tick(fps) / 1000.0)

    # ------------------------------------------------------------------ one frame

    def step(self, dt: float) -> bool:
        """Input, answers, time, then draw if needed; True when a frame was drawn."""
        for event in self.input.poll():
            if isinstance(event, Quit):
                self.running = False
                continue
            for flow_event in self.stack.handle(event):
                self.send(flow_event)
        if self.services is not None:
            for answer in self.services.drain():
                self.send(answer)
        self.send(ev.Tick(self.clock.monotonic()))
        return self.render(dt)

    def send(self, event: ev.Event) -> None:
        effects = self.flow.handle(event)
        if self.services is not None:
            self.services.execute(effects)
        else:
            self.unanswered.extend(effects)

    def render(self, dt: float) -> bool:
        view = self.flow.view
        changed = view != self._view
        if changed:
            self._view = view
            self.stack.show(view, self.context(view.frame))
        moving = self.stack.update(dt)
        if not (changed or moving or self.stack.dirty):
            return False
        self.stack.draw(self.surface)
        pygame.display.flip()
        self.frames_drawn += 1
        return True

    def context(self, frame: Frame) -> UiContext:
        key = (frame.lang, frame.large_text, frame.high_contrast)
        ctx = self._contexts.get(key)
        if ctx is None:
            theme = make_theme(*self.size, large_text=frame.large_text, high_contrast=frame.high_contrast)
            ctx = UiContext(theme=theme, fonts=self.fonts, t=translator(frame.lang))
            self._contexts[key] = ctx
        return ctx
