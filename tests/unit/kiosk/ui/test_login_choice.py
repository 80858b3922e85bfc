"""The login choice: the card tile says where the card will be asked for, and with large text on a
short screen the three ways to log in are all reachable, none drawn over the others."""

from __future__ import annotations

import pytest

from mocks.commands.ui_audit.geometry import inspect_widgets
from reference_kiosk.flow.account_types import AccountLoginChosen
from reference_kiosk.flow.view_frame import Frame
from reference_kiosk.flow.views import LoginPhase, LoginView
from reference_kiosk.i18n import translator
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.paging import PAGE_ACTION
from reference_kiosk.ui.scenes import SceneEnv
from reference_kiosk.ui.scenes.login import LoginScene
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import Local, Tile, UiContext

GLASS = {"vi": "mặt kính", "en": "glass"}
READER = {"vi": "đầu đọc", "en": "reader"}


def choice(lang: str, size: tuple[int, int], large: bool, on_glass: bool) -> tuple[LoginScene, UiContext]:
    ctx = UiContext(theme=make_theme(*size, large_text=large), fonts=FontBook(), t=translator(lang))
    frame = Frame(lang="en" if lang == "en" else "vi", large_text=large)
    scene = LoginScene(SceneEnv())
    scene.enter(LoginView(frame=frame, method=None, phase=LoginPhase.CHOOSE, card_on_glass=on_glass), ctx)
    return scene, ctx


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_card_tile_asks_for_the_card_where_the_next_screen_will(lang: str) -> None:
    for on_glass, said, not_said in ((True, GLASS, READER), (False, READER, GLASS)):
        scene, _ = choice(lang, (1080, 1920), large=False, on_glass=on_glass)
        card = next(w for w in scene.widgets if isinstance(w, Tile) and w.glyph == "1")
        assert said[lang] in card.sublabel, card.sublabel
        assert not_said[lang] not in card.sublabel, card.sublabel


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_with_large_text_every_way_to_log_in_is_reachable_and_whole(lang: str, size: tuple[int, int]) -> None:
    scene, ctx = choice(lang, size, large=True, on_glass=True)
    seen: set[object] = set()
    for _ in range(3):  # at most three pages for three tiles
        found = inspect_widgets("login_choose", scene.widgets, ctx, size, ctx.theme.min_target_px)
        assert [f"{f.kind}: {f.widget} {f.detail}" for f in found] == []
        seen |= {w.action for w in scene.widgets if isinstance(w, Tile)}
        turn = [w for w in scene.widgets if w.interactive and w.action == Local(PAGE_ACTION, "methods:+")]
        if not turn:
            break
        scene.activate(turn[0])
    assert len(seen) == 3, seen
    assert AccountLoginChosen() in seen
