"""The whole kiosk is on screen at every panel size a province buys (issue 18.1, 18.5).

Each test starts Xvfb at one size, runs ``kiosk run --fullscreen`` on it and reads the root
window back with ``xwd``: the header, the main buttons and the page's bottom margin must be in
the capture, in the kiosk's proportions, filling the screen in one direction; then a click
where the capture shows the start button must bring the next screen, whose footer buttons are
in the capture too. The captures are kept under ``reports/out/display/`` for a person to see.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from tests.integration.display.kiosk_process import log_of, start_kiosk
from tests.integration.display.screen_check import Finding, footer_shown, inspect_welcome, start_button
from tests.integration.display.xserver import Xvfb, wait_until

pytestmark = pytest.mark.integration

OUT = Path(__file__).resolve().parents[3] / "reports" / "out" / "display"
SIZES = [  # (screen size, a portrait picture expected)
    ((1080, 1920), True),
    ((1920, 1080), False),
    ((1366, 768), False),
    ((768, 1366), True),
    ((1280, 1024), False),
]


def _ocr(image: Image.Image, tmp: Path) -> str:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return ""
    path = tmp / "ocr.png"
    # Grey and twice the size: tesseract misses dark-blue-on-light labels at a small panel's size.
    ImageOps.grayscale(image).resize((image.width * 2, image.height * 2)).save(path)
    out = subprocess.run(
        [tesseract, str(path), "stdout", "-l", "eng"], capture_output=True, text=True, timeout=60
    )
    return out.stdout


@pytest.mark.parametrize(("size", "portrait"), SIZES, ids=[f"{w}x{h}" for (w, h), _ in SIZES])
def test_the_whole_welcome_screen_is_in_the_capture(
    size: tuple[int, int], portrait: bool, tmp_path: Path
) -> None:
    with Xvfb(size) as x:
        kiosk = start_kiosk(x.env, tmp_path / "state", 30)
        try:
            found: list[Finding] = []

            def shown() -> bool:
                found.append(inspect_welcome(x.capture(), portrait))
                return found[-1].ok or kiosk.poll() is not None

            wait_until(shown, timeout=20, step=0.3)
            image = x.save(OUT / f"welcome-{size[0]}x{size[1]}.png")
            assert kiosk.poll() is None, log_of(tmp_path / "state").read_text(
                encoding="utf-8", errors="replace"
            )
            # The next screen has a footer (back, help, cancel): touched where the capture shows the
            # start button, the kiosk must show it, footer included.
            where = start_button(image)
            if where is not None:
                x.click(*where)
            footer = wait_until(lambda: footer_shown(x.capture(), portrait), timeout=10)
            x.save(OUT / f"login-{size[0]}x{size[1]}.png")
        finally:
            kiosk.terminate()
            kiosk.wait(timeout=10)
    assert found[-1].problems == ()
    assert where is not None
    assert footer, "after a touch on the start button no footer shows at the bottom of the kiosk's picture"
    # A second, independent reading by OCR (English data only, so no diacritics): the title at the
    # top and the label of the lowest main button, "Tìm thủ tục hành chính".
    if shutil.which("tesseract"):
        text = _ocr(image, tmp_path)
        assert "Xin ch" in text, text
        assert "chinh" in text, text


def test_a_panel_mounted_sideways_shows_the_portrait_kiosk_turned(tmp_path: Path) -> None:
    """A 1920x1080 framebuffer on a panel standing upright (``--rotate 90``): turned back by a
    quarter turn counter-clockwise, the capture is the whole portrait welcome screen."""
    with Xvfb((1920, 1080)) as x:
        kiosk = start_kiosk(x.env, tmp_path / "state", 30, "--rotate", "90")
        try:
            found: list[Finding] = []

            def shown() -> bool:
                found.append(inspect_welcome(x.capture().rotate(90, expand=True), portrait=True))
                return found[-1].ok or kiosk.poll() is not None

            wait_until(shown, timeout=20, step=0.3)
            x.save(OUT / "welcome-1920x1080-rotate90.png")
            assert kiosk.poll() is None
        finally:
            kiosk.terminate()
            kiosk.wait(timeout=10)
    assert found[-1].problems == ()
