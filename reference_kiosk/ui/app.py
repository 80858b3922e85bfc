"""The kiosk's UI loop: input and service answers into the flow, the flow's view onto the screen.

    every frame: ui events -> scene -> flow events -> flow.handle -> effects -> services
                 services.drain() -> flow.handle;  Tick(clock) -> flow.handle
                 redraw ONLY if the view changed or the scene animates (idle CPU stays low)

Without services (tests, the screenshot gallery) effects are kept in ``unanswered`` and the
caller plays the outside world by sending the answers itself.

Scenes draw on the logical picture (``size``); ``ui.display`` places it on the panel (scaled,
letterboxed, turned) and maps touches back with the same transform. A locked kiosk
(``LockdownSettings``) ignores the window's close request, shows the attract screen when left
alone on the welcome screen, and stops only for staff who type the PIN (``ui.lockdown``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

import pygame

from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect
from reference_kiosk.flow.views import Frame, Screen, View
from reference_kiosk.i18n import translator
from reference_kiosk.ports import Clock
from reference_kiosk.ui.attract import draw_attract, place
from reference_kiosk.ui.display import DisplaySettings, ScreenTransform, open_window, present
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.input import FlowInput, InputTranslator, Quit, StaffExitWanted, Tap, UiEvent
from reference_kiosk.ui.lockdown import CornerSequence, LockdownSettings, PinOutcome, PinPad
from reference_kiosk.ui.scenes import SceneEnv
from reference_kiosk.ui.stack import SceneStack
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import UiContext

__all__ = ["EXIT_STAFF", "EffectRunner", "KioskApp", "display_settings", "lockdown_settings"]

EXIT_STAFF = 4  # staff left with the PIN: the kiosk's systemd unit does not restart it
log = logging.getLogger(__name__)


def display_settings(config: KioskConfig) -> DisplaySettings:
    return DisplaySettings(
        fullscreen=config.fullscreen,
        rotation=config.rotation,
        auto_orientation=config.orientation == "auto",
        hide_cursor=config.hide_cursor,
    )


def lockdown_settings(config: KioskConfig) -> LockdownSettings:
    return LockdownSettings(config.lockdown, config.staff_pin, config.attract_after_s)


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
        display: DisplaySettings | None = None,
        lockdown: LockdownSettings | None = None,
    ) -> None:
        self.flow = flow
        self.clock = clock
        self.size = size  # the logical picture; with auto orientation chosen by start()
        self.services = services
        thumbnail = services.thumbnail if services is not None else None
        self.stack = SceneStack(env or SceneEnv(thumbnail))
        self.fonts = FontBook()
        self.display = display or DisplaySettings()
        self.lockdown = lockdown or LockdownSettings()
        self.transform = ScreenTransform(size, size)
        self.input = InputTranslator(self.transform)
        self.pin = PinPad(self.lockdown.staff_pin)
        self.corners = CornerSequence(size)
        self.attracting = False
        self.exit_code = 0
        self._last_input = 0.0
        self._overlay: object = None  # what the overlays showed when last drawn
        self._window: pygame.Surface | None = None
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
        pygame.display.set_allow_screensaver(False)  # the panel never blanks while the kiosk runs
        self.transform, self._window = open_window(self.display, self.size)
        self.size = self.transform.logical
        # Identity: scenes draw on the window itself; otherwise on the picture, presented each frame.
        self._surface = self._window if self.transform.identity else pygame.Surface(self.size)
        self.input = InputTranslator(self.transform)
        self.corners = CornerSequence(self.size)
        if self.display.hide_cursor:
            pygame.mouse.set_visible(False)
        self._last_input = self.clock.monotonic()
        self.running = True
        self.render(0.0)

    def close(self) -> None:
        while self.stack.scenes:
            self.stack.pop()
        self.running = False
        self._window = self._surface = None
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
        now = self.clock.monotonic()
        for event in self.input.poll():
            self.take(event, now)
        self.pin.expire(now)
        top = self.stack.top
        idle = now - self._last_input >= self.lockdown.attract_after_s
        if self.lockdown.enabled and idle and top is not None and top.screen is Screen.WELCOME:
            self.attracting = not self.pin.open and len(self.stack.scenes) == 1
        if self.services is not None:
            for answer in self.services.drain():
                self.send(answer)
        self.send(ev.Tick(self.clock.monotonic()))
        return self.render(dt)

    def take(self, event: UiEvent, now: float) -> None:
        """One input: to the PIN pad, the attract screen or the scene; a close request maybe ignored."""
        if isinstance(event, Quit):
            if self.lockdown.enabled:
                log.warning("a request to close the kiosk was ignored (lockdown)")
            else:
                self.running = False
            return
        self._last_input = now
        if self.attracting:
            self.attracting = False
            if not isinstance(event, FlowInput):
                return  # a touch only wakes the kiosk; a card placed on the reader still logs in
        if self.pin.open:
            if self.pin.handle(event, now) is PinOutcome.EXIT:
                log.warning("staff ended the kiosk with the PIN")
                self.exit_code, self.running = EXIT_STAFF, False
            return
        corners = isinstance(event, Tap) and self.lockdown.enabled and self.corners.tap(event.x, event.y, now)
        if isinstance(event, StaffExitWanted) or corners:
            if self.lockdown.enabled and self.lockdown.staff_pin:
                self.pin.show(now)
            else:
                log.warning("staff exit asked for, but the kiosk is not locked or has no staff_pin")
            return
        for flow_event in self.stack.handle(event):
            self.send(flow_event)

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
        now = self.clock.monotonic()
        if self.attracting and (self.stack.top is None or self.stack.top.screen is not Screen.WELCOME):
            self.attracting = False  # the flow moved on (a card was placed)
        overlay = self._overlay_state(now)
        if not (changed or moving or self.stack.dirty or overlay != self._overlay):
            return False
        self._overlay = overlay
        self.stack.draw(self.surface)
        ctx = self.context(view.frame)
        if self.attracting:
            draw_attract(self.surface, ctx, now)
        if self.pin.open:
            veil = pygame.Surface(self.size, pygame.SRCALPHA)
            veil.fill(ctx.theme.palette.overlay)
            self.surface.blit(veil, (0, 0))
            for widget in self.pin.build(ctx, now):
                widget.draw(self.surface, ctx)
        if self._window is not None:
            present(self.transform, self.surface, self._window)
        pygame.display.flip()
        self.frames_drawn += 1
        return True

    def _overlay_state(self, now: float) -> object:
        if self.pin.open:
            wait = max(0, int(self.pin.locked_until - now) + 1) if now < self.pin.locked_until else 0
            return ("pin", len(self.pin.typed), self.pin.message, wait)
        return ("attract", place(now)) if self.attracting else None

    def context(self, frame: Frame) -> UiContext:
        key = (frame.lang, frame.large_text, frame.high_contrast)
        ctx = self._contexts.get(key)
        if ctx is None:
            theme = make_theme(*self.size, large_text=frame.large_text, high_contrast=frame.high_contrast)
            ctx = UiContext(theme=theme, fonts=self.fonts, t=translator(frame.lang))
            self._contexts[key] = ctx
        return ctx
