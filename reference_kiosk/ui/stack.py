"""The scene stack: one scene per screen, with the inactivity warning and the error screen pushed on top.

Keeping the scene beneath alive under an overlay keeps what the citizen was typing; any other
change of screen replaces the whole stack, and ``leave`` drops each scene's local state.
"""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen, View
from reference_kiosk.ui.input import UiEvent
from reference_kiosk.ui.redaction import Redactor
from reference_kiosk.ui.scenes import SCENES, Scene, SceneEnv
from reference_kiosk.ui.widgets import UiContext

__all__ = ["SceneStack"]

_ON_TOP = (Screen.TIMEOUT_WARNING, Screen.ERROR)


class SceneStack:
    def __init__(self, env: SceneEnv) -> None:
        self.env = env
        self.scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene, view: View, ctx: UiContext) -> None:
        self.scenes.append(scene)
        scene.enter(view, ctx)

    def pop(self) -> Scene:
        scene = self.scenes.pop()
        scene.leave()
        return scene

    def replace(self, scene: Scene, view: View, ctx: UiContext) -> None:
        while self.scenes:
            self.pop()
        self.push(scene, view, ctx)

    def show(self, view: View, ctx: UiContext) -> None:
        """Make the stack show ``view``: update the top scene, push/pop an overlay, or replace."""
        screen = view.screen
        while self.top is not None and self.top.screen in _ON_TOP and self.top.screen is not screen:
            self.pop()  # the warning or error is over (or another one replaces it)
        top = self.top
        if top is not None and top.screen is screen:
            top.set_view(view, ctx)
        elif screen in _ON_TOP and top is not None:
            self.push(SCENES[screen](self.env), view, ctx)
        else:
            self.replace(SCENES[screen](self.env), view, ctx)
        if screen not in _ON_TOP:
            return
        for scene in self.scenes[:-1]:
            if scene.ctx is not ctx and scene.view is not None:
                scene.set_view(scene.view, ctx)  # language or contrast changed under the overlay

    def handle(self, event: UiEvent) -> list[ev.Event]:
        top = self.top
        return top.handle(event) if top is not None else []

    def update(self, dt: float) -> bool:
        top = self.top
        return top.update(dt) if top is not None else False

    def visible(self) -> list[Scene]:
        start = 0
        for i, scene in enumerate(self.scenes):
            if not scene.overlay:
                start = i  # nothing beneath an opaque scene shows through
        return self.scenes[start:]

    def draw(self, surface: pygame.Surface, redact: Redactor | None = None) -> None:
        """Draw the screen; with ``redact`` onto a screenshot, which leaves the live screen's state alone."""
        for scene in self.visible():
            scene.draw(surface, redact)
        if redact is None:
            for scene in self.scenes:
                scene.dirty = False

    @property
    def dirty(self) -> bool:
        return any(scene.dirty for scene in self.scenes)
