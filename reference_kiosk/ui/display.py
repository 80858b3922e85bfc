"""The kiosk on whatever panel it finds: a fixed logical picture, turned, scaled and letterboxed.

Scenes always draw on a logical surface of the layout's size (portrait 1080x1920 or landscape
1920x1080, chosen by the panel's aspect or forced by configuration). One ``ScreenTransform``
says where that picture lands in the window, and the same object maps touches back:

    t = ScreenTransform(logical=(1080, 1920), window=(1366, 768), rotation=90)
    t.viewport                 # (x, y, w, h) of the picture in the window; black bars elsewhere
    t.to_window(540, 960)      # a logical point -> window pixels
    t.to_logical(683, 384)     # window pixels -> logical point, None in the letterbox
    present(t, logical, window_surface)

``rotation`` is how far the picture is turned clockwise on the framebuffer, for a panel mounted
sideways (90: the panel's top is on the framebuffer's right). With no turn and no scaling the
logical surface *is* the window (``identity``) and nothing is copied per frame.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

import pygame

__all__ = [
    "LANDSCAPE",
    "PORTRAIT",
    "DisplaySettings",
    "Rotation",
    "ScreenTransform",
    "choose_screen",
    "open_window",
    "present",
]

Rotation = Literal[0, 90, 180, 270]
PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)
LETTERBOX = (0, 0, 0)
# A window on a desktop smaller than the picture keeps this share of the desktop (title bar, panel).
WINDOW_SHARE = 0.9


@dataclass(frozen=True, slots=True)
class DisplaySettings:
    """How the kiosk uses its display (``KioskConfig``'s display settings, see docs/configuration.md)."""

    fullscreen: bool = False
    rotation: Rotation = 0
    auto_orientation: bool = False  # the logical size follows the panel's (turned) aspect
    hide_cursor: bool = False


@dataclass(frozen=True, slots=True)
class ScreenTransform:
    logical: tuple[int, int]
    window: tuple[int, int]
    rotation: Rotation = 0

    def __post_init__(self) -> None:
        if self.rotation not in (0, 90, 180, 270):
            raise ValueError(f"rotation must be 0, 90, 180 or 270, not {self.rotation!r}")

    @property
    def turned(self) -> tuple[int, int]:
        """The logical picture's size once turned onto the framebuffer."""
        w, h = self.logical
        return (h, w) if self.rotation in (90, 270) else (w, h)

    @property
    def viewport(self) -> tuple[int, int, int, int]:
        """Where the picture lands in the window: x, y, width, height (integers, centred)."""
        tw, th = self.turned
        ww, wh = self.window
        scale = min(ww / tw, wh / th)
        w, h = min(ww, round(tw * scale)), min(wh, round(th * scale))
        return (ww - w) // 2, (wh - h) // 2, w, h

    @property
    def identity(self) -> bool:
        return self.rotation == 0 and self.logical == self.window

    def to_window(self, x: float, y: float) -> tuple[float, float]:
        w, h = self.logical
        # Turn clockwise: the logical top-left corner goes to the top-right at 90 degrees.
        tx, ty = {0: (x, y), 90: (h - y, x), 180: (w - x, h - y), 270: (y, w - x)}[self.rotation]
        vx, vy, vw, vh = self.viewport
        tw, th = self.turned
        return vx + tx * vw / tw, vy + ty * vh / th

    def to_logical(self, x: float, y: float) -> tuple[int, int] | None:
        """The logical pixel under window point (x, y); None in the letterbox bars."""
        vx, vy, vw, vh = self.viewport
        if not (vx <= x < vx + vw and vy <= y < vy + vh):
            return None
        tw, th = self.turned
        tx, ty = (x - vx) * tw / vw, (y - vy) * th / vh
        w, h = self.logical
        lx, ly = {0: (tx, ty), 90: (ty, h - tx), 180: (w - tx, h - ty), 270: (w - ty, tx)}[self.rotation]
        return min(w - 1, max(0, int(lx))), min(h - 1, max(0, int(ly)))


def choose_screen(
    settings: DisplaySettings, logical: tuple[int, int], desktop: tuple[int, int] | None
) -> ScreenTransform:
    """The window size and logical size for this display.

    ``desktop`` is the display's size (None when there is no real display, as with SDL's dummy
    driver: then the window is the picture itself, as in the tests).
    """
    if settings.auto_orientation and desktop is not None:
        dw, dh = desktop
        if settings.rotation in (90, 270):
            dw, dh = dh, dw  # a panel mounted sideways: its own aspect is the turned one
        logical = PORTRAIT if dh >= dw else LANDSCAPE
    turned = ScreenTransform(logical, logical, settings.rotation).turned
    if desktop is None:
        return ScreenTransform(logical, turned, settings.rotation)
    if settings.fullscreen:
        return ScreenTransform(logical, desktop, settings.rotation)
    room = (desktop[0] * WINDOW_SHARE, desktop[1] * WINDOW_SHARE)
    scale = min(1.0, room[0] / turned[0], room[1] / turned[1])  # a window never grows the picture
    window = (max(1, round(turned[0] * scale)), max(1, round(turned[1] * scale)))
    return ScreenTransform(logical, window, settings.rotation)


def desktop_size() -> tuple[int, int] | None:
    """The first display's size, None for SDL's dummy driver (its reported size is made up)."""
    if pygame.display.get_driver() in ("dummy", "offscreen"):
        return None
    sizes = pygame.display.get_desktop_sizes()
    return sizes[0] if sizes else None


def open_window(
    settings: DisplaySettings, logical: tuple[int, int]
) -> tuple[ScreenTransform, pygame.Surface]:
    """Open the window (``pygame.display`` must be initialised) and say how the picture maps onto it."""
    transform = choose_screen(settings, logical, desktop_size())
    flags = pygame.FULLSCREEN if settings.fullscreen else 0
    if settings.fullscreen:
        os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")  # a kiosk never iconifies
    window = pygame.display.set_mode(transform.window, flags)
    if window.get_size() != transform.window:  # the display gave another size than asked
        transform = ScreenTransform(transform.logical, window.get_size(), transform.rotation)
    return transform, window


def present(transform: ScreenTransform, picture: pygame.Surface, window: pygame.Surface) -> None:
    """Draw the logical picture onto the window: turned, scaled to the viewport, black bars around."""
    if picture is window:
        return  # the scenes drew on the window itself
    turned = pygame.transform.rotate(picture, -transform.rotation) if transform.rotation else picture
    x, y, w, h = transform.viewport
    if (w, h) != turned.get_size():
        turned = pygame.transform.smoothscale(turned, (w, h))
    window.fill(LETTERBOX)
    window.blit(turned, (x, y))
