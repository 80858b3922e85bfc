"""Drawing context and text layout shared by every widget: theme + fonts + translator, word wrap.

Split from widgets.py so the widgets module stays about widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pygame

from reference_kiosk.i18n import Translator
from reference_kiosk.ui.fonts import FontBook, Weight
from reference_kiosk.ui.theme import Color, Theme

__all__ = ["Align", "Size", "UiContext", "draw_text", "wrap"]

Size = Literal["small", "body", "title", "huge"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class UiContext:
    theme: Theme
    fonts: FontBook
    t: Translator

    def color(self, role: str) -> Color:
        value: Color = getattr(self.theme.palette, role)
        return value

    def font(self, size: Size, weight: Weight = Weight.REGULAR) -> pygame.font.Font:
        px = {"small": self.theme.small, "body": self.theme.body, "title": self.theme.title}
        return self.fonts.get(px.get(size, self.theme.huge), weight)


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Greedy word wrap; a word wider than the line is kept whole (never split mid-syllable)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and font.size(candidate)[0] > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def draw_text(
    surface: pygame.Surface,
    font: pygame.font.Font,
    text: str,
    rect: pygame.Rect,
    color: Color,
    align: Align = "left",
    valign: Literal["top", "middle"] = "top",
) -> int:
    """Wrapped text inside ``rect``; returns the height used. Lines past the bottom are not drawn."""
    lines = wrap(text, font, rect.width)
    step = font.get_linesize()
    y = rect.y if valign == "top" else rect.centery - step * len(lines) // 2
    for line in lines:
        if y + step > rect.bottom + step // 3:
            break
        img = font.render(line, True, color)
        x = {"left": rect.x, "center": rect.centerx - img.get_width() // 2}.get(
            align, rect.right - img.get_width()
        )
        surface.blit(img, (x, y))
        y += step
    return step * len(lines)
