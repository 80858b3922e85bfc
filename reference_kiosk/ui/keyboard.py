"""The on-screen keyboards: Vietnamese letters (Telex diacritics or no diacritics) and a numeric keypad.

In Telex mode the citizen types plain letters and the buffer shows Vietnamese
(``đăng ký thường trú`` is typed as ``ddawng kys thuwowngf trus``);
in no-diacritics mode letters stay as typed (search folds accents anyway). The keys are
widgets with ``Local`` actions; the scene owning the focused field feeds them to a
``TextBuffer``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from reference_kiosk.domain.privacy import mask_id_number
from reference_kiosk.domain.text import telex
from reference_kiosk.ui.widgets import Button, Local, UiContext, Widget

__all__ = ["KEY", "TextBuffer", "letter_keyboard", "numeric_keypad", "shown_id"]

KEY = "key"  # Local(KEY, char)
BACKSPACE = "backspace"
MODE = "mode"  # Telex <-> no diacritics
_LETTER_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm.-@")  # "@": e-mail fields


@dataclass(slots=True)
class TextBuffer:
    """What a field holds while it is being typed into (scene-local, never part of the flow)."""

    raw: str = ""
    telex_mode: bool = True
    max_len: int = 80
    allowed: str | None = None  # e.g. "0123456789" for the keypad

    @property
    def text(self) -> str:
        return telex(self.raw) if self.telex_mode else self.raw

    def press(self, char: str) -> bool:
        if self.allowed is not None and char not in self.allowed:
            return False
        if len(self.text + char) > self.max_len:
            return False
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
        else:
            return False
        return True


def shown_id(digits: str) -> str:
    """An ID number being typed: visible while incomplete, masked once all 12 digits are in."""
    return mask_id_number(digits) if len(digits) >= 12 else digits


def _grid(rect: pygame.Rect, rows: int, gap: int) -> int:
    return (rect.height - gap * (rows - 1)) // rows


def letter_keyboard(ctx: UiContext, rect: pygame.Rect, telex_mode: bool) -> list[Widget]:
    """Digits, three letter rows, then mode / space / backspace."""
    gap = ctx.theme.px(10)
    key_h = _grid(rect, len(_LETTER_ROWS) + 1, gap)
    key_w = (rect.width - gap * 9) // 10
    out: list[Widget] = []
    for r, row in enumerate(_LETTER_ROWS):
        indent = (rect.width - len(row) * key_w - (len(row) - 1) * gap) // 2
        for c, char in enumerate(row):
            x = rect.x + indent + c * (key_w + gap)
            key = pygame.Rect(x, rect.y + r * (key_h + gap), key_w, key_h)
            out.append(Button(rect=key, label=char, action=Local(KEY, char), style="secondary"))
    y = rect.y + len(_LETTER_ROWS) * (key_h + gap)
    third = (rect.width - 2 * gap) // 3
    mode_label = ctx.t("keyboard.mode.telex" if telex_mode else "keyboard.mode.plain")
    bottom = (
        (mode_label, Local(MODE)),
        (ctx.t("keyboard.space"), Local(KEY, " ")),
        (ctx.t("keyboard.backspace"), Local(BACKSPACE)),
    )
    for i, (label, action) in enumerate(bottom):
        key = pygame.Rect(rect.x + i * (third + gap), y, third, key_h)
        out.append(Button(rect=key, label=label, action=action, style="secondary"))
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
