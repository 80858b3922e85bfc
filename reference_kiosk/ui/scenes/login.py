"""Login: chip ID card (with the BAC keypad when needed) or VNeID QR; verified name, masked ID."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pygame

from reference_kiosk.flow import events as ev
from reference_kiosk.flow.account_types import AccountLoginChosen
from reference_kiosk.flow.views import LoginPhase, LoginView, Screen, View
from reference_kiosk.ui.fonts import Weight
from reference_kiosk.ui.keyboard import TextBuffer, shown_id
from reference_kiosk.ui.keypad import keypad
from reference_kiosk.ui.paging import Pager, TileSpec, tile_rows
from reference_kiosk.ui.scenes.base import Column, Scene, SceneEnv, text_block
from reference_kiosk.ui.scenes.login_failed import failed_widgets
from reference_kiosk.ui.widgets import (
    Button,
    Countdown,
    Local,
    QrCode,
    Spinner,
    TextField,
    UiContext,
    Widget,
)

__all__ = ["LoginScene", "parse_dob"]

P = LoginPhase
_WAITING = {
    P.READING: "login.reading",
    P.VERIFYING: "login.verifying",
    P.VNEID_STARTING: "login.vneid_starting",
}


def parse_dob(digits: str) -> dt.date | None:
    """DDMMYYYY as typed on the keypad; None unless a real date in the past."""
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        day = dt.date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None
    return day if day.year >= 1900 else None


def _dob_shown(digits: str) -> str:
    parts = (digits[:2], digits[2:4], digits[4:])
    return "/".join(p for p in parts if p)


class LoginScene(Scene):
    screen = Screen.LOGIN

    def __init__(self, env: SceneEnv) -> None:
        super().__init__(env)
        self._id = TextBuffer(telex_mode=False, max_len=12, allowed="0123456789")
        self._dob = TextBuffer(telex_mode=False, max_len=8, allowed="0123456789")
        self._focus = "id"
        self._problem = ""
        self.pager = Pager("methods")  # large text in landscape: the three ways may take two pages

    def leave(self) -> None:
        self._id.clear()
        self._dob.clear()
        self.pager.reset()
        super().leave()

    def set_view(self, view: View, ctx: UiContext) -> None:
        if isinstance(view, LoginView) and view.phase is not P.CHOOSE:
            self.pager.reset()  # back to the choice: its first page again
        if isinstance(view, LoginView) and view.phase is not P.ENTER_BAC:
            self._id.clear()  # typed digits live only as long as the keypad is shown
            self._dob.clear()
            self._focus, self._problem = "id", ""
        super().set_view(view, ctx)

    def animating(self) -> bool:
        return isinstance(self.view, LoginView) and self.view.phase in _WAITING

    def build(self, view: LoginView, ctx: UiContext) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out, area = self.chrome(ctx, keyboard=view.phase is P.ENTER_BAC)
        col = Column(area, th.px(28))
        title = f"login.title.{view.phase.value}"
        if view.card_on_glass and view.phase is P.PLACE_CARD:
            title = "login.title.place_card_glass"  # "Đặt thẻ lên mặt kính" (issue 15)
        out.append(text_block(ctx, col, t(title), "title", Weight.BOLD))
        phase = view.phase
        if phase is P.CHOOSE:
            out += self._choices(view, ctx, area, col)
        elif phase is P.PLACE_CARD:
            notice = view.error_en if ctx.t.lang == "en" else view.error_vi
            if notice:  # e.g. the card was pulled mid-read: say why the read starts over
                out.append(text_block(ctx, col, notice, "body", color="danger"))
            out.append(
                text_block(
                    ctx,
                    col,
                    t("login.place_card_glass" if view.card_on_glass else "login.place_card"),
                    "body",
                )
            )
            out.append(_CardPicture(rect=col.take(th.px(520))))
        elif phase is P.ENTER_BAC:
            notice = view.error_en if ctx.t.lang == "en" else view.error_vi
            if notice:  # the card's print on the glass was not read: say so, the keypad follows
                out.append(text_block(ctx, col, notice, "body", color="danger"))
            out += self._bac(ctx, col)
        elif phase in _WAITING:
            out.append(text_block(ctx, col, t(_WAITING[phase]), "body"))
            out.append(Spinner(rect=col.take(th.px(260)), phase=self.phase))
        elif phase is P.VNEID_QR:
            out += self._qr(view, ctx, col)
        elif phase in (P.VNEID_DENIED, P.VNEID_EXPIRED):
            out.append(text_block(ctx, col, t(f"login.{phase.value}"), "body"))
            out.append(Button(rect=col.take(th.px(160)), label=t("login.reload"), action=ev.VneidReload()))
        elif phase is P.VERIFIED:
            out.append(
                text_block(ctx, col, t("login.hello", name=view.citizen_name or ""), "title", Weight.BOLD)
            )
            out.append(
                text_block(ctx, col, t("login.masked_id", id=view.masked_id or ""), "body", color="muted")
            )
            out.append(Button(rect=col.take(th.px(180)), label=t("common.continue"), action=ev.Continue()))
        elif phase is P.FAILED:
            out += failed_widgets(view, ctx, col)
        return out

    def _choices(self, view: LoginView, ctx: UiContext, area: pygame.Rect, col: Column) -> list[Widget]:
        """Card, VNeID app, VNeID account: tiles as tall as their words, side by side on a wide
        screen and paged when large text leaves no room for all three (nothing drawn over)."""
        th, t = ctx.theme, ctx.t
        card_hint = "login.method.card.hint_glass" if view.card_on_glass else "login.method.card.hint"
        card, app = ev.LoginMethodChosen(ev.LoginMethod.CARD), ev.LoginMethodChosen(ev.LoginMethod.VNEID)
        tiles: list[TileSpec] = [
            (t("login.method.card"), t(card_hint), "1", card),
            (t("login.method.vneid"), t("login.method.vneid.hint"), "2", app),
            # VNeID account: number, password and the code sent by SMS (flow/vneid_account.py)
            (t("login.method.account"), t("login.method.account.hint"), "3", AccountLoginChosen()),
        ]
        rows = pygame.Rect(area.x, col.y, area.width, area.bottom - col.y)
        if th.landscape:  # as on the home screen: the tiles may use the whole width
            rows.x, rows.width = area.x - th.column[0], th.width - 2 * (area.x - th.column[0])
        blocks = tile_rows(ctx, rows, tiles, col.gap, tallest=300)
        return self.pager.layout(ctx, rows, blocks, gap=col.gap)

    def _qr(self, view: LoginView, ctx: UiContext, col: Column) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out: list[Widget] = [text_block(ctx, col, t("login.vneid_scan"), "body")]
        below = th.px(140) * 2 + col.gap * 3  # countdown and reload button stay on screen
        out.append(
            QrCode(rect=col.take(min(th.px(620), col.remaining - below)), payload=view.qr_payload or "-")
        )
        left = view.countdown_s or 0
        label = t("common.seconds_left", time=f"{left // 60}:{left % 60:02d}")
        out.append(
            Countdown(rect=col.take(th.px(140)), label=label, seconds=left, total=self.env.vneid_total_s)
        )
        out.append(
            Button(
                rect=col.take(th.px(140)), label=t("login.reload"), action=ev.VneidReload(), style="secondary"
            )
        )
        return out

    def _bac(self, ctx: UiContext, col: Column) -> list[Widget]:
        th, t = ctx.theme, ctx.t
        out: list[Widget] = [text_block(ctx, col, t("login.bac_hint"), "small", color="muted")]
        for name, shown in (("id", shown_id(self._id.text)), ("dob", _dob_shown(self._dob.text))):
            out.append(
                TextField(
                    rect=col.take(th.px(150)),
                    label=t(f"login.bac.{name}"),
                    value=shown,
                    focused=self._focus == name,
                    placeholder=t(f"login.bac.{name}.placeholder"),
                    action=Local("focus", name),
                    error=self._problem if name == "dob" else "",
                )
            )
        submit = th.px(150)  # "Tiếp tục" under the keys keeps its room (large text shrinks the keys)
        keys, pad = keypad(ctx, col, self.side, th.px(560), below=submit)
        if self.side is None:
            button = col.take(submit)
        else:  # landscape: under the keys beside the column (large text fills the column)
            button = pygame.Rect(pad.x, pad.bottom + th.px(14), pad.width, submit)
        out += keys
        out.append(Button(rect=button, label=t("common.continue"), action=Local("submit")))
        return out

    def on_local(self, action: Local) -> list[ev.Event]:
        if self.pager.owns(action):
            return self.pager.turn(action)
        if action.name == "focus":
            self._focus = action.arg
            return []
        if action.name == "submit":
            return self._submit()
        buf = self._id if self._focus == "id" else self._dob
        buf.handle(action)
        if self._focus == "id" and len(self._id.text) == 12:
            self._focus = "dob"  # move on by itself: one less thing to find
        self._problem = ""
        return []

    def on_text(self, text: str) -> list[ev.Event]:
        for char in text:
            self.on_local(Local("key", char))
        return []

    def on_key(self, key: str) -> list[ev.Event]:
        if key == "backspace":
            return self.on_local(Local("backspace"))
        if key == "enter":
            out: list[ev.Event] = self._submit() if self.view.phase is P.ENTER_BAC else [ev.Continue()]
            self.rebuild()
            return out
        return []

    def _submit(self) -> list[ev.Event]:
        assert self.ctx is not None
        dob = parse_dob(self._dob.text)
        if len(self._id.text) != 12:
            self._problem, self._focus = self.ctx.t("login.bac.id.invalid"), "id"
            return []
        if dob is None:
            self._problem, self._focus = self.ctx.t("login.bac.dob.invalid"), "dob"
            return []
        return [ev.BacEntered(self._id.text, dob)]


@dataclass(frozen=True, slots=True, kw_only=True)
class _CardPicture(Widget):
    """A drawn ID card above a reader slot (no image files to ship)."""

    def draw(self, surface: pygame.Surface, ctx: UiContext) -> None:
        th = ctx.theme
        reader = pygame.Rect(0, 0, th.px(560), th.px(140))
        reader.midbottom = self.rect.midbottom
        pygame.draw.rect(surface, ctx.color("muted"), reader, border_radius=th.px(20))
        card = pygame.Rect(0, 0, th.px(430), th.px(270))
        card.midbottom = (self.rect.centerx, reader.y + th.px(40))
        pygame.draw.rect(surface, ctx.color("secondary"), card, border_radius=th.px(24))
        pygame.draw.rect(surface, ctx.color("primary"), card, th.px(6), border_radius=th.px(24))
        chip = pygame.Rect(card.x + th.px(40), card.y + th.px(80), th.px(80), th.px(64))
        pygame.draw.rect(surface, ctx.color("accent"), chip, border_radius=th.px(8))
