"""The dossier status screen: a section heading never ends a page alone; English screens name the
procedure in English and say once that papers' names are the official Vietnamese ones."""

from __future__ import annotations

import pygame
import pytest

from reference_kiosk import api
from reference_kiosk.flow import effects as fx
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.views import LookupPhase, LookupView
from reference_kiosk.i18n import translator
from reference_kiosk.ui.driver import KioskDriver
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.paging import Block, Heading, Pager, heading
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import Text, UiContext, Widget
from tests.support.kiosk_flow import ID_NUMBER, dossier
from tests.support.ui_world import ScriptedWorld

NAME_EN = "Permanent residence registration"


@pytest.fixture
def ctx() -> UiContext:
    pygame.font.init()
    return UiContext(theme=make_theme(1080, 1920), fonts=FontBook(), t=translator("vi"))


def row(label: str, height: int) -> Block:
    return Block(height, lambda rect: [Text(rect=rect, label=label)])


def labels(widgets: list[Widget]) -> list[str]:
    return [w.label for w in widgets if isinstance(w, Text) and w.label.startswith(("row", "History"))]


def test_a_heading_goes_to_the_next_page_with_its_first_row(ctx: UiContext) -> None:
    """Room for the rows above and the heading, not for its first row: the heading moves on."""
    area = pygame.Rect(0, 0, 1000, 1000)
    pager = Pager("x")
    controls = pager.controls_height(ctx, area.width)
    title = heading(ctx, area.width, "History")
    first = 1000 - controls - 10 - title.height - 10  # the two rows above and the heading fit
    blocks = [row("row a", first // 2), row("row b", first - first // 2 - 10), title, row("row step", 300)]
    page1 = pager.layout(ctx, area, blocks, gap=10)
    assert labels(page1) == ["row a", "row b"]
    pager.turn(next(w.action for w in page1 if w.label == ctx.t("paging.next")))  # type: ignore[arg-type]
    page2 = pager.layout(ctx, area, blocks, gap=10)
    assert labels(page2) == ["History", "row step"]
    assert [w for w in page2 if isinstance(w, Heading)]  # marked, for the ui-audit


def test_a_heading_alone_on_a_page_still_moves_the_list_forward(ctx: UiContext) -> None:
    area = pygame.Rect(0, 0, 1000, 600)
    pager = Pager("x")
    blocks = [heading(ctx, area.width, "History"), row("row tall", 5000)]
    assert labels(pager.layout(ctx, area, blocks, gap=10)) == ["History"]


def open_status(kiosk: KioskDriver, world: ScriptedWorld, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    answer = world.answer
    english = dossier().model_copy(update={"procedure_name_en": NAME_EN})

    def with_english(effect: fx.Effect) -> ev.Event | None:
        return ev.DossierLoaded(english) if isinstance(effect, fx.LookupDossier) else answer(effect)

    monkeypatch.setattr(world, "answer", with_english)
    t = translator(lang)
    if lang == "en":
        kiosk.tap("English")
    kiosk.tap(t("welcome.lookup"))
    kiosk.type("H36.1-250401-0001")
    kiosk.tap(t("lookup.field.id"))
    kiosk.type(ID_NUMBER)
    kiosk.tap(t("lookup.search"))
    kiosk.settle()
    view = kiosk.view
    assert isinstance(view, LookupView)
    assert view.phase is LookupPhase.DETAIL


def test_an_english_status_screen_names_the_procedure_in_english(
    kiosk: KioskDriver, world: ScriptedWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_status(kiosk, world, monkeypatch, "en")
    texts = kiosk.screen_text()
    assert NAME_EN in texts
    assert "Đăng ký thường trú" not in texts
    # the supplement asks for papers named in Vietnamese only: said once, not invented
    assert texts.count(translator("en")("lookup.official_names")) == 1


def test_a_vietnamese_status_screen_keeps_the_vietnamese_name_and_no_note(
    kiosk: KioskDriver, world: ScriptedWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_status(kiosk, world, monkeypatch, "vi")
    texts = kiosk.screen_text()
    assert "Đăng ký thường trú" in texts
    assert NAME_EN not in texts
    assert translator("vi")("lookup.official_names") not in texts


def test_an_old_backend_without_the_english_name_still_names_the_procedure() -> None:
    old = dossier().model_dump(mode="json")
    del old["procedure_name_en"]
    assert api.Dossier.model_validate(old).procedure_name_en == ""


def test_every_page_says_the_same_page_count_and_it_is_right(ctx: UiContext) -> None:
    """Short facts first, tall steps after (the status screen): "Trang 1/3" then "Trang 2/4"
    once told a citizen a page count that changed while reading."""
    area = pygame.Rect(0, 0, 1000, 1000)
    pager = Pager("x")
    blocks = [row(f"row fact {i}", 60) for i in range(7)] + [row(f"row step {i}", 200) for i in range(9)]
    said: list[str] = []
    for _ in range(len(blocks)):
        widgets = pager.layout(ctx, area, blocks, gap=10)
        said += [w.label for w in widgets if isinstance(w, Text) and w.label.startswith("Trang ")]
        turned = pager.turn(next(w.action for w in widgets if w.label == ctx.t("paging.next")))  # type: ignore[arg-type]
        if pager._end >= len(blocks):
            break
        assert turned == []
    pages = len(said)
    assert said == [f"Trang {i + 1}/{pages}" for i in range(pages)]
