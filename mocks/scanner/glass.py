"""A card (or a slip) lying on the flatbed glass, as the kiosk's small card scan sees it.

The kiosk scans only the card window, the corner of the glass marked for the card
(``CARD_WINDOW_MM``), so the glass image is that window: the white lid, and the item placed on
it turned by any angle, shifted, and, for worn cards, with its contrast lowered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageEnhance

__all__ = ["CARD_WINDOW_MM", "GlassItem", "Placement", "place_on_glass"]

CARD_WINDOW_MM = (100.0, 100.0)  # width, height from the glass's origin corner
_LID = (250, 250, 248)


@dataclass(frozen=True, slots=True)
class Placement:
    """How the item lies: turned ``rotation_deg`` counter-clockwise, its centre moved by ``offset_mm``."""

    rotation_deg: float = 0.0
    offset_mm: tuple[float, float] = (0.0, 0.0)
    contrast: float = 1.0  # 1: as printed; 0.5: a faded, worn card


# Renders the item (RGB, upright) at a resolution: the emulator asks at the scan's dpi.
GlassItem = Callable[[int], Image.Image]


def place_on_glass(item: Image.Image, dpi: int, placement: Placement = Placement()) -> Image.Image:
    """The card window at ``dpi`` with ``item`` on it (RGB)."""
    size = tuple(round(mm * dpi / 25.4) for mm in CARD_WINDOW_MM)
    window = Image.new("RGB", (size[0], size[1]), _LID)
    piece = item.convert("RGB")
    if placement.contrast != 1.0:
        piece = ImageEnhance.Contrast(piece).enhance(placement.contrast)
    mask = Image.new("L", piece.size, 255)
    if placement.rotation_deg % 360:
        piece = piece.rotate(placement.rotation_deg, Image.Resampling.BICUBIC, expand=True, fillcolor=_LID)
        mask = mask.rotate(placement.rotation_deg, Image.Resampling.BILINEAR, expand=True, fillcolor=0)
    dx, dy = (round(mm * dpi / 25.4) for mm in placement.offset_mm)
    x = (size[0] - piece.width) // 2 + dx
    y = (size[1] - piece.height) // 2 + dy
    window.paste(piece, (x, y), mask)
    window.info["dpi"] = (dpi, dpi)
    return window
