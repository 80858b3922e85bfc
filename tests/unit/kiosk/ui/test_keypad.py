"""The logins' one keypad: the chip card's and the VNeID account's keys are laid out alike, and with
large text and a notice above them nothing is cut off and "Tiếp tục" stays on the screen.

Measured with the UI audit's own geometry check (what the widgets draw), in both languages and
both orientations.
"""

from __future__ import annotations

import pygame
import pytest

from mocks.commands.ui_audit.geometry import inspect_widgets
from reference_kiosk.documents.errors import PrintUnreadableError
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.account_types import AccountPhase
from reference_kiosk.flow.account_view import AccountView
from reference_kiosk.flow.view_frame import Frame
from reference_kiosk.flow.views import LoginPhase, LoginView
from reference_kiosk.i18n import translator
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.keyboard import KEY
from reference_kiosk.ui.scenes import SceneEnv
from reference_kiosk.ui.scenes.account import AccountScene
from reference_kiosk.ui.scenes.base import Scene
from reference_kiosk.ui.scenes.login import LoginScene
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import Local, UiContext, Widget

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
NOTICE = PrintUnreadableError("no_code")  # the glass could not read the card's print: type instead


def context(lang: str, shape: str, large: bool) -> UiContext:
    theme = make_theme(*SIZES[shape], large_text=large)
    return UiContext(theme=theme, fonts=FontBook(), t=translator(lang))


def chip_keypad(ctx: UiContext, notice: bool) -> Scene:
    frame = Frame(lang=ctx.t.lang, large_text=ctx.theme.text_scale > 1, can_go_back=True)  # type: ignore[arg-type]
    view = LoginView(
        frame=frame,
        method=ev.LoginMethod.CARD,
        phase=LoginPhase.ENTER_BAC,
        error_vi=NOTICE.message_vi if notice else None,
        error_en=NOTICE.message_en if notice else None,
        card_on_glass=True,
    )
    scene = LoginScene(SceneEnv())
    scene.enter(view, ctx)
    return scene


def account_code(ctx: UiContext) -> Scene:
    frame = Frame(lang=ctx.t.lang, large_text=ctx.theme.text_scale > 1, can_go_back=True)  # type: ignore[arg-type]
    view = AccountView(
        frame=frame, phase=AccountPhase.OTP, otp_digits=6, countdown_s=300, error_vi=None, error_en=None
    )
    scene = AccountScene(SceneEnv())
    scene.enter(view, ctx)
    return scene


def keys(scene: Scene) -> list[Widget]:
    return [w for w in scene.widgets if isinstance(w.action, Local) and w.action.name in (KEY, "backspace")]


def findings(scene: Scene, ctx: UiContext) -> list[str]:
    size = (ctx.theme.width, ctx.theme.height)
    found = inspect_widgets("keypad", scene.widgets, ctx, size, ctx.theme.min_target_px)
    return [f"{f.kind}: {f.widget} {f.detail}" for f in found]


@pytest.mark.parametrize("shape", sorted(SIZES))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_with_large_text_and_a_notice_the_chip_keypad_and_continue_fit(lang: str, shape: str) -> None:
    ctx = context(lang, shape, large=True)
    scene = chip_keypad(ctx, notice=True)
    assert findings(scene, ctx) == []
    labels = {w.label for w in keys(scene)}
    assert labels == {*"0123456789", ctx.t("keyboard.backspace")}
    screen = pygame.Rect(0, 0, ctx.theme.width, ctx.theme.height)
    go_on = [w for w in scene.widgets if w.label == ctx.t("common.continue")]
    assert len(go_on) == 1
    assert screen.contains(go_on[0].rect)


@pytest.mark.parametrize("shape", sorted(SIZES))
def test_both_logins_lay_their_digits_out_alike(shape: str) -> None:
    """Normal text, no notice: the same 3 x 4 pad, the same key size, in both logins."""
    ctx = context("vi", shape, large=False)
    chip, account = keys(chip_keypad(ctx, notice=False)), keys(account_code(ctx))
    assert [w.label for w in chip] == [w.label for w in account]
    assert {w.rect.width for w in chip} == {w.rect.width for w in account}
    assert len({w.rect.x for w in chip}) == 3  # three columns, phone-like


def test_a_short_column_puts_the_digits_on_two_wide_rows() -> None:
    """Large text and a notice in portrait: two rows of six keys across the column, each key
    taller than the smallest touch target, rather than four rows of squat keys."""
    ctx = context("vi", "portrait", large=True)
    pad = keys(chip_keypad(ctx, notice=True))
    assert len({w.rect.y for w in pad}) == 2
    assert min(w.rect.height for w in pad) >= 1.5 * ctx.theme.min_target_px
