"""Be Vietnam Pro, from the ``fontpkg-be-vietnam-pro`` package, loaded lazily and cached per size.

pygame's built-in font has no Vietnamese glyphs (boxes instead of ệ, ơ, đ), so the kiosk never
uses it: every text goes through ``FontBook``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pygame

__all__ = ["FontBook", "Weight", "font_path"]


class Weight(StrEnum):
    REGULAR = "Regular"
    MEDIUM = "Medium"
    SEMIBOLD = "SemiBold"
    BOLD = "Bold"


def font_path(weight: Weight = Weight.REGULAR) -> Path:
    """The .ttf of ``weight`` inside the installed font package."""
    import fontpkg_be_vietnam_pro as pkg

    path = Path(pkg.ROOT) / "files" / f"BeVietnamPro-{weight.value}.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"Be Vietnam Pro {weight.value} is missing from {pkg.ROOT}")
    return path


class FontBook:
    """One ``pygame.font.Font`` per (weight, pixel size), created on first use."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[Weight, int], pygame.font.Font] = {}

    def get(self, size: int, weight: Weight = Weight.REGULAR) -> pygame.font.Font:
        key = (weight, size)
        font = self._fonts.get(key)
        if font is None:
            if not pygame.font.get_init():
                pygame.font.init()
            font = pygame.font.Font(font_path(weight), size)
            self._fonts[key] = font
        return font

    def __len__(self) -> int:
        return len(self._fonts)
