"""Golden screenshots of a handful of screens, compared with a tolerance (fonts may anti-alias differently).

Regenerate after an intended change of look with ``KIOSK_UPDATE_GOLDEN=1`` and look at the PNGs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from reference_kiosk.flow import events as ev
from reference_kiosk.ui.driver import KioskDriver
from tests.support.kiosk_flow import DOB, ID_NUMBER

GOLDEN = Path(__file__).parent / "golden"
SIZE = (540, 960)  # stored at half size: enough to catch a layout change, small in the repository


def to_home(kiosk: KioskDriver) -> None:
    kiosk.tap("English")
    kiosk.tap("Touch to begin")
    kiosk.tap("Chip ID card (older CCCD cards too)")
    kiosk.send(ev.CardInserted("r0"))
    kiosk.settle()
    kiosk.type(ID_NUMBER + DOB.strftime("%d%m%Y"))
    kiosk.tap("Continue")
    kiosk.settle()
    kiosk.tap("Continue")


def to_search(kiosk: KioskDriver) -> None:
    kiosk.tap("Tìm thủ tục hành chính")
    kiosk.type("ddawng kys")


SCREENS: dict[str, Callable[[KioskDriver], None]] = {
    "welcome_vi": lambda kiosk: None,
    "home_en": to_home,
    "search_vi": to_search,
}


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a.convert("L"), b.convert("L"))
    return float(ImageStat.Stat(diff).mean[0])


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_matches_its_golden_image(kiosk: KioskDriver, tmp_path: Path, name: str) -> None:
    SCREENS[name](kiosk)
    with Image.open(kiosk.screenshot(tmp_path / f"{name}.png")) as shot:
        actual = shot.convert("RGB").resize(SIZE, Image.Resampling.LANCZOS)
    golden = GOLDEN / f"{name}.png"
    if os.environ.get("KIOSK_UPDATE_GOLDEN") == "1":
        actual.save(golden)
    assert golden.is_file(), f"no golden image {golden.name}: run with KIOSK_UPDATE_GOLDEN=1 and look at it"
    with Image.open(golden) as expected:
        assert mean_difference(actual, expected) < 1.5


def test_the_comparison_notices_a_different_screen(kiosk: KioskDriver, tmp_path: Path) -> None:
    to_search(kiosk)
    with Image.open(kiosk.screenshot(tmp_path / "s.png")) as shot:
        actual = shot.convert("RGB").resize(SIZE, Image.Resampling.LANCZOS)
    with Image.open(GOLDEN / "welcome_vi.png") as expected:
        assert mean_difference(actual, expected) > 5
