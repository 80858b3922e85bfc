"""On-screen keyboards: Telex and no-diacritics typing, the keypad, key sizes."""

from __future__ import annotations

import pygame
import pytest

from reference_kiosk.i18n import translator
from reference_kiosk.ui.fonts import FontBook
from reference_kiosk.ui.keyboard import (
    BACKSPACE,
    KEY,
    MODE,
    SHIFT,
    TextBuffer,
    letter_keyboard,
    numeric_keypad,
    shown_id,
)
from reference_kiosk.ui.theme import make_theme
from reference_kiosk.ui.widgets import Local, UiContext


def press_all(buf: TextBuffer, keys: str) -> None:
    for char in keys:
        buf.handle(Local(KEY, char))


def test_telex_mode_types_vietnamese() -> None:
    buf = TextBuffer()
    press_all(buf, "ddawng kys thuwowngf trus")
    assert buf.text == "đăng ký thường trú"


def test_no_diacritics_mode_keeps_letters_as_typed() -> None:
    buf = TextBuffer(telex_mode=False)
    press_all(buf, "dang kys")
    assert buf.text == "dang kys"


def test_switching_mode_keeps_what_is_shown() -> None:
    buf = TextBuffer()
    press_all(buf, "khai sinhs")
    buf.handle(Local(MODE))
    press_all(buf, "s")
    assert buf.text == "khai sính" + "s"
    assert not buf.telex_mode


def test_backspace_removes_the_last_key() -> None:
    buf = TextBuffer()
    press_all(buf, "kys")
    buf.handle(Local(BACKSPACE))
    assert buf.text == "ky"


def test_keypad_buffer_refuses_letters_and_stops_at_its_length() -> None:
    buf = TextBuffer(telex_mode=False, max_len=4, allowed="0123456789")
    press_all(buf, "12a3456")
    assert buf.text == "1234"


def test_a_complete_id_number_is_masked_while_a_partial_one_is_shown() -> None:
    assert shown_id("02019") == "02019"
    assert shown_id("020190012345") == "*********345"


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_every_key_is_a_large_touch_target(size: tuple[int, int]) -> None:
    theme = make_theme(*size)
    ctx = UiContext(theme=theme, fonts=FontBook(), t=translator("vi"))
    area = pygame.Rect(40, 1000, theme.column[1] - 80, theme.px(560))
    keys = letter_keyboard(ctx, area, telex_mode=True) + numeric_keypad(ctx, area, "/")
    keys = [k for k in keys if k.action is not None]  # the Telex hint is no key
    assert len(keys) == 10 + 10 + 10 + 10 + 5 + 12  # shift, mode, space, "@", backspace at the bottom
    for key in keys:
        assert key.rect.width >= theme.min_target_px, key.label
        assert key.rect.height >= theme.min_target_px, key.label
        assert area.contains(key.rect), key.label
    letters = [k for k in keys if isinstance(k.action, Local) and k.action.name == KEY]
    assert {k.label for k in letters} >= set("qwertyuiopasdfghjklzxcvbnm0123456789/,-.@")


def test_shift_types_one_capital_then_lower_case_and_telex_still_applies() -> None:
    buf = TextBuffer()
    buf.handle(Local(SHIFT))
    press_all(buf, "nguyeenx ")
    buf.handle(Local(SHIFT))
    press_all(buf, "vawn")
    assert buf.text == "Nguyễn Văn"


def test_an_address_needs_no_other_layout() -> None:
    buf = TextBuffer(telex_mode=False)
    press_all(buf, "so 12/3, ngo 5 - pho le loi")
    assert buf.text == "so 12/3, ngo 5 - pho le loi"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("large", [False, True])
def test_the_telex_hint_is_one_line_above_the_keys_and_shift_shows_capitals(lang: str, large: bool) -> None:
    theme = make_theme(1080, 1920, large_text=large)
    ctx = UiContext(theme=theme, fonts=FontBook(), t=translator(lang))
    area = pygame.Rect(40, 1000, theme.column[1] - 80, theme.px(640))
    widgets = letter_keyboard(ctx, area, telex_mode=True, shift=True)
    hint = widgets[0]
    assert hint.action is None
    assert "aa=â" in hint.label
    assert ctx.font("small").size(hint.label)[0] <= hint.rect.width  # one line, nothing cut off
    assert all(hint.rect.bottom <= k.rect.top for k in widgets[1:])
    assert "Q" in {k.label for k in widgets}
    assert not [k for k in letter_keyboard(ctx, area, telex_mode=False) if k.action is None]
