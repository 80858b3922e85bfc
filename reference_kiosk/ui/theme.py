"""Look of the kiosk: a calm government-service palette (and a high-contrast one), sizes, touch targets.

Layout is written for a 1080 px wide portrait design and scaled by ``Theme.scale`` so the same
scenes fit other resolutions (landscape uses a centred column). Touch targets are at least
15 mm at the stated ``dpi``: 21.5-inch 1080x1920 panels, the pilot's kiosks, are about 102 DPI,
so 15 mm is 60 px; our buttons are 120 px and more (about 30 mm) at the design size.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HIGH_CONTRAST", "LARGE_TEXT_SCALE", "NORMAL", "Palette", "Theme", "make_theme"]

Color = tuple[int, int, int]
MM_PER_INCH = 25.4
DESIGN_WIDTH = 1080
DESIGN_HEIGHT = 1920
# "Large text" must make a difference a citizen with poor sight notices: 1.4x every text size
# (WCAG asks for text resizable to 2x; 1.4x keeps whole words on a kiosk column).
LARGE_TEXT_SCALE = 1.4


@dataclass(frozen=True, slots=True)
class Palette:
    background: Color
    surface: Color
    text: Color
    muted: Color
    primary: Color  # government blue: primary buttons, header
    on_primary: Color
    secondary: Color  # light buttons, chips
    on_secondary: Color
    accent: Color  # selection, focus ring
    danger: Color
    success: Color
    warning: Color
    border: Color
    overlay: tuple[int, int, int, int]


NORMAL = Palette(
    background=(242, 245, 249),
    surface=(255, 255, 255),
    text=(22, 33, 52),
    muted=(84, 96, 115),
    primary=(0, 83, 156),
    on_primary=(255, 255, 255),
    secondary=(225, 234, 245),
    on_secondary=(0, 60, 118),
    # Amber, green and the border darkened to WCAG 2.2 AA (tests/unit/kiosk/ui/test_contrast.py):
    # text 4.5:1, control edges and the selection ring 3:1 on background and surface.
    accent=(176, 112, 0),
    danger=(176, 32, 38),
    success=(18, 112, 56),
    warning=(150, 84, 0),
    border=(112, 124, 142),
    overlay=(10, 20, 35, 170),
)

HIGH_CONTRAST = Palette(
    background=(0, 0, 0),
    surface=(20, 20, 20),
    text=(255, 255, 255),
    muted=(230, 230, 230),
    primary=(255, 221, 0),
    on_primary=(0, 0, 0),
    secondary=(45, 45, 45),
    on_secondary=(255, 255, 255),
    accent=(0, 220, 255),
    danger=(255, 90, 90),
    success=(90, 255, 120),
    warning=(255, 180, 0),
    border=(255, 255, 255),
    overlay=(0, 0, 0, 200),
)


@dataclass(frozen=True, slots=True)
class Theme:
    palette: Palette
    width: int
    height: int
    scale: float  # design px -> screen px
    text_scale: float = 1.0  # LARGE_TEXT_SCALE with "large text"
    dpi: float = 102.0

    def px(self, design: float) -> int:
        return max(1, round(design * self.scale))

    def font_px(self, design: float) -> int:
        return max(8, round(design * self.scale * self.text_scale))

    @property
    def min_target_px(self) -> int:
        """15 mm at ``dpi`` (the smallest touch target any widget may have)."""
        return round(15 / MM_PER_INCH * self.dpi)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def column(self) -> tuple[int, int]:
        """x and width of the content column (the whole width in portrait, centred in landscape).

        Large text on a wide screen widens the column with the text, so a line keeps as many
        words as with normal text and nothing wraps into rows taller than the short screen.
        """
        grow = self.text_scale if self.landscape else 1.0
        width = min(self.width, round(DESIGN_WIDTH * self.scale * grow))
        return (self.width - width) // 2, width

    # Text sizes in design px.
    @property
    def body(self) -> int:
        return self.font_px(38)

    @property
    def small(self) -> int:
        return self.font_px(30)

    @property
    def title(self) -> int:
        return self.font_px(60)

    @property
    def huge(self) -> int:
        return self.font_px(96)


def make_theme(width: int, height: int, *, large_text: bool = False, high_contrast: bool = False) -> Theme:
    # Landscape: a centred column; the design's 1920 px height is squeezed by 1.3 (scenes flow
    # their rows sideways where they would not fit, lists show fewer rows).
    scale = width / DESIGN_WIDTH if height >= width else height / (DESIGN_HEIGHT / 1.3)
    return Theme(
        palette=HIGH_CONTRAST if high_contrast else NORMAL,
        width=width,
        height=height,
        scale=scale,
        text_scale=LARGE_TEXT_SCALE if large_text else 1.0,
    )
