"""Home: the five journeys as large tiles; the citizen's name, masked ID and logout always visible."""

from __future__ import annotations

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import HomeView, Screen
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, text_block
from reference_kiosk.ui.widgets import Local, Tile, UiContext, Widget

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
        out += self.pager.layout(ctx, rows, _tile_rows(ctx, rows, tiles, th.px(26)), gap=th.px(26))
        return out

    def on_local(self, action: Local) -> list[ev.Event]:
        return self.pager.turn(action) if self.pager.owns(action) else []


TileSpec = tuple[str, str, str, ev.TileChosen]


def _tile_rows(ctx: UiContext, area: pygame.Rect, tiles: list[TileSpec], gap: int) -> list[Block]:
    """One tile a row (at most 230 design px tall) when all fit, else two or three; pages beyond that."""
    th = ctx.theme

    def arrange(per_row: int) -> tuple[int, list[int]]:
        width = (area.width - gap * (per_row - 1)) // per_row
        needed = [Tile.height_for(ctx, width, label, hint) for label, hint, _, _ in tiles]
        rows = [needed[i : i + per_row] for i in range(0, len(tiles), per_row)]
        heights = [max(th.px(150), *row) for row in rows]
        if per_row == 1:
            spare = (area.height - gap * (len(rows) - 1)) // max(1, len(rows))
            heights = [max(h, min(th.px(230), spare)) for h in heights]
        return width, heights

    for per_row in (1, 2, 3):
        width, heights = arrange(per_row)
        if sum(heights) + gap * (len(heights) - 1) <= area.height:
            break
    else:  # nothing fits (large text on a narrow screen): whole-width tiles, paged
        per_row = 1
        width, heights = arrange(1)
    blocks: list[Block] = []
    for r, height in enumerate(heights):
        chunk = tiles[r * per_row : (r + 1) * per_row]

        def build(rect: pygame.Rect, chunk: list[TileSpec] = chunk) -> list[Widget]:
            return [
                Tile(
                    rect=pygame.Rect(rect.x + i * (width + gap), rect.y, width, rect.height),
                    label=label, sublabel=hint, glyph=glyph, action=action,
                )
                for i, (label, hint, glyph, action) in enumerate(chunk)
            ]  # fmt: skip

        blocks.append(Block(height, build))
    return blocks
