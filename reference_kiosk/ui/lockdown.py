"""The locked kiosk's one way out: staff ask for it, then type the PIN from the configuration.

    Ctrl+Alt+Shift+K, or the four corners tapped in turn (top-left, top-right, bottom-right,
    bottom-left within ``CORNER_WINDOW_S``)  ->  the PIN pad over the screen
    the right PIN  ->  ``PinPad.handle`` answers EXIT and the app stops (``kiosk run`` exits 4,
    which the systemd unit does not restart)

The pad shows dots, never the digits; three wrong PINs lock it for ``LOCKOUT_S``; it closes by
itself after ``IDLE_S`` so a citizen who found it by chance is not left in front of it. It lives
in the app, not in the citizen's flow: it is the machine's, not part of a session.
"""

from __future__ import annotations

import enum
import hmac
import math
from dataclasses import dataclass, field

import pygame

from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.input import KeyPressed, Tap, TextTyped, UiEvent
from reference_kiosk.ui.widgets import Button, Local, Panel, Text, UiContext, Widget

__all__ = [
    "CORNER_WINDOW_S",
    "IDLE_S",
    "LOCKOUT_S",
    "CornerSequence",
    "LockdownSettings",
    "PinOutcome",
    "PinPad",
]

CORNER_WINDOW_S = 6.0
IDLE_S = 30.0
LOCKOUT_S = 60.0
MAX_TRIES = 3
CORNER_SHARE = 0.08  # a corner is this share of the shorter side, from each edge


@dataclass(frozen=True, slots=True)
class LockdownSettings:
    enabled: bool = False
    staff_pin: str = field(default="", repr=False)
    attract_after_s: float = 120.0


class CornerSequence:
    """Taps in the four corners, clockwise from the top-left, each within the window of the first."""

    ORDER = ("tl", "tr", "br", "bl")

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self._seen: list[str] = []
        self._since = 0.0

    def corner(self, x: int, y: int) -> str | None:
        w, h = self.size
        reach = CORNER_SHARE * min(w, h)
        col = "l" if x < reach else "r" if x >= w - reach else ""
        row = "t" if y < reach else "b" if y >= h - reach else ""
        return row + col if row and col else None

    def tap(self, x: int, y: int, now: float) -> bool:
        """True when this tap completes the sequence (any other tap starts it again)."""
        here = self.corner(x, y)
        if self._seen and now - self._since > CORNER_WINDOW_S:
            self._seen = []
        if here != self.ORDER[len(self._seen)]:
            self._seen = []
            if here != self.ORDER[0]:
                return False
        if not self._seen:
            self._since = now
        self._seen.append(here)
        if len(self._seen) < len(self.ORDER):
            return False
        self._seen = []
        return True


class PinOutcome(enum.Enum):
    NONE = "none"
    EXIT = "exit"
    CLOSED = "closed"


class PinPad:
    def __init__(self, pin: str) -> None:
        self._pin = pin
        self.open = False
        self.typed = ""
        self.failures = 0
        self.locked_until = 0.0
        self.message = ""  # an i18n key: lock.wrong / lock.locked
        self._last = 0.0
        self.widgets: list[Widget] = []

    def show(self, now: float) -> None:
        self.open, self.typed, self.message, self._last = True, "", "", now

    def close(self) -> None:
        self.open, self.typed, self.message = False, "", ""

    def expire(self, now: float) -> bool:
        """Close after IDLE_S without a touch; True when it closed."""
        if self.open and now - self._last > IDLE_S:
            self.close()
            return True
        return False

    def handle(self, event: UiEvent, now: float) -> PinOutcome:
        self._last = now
        match event:
            case Tap(x=x, y=y):
                hit = next(
                    (w for w in reversed(self.widgets) if w.interactive and w.rect.collidepoint(x, y)), None
                )
                action = hit.action if hit is not None else None
                return self._act(action.arg if isinstance(action, Local) else "", now)
            case TextTyped(text=text):
                for char in text:
                    self._act(char, now)
            case KeyPressed(key="enter"):
                return self._act("ok", now)
            case KeyPressed(key="backspace"):
                return self._act("del", now)
            case KeyPressed(key="back"):
                return self._act("cancel", now)
        return PinOutcome.NONE

    def _act(self, key: str, now: float) -> PinOutcome:
        if key == "cancel":
            self.close()
            return PinOutcome.CLOSED
        if now < self.locked_until:
            self.message = "lock.locked"
            return PinOutcome.NONE
        if key == "del":
            self.typed = self.typed[:-1]
        elif key.isascii() and key.isdigit() and len(key) == 1 and len(self.typed) < 12:
            self.typed += key
        elif key == "ok":
            if self._pin and hmac.compare_digest(self.typed.encode(), self._pin.encode()):
                self.close()
                return PinOutcome.EXIT
            self.typed, self.failures, self.message = "", self.failures + 1, "lock.wrong"
            if self.failures >= MAX_TRIES:
                self.failures, self.locked_until, self.message = 0, now + LOCKOUT_S, "lock.locked"
        return PinOutcome.NONE

    def build(self, ctx: UiContext, now: float) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        x0, width = th.column
        panel = pygame.Rect(x0 + th.px(60), 0, width - th.px(120), th.px(1380 if not th.landscape else 1250))
        panel.centery = th.height // 2
        inner = panel.inflate(-th.px(60), -th.px(60))
        out: list[Widget] = [Panel(rect=panel)]
        line = ctx.font("title", Weight.BOLD).get_linesize()
        out.append(Text(rect=pygame.Rect(inner.x, inner.y, inner.width, line), label=t("lock.title"),
                        size="title", weight=Weight.BOLD, align="center"))  # fmt: skip
        y = inner.y + line
        body = ctx.font("body").get_linesize()
        wait = max(0, math.ceil(self.locked_until - now))
        note = t(self.message, seconds=wait) if self.message else t("lock.prompt")
        out.append(Text(rect=pygame.Rect(inner.x, y, inner.width, body), label=note,
                        color="danger" if self.message else "muted", align="center"))  # fmt: skip
        y += body
        dots = " ".join("•" * len(self.typed)) or "–"  # the font has "•", not "●"
        out.append(
            Text(rect=pygame.Rect(inner.x, y, inner.width, line), label=dots, size="title", align="center")
        )
        y += line + th.px(20)
        keys = [*"123456789", "del", "0", "ok"]
        gap = th.px(20)
        cell_w = (inner.width - 2 * gap) // 3
        cell_h = min(th.px(150), (inner.bottom - y - th.px(150) - 5 * gap) // 4)
        for i, key in enumerate(keys):
            rect = pygame.Rect(
                inner.x + (i % 3) * (cell_w + gap), y + (i // 3) * (cell_h + gap), cell_w, cell_h
            )
            label = t(f"lock.{key}") if not key.isdigit() else key
            style = "primary" if key == "ok" else "secondary"
            out.append(Button(rect=rect, label=label, action=Local("pin", key), style=style))
        cancel = pygame.Rect(inner.x, inner.bottom - th.px(130), inner.width, th.px(130))
        out.append(
            Button(rect=cancel, label=t("lock.cancel"), action=Local("pin", "cancel"), style="secondary")
        )
        self.widgets = out
        return out
