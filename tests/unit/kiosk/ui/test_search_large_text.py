"""Search with large text in portrait: a result taller than the room the keyboard leaves is never
drawn over the page controls; "Xem kết quả" puts the keyboard away and the results page whole."""

from __future__ import annotations

import pytest

from mocks.commands.ui_audit.geometry import inspect_widgets
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.view_frame import Frame
from reference_kiosk.flow.views import ProcedureSummary, SearchView
from reference_kiosk.i18n import translator
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.scenes import SceneEnv
from reference_kiosk.ui.scenes.search import SearchScene
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import ListRow, UiContext

SIZE = (1080, 1920)


def results(count: int) -> tuple[ProcedureSummary, ...]:
    """Rows as long as the catalogue's (the agency's name wraps with large text)."""
    return tuple(
        ProcedureSummary(
            code=f"1.00{i}", name=f"Đăng ký tạm trú cho công dân Việt Nam số {i}",
            name_en=f"Temporary residence registration for Vietnamese citizens no. {i}",
            field_name="Đăng ký, quản lý cư trú", agency_name="Công an phường Vĩnh Trại, thành phố Lạng Sơn",
            processing_days=3, fee_online=7000,
        )
        for i in range(count)
    )  # fmt: skip


def searching(lang: str, large: bool) -> tuple[SearchScene, UiContext]:
    ctx = UiContext(theme=make_theme(*SIZE, large_text=large), fonts=FontBook(), t=translator(lang))
    frame = Frame(lang="en" if lang == "en" else "vi", large_text=large, logged_in=True, can_go_back=True)
    view = SearchView(
        frame=frame, query="tam tru", chips=(), results=results(9), loading=False, submit_intent=True, total=9
    )
    scene = SearchScene(SceneEnv())
    scene.enter(view, ctx)
    return scene, ctx


def problems(scene: SearchScene, ctx: UiContext) -> list[str]:
    found = inspect_widgets("search", scene.widgets, ctx, SIZE, ctx.theme.min_target_px)
    return [f"{f.kind}: {f.widget} {f.detail}" for f in found]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_while_typing_no_result_row_crosses_the_page_controls(lang: str) -> None:
    scene, ctx = searching(lang, large=True)
    assert problems(scene, ctx) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_show_results_puts_the_keyboard_away_and_every_result_pages_whole(lang: str) -> None:
    scene, ctx = searching(lang, large=True)
    [show] = [w for w in scene.widgets if w.label == ctx.t("search.show_results")]
    scene.activate(show)
    seen: set[ev.Event | object] = set()
    for _ in range(9):
        assert problems(scene, ctx) == []
        seen |= {w.action for w in scene.widgets if isinstance(w, ListRow)}
        more = [w for w in scene.widgets if w.interactive and w.label == ctx.t("paging.next")]
        if not more:
            break
        scene.activate(more[0])
    assert len(seen) == 9


def test_normal_text_shows_results_above_the_keyboard_without_the_extra_tap() -> None:
    scene, ctx = searching("vi", large=False)
    assert ctx.t("search.show_results") not in [w.label for w in scene.widgets]
    assert any(isinstance(w, ListRow) for w in scene.widgets)
