"""One transform places the picture on the panel and maps touches back (issue 18.1).

The pixel tests draw a marker on the logical picture, present it the way the kiosk does, look
for the marker in the window's pixels, and ask the transform where that window point is: the
answer must be the marker's own position. They do not use ``to_window``, so a rotation or a
letterbox offset got wrong on one side only cannot agree with itself.
"""

from __future__ import annotations

import pygame
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference_kiosk.ui.display import (
    LANDSCAPE,
    PORTRAIT,
    DisplaySettings,
    Rotation,
    ScreenTransform,
    choose_screen,
    present,
)

PANELS = [(1080, 1920), (1920, 1080), (1366, 768), (768, 1366), (1280, 1024)]
ROTATIONS: list[Rotation] = [0, 90, 180, 270]
MARK = (255, 0, 0)


def _find_mark(window: pygame.Surface) -> tuple[float, float]:
    """The centre of the red pixels in the window (the marker, its edges smoothed by scaling)."""
    mask = pygame.mask.from_threshold(window, MARK, (60, 60, 60, 255))
    assert mask.count(), "the marker is not in the window"
    x, y = mask.centroid()
    return x + 0.5, y + 0.5


@pytest.mark.parametrize("rotation", ROTATIONS)
@pytest.mark.parametrize("panel", PANELS, ids=[f"{w}x{h}" for w, h in PANELS])
def test_a_mark_drawn_on_the_picture_is_touched_where_it_shows(
    panel: tuple[int, int], rotation: Rotation
) -> None:
    transform = choose_screen(
        DisplaySettings(fullscreen=True, rotation=rotation, auto_orientation=True), PORTRAIT, panel
    )
    w, h = transform.logical
    picture = pygame.Surface(transform.logical)
    window = pygame.Surface(panel)
    for mark in ((w // 5, h // 7), (w - 80, h - 60), (w // 2, h // 3)):
        picture.fill((240, 240, 240))
        picture.fill(MARK, pygame.Rect(mark[0] - 15, mark[1] - 15, 31, 31))
        present(transform, picture, window)
        seen = transform.to_logical(*_find_mark(window))
        assert seen is not None
        assert abs(seen[0] - mark[0]) <= 3
        assert abs(seen[1] - mark[1]) <= 3


@pytest.mark.parametrize("rotation", ROTATIONS)
@pytest.mark.parametrize("panel", PANELS, ids=[f"{w}x{h}" for w, h in PANELS])
def test_the_picture_keeps_its_proportions_and_fills_the_panel_one_way(
    panel: tuple[int, int], rotation: Rotation
) -> None:
    transform = choose_screen(
        DisplaySettings(fullscreen=True, rotation=rotation, auto_orientation=True), PORTRAIT, panel
    )
    x, y, vw, vh = transform.viewport
    tw, th = transform.turned
    assert x >= 0
    assert y >= 0
    assert x + vw <= panel[0]
    assert y + vh <= panel[1]
    assert vw == panel[0] or vh == panel[1]
    assert abs(vw / vh - tw / th) < 0.01


@given(
    st.sampled_from(PANELS),
    st.sampled_from(ROTATIONS),
    st.sampled_from([PORTRAIT, LANDSCAPE]),
    st.floats(0, 0.999),
    st.floats(0, 0.999),
)
def test_to_window_and_back_is_the_same_logical_pixel(
    panel: tuple[int, int], rotation: Rotation, logical: tuple[int, int], fx: float, fy: float
) -> None:
    transform = ScreenTransform(logical, panel, rotation)
    point = (int(fx * logical[0]), int(fy * logical[1]))
    assert transform.to_logical(*transform.to_window(point[0] + 0.5, point[1] + 0.5)) == point


def test_a_touch_on_the_black_bars_is_nobodys() -> None:
    transform = ScreenTransform(PORTRAIT, (1366, 768))  # a portrait picture on a landscape panel
    x, _y, vw, _vh = transform.viewport
    assert x > 0
    assert transform.to_logical(x - 1, 300) is None
    assert transform.to_logical(x + vw, 300) is None
    assert transform.to_logical(x, 0) == (0, 0)


@pytest.mark.parametrize(
    ("panel", "rotation", "logical"),
    [
        ((1080, 1920), 0, PORTRAIT),
        ((768, 1366), 0, PORTRAIT),
        ((1920, 1080), 0, LANDSCAPE),
        ((1366, 768), 0, LANDSCAPE),
        ((1280, 1024), 0, LANDSCAPE),
        ((1920, 1080), 90, PORTRAIT),  # a landscape framebuffer on a panel mounted upright
        ((1080, 1920), 270, LANDSCAPE),
    ],
)
def test_auto_orientation_follows_the_panel_as_mounted(
    panel: tuple[int, int], rotation: Rotation, logical: tuple[int, int]
) -> None:
    settings = DisplaySettings(fullscreen=True, rotation=rotation, auto_orientation=True)
    assert choose_screen(settings, PORTRAIT, panel).logical == logical


def test_a_fixed_orientation_is_kept_whatever_the_panel() -> None:
    assert choose_screen(DisplaySettings(fullscreen=True), PORTRAIT, (1920, 1080)).logical == PORTRAIT


def test_a_window_on_a_small_desktop_shrinks_to_fit_and_never_grows() -> None:
    small = choose_screen(DisplaySettings(), PORTRAIT, (1366, 768))
    assert small.window[1] <= 768 * 0.9
    assert abs(small.window[0] / small.window[1] - 1080 / 1920) < 0.01
    assert choose_screen(DisplaySettings(), (800, 600), (1920, 1080)).window == (800, 600)


def test_without_a_real_display_the_window_is_the_picture() -> None:
    assert choose_screen(DisplaySettings(fullscreen=True), PORTRAIT, None).identity
    turned = choose_screen(DisplaySettings(rotation=90), PORTRAIT, None)
    assert turned.window == (1920, 1080)
    assert not turned.identity


def test_a_rotation_that_is_not_a_quarter_turn_is_refused() -> None:
    with pytest.raises(ValueError, match="rotation"):
        ScreenTransform(PORTRAIT, PORTRAIT, 45)  # type: ignore[arg-type]
