"""The logins' keypad, placed one way: the chip card's (ID number, birth date) and the VNeID account's.

Both logins show their keys alike, so a citizen who tried one finds the other the same:

* landscape: beside the column, in the area ``Scene.chrome(keyboard=True)`` left free, with
  room kept under the keys for what follows them there (``below``);
* portrait: under the fields, as tall as asked but never taller than the column leaves once
  what follows the keys (``below``, e.g. "Tiếp tục") has its room. When large text and a
  notice leave too little height for a phone-style 3 x 4 pad with comfortable keys, the digits
  go on two rows of six across the whole width (the letter keyboard's digit row, doubled):
  keys stay wide and tall instead of the button being pushed off the screen.

The 3 x 4 pad is at most 760 design px wide and centred (wider keys help nobody); the letter
keyboard (the account's password) takes the whole width.
"""

from __future__ import annotations

from typing import Protocol

import pygame

from reference_kiosk.ui.drawing import UiContext
from reference_kiosk.ui.keyboard import BACKSPACE, KEY, letter_keyboard, numeric_keypad
from reference_kiosk.ui.widgets import Button, Local, Widget

__all__ = ["MAX_KEYPAD_WIDTH", "keypad", "letters"]

MAX_KEYPAD_WIDTH = 760  # design px
COMFORTABLE_KEY = 100  # design px: a 3 x 4 pad with shorter keys becomes two wide rows
_GAP = 14  # design px between keys, as ``numeric_keypad`` draws them


class _Column(Protocol):
    """What the keys need of ``scenes.base.Column`` (this module sits below the scenes)."""

    gap: int

    def take(self, height: int) -> pygame.Rect: ...

    @property
    def remaining(self) -> int: ...


def _rows_height(ctx: UiContext, rows: int, key: int) -> int:
    return rows * key + (rows - 1) * ctx.theme.px(_GAP)


def keypad(
    ctx: UiContext,
    col: _Column,
    side: pygame.Rect | None,
    height: int,
    *,
    below: int = 0,
    extra: str = "",
) -> tuple[list[Widget], pygame.Rect]:
    """1-9, ``extra`` (e.g. "/"), 0 and backspace placed as the module docstring says; the keys
    and the rectangle they use (what follows them in landscape goes under it, in ``side``).

    ``height`` (screen px) is the pad's height when there is room; ``below`` the height of what
    still follows the keys (in the column, or under them beside it). Every key is at least the
    smallest touch target.
    """
    th = ctx.theme
    if side is not None:
        rect = side.copy()
        rect.height = min(side.height - below - (th.px(_GAP) if below else 0), height + height // 4)
        rect = _centred(ctx, rect)
        return numeric_keypad(ctx, rect, extra), rect
    room = col.remaining - below - col.gap
    if room >= _rows_height(ctx, 4, th.px(COMFORTABLE_KEY)):
        rect = _centred(ctx, col.take(min(height, room)))
        return numeric_keypad(ctx, rect, extra), rect
    two_rows = _rows_height(ctx, 2, th.min_target_px)
    rect = col.take(max(two_rows, min(room, _rows_height(ctx, 2, th.px(COMFORTABLE_KEY * 1.3)))))
    return _two_rows(ctx, rect, extra), rect


def _centred(ctx: UiContext, rect: pygame.Rect) -> pygame.Rect:
    width = ctx.theme.px(MAX_KEYPAD_WIDTH)
    if rect.width > width:
        centre = rect.centerx
        rect.width = width
        rect.centerx = centre
    return rect


def _two_rows(ctx: UiContext, rect: pygame.Rect, extra: str) -> list[Widget]:
    """1-6 over 7, 8, 9, ``extra``, 0 and a backspace as wide as what is left of its row."""
    gap = ctx.theme.px(_GAP)
    key_w = (rect.width - 5 * gap) // 6
    key_h = (rect.height - gap) // 2
    rows = ("123456", f"789{extra}0")
    out: list[Widget] = []
    for r, row in enumerate(rows):
        y = rect.y + r * (key_h + gap)
        for c, char in enumerate(row):
            key = pygame.Rect(rect.x + c * (key_w + gap), y, key_w, key_h)
            out.append(Button(rect=key, label=char, action=Local(KEY, char), style="secondary"))
    x = rect.x + len(rows[1]) * (key_w + gap)
    back = pygame.Rect(x, rect.y + key_h + gap, rect.right - x, key_h)
    label = ctx.t("keyboard.backspace")
    out.append(Button(rect=back, label=label, action=Local(BACKSPACE), style="secondary"))
    return out


def letters(
    ctx: UiContext, col: _Column, side: pygame.Rect | None, height: int, *, shift: bool = False
) -> list[Widget]:
    """The letter keyboard without Telex (a password is typed as is), in the keypad's place."""
    if side is not None:
        rect = side.copy()
        rect.height = min(side.height, height + height // 4)
    else:
        rect = col.take(min(height, col.remaining))
    return letter_keyboard(ctx, rect, telex_mode=False, shift=shift)
