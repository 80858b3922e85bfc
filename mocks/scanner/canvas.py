"""Drawing in millimetres and points on a page image at any resolution.

Papers are laid out in physical units so the same layout renders at 75 or 600 dpi. Text uses
Be Vietnam Pro (from the ``fontpkg-be-vietnam-pro`` package), which covers Vietnamese diacritics.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

__all__ = ["A4_MM", "BLACK", "BLUE_INK", "RED_STAMP", "Canvas", "Weight", "font_path"]

A4_MM = (210.0, 297.0)
BLACK = (25, 25, 30)
BLUE_INK = (20, 40, 140)  # ballpoint: dark enough to survive grayscale and lineart
RED_STAMP = (200, 40, 40)
Weight = Literal["Regular", "Bold", "Italic", "Medium", "SemiBold", "BoldItalic"]
Color = tuple[int, int, int]


def font_path(weight: Weight = "Regular") -> Path:
    import fontpkg_be_vietnam_pro

    return Path(fontpkg_be_vietnam_pro.ROOT) / "files" / f"BeVietnamPro-{weight}.ttf"


@functools.lru_cache(maxsize=64)
def _font(weight: Weight, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(weight)), size_px)


@dataclass(slots=True)
class Canvas:
    """A page image plus the scale to draw on it in mm (positions) and pt (text sizes)."""

    image: Image.Image
    dpi: int

    @classmethod
    def blank(cls, dpi: int, paper: Color, size_mm: tuple[float, float] = A4_MM) -> Canvas:
        size = (round(size_mm[0] * dpi / 25.4), round(size_mm[1] * dpi / 25.4))
        return cls(Image.new("RGB", size, paper), dpi)

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.image)

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def font(self, pt: float, weight: Weight = "Regular") -> ImageFont.FreeTypeFont:
        return _font(weight, max(4, round(pt * self.dpi / 72)))

    def text(
        self,
        x: float,
        y: float,
        s: str,
        pt: float = 11,
        weight: Weight = "Regular",
        fill: Color = BLACK,
        anchor: str = "la",
    ) -> float:
        """Draw ``s`` with its anchor at (x, y) mm; return the x (mm) where the text ends."""
        font = self.font(pt, weight)
        self.draw.text((self.px(x), self.px(y)), s, font=font, fill=fill, anchor=anchor)
        _left, _, right, _ = self.draw.textbbox((self.px(x), self.px(y)), s, font=font, anchor=anchor)
        return right * 25.4 / self.dpi

    def centered(self, y: float, s: str, pt: float = 11, weight: Weight = "Regular", x: float = 105) -> None:
        self.text(x, y, s, pt, weight, anchor="ma")

    def line(self, x0: float, y0: float, x1: float, y1: float, width_mm: float = 0.25) -> None:
        w = max(1, self.px(width_mm))
        self.draw.line((self.px(x0), self.px(y0), self.px(x1), self.px(y1)), fill=BLACK, width=w)

    def dots(self, x0: float, x1: float, y: float) -> None:
        """The dotted line a form leaves for handwriting."""
        step = 1.2
        r = max(1, self.px(0.12))
        x = x0
        while x < x1:
            cx, cy = self.px(x), self.px(y)
            self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=BLACK)
            x += step

    def rect(
        self, x0: float, y0: float, x1: float, y1: float, width_mm: float = 0.25, fill: Color | None = None
    ) -> None:
        w = max(1, self.px(width_mm))
        box = (self.px(x0), self.px(y0), self.px(x1), self.px(y1))
        self.draw.rectangle(box, outline=BLACK, width=w, fill=fill)

    def field(self, x: float, y: float, label: str, value: str, end: float = 190, pt: float = 11) -> None:
        """A printed label, a dotted line to ``end``, and the value handwritten over the dots."""
        after = self.text(x, y, label, pt)
        self.dots(after + 1, end, y + pt * 0.33)
        self.text(after + 3, y - 0.6, value, pt + 1, "Medium", fill=BLUE_INK)

    def boxes(self, x: float, y: float, digits: str, cells: int = 12, cell_mm: float = 6) -> None:
        """Digit boxes (the form's 12 cells for a personal ID number), filled by hand."""
        for i in range(cells):
            self.rect(x + i * cell_mm, y, x + (i + 1) * cell_mm, y + cell_mm)
            if i < len(digits):
                cx = x + (i + 0.5) * cell_mm
                self.text(cx, y + cell_mm / 2, digits[i], 12, "Medium", fill=BLUE_INK, anchor="mm")

    def signature(self, x: float, y: float, rng: random.Random, width_mm: float = 32) -> None:
        """A squiggle in blue ink: enough for a page to look signed."""
        points = []
        steps = 40
        for i in range(steps + 1):
            t = i / steps
            dy = 4 * rng.uniform(-1, 1) * (1 - abs(0.5 - t))
            points.append((self.px(x + t * width_mm), self.px(y + dy)))
        self.draw.line(points, fill=BLUE_INK, width=max(1, self.px(0.35)), joint="curve")

    def stamp(self, cx: float, cy: float, radius_mm: float, text: str) -> None:
        """A round red office stamp (a ring and a line of text)."""
        r = self.px(radius_mm)
        box = (self.px(cx) - r, self.px(cy) - r, self.px(cx) + r, self.px(cy) + r)
        w = max(1, self.px(0.6))
        self.draw.ellipse(box, outline=RED_STAMP, width=w)
        inner = self.px(radius_mm * 0.72)
        self.draw.ellipse(
            (self.px(cx) - inner, self.px(cy) - inner, self.px(cx) + inner, self.px(cy) + inner),
            outline=RED_STAMP,
            width=max(1, w // 2),
        )
        self.text(cx, cy, text, min(6.0, radius_mm * 0.3), "Bold", fill=RED_STAMP, anchor="mm")

    def qr(self, x: float, y: float, size_mm: float, payload: str) -> None:
        import segno

        code = segno.make(payload, error="m")
        rows = [list(row) for row in code.matrix]
        module = size_mm / len(rows)
        for r, row in enumerate(rows):
            for c, dark in enumerate(row):
                if dark:
                    x0, y0 = x + c * module, y + r * module
                    box = (self.px(x0), self.px(y0), self.px(x0 + module) - 1, self.px(y0 + module) - 1)
                    self.draw.rectangle(box, fill=BLACK)
