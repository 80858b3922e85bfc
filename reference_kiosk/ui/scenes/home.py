"""Home: the five journeys as large tiles; the citizen's name, masked ID and logout always visible."""

from __future__ import annotations

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import HomeView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.scenes.base import Column, Scene, text_block
from reference_kiosk.ui.widgets import Tile, UiContext, Widget

__all__ = ["HomeScene"]


class HomeScene(Scene):
    screen = Screen.HOME

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
        height = min(th.px(230), (col.remaining - th.px(26) * len(view.tiles)) // max(1, len(view.tiles)))
        for i, tile in enumerate(view.tiles, start=1):
            out.append(
                Tile(
                    rect=col.take(height),
                    label=t(f"home.tile.{tile.value}"),
                    sublabel=t(f"home.tile.{tile.value}.hint"),
                    glyph=str(i),
                    action=ev.TileChosen(tile),
                )
            )
        return out
