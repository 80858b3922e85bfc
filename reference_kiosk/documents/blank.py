"""Blank-page detection: a cheap statistic on a small copy of the page.

The page is reduced to about 50 dpi and compared with a blurred copy of itself; pixels that
differ by more than ``_MARK_CONTRAST`` levels are marks (text, lines, a photo). Paper tone,
lamp falloff and sensor noise are smooth or tiny, so they never count. A page whose marks
cover less than ``BLANK_MARK_FRACTION`` of the area is reported blank (solid black too: it
carries no content either, usually an open lid or a face-down card).
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

__all__ = ["BLANK_MARK_FRACTION", "BlankPageWarning", "is_blank", "mark_fraction"]

BLANK_MARK_FRACTION = 0.0015  # a single word covers ~0.1 % of an A4 page, a line of text ~1.5 %
_MARK_CONTRAST = 24
_TARGET_DPI = 50


@dataclass(frozen=True, slots=True)
class BlankPageWarning:
    """A warning the preview screen shows; the citizen may rescan or keep the page."""

    page: int  # 1-based, as the citizen counts
    message_vi: str = "Trang này có vẻ trống. Vui lòng kiểm tra mặt giấy và quét lại nếu cần."
    message_en: str = "This page looks blank. Please check which side is down and rescan if needed."

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi


def mark_fraction(image: Image.Image, dpi: int) -> float:
    """Share of the page (0..1) covered by marks, measured at about 50 dpi."""
    gray = image if image.mode == "L" else image.convert("L")
    factor = max(1, dpi // _TARGET_DPI)
    small = gray.reduce(factor) if factor > 1 else gray
    background = small.filter(ImageFilter.BoxBlur(6))
    diff = ImageChops.difference(small, background)
    hist = diff.histogram()
    marks = sum(hist[_MARK_CONTRAST + 1 :])
    return marks / (small.width * small.height)


def is_blank(image: Image.Image, dpi: int) -> bool:
    return mark_fraction(image, dpi) < BLANK_MARK_FRACTION
