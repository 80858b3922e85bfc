"""'Are you still there?': drawn over the screen beneath, with the seconds left before the wipe."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import Screen, TimeoutWarningView
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, text_block
from reference_kiosk.ui.widgets import Button, Panel, UiContext, Widget, wrap

__all__ = ["TimeoutScene"]


class TimeoutScene(Scene):
    screen = Screen.TIMEOUT_WARNING
    overlay = True

    def build(self, view: TimeoutWarningView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        x0, width = th.column
        panel = pygame.Rect(x0 + th.px(60), 0, width - th.px(120), th.height)
        # As tall as its content (large text makes it taller), centred; never its buttons outside it.
        inner = panel.inflate(-th.px(80), 0).width
        fonts = (ctx.font("title", Weight.BOLD), ctx.font("body"))
        texts = (t("timeout.title"), t("timeout.body", seconds=view.seconds_left))
        lines = sum(len(wrap(x, f, inner)) * f.get_linesize() for x, f in zip(texts, fonts, strict=True))
        panel.height = lines + ctx.font("huge").get_linesize() + th.px(200 + 150 + 4 * 30 + 80)
        panel.centery = th.height // 2
        out: list[Widget] = [_Veil(rect=pygame.Rect(0, 0, th.width, th.height)), Panel(rect=panel)]
        col = Column(panel.inflate(-th.px(80), -th.px(80)), th.px(30))
        out.append(text_block(ctx, col, t("timeout.title"), "title", Weight.BOLD, align="center"))
        out.append(text_block(ctx, col, t("timeout.body", seconds=view.seconds_left), "body", align="center"))
        out.append(
            text_block(ctx, col, str(view.seconds_left), "huge", Weight.BOLD, color="warning", align="center")
        )
        out.append(Button(rect=col.take(th.px(200)), label=t("timeout.still_here"), action=ev.StillHere()))
        out.append(
            Button(rect=col.take(th.px(150)), label=t("chrome.logout"), action=ev.Logout(), style="secondary")
        )
        return out

    def on_key(self, key: str) -> list[ev.Event]:
        return [ev.StillHere()]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Veil(Widget):
    """Dims the screen beneath."""

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        veil = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        veil.fill(ctx.theme.palette.overlay)
        surface.blit(veil, self.rect.topleft)
