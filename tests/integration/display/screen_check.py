"""What a root-window capture of the welcome screen must show, read from its pixels alone.

The kiosk's picture is the capture's non-black area (Xvfb's root is black, letterbox bars too).
Inside it, from the top: the header band in government blue, the big blue
"start" button, the light lookup/search buttons below it, and the bottom margin in the page
colour, which is only there if the kiosk's lower edge is on screen. The colours are the
design's palette, written out here again on purpose so that this check shares nothing with
the kiosk's theme module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

__all__ = ["Finding", "footer_shown", "inspect_welcome", "start_button"]

PRIMARY = (0, 83, 156)
SECONDARY = (225, 234, 245)
PAGE = (242, 245, 249)
TOLERANCE = 14


@dataclass(frozen=True, slots=True)
class Finding:
    viewport: tuple[int, int, int, int]  # x, y, width, height of the kiosk's picture in the capture
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _share(rows: NDArray[np.int16], colour: tuple[int, int, int]) -> NDArray[np.float64]:
    """Per row: the fraction of its pixels within TOLERANCE of ``colour``."""
    near = (np.abs(rows - np.array(colour, dtype=np.int16)) <= TOLERANCE).all(axis=2)
    return near.mean(axis=1)  # type: ignore[no-any-return]


def _first(mask: NDArray[np.bool_], start: int = 0) -> int | None:
    hits = np.flatnonzero(mask[start:])
    return int(hits[0]) + start if hits.size else None


def inspect_welcome(image: Image.Image, portrait: bool) -> Finding:
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    lit = (
        np.flatnonzero(pixels.max(axis=2).max(axis=0) > 16),
        np.flatnonzero(pixels.max(axis=2).max(axis=1) > 16),
    )
    if not lit[0].size:
        return Finding((0, 0, 0, 0), ("the screen is black: no kiosk on it",))
    x0, x1, y0, y1 = int(lit[0][0]), int(lit[0][-1]) + 1, int(lit[1][0]), int(lit[1][-1]) + 1
    view = pixels[y0:y1, x0:x1]
    h, w = view.shape[:2]
    problems: list[str] = []
    want = 9 / 16 if portrait else 16 / 9
    if abs((w / h) / want - 1) > 0.02:
        problems.append(
            f"the kiosk's picture is {w}x{h}, not {'9:16' if portrait else '16:9'}: part of it is off screen"
        )
    screen_w, screen_h = image.size
    if w < screen_w - 2 and h < screen_h - 2:
        problems.append(
            f"the picture {w}x{h} does not fill the {screen_w}x{screen_h} screen in either direction"
        )
    primary = _share(view, PRIMARY)
    header = _first(primary[: max(1, h // 16)] > 0.5)
    if header is None or header > 2:
        problems.append("no blue header band at the top of the picture")
    start = _first(primary > 0.25, h // 5)
    if start is None:
        problems.append("no big blue start button below the header")
    else:
        below = _first(_share(view, SECONDARY) > 0.25, start)
        if below is None:
            problems.append("no lookup/search buttons below the start button")
    if _share(view[-max(2, h // 100) :], PAGE).min() < 0.9:
        problems.append("the bottom margin of the page is not on screen")
    return Finding((x0, y0, w, h), tuple(problems))


def start_button(image: Image.Image) -> tuple[int, int] | None:
    """Where to touch the welcome screen's big blue start button, found in the capture's pixels."""
    finding = inspect_welcome(image, portrait=image.height > image.width)
    x0, y0, w, h = finding.viewport
    if not w:
        return None
    view = np.asarray(image.convert("RGB"), dtype=np.int16)[y0 : y0 + h, x0 : x0 + w]
    share = _share(view, PRIMARY)
    share[: h // 8] = 0  # the header band is blue too
    if share.max() < 0.25:
        return None
    rows = share >= 0.8 * share.max()  # the widest blue button: the language button is half as wide
    top = _first(rows)
    assert top is not None
    bottom = _first(~rows, top) or h
    band = view[(top + bottom) // 2]
    near = (np.abs(band - np.array(PRIMARY, dtype=np.int16)) <= TOLERANCE).all(axis=1)
    xs = np.flatnonzero(near)
    return x0 + int(xs.mean()), y0 + (top + bottom) // 2


def footer_shown(image: Image.Image, portrait: bool) -> bool:
    """A screen with a footer (every screen after the welcome): its buttons, light ones and the blue
    "Cần hỗ trợ", are in the bottom tenth of the kiosk's picture, so the lower edge is on screen."""
    x0, y0, w, h = inspect_welcome(image, portrait).viewport
    if not w:
        return False
    band = np.asarray(image.convert("RGB"), dtype=np.int16)[y0 + h - h // 10 : y0 + h, x0 : x0 + w]
    return bool(_share(band, SECONDARY).max() > 0.1 and _share(band, PRIMARY).max() > 0.05)
