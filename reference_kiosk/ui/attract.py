"""The attract screen: after a while untouched on the welcome screen, a calm invitation to come over.

Shown by the app over the welcome screen (a locked kiosk only, ``attract_after_s``); the first
touch or key only wakes the kiosk, it never presses what was hidden under the invitation. The
invitation moves to a new place every ``MOVE_S`` seconds, so that months of the same picture do
not burn into the panel.
"""

from __future__ import annotations

import pygame

from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.widgets import Size, Text, UiContext, Widget, wrap

__all__ = ["MOVE_S", "attract_widgets"]

MOVE_S = 8.0
# Where the invitation's centre goes, as shares of the free room, one place per MOVE_S.
_PLACES = ((0.5, 0.5), (0.3, 0.25), (0.7, 0.7), (0.35, 0.75), (0.65, 0.3), (0.5, 0.15), (0.5, 0.85))


def place(now: float) -> int:
    return int(now // MOVE_S) % len(_PLACES)


def attract_widgets(ctx: UiContext, now: float) -> list[Widget]:
    th, t = ctx.theme, ctx.t
    x0, width = th.column
    text_w = width - 4 * th.px(60)  # narrower than the column, so it has room to move sideways
    lines: list[tuple[str, Size, Weight]] = [
        (t("attract.title"), "huge", Weight.BOLD),
        (t("attract.subtitle"), "body", Weight.REGULAR),
        (t("attract.touch"), "title", Weight.SEMIBOLD),
    ]
    heights = [
        ctx.font(size, weight).get_linesize() * len(wrap(label, ctx.font(size, weight), text_w))
        for label, size, weight in lines
    ]
    gap = th.px(40)
    block_h = sum(heights) + gap * (len(lines) - 1)
    fx, fy = _PLACES[place(now)]
    top = round((th.height - block_h) * fy)
    left = x0 + round((width - text_w) * fx)
    out: list[Widget] = []
    y = top
    for (label, size, weight), h in zip(lines, heights, strict=True):
        rect = pygame.Rect(left, y, text_w, h)
        out.append(Text(rect=rect, label=label, size=size, weight=weight, color="on_primary", align="center"))
        y += h + gap
    return out


def draw_attract(surface: pygame.Surface, ctx: UiContext, now: float) -> list[Widget]:
    surface.fill(ctx.color("primary"))
    widgets = attract_widgets(ctx, now)
    for widget in widgets:
        widget.draw(surface, ctx)
    return widgets
