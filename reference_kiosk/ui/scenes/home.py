"""Home: the five journeys as large tiles; the citizen's name, masked ID and logout always visible."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import HomeView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.paging import Pager, tile_rows
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, text_block
from reference_kiosk.ui.widgets import Local, UiContext, Widget

__all__ = ["HomeScene"]


class HomeScene(Scene):
    screen = Screen.HOME

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self.pager = Pager("tiles")

    def build(self, view: HomeView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, home=False)
        col = Column(area, th.px(26))
        out.append(text_block(ctx, col, t("home.greeting", name=view.citizen_name), "title", Weight.BOLD))
        out.append(text_block(ctx, col, t("login.masked_id", id=view.masked_id), "body", color="muted"))
        if view.pending_outbox:
            note = t("home.pending_outbox", count=ctx.t.number(view.pending_outbox))
            out.append(text_block(ctx, col, note, "small", color="warning"))
        col.y += th.px(10)
        tiles = [
            (t(f"home.tile.{tile.value}"), t(f"home.tile.{tile.value}.hint"), str(i), ev.TileChosen(tile))
            for i, tile in enumerate(view.tiles, start=1)
        ]
        rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
        if th.landscape:  # the tiles may use the whole width of a wide screen
            rows.x, rows.width = area.x - th.column[0], th.width - 2 * (area.x - th.column[0])
        out += self.pager.layout(ctx, rows, tile_rows(ctx, rows, tiles, th.px(26)), gap=th.px(26))
        return out

    def on_local(self, action: Local) -> list[ev.Event]:
        return self.pager.turn(action) if self.pager.owns(action) else []
