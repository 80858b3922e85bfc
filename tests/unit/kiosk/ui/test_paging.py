"""The one list helper: whole rows on pages, controls only when needed, 'more' past the loaded rows."""

from __future__ import annotations

import pygame
import pytest

from reference_kiosk.flow import events as ev
from reference_kiosk.i18n import translator
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.paging import Block, Pager
from reference_kiosk.ui.theme import LARGE_TEXT_SCALE, make_theme
from reference_kiosk.ui.widgets import Button, Local, Text, UiContext, Widget


@pytest.fixture
def ctx() -> UiContext:
    pygame.font.init()
    return UiContext(theme=make_theme(1080, 1920), fonts=FontBook(), t=translator("vi"))


def rows(n: int, height: int = 100) -> list[Block]:
    def block(i: int) -> Block:
        return Block(height, lambda rect: [Text(rect=rect, label=f"row {i}")])

    return [block(i) for i in range(n)]


def shown(widgets: list[Widget]) -> list[str]:
    return [w.label for w in widgets if w.label.startswith("row ")]


def control(widgets: list[Widget], key: str) -> Button:
    label = translator("vi")(key)
    return next(w for w in widgets if isinstance(w, Button) and w.label == label)


def test_a_list_that_fits_has_no_controls(ctx: UiContext) -> None:
    widgets = Pager("x").layout(ctx, pygame.Rect(0, 0, 1000, 1000), rows(3), gap=10)
    assert shown(widgets) == ["row 0", "row 1", "row 2"]
    assert not [w for w in widgets if isinstance(w, Button)]


def test_every_row_is_on_exactly_one_page(ctx: UiContext) -> None:
    pager = Pager("x")
    area = pygame.Rect(0, 0, 1000, 700)
    seen: list[str] = []
    for _ in range(10):
        widgets = pager.layout(ctx, area, rows(17), gap=10)
        seen += shown(widgets)
        assert all(area.contains(w.rect) for w in widgets)
        if not control(widgets, "paging.next").enabled:
            break
        pager.turn(Local("page", "x:+"))
    assert seen == [f"row {i}" for i in range(17)]
    assert f"Trang {pager.page + 1}/{pager.page + 1}" in [w.label for w in widgets]


def test_turning_past_the_loaded_rows_asks_for_more(ctx: UiContext) -> None:
    pager = Pager("x")
    area = pygame.Rect(0, 0, 1000, 700)
    widgets = pager.layout(ctx, area, rows(10), gap=10, total=40)  # 5 rows a page
    assert control(widgets, "paging.next").enabled
    assert "Trang 1/8" in [w.label for w in widgets]  # 10 of 40 loaded, the rest estimated
    assert pager.turn(Local("page", "x:+"), ev.Back()) == []  # page 2 of what is loaded
    pager.layout(ctx, area, rows(10), gap=10, total=40)  # a scene rebuilds after each turn
    assert pager.turn(Local("page", "x:+"), ev.Back()) == [ev.Back()]  # past it: the flow is asked
    widgets = pager.layout(ctx, area, rows(10), gap=10, total=40, loading_text="loading")
    assert "loading" in [w.label for w in widgets]
    assert not pager.owns(Local("page", "y:+"))  # another pager's action is not this one's


def test_previous_stops_at_the_first_page(ctx: UiContext) -> None:
    pager = Pager("x")
    widgets = pager.layout(ctx, pygame.Rect(0, 0, 1000, 500), rows(9), gap=10)
    assert not control(widgets, "paging.previous").enabled
    pager.turn(Local("page", "x:-"))
    assert pager.page == 0


def test_large_text_is_at_least_1_4_times_the_normal_size() -> None:
    normal, large = make_theme(1080, 1920), make_theme(1080, 1920, large_text=True)
    assert LARGE_TEXT_SCALE >= 1.4
    assert large.body >= round(1.4 * normal.body) - 1


def test_rows_arriving_from_the_backend_do_not_skip_any(ctx: UiContext) -> None:
    """Page 4 of 20 loaded rows shows rows 18-19; the next page must start at row 20 once the
    next 20 arrive, not at row 24 (where a page count over 40 rows would put it)."""
    pager = Pager("x")
    area = pygame.Rect(0, 0, 1000, 800)  # 6 rows of 100 a page
    seen: list[str] = []
    for _ in range(3):
        seen += shown(pager.layout(ctx, area, rows(20), gap=10, total=40))
        assert pager.turn(Local("page", "x:+"), ev.Back()) == []
    seen += shown(pager.layout(ctx, area, rows(20), gap=10, total=40))
    assert pager.turn(Local("page", "x:+"), ev.Back()) == [ev.Back()]  # the flow loads rows 20-39
    for _ in range(4):
        seen += shown(pager.layout(ctx, area, rows(40), gap=10, total=40))
        pager.turn(Local("page", "x:+"), ev.Back())
    assert seen == [f"row {i}" for i in range(40)]
