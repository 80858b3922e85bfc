"""The on-screen keyboards: Vietnamese letters (Telex diacritics or no diacritics) and a numeric keypad.

In Telex mode the citizen types plain letters and the buffer shows Vietnamese
(``đăng ký thường trú`` is typed as ``ddawng kys thuwowngf trus``);
in no-diacritics mode letters stay as typed (search folds accents anyway). The keys are
widgets with ``Local`` actions; the scene owning the focused field feeds them to a
``TextBuffer``. Digits, comma, slash, hyphen and capitals (a one-shot shift, as on a phone) are on
the keyboard so an address ("Số 12/3, Ngõ 5 - Phố Lê Lợi") can be typed without a second layout;
in Telex mode a one-line hint above the keys says how diacritics are typed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from reference_kiosk.domain.privacy import mask_id_number
from reference_kiosk.domain.text import telex
from reference_kiosk.ui.widgets import Button, Local, Text, UiContext, Widget

__all__ = ["KEY", "SHIFT", "TextBuffer", "letter_keyboard", "numeric_keypad", "shown_id"]

KEY = "key"  # Local(KEY, char)
BACKSPACE = "backspace"
MODE = "mode"  # Telex <-> no diacritics
SHIFT = "shift"  # the next letter is a capital
_LETTER_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl/", "zxcvbnm,.-")
# Bottom row: shift, mode, space, "@" (e-mail fields), backspace; relative widths.
_BOTTOM_WEIGHTS = (2, 2, 3, 1, 2)


@dataclass(slots=True)
class TextBuffer:
    """What a field holds while it is being typed into (scene-local, never part of the flow)."""

    raw: str = ""
    telex_mode: bool = True
    max_len: int = 80
    allowed: str | None = None  # e.g. "0123456789" for the keypad
    shift: bool = False  # the next letter typed is a capital, then shift is off again

    @property
    def text(self) -> str:
        return telex(self.raw) if self.telex_mode else self.raw

    def press(self, char: str) -> bool:
        if self.allowed is not None and char not in self.allowed:
            return False
        if len(self.text + char) > self.max_len:
            return False
        if self.shift and char.isalpha():
            char, self.shift = char.upper(), False
        self.raw += char
        return True

    def type_text(self, text: str) -> None:
        for char in text:
            self.press(char)

    def backspace(self) -> None:
        self.raw = self.raw[:-1]

    def clear(self) -> None:
        self.raw = ""

    def toggle_mode(self) -> None:
        self.raw = self.text  # keep what is shown; new keys follow the new mode
        self.telex_mode = not self.telex_mode

    def handle(self, action: Local) -> bool:
        """Apply a keyboard action; True when the text may have changed."""
        if action.name == KEY:
            return self.press(action.arg)
        if action.name == BACKSPACE:
            self.backspace()
        elif action.name == MODE:
            self.toggle_mode()
        elif action.name == SHIFT:
            self.shift = not self.shift
        else:
            return False
        return True


def shown_id(digits: str) -> str:
    """An ID number being typed: visible while incomplete, masked once all 12 digits are in."""
    return mask_id_number(digits) if len(digits) >= 12 else digits


def _grid(rect: pygame.Rect, rows: int, gap: int) -> int:
    return (rect.height - gap * (rows - 1)) // rows


def letter_keyboard(
    ctx: UiContext, rect: pygame.Rect, telex_mode: bool, *, shift: bool = False
) -> list[Widget]:
    """The Telex hint (Telex mode), digits, three letter rows, then shift / mode / space / @ / backspace.

    ``shift``: the buffer's shift is on, so the letter keys show (and type) capitals.
    """
    gap = ctx.theme.px(10)
    out: list[Widget] = []
    if telex_mode:
        hint_h = ctx.font("small").get_linesize()
        hint = pygame.Rect(rect.x, rect.y, rect.width, hint_h)
        out.append(
            Text(rect=hint, label=ctx.t("keyboard.telex_hint"), size="small", color="muted", align="center")
        )
        rect = pygame.Rect(rect.x, rect.y + hint_h + gap, rect.width, rect.height - hint_h - gap)
    key_h = _grid(rect, len(_LETTER_ROWS) + 1, gap)
    key_w = (rect.width - gap * 9) // 10
    for r, row in enumerate(_LETTER_ROWS):
        indent = (rect.width - len(row) * key_w - (len(row) - 1) * gap) // 2
        for c, char in enumerate(row):
            x = rect.x + indent + c * (key_w + gap)
            key = pygame.Rect(x, rect.y + r * (key_h + gap), key_w, key_h)
            label = char.upper() if shift else char
            out.append(Button(rect=key, label=label, action=Local(KEY, char), style="secondary"))
    y = rect.y + len(_LETTER_ROWS) * (key_h + gap)
    mode_label = ctx.t("keyboard.mode.telex" if telex_mode else "keyboard.mode.plain")
    bottom = (
        (ctx.t("keyboard.shift"), Local(SHIFT)),
        (mode_label, Local(MODE)),
        (ctx.t("keyboard.space"), Local(KEY, " ")),
        ("@", Local(KEY, "@")),
        (ctx.t("keyboard.backspace"), Local(BACKSPACE)),
    )
    unit = (rect.width - gap * (len(bottom) - 1)) / sum(_BOTTOM_WEIGHTS)
    x = rect.x
    for i, ((label, action), weight) in enumerate(zip(bottom, _BOTTOM_WEIGHTS, strict=True)):
        width = round(unit * weight) if i < len(bottom) - 1 else rect.right - x  # no rounding overhang
        key = pygame.Rect(x, y, width, key_h)
        on = action.name == SHIFT and shift
        # A fixed size: these words must fit their keys with large text too (the letters grow).
        font_px = ctx.theme.px(30)
        out.append(
            Button(rect=key, label=label, action=action, style="secondary", selected=on, font_px=font_px)
        )
        x += width + gap
    return out


def numeric_keypad(ctx: UiContext, rect: pygame.Rect, extra: str = "") -> list[Widget]:
    """1-9, then ``extra`` (e.g. "/" or "-"), 0 and backspace, on a 3 x 4 grid."""
    gap = ctx.theme.px(14)
    key_h = _grid(rect, 4, gap)
    key_w = (rect.width - 2 * gap) // 3
    labels = [*"123456789", extra, "0", ""]
    out: list[Widget] = []
    for i, char in enumerate(labels):
        key = pygame.Rect(rect.x + (i % 3) * (key_w + gap), rect.y + (i // 3) * (key_h + gap), key_w, key_h)
        if i == 11:
            out.append(
                Button(
                    rect=key, label=ctx.t("keyboard.backspace"), action=Local(BACKSPACE), style="secondary"
                )
            )
        elif char:
            out.append(Button(rect=key, label=char, action=Local(KEY, char), style="secondary"))
    return out
