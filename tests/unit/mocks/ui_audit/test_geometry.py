"""The audit's geometry check finds each kind of cut-off from what is drawn, and nothing on a tidy screen."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pygame
import pytest

from mocks.commands.ui_audit.geometry import InkMemo, inspect_widgets
from reference_kiosk.flow import events as ev
from reference_kiosk.i18n import translator
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.paging import Block, Pager, heading
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import Button, Text, UiContext, Widget

SIZE = (1080, 1920)
LONG = "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp (giấy chứng nhận quyền sử dụng đất, hợp đồng mua bán)"


@pytest.fixture
def ctx() -> UiContext:
    pygame.font.init()
    return UiContext(theme=make_theme(*SIZE, large_text=True), fonts=FontBook(), t=translator("vi"))


def kinds(ctx: UiContext, *widgets: Widget) -> list[str]:
    return [f.kind for f in inspect_widgets("s", widgets, ctx, SIZE, ctx.theme.min_target_px)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Spill(Widget):
    """Draws a bar 300 px below its own box, as the old timeline drew past "Quay lại"."""

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        pygame.draw.rect(surface, (0, 0, 0), self.rect.move(0, 300))


def test_a_tidy_screen_has_no_finding(ctx: UiContext) -> None:
    font = ctx.font("body")
    text = Text(rect=pygame.Rect(40, 200, 1000, font.get_linesize() * 3), label=LONG)
    button = Button(rect=pygame.Rect(40, 1700, 400, 150), label="Quay lại", action=ev.Back())
    assert kinds(ctx, text, button) == []


def test_text_taller_than_its_box_is_cut(ctx: UiContext) -> None:
    one_line = ctx.font("body").get_linesize()
    assert kinds(ctx, Text(rect=pygame.Rect(40, 200, 1000, one_line), label=LONG)) == ["text_cut"]


def test_a_word_wider_than_its_box_spills(ctx: UiContext) -> None:
    code = Text(rect=pygame.Rect(40, 200, 300, 200), label="H36-250401-0001", size="title")
    assert kinds(ctx, code) == ["ink"]


def test_ink_past_the_box_over_a_button_is_found(ctx: UiContext) -> None:
    back = Button(rect=pygame.Rect(40, 1700, 400, 150), label="Quay lại", action=ev.Back())
    found = kinds(ctx, Spill(rect=pygame.Rect(40, 1450, 1000, 100)), back)
    assert found == ["ink", "overlap"]


def test_crossing_boxes_and_off_screen_and_small_targets(ctx: UiContext) -> None:
    a = Text(rect=pygame.Rect(40, 200, 600, 300), label="a")
    b = Button(rect=pygame.Rect(400, 400, 400, 200), label="b", action=ev.Back())
    assert "overlap" in kinds(ctx, a, b)
    assert "off_screen" in kinds(ctx, Text(rect=pygame.Rect(900, 1900, 400, 100), label="x"))
    assert "too_small" in kinds(ctx, Button(rect=pygame.Rect(40, 200, 40, 40), label="", action=ev.Back()))


def test_a_walk_remembers_what_a_widget_drew_and_finds_the_same(ctx: UiContext) -> None:
    """The walk's memo measures each widget value once; findings on later screens are unchanged,
    and a widget that moved (a new value) is drawn and measured again."""
    memo = InkMemo()
    spill = Spill(rect=pygame.Rect(40, 1450, 1000, 100))
    back = Button(rect=pygame.Rect(40, 1700, 400, 150), label="Quay lại", action=ev.Back())
    cut = Text(rect=pygame.Rect(40, 200, 1000, ctx.font("body").get_linesize()), label=LONG)
    screen = (spill, back, cut)
    fresh = inspect_widgets("s", screen, ctx, SIZE, ctx.theme.min_target_px)
    for _ in range(2):  # the first time measures, the second remembers
        assert inspect_widgets("s", screen, ctx, SIZE, ctx.theme.min_target_px, memo) == fresh
    assert [f.kind for f in fresh] == ["ink", "text_cut", "overlap"]
    moved = replace(spill, rect=spill.rect.move(0, -400))  # now its ink lands inside the screen's top
    assert [f.kind for f in inspect_widgets("s", (moved, back), ctx, SIZE, 60, memo)] == ["ink"]


def test_a_heading_over_nothing_but_the_page_controls_is_an_orphan(ctx: UiContext) -> None:
    """The status screen's page 1 once ended on "Quá trình xử lý" with its steps on page 2."""
    pager = Pager("detail")
    area = pygame.Rect(40, 200, 1000, 1400)
    title = heading(ctx, area.width, "Quá trình xử lý")
    step = Block(800, lambda rect: [Text(rect=rect, label="Bước mới nhất")])
    tall = Block(1400 - pager.controls_height(ctx, area.width) - 16 - title.height - 16, lambda r: [])
    orphaned = list(Pager._rows(area, [tall, title], range(2), 16))  # as the old pager placed them
    controls = pager.layout(ctx, area, [tall, title, step], gap=16)[-3:]
    assert kinds(ctx, *orphaned, *controls) == ["orphan_heading"]
    assert kinds(ctx, *pager.layout(ctx, area, [tall, title, step], gap=16)) == []  # kept with its step
    with_step = [
        *title.build(pygame.Rect(40, 200, 1000, title.height)),
        *step.build(pygame.Rect(40, 300, 1000, 800)),
    ]
    assert kinds(ctx, *with_step) == []
