""" "Cần hỗ trợ" on every screen, and the help panel and the out-of-hours notice never covering anything.

Geometry is checked from the widgets' rectangles: each must lie on the screen, and the panel's
widgets must not overlap any other widget (a panel drawn over a form would hide what it covers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest

from reference_kiosk.config import KioskConfig
from reference_kiosk.flow import KioskFlow
from reference_kiosk.flow import events as ev
from reference_kiosk.i18n import translator
from reference_kiosk.ui.app import KioskApp
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.widgets import Widget
from tests.support.kiosk_flow import FakeClock
from tests.support.ui_gallery import Gallery, capture
from tests.support.ui_world import ScriptedWorld, log_in_by_card

VN = dt.timezone(dt.timedelta(hours=7))
SATURDAY = dt.datetime(2025, 3, 22, 10, 0, tzinfo=VN)
SIZES = [(1080, 1920), (1920, 1080)]


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Gallery:
    return capture(tmp_path_factory.mktemp("help-gallery"), "vi")


def test_every_screen_offers_help_but_the_timeout_warning(gallery: Gallery) -> None:
    without = sorted(name for name, texts in gallery.texts.items() if "Cần hỗ trợ" not in texts)
    assert without == ["timeout_warning"]  # an overlay asking "still there?": any touch answers it


def _kiosk(start: dt.datetime, size: tuple[int, int], lang: str) -> Iterator[KioskDriver]:
    clock = FakeClock(start)
    world = ScriptedWorld(clock)
    config = KioskConfig(lang=lang, hotline="0205 3 812 345")  # type: ignore[arg-type]
    app = KioskApp(KioskFlow(clock, config), clock, size=size, services=world)
    app.start()
    try:
        yield KioskDriver(app, clock)
    finally:
        app.close()


def _problems(kiosk: KioskDriver, panel_words: tuple[str, ...]) -> list[str]:
    screen = pygame.Rect((0, 0), kiosk.app.size)
    widgets: list[Widget] = kiosk.widgets()
    found = [f"off screen: {w.label!r}" for w in widgets if not screen.contains(w.rect)]
    panel = [w for w in widgets if any(word in w.label for word in panel_words)]
    header = kiosk.app.size[1] // 8  # the header band spans the width; the panel is never in it
    others = [w for w in widgets if w not in panel and w.rect.width < screen.width and w.rect.y > header]
    found += [f"{p.label!r} over {o.label!r}" for p in panel for o in others if p.rect.colliderect(o.rect)]
    return found


@pytest.mark.parametrize("size", SIZES, ids=["portrait", "landscape"])
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_the_acknowledged_panel_fits_above_the_footer(size: tuple[int, int], lang: str, large: bool) -> None:
    t = translator(lang)
    for kiosk in _kiosk(dt.datetime(2025, 3, 17, 9, 0, tzinfo=VN), size, "vi"):
        log_in_by_card(kiosk)  # through the Vietnamese screens, then the citizen's language
        kiosk.send(ev.LanguageChosen(lang))  # type: ignore[arg-type]
        if large:
            kiosk.send(ev.AccessibilityToggled(ev.A11yOption.LARGE_TEXT))
        kiosk.tap(t("help.button"))
        kiosk.settle()
        said = t("help.acknowledged", staff="Chị Lan")
        assert said in kiosk.screen_text()
        assert _problems(kiosk, (said,)) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_the_welcome_says_it_is_out_of_hours_and_help_says_so_without_covering_anything(
    lang: str, large: bool
) -> None:
    t = translator(lang)
    for kiosk in _kiosk(SATURDAY, (1080, 1920), lang):
        if large:
            kiosk.send(ev.AccessibilityToggled(ev.A11yOption.LARGE_TEXT))
        kiosk.settle()
        notice = t("welcome.closed.day_off", when="").split("{")[0][:20]
        assert any(notice in text for text in kiosk.screen_text())
        assert _problems(kiosk, (notice,)) == []
        kiosk.tap(t("help.button"))
        kiosk.settle()
        text = " ".join(kiosk.screen_text())
        assert t("help.off_hours") in text
        assert "0205 3 812 345" in text
        assert _problems(kiosk, (t("help.off_hours")[:20],)) == []


def test_the_welcome_forgets_an_unanswered_panel_after_a_minute(tmp_path: Path) -> None:
    t = translator("vi")
    for kiosk in _kiosk(SATURDAY, (1080, 1920), "vi"):
        kiosk.tap(t("help.button"))
        kiosk.settle()
        assert t("help.off_hours") in " ".join(kiosk.screen_text())
        kiosk.advance(61)
        assert t("help.off_hours") not in " ".join(kiosk.screen_text())
